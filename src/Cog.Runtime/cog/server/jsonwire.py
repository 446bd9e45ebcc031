"""Compact JSON as sent on the wire to webhook receivers and SSE subscribers."""

from __future__ import annotations

import json
import math
from typing import Any


def _finite(value: Any) -> Any:
    # JSON has no NaN/Infinity; receivers in other languages reject them, so they travel as null.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def compact_json(value: Any) -> str:
    """Sorted keys, no spaces, non-ASCII kept, non-finite floats as null."""
    return json.dumps(_finite(value), separators=(",", ":"), ensure_ascii=False, sort_keys=True)
