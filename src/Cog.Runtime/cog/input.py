"""Input(...): per-parameter metadata (default, description, bounds, choices, ...)."""

import dataclasses
import typing


class _Unset:
    def __repr__(self):
        return "<unset>"

    def __bool__(self):
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
    default=UNSET,
    *,
    default_factory=None,
    description=None,
    ge=None,
    le=None,
    min_length=None,
    max_length=None,
    regex=None,
    choices=None,
    deprecated=None,
    accept=None,
) -> typing.Any:
    if default_factory is not None:
        raise TypeError("Input(default_factory=...) is not supported; use a plain default value")
    if choices is not None:
        choices = list(choices)
    if isinstance(default, (tuple, set, frozenset)):
        default = list(default)
    return FieldInfo(default, description, ge, le, min_length, max_length, regex, choices, deprecated, accept)
