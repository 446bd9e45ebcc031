"""What a runner's type hints say: Optional and unions, Annotated wrappers, Literal, lists, and which kind of class a
hint names. The schema (cog.schema) and the coding of inputs and outputs (cog.coding) both read hints through it."""

from __future__ import annotations

import sys
import types
import typing
from typing import Any

from .types import Opaque

_UNION_ORIGINS = (typing.Union, types.UnionType)


def strip_annotated(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = tp.__origin__
    return tp


def is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in _UNION_ORIGINS


def split_optional(tp: Any) -> tuple[list[Any], bool]:
    """(the members of a union other than None, whether None was one of them); a non-union is its own member."""
    if is_union(tp):
        args = typing.get_args(tp)
        members = [a for a in args if a is not type(None)]
        return members, len(members) != len(args)
    return [tp], False


def unwrap(tp: Any) -> Any:
    """The hint with Annotated wrappers and a single-member Optional removed: Optional[Annotated[int, x]] is int."""
    tp = strip_annotated(tp)
    members, _ = split_optional(tp)
    if len(members) == 1 and members[0] is not tp:
        return unwrap(members[0])
    return tp


def is_list(tp: Any) -> bool:
    """list[X] or List[X] (the bare `list` is not a generic and answers False)."""
    return typing.get_origin(tp) is list


def list_item(tp: Any, default: Any = Any) -> Any:
    """X of list[X]; `default` for a list without an item type."""
    args = typing.get_args(tp)
    return args[0] if args else default


def is_subclass(tp: Any, base: type | tuple[type, ...]) -> bool:
    # list[str] passes isinstance(..., type) on 3.10, so generic aliases are ruled out first
    if not isinstance(tp, type) or typing.get_origin(tp) is not None:
        return False
    try:
        return issubclass(tp, base)
    except TypeError:
        return False


def is_literal(tp: Any) -> bool:
    return typing.get_origin(tp) is typing.Literal


def is_opaque(tp: Any) -> bool:
    """Annotated[X, cog.Opaque]: a value passed through as JSON, whatever X is."""
    return typing.get_origin(tp) is typing.Annotated and any(m is Opaque for m in tp.__metadata__)


def is_pydantic(tp: Any) -> bool:
    return isinstance(tp, type) and any(k.__name__ == "BaseModel" and "pydantic" in k.__module__ for k in tp.__mro__)


def is_typeddict(tp: Any) -> bool:
    return typing.is_typeddict(tp)


def is_pil_image(tp: Any) -> bool:
    """PIL.Image.Image or a subclass (PngImageFile, ...). Never imports PIL: no PIL imported, no PIL image."""
    module = sys.modules.get("PIL.Image")
    return module is not None and is_subclass(tp, module.Image)


def type_name(tp: Any) -> str:
    if tp is type(None):
        return "None"
    return getattr(tp, "__name__", None) or str(tp).replace("typing.", "")
