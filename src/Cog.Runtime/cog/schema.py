"""Builds the OpenAPI 3.0.2 document from a runner's type hints (spec 20 §2-§3)."""

import collections.abc
import dataclasses
import inspect
import io
import json
import math
import pathlib
import types
import typing
from decimal import Decimal

from .coder import Coder
from .model import BaseModel
from .input import UNSET, FieldInfo
from .types import AsyncConcatenateIterator, ConcatenateIterator, File, Opaque, Path, Secret
from .validation import Validator

try:
    from typing import is_typeddict as _is_typeddict
except ImportError:  # pragma: no cover - 3.10 has it; kept for odd builds
    def _is_typeddict(t):
        return isinstance(t, type) and issubclass(t, dict) and hasattr(t, "__total__")


class SchemaError(ValueError):
    """A runner signature the schema cannot express; the message names the parameter and the type."""


class Ordered(dict):
    """A map whose keys keep insertion order in the serialized document (everything else is sorted)."""


_PRIMITIVES = {str: "string", int: "integer", float: "number", bool: "boolean"}
_ITERATORS = (collections.abc.Iterator, collections.abc.Generator, collections.abc.Iterable)
_ASYNC_ITERATORS = (collections.abc.AsyncIterator, collections.abc.AsyncGenerator, collections.abc.AsyncIterable)
_UNION_TYPES = (typing.Union,) + ((types.UnionType,) if hasattr(types, "UnionType") else ())


def title_of(name):
    return " ".join(piece[:1].upper() + piece[1:] for piece in name.split("_"))


def type_name(tp):
    if tp is type(None):
        return "None"
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")


def _is_union(tp):
    return typing.get_origin(tp) in _UNION_TYPES


def _split_optional(tp):
    """Returns (members_without_None, had_None)."""
    if _is_union(tp):
        args = typing.get_args(tp)
        members = [a for a in args if a is not type(None)]
        return members, len(members) != len(args)
    return [tp], False


def _is_subclass(tp, base):
    # list[str] passes isinstance(..., type) on 3.10, so rule out generic aliases first
    if not isinstance(tp, type) or typing.get_origin(tp) is not None:
        return False
    try:
        return issubclass(tp, base)
    except TypeError:
        return False


def _is_pydantic(tp):
    return isinstance(tp, type) and any(k.__name__ == "BaseModel" and "pydantic" in k.__module__ for k in tp.__mro__)


def _is_opaque(tp):
    return typing.get_origin(tp) is typing.Annotated and any(m is Opaque for m in tp.__metadata__)


def _strip_annotated(tp):
    while typing.get_origin(tp) is typing.Annotated:
        tp = tp.__origin__
    return tp


def _is_literal(tp):
    return typing.get_origin(tp) is typing.Literal


def _json_type_of_values(values, where):
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


# ---- inputs -----------------------------------------------------------------------------------------------------

