"""IPC between the server and the worker: one JSON object per line over private pipes (never fds 0-2).

Server -> worker ops:   run {id, input, context, train} (own pipe), cancel {id}, health {hid}, shutdown {}
Worker -> server events: setup_log {data}, ready {schema, concurrency, ...}, setup_failed {error},
                         log {id, src, data}, output {id, item}, metric {id, name, value, mode},
                         done {id, metrics, is_list, [output]}, failed {id, error, metrics}, canceled {id, metrics},
                         health {hid, ok, error}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .. import jsonwire


def encode(message: dict[str, Any]) -> bytes:
    """ValueError for values JSON cannot carry (see jsonwire.message)."""
    return jsonwire.message(message) + b"\n"


def encode_lenient(message: dict[str, Any]) -> bytes:
    """Like encode but tolerates NaN/inf (sent as null) for user output."""
    return jsonwire.message_lenient(message) + b"\n"


def decode(line: bytes) -> Any:
    return jsonwire.decode(line)


class LineSplitter:
    """Accumulates bytes and yields complete lines."""

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        if b"\n" not in data:
            return []
        *lines, rest = bytes(self._buffer).split(b"\n")
        self._buffer = bytearray(rest)
        return lines


def decode_all(lines: Iterable[bytes]) -> Iterator[Any]:
    """The messages of a pipe read line by line; a line that isn't a message is skipped."""
    for line in lines:
        try:
            yield decode(line)
        except ValueError:
            continue
