"""DataclassCoder: dataclass values as JSON objects of their fields, nested dataclasses and lists of them included."""

from __future__ import annotations

import dataclasses
import typing
from typing import Any

from . import Coder


class DataclassCoder(Coder):
    def __init__(self, cls: type) -> None:
        self.cls = cls

    @staticmethod
    def factory(tpe: Any) -> DataclassCoder | None:
        if isinstance(tpe, type) and dataclasses.is_dataclass(tpe):
            return DataclassCoder(tpe)
        return None

    def encode(self, x: Any) -> dict[str, Any]:
        return dataclasses.asdict(x)

    def decode(self, x: dict[str, Any]) -> Any:
        hints = typing.get_type_hints(self.cls)
        fields = {f.name: _decode(hints.get(f.name), x[f.name]) for f in dataclasses.fields(self.cls) if f.init and f.name in x}
        return self.cls(**fields)


def _decode(tp: Any, value: Any) -> Any:
    if isinstance(value, dict) and isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return DataclassCoder(tp).decode(value)
    if isinstance(value, list) and typing.get_origin(tp) is list and typing.get_args(tp):
        return [_decode(typing.get_args(tp)[0], v) for v in value]
    return value
