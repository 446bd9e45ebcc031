"""Checks a prediction's input object against the Input schema (a JSON-Schema subset); runs in the server, no user code."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from . import jsonwire

Detail = list[dict[str, Any]]  # FastAPI-style validation errors: {"loc": [...], "msg": ..., "type": ...}

_pattern_cache: dict[str, re.Pattern[str]] = {}


def _show(value: Any) -> str:
    try:
        return jsonwire.quote(value)
    except (TypeError, ValueError):
        return repr(value)


def _num(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _is_type(value: Any, name: str) -> bool:
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and math.isfinite(value) and value.is_integer())
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "null":
        return value is None
    return True


class Validator:
    def __init__(self, components: dict[str, Any] | None) -> None:
        self.components = components or {}

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        if ref:
            return self.components.get(ref.rsplit("/", 1)[-1], {})
        return schema

    def errors(self, value: Any, schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, str]]:
        """Yields (json_pointer_path, message)."""
        schema = self.resolve(schema)
        for sub in schema.get("allOf", ()):
            yield from self.errors(value, sub, path)
        if "anyOf" in schema:
            if not any(not list(self.errors(value, sub, path)) for sub in schema["anyOf"]):
                yield path, f"{_show(value)} is not valid under any of the given schemas"
                return
        kind = schema.get("type")
        if kind and not _is_type(value, kind):
            yield path, f"{_show(value)} is not of type {_show(kind)}"
            return
        if "enum" in schema and value not in schema["enum"]:
            yield path, f"{_show(value)} is not one of {_show(schema['enum'])}"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                yield path, f"{_show(_num(value))} is less than the minimum of {_show(_num(schema['minimum']))}"
            if "maximum" in schema and value > schema["maximum"]:
                yield path, f"{_show(_num(value))} is greater than the maximum of {_show(_num(schema['maximum']))}"
        if isinstance(value, str):
            if "minLength" in schema and len(value) < schema["minLength"]:
                yield path, f"{_show(value)} is too short"
            if "maxLength" in schema and len(value) > schema["maxLength"]:
                yield path, f"{_show(value)} is too long"
            if "pattern" in schema:
                pattern = schema["pattern"]
                compiled = _pattern_cache.get(pattern) or _pattern_cache.setdefault(pattern, re.compile(pattern))
                if not compiled.search(value):
                    yield path, f"{_show(value)} does not match {_show(pattern)}"
        if isinstance(value, list) and "items" in schema:
            for i, item in enumerate(value):
                yield from self.errors(item, schema["items"], f"{path}/{i}")


_CHECK_KEYWORDS = ("allOf", "anyOf", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "items", "$ref")


class InputValidator:
    """Validation of one Input component, prepared once per schema (it runs on every request)."""

    def __init__(self, input_schema: dict[str, Any], components: dict[str, Any]) -> None:
        self.properties = input_schema.get("properties", {})
        self.required = tuple(input_schema.get("required", ()))
        self.validator = Validator(components)
        self.null_when_absent = [k for k, p in self.properties.items() if p.get("nullable") and "default" not in p]
        # properties whose only check is their JSON type take a short path
        self.type_only = {k: p.get("type") for k, p in self.properties.items() if not any(kw in p for kw in _CHECK_KEYWORDS)}

    def validate(self, payload: Any) -> tuple[dict[str, Any] | None, Detail, list[str]]:
        """Returns (cleaned_input, detail_list, unknown_keys). detail_list is empty when valid. Keys that are not
        inputs of the model are dropped rather than refused, so that clients sending extra fields keep working."""
        if not isinstance(payload, dict):
            return None, [{"loc": ["body", "input", "__root__"], "msg": f"{_show(payload)} is not of type \"object\"", "type": "value_error"}], []
        properties = self.properties
        detail = []
        unknown = [key for key in payload if key not in properties]
        if unknown:
            payload = {k: v for k, v in payload.items() if k in properties}
        for key in self.required:
            if key not in payload:
                detail.append({"loc": ["body", "input", key], "msg": "Field required", "type": "value_error.missing"})
        type_only = self.type_only
        for key, value in payload.items():
            if key in type_only:
                kind = type_only[key]
                if kind and not _is_type(value, kind):
                    detail.append({"loc": ["body", "input", key], "msg": f"{_show(value)} is not of type {_show(kind)}", "type": "value_error"})
                continue
            for path, message in self.validator.errors(value, properties[key], "/" + key):
                detail.append({"loc": ["body", "input", path[1:] or "__root__"], "msg": message, "type": "value_error"})
        if detail:
            return None, detail, unknown
        if not self.null_when_absent:
            return payload, [], unknown
        cleaned = payload if unknown else dict(payload)
        for key in self.null_when_absent:
            if key not in cleaned:
                cleaned[key] = None
        return cleaned, [], unknown
