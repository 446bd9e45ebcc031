"""Decoding a `Transfer-Encoding: chunked` request body as it arrives, in time linear in its size."""

from __future__ import annotations

import re

MAX_LINE_BYTES = 1024
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")

_SIZE, _DATA, _DATA_END, _TRAILER = range(4)


class ChunkError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class ChunkedBody:
    """Consumes the connection's buffer in place: decoded bytes move out of it at once, so no byte is scanned or
    copied twice however the body is split into chunks and reads (re-parsing from the start made it quadratic)."""

    def __init__(self, limit: int, trailer_limit: int) -> None:
        self.limit = limit
        self.trailer_limit = trailer_limit
        self.body = bytearray()
        self._state = _SIZE
        self._remaining = 0
        self._scanned = 0  # bytes of an unfinished line already searched for its end
        self._trailer_bytes = 0

    def feed(self, buf: bytearray) -> bytearray | None:
        """Takes what it can from `buf` (a bytearray, shortened in place); returns the body (a bytearray) once it
        is complete, else None."""
        while True:
            if self._state == _DATA:
                take = min(self._remaining, len(buf))
                if take == 0:
                    return None
                with memoryview(buf) as view:
                    self.body += view[:take]
                del buf[:take]
                self._remaining -= take
                if self._remaining == 0:
                    self._state = _DATA_END
            elif self._state == _DATA_END:
                if len(buf) < 2:
                    return None
                if buf[:2] != b"\r\n":
                    raise ChunkError(400, "malformed chunk: data longer than its size")
                del buf[:2]
                self._state = _SIZE
            else:
                line = self._line(buf)
                if line is None:
                    return None
                if self._state == _SIZE:
                    self._start_chunk(line)
                elif line:
                    self._trailer_bytes += len(line) + 2
                    if self._trailer_bytes > self.trailer_limit:
                        raise ChunkError(431, "request trailers too large")
                else:
                    return self.body

    def _line(self, buf: bytearray) -> bytes | None:
        end = buf.find(b"\r\n", max(0, self._scanned - 1))
        if end < 0:
            self._scanned = len(buf)
            if len(buf) > MAX_LINE_BYTES:
                raise ChunkError(400, "malformed chunked body: line too long")
            return None
        if end > MAX_LINE_BYTES:
            raise ChunkError(400, "malformed chunked body: line too long")
        line = bytes(buf[:end])
        del buf[:end + 2]
        self._scanned = 0
        return line

    def _start_chunk(self, line: bytes) -> None:
        digits = line.split(b";", 1)[0].strip(b" \t")
        if not _HEX.fullmatch(digits):
            raise ChunkError(400, "malformed chunk size")
        size = int(digits, 16)
        if size == 0:
            self._state = _TRAILER
            return
        if len(self.body) + size > self.limit:
            raise ChunkError(413, f"request body too large (limit {self.limit} bytes)")
        self._remaining = size
        self._state = _DATA
