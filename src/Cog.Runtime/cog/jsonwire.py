"""JSON in and out of the runtime, the one place that encodes and decodes it: request bodies parsed within fixed
limits, compact JSON for HTTP replies, webhooks, SSE and log lines, IPC messages, and the OpenAPI document's text.
The formats are described in docs/http-api.md."""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

MAX_DEPTH = 128  # the nesting serde_json (upstream's runtime) allows, and far below Python's recursion limit
_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


_decode_strict = json.JSONDecoder(parse_constant=_reject_constant).decode
_decode = json.JSONDecoder().decode
_compact_sorted = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, sort_keys=True, allow_nan=False).encode
_compact_unsorted = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=str).encode
_quote = json.JSONEncoder(ensure_ascii=False).encode


def decode_body(text: str) -> Any:
    """Parses a request body. ValueError, with a reason fit for the client, for anything that isn't plain JSON or
    nests deeper than MAX_DEPTH; the cheap screens keep ordinary bodies from paying for the precise checks."""
    try:
        value = _decode_strict(text)
    except RecursionError:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels") from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _deeper_than(value, MAX_DEPTH):
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    if "\\u" in text and _LONE_SURROGATE_ESCAPE.search(text):
        try:
            _quote(value).encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("a \\u escape is a lone UTF-16 surrogate, which is not a character") from None
    return value


def decode(data: bytes | str) -> Any:
    """JSON the runtime wrote itself (IPC messages, the worker's schema); ValueError when it isn't JSON."""
    return _decode(data.decode() if isinstance(data, bytes) else data)


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


def compact(value: Any) -> str:
    """Sorted keys, no spaces, non-ASCII kept, non-finite floats as null: HTTP replies, webhooks, SSE, log lines."""
    try:
        return _compact_sorted(value)
    except ValueError:  # a NaN or infinity somewhere: only then pay for the walk that replaces them
        return _compact_sorted(_finite(value))


def message(value: Any) -> bytes:
    """An IPC message as UTF-8: ValueError for what JSON cannot carry (NaN, infinities, lone surrogates), so a
    request holding one fails instead of leaving its prediction stuck. Values JSON does not know go as str()."""
    return _compact_unsorted(value).encode()


def message_lenient(value: Any) -> bytes:
    """Like message, but non-finite floats go as null: a model's output must not fail for holding a NaN."""
    try:
        return message(value)
    except ValueError:
        return _compact_unsorted(_finite(value)).encode()


def quote(value: Any) -> str:
    """A value as JSON text inside a message, e.g. a key name: `"temperature"`."""
    return _quote(value)


class Ordered(dict):
    """A map whose keys keep insertion order in `document` (every other map's keys are sorted)."""


def format_number(value: int | float) -> str:
    """Numbers as pydantic writes them in upstream's schemas: 7.0 as 7, 1e-05 as 0.00001, 1e-07 as 1e-7."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return "null"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text:
        if 1e-6 <= abs(value) < 1e21:
            text = format(Decimal(text), "f")
        else:
            mantissa, exponent = text.split("e")
            text = f"{mantissa}e{'-' if exponent.startswith('-') else '+'}{int(exponent.lstrip('+-'))}"
    return text


def document(value: Any, sort_all: bool = False, indent: int | None = None, _level: int = 0) -> str:
    """The OpenAPI document's text: compact (or indented), keys sorted except in Ordered maps (unless sort_all)."""
    if isinstance(value, dict):
        items = value.items() if isinstance(value, Ordered) and not sort_all else sorted(value.items())
        parts = [_quote(str(k)) + (": " if indent else ":") + document(v, sort_all, indent, _level + 1) for k, v in items]
        return _join("{", "}", parts, indent, _level)
    if isinstance(value, (list, tuple)):
        return _join("[", "]", [document(v, sort_all, indent, _level + 1) for v in value], indent, _level)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value)
    return _quote(value)


def _join(open_: str, close: str, parts: list[str], indent: int | None, level: int) -> str:
    if not indent or not parts:
        return open_ + ",".join(parts) + close
    pad = " " * (indent * (level + 1))
    return open_ + "\n" + ",\n".join(pad + p for p in parts) + "\n" + " " * (indent * level) + close
