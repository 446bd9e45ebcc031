"""Input(...): per-parameter metadata (default, description, bounds, choices, ...)."""

from __future__ import annotations

import dataclasses
import typing


class _Unset:
    def __repr__(self) -> str:
        return "<unset>"

    def __bool__(self) -> bool:
        return False


UNSET = _Unset()


@dataclasses.dataclass(frozen=True)
class FieldInfo:
    default: typing.Any = UNSET
    description: typing.Optional[str] = None
    ge: typing.Optional[float] = None
    le: typing.Optional[float] = None
    min_length: typing.Optional[int] = None
    max_length: typing.Optional[int] = None
    regex: typing.Optional[str] = None
    choices: typing.Optional[list] = None
    deprecated: typing.Optional[bool] = None
    accept: typing.Optional[str] = None


def Input(  # noqa: N802 - the public name upstream models use
    default: typing.Any = UNSET,
    *,
    default_factory: typing.Callable[[], typing.Any] | None = None,
    description: str | None = None,
    ge: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    regex: str | None = None,
    choices: typing.Iterable[typing.Any] | None = None,
    deprecated: bool | None = None,
    accept: str | None = None,
) -> typing.Any:
    """The metadata of one run() parameter (a FieldInfo), given as its default: `steps: int = Input(default=25, ge=1)`."""
    if default_factory is not None:
        raise TypeError("Input(default_factory=...) is not supported; use a plain default value")
    if choices is not None:
        choices = list(choices)
    if isinstance(default, (tuple, set, frozenset)):
        default = list(default)
    return FieldInfo(default, description, ge, le, min_length, max_length, regex, choices, deprecated, accept)
