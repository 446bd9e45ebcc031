"""The Output component of the schema, from run()'s return annotation."""

from __future__ import annotations

import collections.abc
import dataclasses
import io
import pathlib
import typing
from collections.abc import Callable
from typing import Any

from ..coder import Coder
from ..errors import SchemaError
from ..jsonwire import Ordered
from ..model import BaseModel
from ..type_hints import (is_list, is_opaque, is_pil_image, is_pydantic, is_subclass, is_typeddict, is_union, list_item,
                          split_optional, strip_annotated, type_name)
from ..types import AsyncConcatenateIterator, ConcatenateIterator, File, Path, Secret
from .inputs import PRIMITIVES, SECRET_SCHEMA, title_of

_ITERATORS = (collections.abc.Iterator, collections.abc.Generator, collections.abc.Iterable,
              collections.abc.AsyncIterator, collections.abc.AsyncGenerator, collections.abc.AsyncIterable)
_CONCATENATE = (ConcatenateIterator, AsyncConcatenateIterator)


def output_component(fn: Callable[..., Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(fn, include_extras=True)
    if "return" not in hints:
        raise SchemaError(f"{fn.__qualname__} has no return type annotation")
    schema = output_type_schema(hints["return"])
    schema["title"] = "Output"
    return schema


def output_is_array(fn: Callable[..., Any]) -> bool:
    try:
        return output_component(fn).get("type") == "array"
    except SchemaError:
        return False


def output_type_schema(tp: Any, seen: tuple[Any, ...] = ()) -> dict[str, Any]:
    if is_opaque(tp):
        return {"type": "array", "items": {"type": "object"}} if is_list(strip_annotated(tp)) else {"type": "object"}
    tp = strip_annotated(tp)
    if tp is type(None) or tp is None:
        raise SchemaError("cannot resolve type 'None'")
    if is_union(tp):
        if split_optional(tp)[1]:
            raise SchemaError("unsupported output type: Optional is not allowed as a return type")
        raise SchemaError("unsupported output type: union types are not supported as output")
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp in PRIMITIVES:
        return {"type": PRIMITIVES[tp]}
    if is_subclass(tp, Path) or is_subclass(tp, File) or tp is pathlib.Path or is_subclass(tp, io.IOBase):
        return {"type": "string", "format": "uri"}
    if is_subclass(tp, Secret):
        return dict(SECRET_SCHEMA)
    if tp is typing.Any or tp is dict:
        return {"type": "object"}
    if origin is dict:
        if len(args) == 2:
            return {"type": "object", "additionalProperties": output_type_schema(args[1], seen)}
        return {"type": "object"}
    if tp is list:
        return {"type": "array", "items": {"type": "object"}}
    if is_list(tp):
        return {"type": "array", "items": output_type_schema(args[0], seen) if args else {"type": "object"}}
    if origin in _CONCATENATE or tp in _CONCATENATE:
        item = list_item(tp, str)
        if item is not str:
            raise SchemaError(f"ConcatenateIterator element type must be str, got {type_name(item)}")
        return {"items": {"type": "string"}, "type": "array", "x-cog-array-display": "concatenate", "x-cog-array-type": "iterator"}
    if origin in _ITERATORS:
        return {"type": "array", "items": output_type_schema(args[0], seen) if args else {"type": "object"}, "x-cog-array-type": "iterator"}
    if is_subclass(tp, BaseModel) or is_pydantic(tp) or is_typeddict(tp) or dataclasses.is_dataclass(tp):
        return _object_schema(tp, seen)
    if Coder.lookup(tp):
        return {"type": "object"}
    if is_pil_image(tp):
        return {"type": "string", "format": "uri"}  # returned images are files (see coding.encode_output)
    raise SchemaError(f"unsupported output type: {type_name(tp)}")


def _object_schema(tp: type, seen: tuple[Any, ...]) -> dict[str, Any]:
    if tp in seen:
        return {"type": "object"}
    seen = seen + (tp,)
    hints = typing.get_type_hints(tp, include_extras=True)
    properties: Ordered = Ordered()
    required = []
    optional_keys = getattr(tp, "__optional_keys__", frozenset())
    defaults = _fields_with_defaults(tp)
    for name, hint in hints.items():
        if name.startswith("_") or typing.get_origin(hint) is typing.ClassVar:
            continue
        hint_origin = typing.get_origin(hint)
        not_required = hint_origin is not None and getattr(hint_origin, "_name", "") == "NotRequired"
        if not_required or (hint_origin is not None and "NotRequired" in repr(hint_origin)):
            hint = typing.get_args(hint)[0]
            not_required = True
        members, has_none = split_optional(hint)
        if has_none and len(members) == 1:
            prop = {"nullable": True, **output_type_schema(members[0], seen)}
        else:
            prop = output_type_schema(hint, seen)
        prop["title"] = title_of(name)
        properties[name] = prop
        if not (has_none or not_required or name in optional_keys or name in defaults):
            required.append(name)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _fields_with_defaults(tp: type) -> set[str]:
    if dataclasses.is_dataclass(tp):
        return {f.name for f in dataclasses.fields(tp)
                if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING}
    fields = getattr(tp, "model_fields", None) or getattr(tp, "__fields__", None)
    if isinstance(fields, dict):
        names = set()
        for name, field in fields.items():
            is_required = getattr(field, "is_required", None)
            if callable(is_required) and not is_required():
                names.add(name)
            elif getattr(field, "required", True) is False:
                names.add(name)
        return names
    return {n for n in getattr(tp, "__annotations__", {}) if hasattr(tp, n)}