def _input_scalar(tp, where):
    """Schema of a single (non-list, non-union) input type."""
    tp = _strip_annotated(tp)
    if tp in _PRIMITIVES:
        return {"type": _PRIMITIVES[tp]}
    if _is_subclass(tp, Path) or _is_subclass(tp, File) or tp is pathlib.Path:
        return {"type": "string", "format": "uri"}
    if _is_subclass(tp, Secret):
        return {"type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True}
    if tp is typing.Any or tp is dict or typing.get_origin(tp) is dict or _is_typeddict(tp) or Coder.lookup(tp):
        return {"type": "object"}
    raise SchemaError(f"unsupported type: {type_name(tp)} ({where})")


def _input_member(tp, where):
    """Schema of a list or scalar input type."""
    if _is_opaque(tp):
        inner = _strip_annotated(tp)
        if typing.get_origin(inner) is list or inner is list:
            return {"type": "array", "items": {"type": "object"}}
        return {"type": "object"}
    tp = _strip_annotated(tp)
    if tp is list:
        return {"type": "array", "items": {"type": "object"}}
    if typing.get_origin(tp) in (list, typing.List):
        args = typing.get_args(tp)
        item = args[0] if args else typing.Any
        if _is_union(item) or typing.get_origin(item) in (list, typing.List):
            raise SchemaError(f"unsupported type: nested generics like List[Optional[X]] are not supported ({where})")
        return {"type": "array", "items": _input_scalar(item, where)}
    if typing.get_origin(tp) in (tuple, set, frozenset) or tp in (tuple, set, frozenset):
        raise SchemaError(f"unsupported type: {type_name(tp)} ({where})")
    if (_is_subclass(tp, BaseModel) or _is_pydantic(tp)) and not Coder.lookup(tp):
        raise SchemaError(f"unsupported type: {type_name(tp)}; BaseModel classes are not supported as inputs ({where})")
    return _input_scalar(tp, where)


def _file_like(tp):
    tp = _strip_annotated(tp)
    if typing.get_origin(tp) in (list, typing.List):
        args = typing.get_args(tp)
        tp = args[0] if args else None
    return _is_subclass(tp, Path) or _is_subclass(tp, File) or _is_subclass(tp, Secret) or tp is pathlib.Path


class InputSpec:
    """The parsed view of one parameter; the worker uses it for coercion, the schema for the document."""

    def __init__(self, name, annotation, info, index):
        self.name = name
        self.annotation = annotation
        self.info = info
        self.index = index


def input_specs(fn, owner_name):
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


def input_property(spec):
    name, tp, info = spec.name, spec.annotation, spec.info
    where = f"parameter '{name}'"
    choices = list(info.choices) if info.choices is not None else None
    members, has_none = _split_optional(tp)
    if len(members) == 1 and _is_literal(_strip_annotated(members[0])):
        if choices is not None:
            raise SchemaError(f"{where}: choices cannot be combined with Literal")
        choices = list(typing.get_args(_strip_annotated(members[0])))
        members = [type(choices[0])] if choices else [str]
    if info.accept is not None and not _file_like(members[0] if len(members) == 1 else None):
        raise SchemaError(f"accept is only valid on Path or File inputs (parameter '{name}')")
    prop = {"x-order": spec.index}
    enum_component = None
    if len(members) > 1:
        if choices is not None or any(v is not None for v in (info.ge, info.le, info.min_length, info.max_length, info.regex)):
            raise SchemaError(f"constraints and choices are not supported on union inputs ({where})")
        variants = []
        for member in members:
            if _is_union(member):
                raise SchemaError(f"unsupported type: nested unions are not supported ({where})")
            if _is_subclass(_strip_annotated(member), (Path, File, Secret)) or _strip_annotated(member) is pathlib.Path:
                raise SchemaError(f"unsupported type: {type_name(member)} is not supported in union inputs ({where})")
            variant = _input_member(member, where)
            if has_none:
                variant["nullable"] = True
            variants.append(variant)
        prop["anyOf"] = variants
        prop["title"] = title_of(name)
    else:
        type_schema = _input_member(members[0], where)
        if choices is not None:
            enum_type = type_schema.get("type") if type_schema.get("type") != "object" else _json_type_of_values(choices, where)
            enum_component = {"description": "An enumeration.", "enum": choices, "title": name, "type": enum_type}
            prop["allOf"] = [{"$ref": f"#/components/schemas/{name}"}]
        else:
            prop["title"] = title_of(name)
            prop.update(type_schema)
    secret_bare = len(members) == 1 and _is_subclass(_strip_annotated(members[0]), Secret)
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
    return prop, required, enum_component


def _number(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _jsonable_default(value, where):
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


def input_component(specs):
    properties, required, enums = Ordered(), [], []
    for spec in specs:
        prop, is_required, enum_component = input_property(spec)
        properties[spec.name] = prop
        if is_required:
            required.append(spec.name)
        if enum_component:
            enums.append((spec.name, enum_component))
    component = {"properties": properties, "title": "Input", "type": "object"}
    if required:
        component["required"] = required
    _check_defaults(component, dict(enums))
    return component, enums


def _check_defaults(component, enum_components):
    validator = Validator(enum_components)
    keywords = {"minimum": "less than the minimum", "maximum": "greater than the maximum", "minLength": "too short",
                "maxLength": "too long", "pattern": "does not match", "enum": "is not one of", "type": "is not of type"}
    for name, prop in component["properties"].items():
        if "default" not in prop or prop["default"] is None:
            continue
        for _, message in validator.errors(prop["default"], prop):
            keyword = next((k for k, text in keywords.items() if text in message), "type")
            raise SchemaError(f"invalid default for parameter '{name}': {message} ({keyword})")


# ---- outputs ----------------------------------------------------------------------------------------------------

def output_type_schema(tp, seen=()):
    tp = _strip_annotated(tp) if not _is_opaque(tp) else tp
    if _is_opaque(tp):
        inner = _strip_annotated(tp)
        return {"type": "array", "items": {"type": "object"}} if typing.get_origin(inner) is list else {"type": "object"}
    if tp is type(None) or tp is None:
        raise SchemaError("cannot resolve type 'None'")
    if _is_union(tp):
        members, has_none = _split_optional(tp)
        if has_none:
            raise SchemaError("unsupported output type: Optional is not allowed as a return type")
        raise SchemaError("unsupported output type: union types are not supported as output")
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp in _PRIMITIVES:
        return {"type": _PRIMITIVES[tp]}
    if _is_subclass(tp, Path) or _is_subclass(tp, File) or tp is pathlib.Path or _is_subclass(tp, io.IOBase):
        return {"type": "string", "format": "uri"}
    if _is_subclass(tp, Secret):
        return {"type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True}
    if tp is typing.Any or tp is dict:
        return {"type": "object"}
    if origin is dict:
        if len(args) == 2:
            return {"type": "object", "additionalProperties": output_type_schema(args[1], seen)}
        return {"type": "object"}
    if tp is list:
        return {"type": "array", "items": {"type": "object"}}
    if origin in (list, typing.List):
        return {"type": "array", "items": output_type_schema(args[0], seen) if args else {"type": "object"}}
    if origin in (ConcatenateIterator, AsyncConcatenateIterator) or tp in (ConcatenateIterator, AsyncConcatenateIterator):
        item = args[0] if args else str
        if item is not str:
            raise SchemaError(f"ConcatenateIterator element type must be str, got {type_name(item)}")
        return {"items": {"type": "string"}, "type": "array", "x-cog-array-display": "concatenate", "x-cog-array-type": "iterator"}
    if origin in _ITERATORS + _ASYNC_ITERATORS:
        return {"type": "array", "items": output_type_schema(args[0], seen) if args else {"type": "object"}, "x-cog-array-type": "iterator"}
    if _is_subclass(tp, BaseModel) or _is_pydantic(tp) or _is_typeddict(tp) or dataclasses.is_dataclass(tp):
        return _object_schema(tp, seen)
    if Coder.lookup(tp):
        return {"type": "object"}
    if _is_pil_image(tp):
        return {"type": "string", "format": "uri"}  # returned images are files (see coding.encode_output)
    raise SchemaError(f"unsupported output type: {type_name(tp)}")


def _is_pil_image(tp):
    return isinstance(tp, type) and tp.__name__ == "Image" and tp.__module__ == "PIL.Image"


def _object_schema(tp, seen):
    if tp in seen:
        return {"type": "object"}
    seen = seen + (tp,)
    hints = typing.get_type_hints(tp, include_extras=True)
    properties, required = Ordered(), []
    optional_keys = getattr(tp, "__optional_keys__", frozenset())
    defaults = _field_defaults(tp)
    for name, hint in hints.items():
        if name.startswith("_") or typing.get_origin(hint) is typing.ClassVar:
            continue
        hint_origin = typing.get_origin(hint)
        not_required = hint_origin is not None and getattr(hint_origin, "_name", "") == "NotRequired"
        if not_required or (hint_origin is not None and "NotRequired" in repr(hint_origin)):
            hint = typing.get_args(hint)[0]
            not_required = True
        members, has_none = _split_optional(hint)
        if has_none and len(members) == 1:
            prop = {"nullable": True, **output_type_schema(members[0], seen)}
        else:
            prop = output_type_schema(hint, seen)
        prop["title"] = title_of(name)
        properties[name] = prop
        if not (has_none or not_required or name in optional_keys or name in defaults):
            required.append(name)
    schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _field_defaults(tp):
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


def output_component(fn):
    hints = typing.get_type_hints(fn, include_extras=True)
    if "return" not in hints:
        raise SchemaError(f"{fn.__qualname__} has no return type annotation")
    schema = output_type_schema(hints["return"])
    schema["title"] = "Output"
    return schema


def output_is_array(fn):
    try:
        return output_component(fn).get("type") == "array"
    except SchemaError:
        return False


# ---- document ---------------------------------------------------------------------------------------------------

_OK = {"description": "Successful Response", "content": {"application/json": {"schema": {}}}}
_INVALID = {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _response_component(title, input_name, output_name):
    props = {"input": _ref(input_name), "output": _ref(output_name)}
    for name in ("id", "version", "created_at", "started_at", "completed_at", "logs", "error", "status"):
        props[name] = {"title": title_of(name).replace("_", " "), "type": "string"}
        if name.endswith("_at"):
            props[name]["format"] = "date-time"
    props["metrics"] = {"title": "Metrics", "type": "object"}
    return {"properties": props, "title": title, "type": "object"}


def _request_component(title, input_name):
    return {"properties": {"id": {"title": "Id", "type": "string"}, "input": _ref(input_name)}, "title": title, "type": "object"}


def _mode_parts(fn, owner, kind, streaming):
    specs = input_specs(fn, owner)
    input_comp, enums = input_component(specs)
    output_comp = output_component(fn)
    noun, plural = ("prediction", "predictions") if kind == "predict" else ("training", "trainings")
    verb = "Predict" if kind == "predict" else "Train"
    input_name = "Input" if kind == "predict" else "TrainingInput"
    output_name = "Output" if kind == "predict" else "TrainingOutput"
    if kind == "train":
        input_comp["title"] = "TrainingInput"
    req_name = "PredictionRequest" if kind == "predict" else "TrainingRequest"
    resp_name = "PredictionResponse" if kind == "predict" else "TrainingResponse"
    post = {
        "summary": verb,
        "description": f"Run a single {noun} on the model",
        "operationId": f"{verb.lower()}_{plural}_post",
        "requestBody": {"content": {"application/json": {"schema": _ref(req_name)}}},
        "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": _ref(resp_name)}}},
                      "422": _INVALID},
    }
    if streaming and kind == "predict":
        post["x-cog-streaming"] = True
    paths = Ordered()
    paths[f"/{plural}"] = {"post": post}
    paths[f"/{plural}/{{{noun}_id}}/cancel"] = {"post": {
        "summary": "Cancel",
        "operationId": f"cancel_{plural}__{noun}_id__cancel_post",
        "parameters": [{"required": True, "schema": {"title": f"{noun.title()} Id", "type": "string"}, "name": f"{noun}_id", "in": "path"}],
        "responses": {"200": _OK, "422": _INVALID},
    }}
    schemas = Ordered()
    schemas[input_name] = input_comp
    schemas[output_name] = output_comp
    for name, comp in enums:
        schemas[name] = comp
    schemas[req_name] = _request_component(req_name, input_name)
    schemas[resp_name] = _response_component(resp_name, input_name, output_name)
    return paths, schemas


