"""Numbers the runtime reads from environment variables: unset or empty is the default, and a value that is not
fit is one warning in the log and the default (never a crash at start-up)."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import TypeVar

from . import runtime_log

T = TypeVar("T", int, float)


def number(name: str, parse: Callable[[str], T], default: T | None, what: str,
           fits: Callable[[T], bool] = lambda value: True) -> T | None:
    """The variable's value read with `parse` (int or float); `what` names what it must be, for the warning."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = parse(raw)
    except ValueError:
        value = None
    if value is None or (isinstance(value, float) and not math.isfinite(value)) or not fits(value):
        runtime_log.warning(f"{name}={raw!r} is not {what}; using {'none' if default is None else default}")
        return default
    return value
