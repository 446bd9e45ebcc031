"""JsonCoder: `dict`/`dict[str, T]`/`Any` values as they are (upstream ships it; our runtime handles these natively)."""

from __future__ import annotations

import typing
from typing import Any

from . import Coder


class JsonCoder(Coder):
    @staticmethod
    def factory(tpe: Any) -> JsonCoder | None:
        if tpe is dict or tpe is typing.Any or typing.get_origin(tpe) is dict:
            return JsonCoder()
        return None

    def encode(self, x: Any) -> Any:
        return x

    def decode(self, x: Any) -> Any:
        return x