def _common_components():
    schemas = Ordered()
    schemas["Status"] = {"description": "An enumeration.", "enum": ["starting", "processing", "succeeded", "canceled", "failed"],
                         "title": "Status", "type": "string"}
    schemas["HTTPValidationError"] = {"properties": {"detail": {"items": _ref("ValidationError"), "title": "Detail", "type": "array"}},
                                      "title": "HTTPValidationError", "type": "object"}
    schemas["ValidationError"] = {"properties": {
        "loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "title": "Location", "type": "array"},
        "msg": {"title": "Message", "type": "string"},
        "type": {"title": "Error Type", "type": "string"}},
        "required": ["loc", "msg", "type"], "title": "ValidationError", "type": "object"}
    return schemas


def build_document(version, predict=None, train=None):
    """predict/train: (method, owner_name, streaming) tuples. Returns the document as nested dicts."""
    paths = Ordered()
    paths["/"] = {"get": {"summary": "Root", "operationId": "root__get", "responses": {"200": _OK}}}
    paths["/health-check"] = {"get": {"summary": "Healthcheck", "operationId": "healthcheck_health_check_get", "responses": {"200": _OK}}}
    schemas = Ordered()
    for kind, part in (("predict", predict), ("train", train)):
        if part is None:
            continue
        fn, owner, streaming = part
        mode_paths, mode_schemas = _mode_parts(fn, owner, kind, streaming)
        paths.update(mode_paths)
        for name, comp in mode_schemas.items():
            schemas.setdefault(name, comp)
    schemas.update(_common_components())
    return {"openapi": "3.0.2", "info": {"title": "Cog", "version": version}, "paths": paths, "components": {"schemas": schemas}}


