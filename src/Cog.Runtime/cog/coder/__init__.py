"""`cog.coder`: custom coders, for input and output types the runtime does not know, carried as JSON objects.

A model registers a Coder subclass at import time, as with upstream:

    class PointCoder(Coder):
        @staticmethod
        def factory(tpe):
            return PointCoder() if tpe is Point else None

        def encode(self, x):
            return {"x": x.x, "y": x.y}

        def decode(self, x):
            return Point(x["x"], x["y"])

    Coder.register(PointCoder)

An input of such a type is `{"type": "object"}` in the schema and reaches run() decoded; a returned value is
encoded. Types the runtime knows itself (str, Path, dict, list, cog.BaseModel and dataclass outputs, ...) never go
through a coder; dataclass and cog.BaseModel inputs do (register DataclassCoder from cog.coder.dataclass_coder).
"""

from __future__ import annotations

from typing import Any


class Coder:
    _registered: list[type[Coder]] = []  # in registration order: the first coder whose factory accepts a type handles it
    _by_type: dict[Any, Coder | None] = {}

    @staticmethod
    def register(coder: type[Coder]) -> None:
        if coder not in Coder._registered:
            Coder._registered.append(coder)
            Coder._by_type.clear()

    @staticmethod
    def lookup(tpe: Any) -> Coder | None:
        """A coder for `tpe` from the registered ones, or None."""
        try:
            return Coder._by_type[tpe]
        except KeyError:
            pass
        except TypeError:  # an unhashable annotation
            return Coder._find(tpe)
        found = Coder._by_type[tpe] = Coder._find(tpe)
        return found

    @staticmethod
    def _find(tpe: Any) -> Coder | None:
        for coder in Coder._registered:
            try:
                found = coder.factory(tpe)
            except TypeError:  # e.g. issubclass() on dict[str, int]: a type the factory cannot even inspect isn't its own
                continue
            if found is not None:
                return found
        return None

    @staticmethod
    def factory(tpe: Any) -> Coder | None:
        """An instance that codes values of `tpe`, or None when this coder does not handle it."""
        return None

    def encode(self, x: Any) -> dict[str, Any]:
        """A value of the type as a JSON-compatible dict."""
        raise NotImplementedError(f"{type(self).__name__}.encode")

    def decode(self, x: dict[str, Any]) -> Any:
        """A JSON object (dict) back as a value of the type."""
        raise NotImplementedError(f"{type(self).__name__}.decode")


def registered() -> bool:
    """Whether any coder is registered: lets the hot paths skip lookups entirely when none is."""
    return bool(Coder._registered)
