"""IPC between the server and the worker: one JSON object per line over two private pipes (never fds 0-2).

Server -> worker ops:   run {id, input, context, train} (own pipe), cancel {id}, health {hid}, shutdown {}
Worker -> server events: setup_log {data}, ready {schema, concurrency, ...}, setup_failed {error},
                         log {id, src, data}, output {id, item}, metric {id, name, value, mode},
                         done {id, metrics, is_list, [output]}, failed {id, error, metrics}, canceled {id, metrics},
                         health {hid, ok, error}
"""

import json


_strict = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False, default=str).encode
_decode = json.JSONDecoder().decode


def encode(message) -> bytes:
    return _strict(message).encode() + b"\n"


def encode_lenient(message) -> bytes:
    """Like encode but tolerates NaN/inf (sent as null) for user output."""
    try:
        return encode(message)
    except ValueError:
        return json.dumps(_finite(message), separators=(",", ":"), ensure_ascii=False, default=str).encode() + b"\n"


def _finite(value):
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def decode(line: bytes):
    return _decode(line.decode())


class LineSplitter:
    """Accumulates bytes and yields complete lines."""

    def __init__(self):
        self._buffer = bytearray()

    def feed(self, data):
        self._buffer += data
        if b"\n" not in data:
            return []
        *lines, rest = bytes(self._buffer).split(b"\n")
        self._buffer = bytearray(rest)
        return lines


def decode_all(lines):
    """The messages of a pipe read line by line; a line that isn't a message is skipped."""
    for line in lines:
        try:
            yield decode(line)
        except ValueError:
            continue
