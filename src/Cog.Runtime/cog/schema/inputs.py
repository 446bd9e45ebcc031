"""The Input component of the schema: one property per parameter of run(), from its type hint and Input(...)."""

from __future__ import annotations

import dataclasses
import inspect
import pathlib
import typing
from collections.abc import Callable
from typing import Any

from ..coder import Coder
from ..errors import SchemaError
from ..input import UNSET, FieldInfo
from ..jsonwire import Ordered
from ..model import BaseModel
from ..type_hints import (is_list, is_literal, is_opaque, is_pydantic, is_subclass, is_typeddict, is_union, list_item,
                          split_optional, strip_annotated, type_name)
from ..types import File, Path, Secret
from ..validation import Validator

PRIMITIVES = {str: "string", int: "integer", float: "number", bool: "boolean"}
SECRET_SCHEMA = {"type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True}


@dataclasses.dataclass(frozen=True)
class InputSpec:
    """One parameter of run(): the worker coerces inputs with it, the schema documents it."""

    name: str
    annotation: Any
    info: FieldInfo
    index: int


def title_of(name: str) -> str:
    """The title upstream's schemas give a field: `max_tokens` is "Max Tokens"."""
    return " ".join(piece[:1].upper() + piece[1:] for piece in name.split("_"))


def input_specs(fn: Callable[..., Any], owner_name: str) -> list[InputSpec]:
    signature = inspect.signature(fn)
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except NameError as exc:
        raise SchemaError(f"cannot resolve type annotation on {owner_name}: {exc}") from None
    specs = []
    params = list(signature.parameters.values())
    if params and params[0].name == "self":
        params = params[1:]
    for index, param in enumerate(params):
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            raise SchemaError(f"parameter '{param.name}' on {owner_name}: *args and **kwargs are not supported")
        if param.name not in hints:
            raise SchemaError(f"parameter '{param.name}' on {owner_name} has no type annotation")
        default = param.default
        info = default if isinstance(default, FieldInfo) else FieldInfo(UNSET if default is param.empty else default)
        specs.append(InputSpec(param.name, hints[param.name], info, index))
    return specs


def input_component(specs: list[InputSpec]) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]]:
    """(the Input component, the enum components its choices need, by name)."""
    properties: Ordered = Ordered()
    required, enums = [], []
    for spec in specs:
        prop, is_required, enum_component = input_property(spec)
        properties[spec.name] = prop
        if is_required:
            required.append(spec.name)
        if enum_component:
            enums.append((spec.name, enum_component))
    component: dict[str, Any] = {"properties": properties, "title": "Input", "type": "object"}
    if required:
        component["required"] = required
    _check_defaults(component, dict(enums))
    return component, enums


def input_property(spec: InputSpec) -> tuple[dict[str, Any], bool, dict[str, Any] | None]:
    """(the property, whether it is required, its enum component or None)."""
    name, tp, info = spec.name, spec.annotation, spec.info
    where = f"parameter '{name}'"
    choices = list(info.choices) if info.choices is not None else None
    members, has_none = split_optional(tp)
    if len(members) == 1 and is_literal(strip_annotated(members[0])):
        if choices is not None:
            raise SchemaError(f"{where}: choices cannot be combined with Literal")
        choices = list(typing.get_args(strip_annotated(members[0])))
        members = [type(choices[0])] if choices else [str]
    if info.accept is not None and not _file_like(members[0] if len(members) == 1 else None):
        raise SchemaError(f"accept is only valid on Path or File inputs (parameter '{name}')")
    prop: dict[str, Any] = {"x-order": spec.index}
    enum_component = None
    if len(members) > 1:
        if choices is not None or any(v is not None for v in (info.ge, info.le, info.min_length, info.max_length, info.regex)):
            raise SchemaError(f"constraints and choices are not supported on union inputs ({where})")
        variants = []
        for member in members:
            if is_union(member):
                raise SchemaError(f"unsupported type: nested unions are not supported ({where})")
            if is_subclass(strip_annotated(member), (Path, File, Secret)) or strip_annotated(member) is pathlib.Path:
                raise SchemaError(f"unsupported type: {type_name(member)} is not supported in union inputs ({where})")
            variant = _member_schema(member, where)
            if has_none:
                variant["nullable"] = True
            variants.append(variant)
        prop["anyOf"] = variants
        prop["title"] = title_of(name)
    else:
        type_schema = _member_schema(members[0], where)
        if choices is not None:
            enum_type = type_schema.get("type") if type_schema.get("type") != "object" else _json_type_of_values(choices, where)
            enum_component = {"description": "An enumeration.", "enum": choices, "title": name, "type": enum_type}
            prop["allOf"] = [{"$ref": f"#/components/schemas/{name}"}]
        else:
            prop["title"] = title_of(name)
            prop.update(type_schema)
    secret_bare = len(members) == 1 and is_subclass(strip_annotated(members[0]), Secret)
    default = info.default
    nullable = has_none or (secret_bare and default is None)
    required = False
    if default is not UNSET and default is not None:
        prop["default"] = _jsonable_default(default, where)
        if nullable:
            prop["nullable"] = True
    elif not nullable:
        required = True
    elif len(members) > 1:
        prop["nullable"] = True
        if default is None:
            prop["default"] = None
        else:
            required = True
    else:
        prop["nullable"] = True
        if default is None:
            prop["default"] = None
    _add_constraints(prop, info)
    return prop, required, enum_component


