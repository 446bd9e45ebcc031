"""JsonCoder: `dict`/`dict[str, T]`/`Any` values as they are (upstream ships it; our runtime handles these natively)."""

import typing

from . import Coder


class JsonCoder(Coder):
    @staticmethod
    def factory(tpe):
        if tpe is dict or tpe is typing.Any or typing.get_origin(tpe) is dict:
            return JsonCoder()
        return None

    def encode(self, x):
        return x

    def decode(self, x):
        return x