def is_streaming(fn):
    return bool(getattr(fn, "__cog_streaming__", False))


# ---- serialization ----------------------------------------------------------------------------------------------

def format_number(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return "null"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        if 1e-6 <= abs(value) < 1e21:
            text = format(Decimal(text), "f")
        else:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}e{'-' if exponent.startswith('-') else '+'}{int(exponent.lstrip('+-'))}"
    return text


def dumps(value, sort_all=False, indent=None, _level=0):
    """Compact JSON; keys sorted except in Ordered maps (unless sort_all)."""
    if isinstance(value, dict):
        items = value.items() if isinstance(value, Ordered) and not sort_all else sorted(value.items())
        parts = [json.dumps(str(k), ensure_ascii=False) + (": " if indent else ":") + dumps(v, sort_all, indent, _level + 1) for k, v in items]
        return _join("{", "}", parts, indent, _level)
    if isinstance(value, (list, tuple)):
        return _join("[", "]", [dumps(v, sort_all, indent, _level + 1) for v in value], indent, _level)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    return json.dumps(value, ensure_ascii=False)


def _join(open_, close, parts, indent, level):
    if not indent or not parts:
        return open_ + ",".join(parts) + close
    pad = " " * (indent * (level + 1))
    return open_ + "\n" + ",\n".join(pad + p for p in parts) + "\n" + " " * (indent * level) + close


def document_text(document, merged=False):
    return dumps(document, sort_all=True, indent=2) if merged else dumps(document)
