"""JSON on the wire: request bodies parsed within fixed limits, and the compact JSON sent to webhook receivers and
SSE subscribers."""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 128  # the nesting serde_json (upstream's runtime) allows, and far below Python's recursion limit
_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


_decode = json.JSONDecoder(parse_constant=_reject_constant).decode


def decode_body(text: str) -> Any:
    """Parses a request body. ValueError, with a reason fit for the client, for anything that isn't plain JSON or
    nests deeper than MAX_DEPTH; the cheap screens keep ordinary bodies from paying for the precise checks."""
    try:
        value = _decode(text)
    except RecursionError:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels") from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _deeper_than(value, MAX_DEPTH):
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    if "\\u" in text and _LONE_SURROGATE_ESCAPE.search(text):
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("a \\u escape is a lone UTF-16 surrogate, which is not a character") from None
    return value


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 1)] if isinstance(value, (dict, list)) else []
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        for child in node.values() if isinstance(node, dict) else node:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


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
