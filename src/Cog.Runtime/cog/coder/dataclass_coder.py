"""DataclassCoder: dataclass values as JSON objects of their fields, nested dataclasses and lists of them included."""

import dataclasses
import typing

from . import Coder


class DataclassCoder(Coder):
    def __init__(self, cls):
        self.cls = cls

    @staticmethod
    def factory(tpe):
        if isinstance(tpe, type) and dataclasses.is_dataclass(tpe):
            return DataclassCoder(tpe)
        return None

    def encode(self, x):
        return dataclasses.asdict(x)

    def decode(self, x):
        hints = typing.get_type_hints(self.cls)
        fields = {f.name: _decode(hints.get(f.name), x[f.name]) for f in dataclasses.fields(self.cls) if f.init and f.name in x}
        return self.cls(**fields)


def _decode(tp, value):
    if isinstance(value, dict) and isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return DataclassCoder(tp).decode(value)
    if isinstance(value, list) and typing.get_origin(tp) is list and typing.get_args(tp):
        return [_decode(typing.get_args(tp)[0], v) for v in value]
    return value