def _add_constraints(prop: dict[str, Any], info: FieldInfo) -> None:
    if info.description is not None:
        prop["description"] = info.description
    if info.ge is not None:
        prop["minimum"] = _number(info.ge)
    if info.le is not None:
        prop["maximum"] = _number(info.le)
    if info.min_length is not None:
        prop["minLength"] = info.min_length
    if info.max_length is not None:
        prop["maxLength"] = info.max_length
    if info.regex is not None:
        prop["pattern"] = info.regex
    if info.deprecated is True:
        prop["deprecated"] = True
    if info.accept is not None:
        prop["x-cog-accept"] = info.accept


def _scalar_schema(tp: Any, where: str) -> dict[str, Any]:
    """Schema of a single (non-list, non-union) input type."""
    tp = strip_annotated(tp)
    if tp in PRIMITIVES:
        return {"type": PRIMITIVES[tp]}
    if is_subclass(tp, Path) or is_subclass(tp, File) or tp is pathlib.Path:
        return {"type": "string", "format": "uri"}
    if is_subclass(tp, Secret):
        return dict(SECRET_SCHEMA)
    if tp is typing.Any or tp is dict or typing.get_origin(tp) is dict or is_typeddict(tp) or Coder.lookup(tp):
        return {"type": "object"}
    raise SchemaError(f"unsupported type: {type_name(tp)} ({where})")


def _member_schema(tp: Any, where: str) -> dict[str, Any]:
    """Schema of a list or scalar input type."""
    if is_opaque(tp):
        inner = strip_annotated(tp)
        if is_list(inner) or inner is list:
            return {"type": "array", "items": {"type": "object"}}
        return {"type": "object"}
    tp = strip_annotated(tp)
    if tp is list:
        return {"type": "array", "items": {"type": "object"}}
    if is_list(tp):
        item = list_item(tp)
        if is_union(item) or is_list(item):
            raise SchemaError(f"unsupported type: nested generics like List[Optional[X]] are not supported ({where})")
        return {"type": "array", "items": _scalar_schema(item, where)}
    if typing.get_origin(tp) in (tuple, set, frozenset) or tp in (tuple, set, frozenset):
        raise SchemaError(f"unsupported type: {type_name(tp)} ({where})")
    if (is_subclass(tp, BaseModel) or is_pydantic(tp)) and not Coder.lookup(tp):
        raise SchemaError(f"unsupported type: {type_name(tp)}; BaseModel classes are not supported as inputs ({where})")
    return _scalar_schema(tp, where)


def _file_like(tp: Any) -> bool:
    tp = strip_annotated(tp)
    if is_list(tp):
        tp = list_item(tp, None)
    return is_subclass(tp, Path) or is_subclass(tp, File) or is_subclass(tp, Secret) or tp is pathlib.Path


def _json_type_of_values(values: list[Any], where: str) -> str:
    kinds = set()
    for v in values:
        if isinstance(v, bool):
            kinds.add("boolean")
        elif isinstance(v, int):
            kinds.add("integer")
        elif isinstance(v, float):
            kinds.add("number")
        elif isinstance(v, str):
            kinds.add("string")
        else:
            raise SchemaError(f"unsupported type: Literal values must be str or int ({where})")
    if kinds == {"integer", "number"}:
        return "number"
    if len(kinds) != 1:
        raise SchemaError(f"unsupported type: Literal values must all have one type ({where})")
    return kinds.pop()


def _number(value: float) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _jsonable_default(value: Any, where: str) -> Any:
    if isinstance(value, (tuple, set, frozenset)):
        value = list(value)
    if isinstance(value, Secret):
        value = value.get_secret_value()
    if isinstance(value, pathlib.PurePath):
        value = str(value)
    if isinstance(value, list):
        return [_jsonable_default(v, where) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable_default(v, where) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise SchemaError(f"default of {where} cannot be statically resolved: {value!r}")


def _check_defaults(component: dict[str, Any], enum_components: dict[str, dict[str, Any]]) -> None:
    validator = Validator(enum_components)
    keywords = {"minimum": "less than the minimum", "maximum": "greater than the maximum", "minLength": "too short",
                "maxLength": "too long", "pattern": "does not match", "enum": "is not one of", "type": "is not of type"}
    for name, prop in component["properties"].items():
        if "default" not in prop or prop["default"] is None:
            continue
        for _, message in validator.errors(prop["default"], prop):
            keyword = next((k for k, text in keywords.items() if text in message), "type")
            raise SchemaError(f"invalid default for parameter '{name}': {message} ({keyword})")
