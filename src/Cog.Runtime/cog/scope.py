"""current_scope(): per-run context and user metrics."""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable
from typing import Any

MetricListener = Callable[[str, Any, str], None]  # (name, value, mode) of each change

_SEGMENT = re.compile(r"^[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?$")
_MODES = {"replace": "replace", "incr": "increment", "increment": "increment", "append": "append"}


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not key or len(key) > 128:
        raise ValueError(f"invalid metric name {key!r}: must be a non-empty string of at most 128 characters")
    segments = key.split(".")
    if len(segments) > 4:
        raise ValueError(f"invalid metric name {key!r}: at most 4 dot-separated segments")
    for segment in segments:
        if not _SEGMENT.match(segment) or "__" in segment:
            raise ValueError(f"invalid metric name {key!r}: segments must match [A-Za-z][A-Za-z0-9_]* and end alphanumeric")
    if key == "predict_time" or segments[0] == "cog":
        raise ValueError(f"invalid metric name {key!r}: the name is reserved")


def _check_value(value: Any) -> None:
    if not isinstance(value, (bool, int, float, str, list, dict)):
        raise TypeError(f"metric values must be bool, int, float, str, list or dict, got {type(value).__name__}")


class Metrics:
    """User metrics of one run. `on_change(name, value, mode)` lets the worker stream them."""

    def __init__(self, on_change: MetricListener | None = None) -> None:
        self._values: dict[str, Any] = {}
        self._on_change = on_change

    def record(self, key: str, value: Any, mode: str = "replace") -> None:
        if mode not in _MODES:
            raise TypeError(f"unknown metric mode {mode!r}; use replace, incr or append")
        mode = _MODES[mode]
        _check_key(key)
        if value is None:
            self.delete(key)
            return
        _check_value(value)
        old = self._values.get(key)
        if mode == "replace":
            if old is not None and _kind(old) != _kind(value):
                raise TypeError(f"metric {key!r} already holds a {_kind(old)}; delete it before changing its type")
            new = value
        elif mode == "increment":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"metric {key!r}: increment needs a number")
            if old is not None and (isinstance(old, bool) or not isinstance(old, (int, float))):
                raise TypeError(f"metric {key!r} is not a number")
            new = (old or 0) + value
        else:
            new = (old if isinstance(old, list) else ([] if old is None else [old])) + [value]
        self._values[key] = new
        if self._on_change:
            self._on_change(key, value, mode)

    def delete(self, key: str) -> None:
        if self._values.pop(key, None) is not None and self._on_change:
            self._on_change(key, None, "replace")

    def __setitem__(self, key: str, value: Any) -> None:
        self.record(key, value)

    def __delitem__(self, key: str) -> None:
        self.delete(key)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __contains__(self, key: str) -> bool:
        return key in self._values

    def as_dict(self) -> dict[str, Any]:
        """Dotted names nest: timing.pre => {"timing": {"pre": ...}}."""
        out: dict[str, Any] = {}
        for key, value in self._values.items():
            parts = [p for p in key.split(".") if p]
            node = out
            for part in parts[:-1]:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = node[part] = {}
                node = child
            node[parts[-1]] = value
        return out


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


class Scope:
    """What current_scope() returns during a run: the request's context and the run's metrics."""

    def __init__(self, context: dict[str, str] | None = None, on_metric: MetricListener | None = None) -> None:
        self.context = dict(context or {})
        self.metrics = Metrics(on_metric)

    def record_metric(self, key: str, value: Any, mode: str = "replace") -> None:
        self.metrics.record(key, value, mode)


class _NoScope:
    """What current_scope() returns outside a run: accepts everything, keeps nothing."""

    context: dict[str, str] = {}

    class _NoMetrics:
        def record(self, *a: Any, **k: Any) -> None:
            pass

        def delete(self, *a: Any) -> None:
            pass

        def __setitem__(self, k: str, v: Any) -> None:
            pass

        def __delitem__(self, k: str) -> None:
            pass

    metrics = _NoMetrics()

    def record_metric(self, *a: Any, **k: Any) -> None:
        pass


_NO_SCOPE = _NoScope()
_current: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("cog_scope", default=None)


def current_scope() -> Scope:
    return _current.get() or _fallback_scope() or _NO_SCOPE


_sync_scope: Scope | None = None  # the single sync run in flight; lets threads the runner starts record metrics too


def _fallback_scope() -> Scope | None:
    return _sync_scope


def enter(scope: Scope, sync: bool = False) -> contextvars.Token[Scope | None]:
    global _sync_scope
    if sync:
        _sync_scope = scope
    return _current.set(scope)


def leave(token: contextvars.Token[Scope | None], sync: bool = False) -> None:
    global _sync_scope
    if sync:
        _sync_scope = None
    _current.reset(token)
