"""HTTP/1.1 on asyncio: request parsing, keep-alive, pipelining, and one write per response (no delayed-ACK stalls)."""

from __future__ import annotations

import asyncio
import dataclasses
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .. import jsonwire
from . import runtime_log, settings
from .chunked_body import ChunkedBody, ChunkError

if TYPE_CHECKING:
    from .app import Runtime

MAX_HEADER_BYTES = 64 * 1024
MAX_HEADERS = 100
MAX_BODY_BYTES = 100 * 1024 * 1024
RECV_BYTES = 64 * 1024
REQUEST_TIMEOUT = settings.number("COG_HTTP_REQUEST_TIMEOUT", float, 30.0, "a number of seconds", lambda s: s > 0)

REASONS = {
    100: "Continue", 200: "OK", 202: "Accepted", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
    406: "Not Acceptable", 408: "Request Timeout", 409: "Conflict", 411: "Length Required", 413: "Payload Too Large",
    415: "Unsupported Media Type", 422: "Unprocessable Entity", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
    500: "Internal Server Error", 501: "Not Implemented", 503: "Service Unavailable", 505: "HTTP Version Not Supported",
}


@dataclasses.dataclass(slots=True)
class Request:
    method: str
    path: str
    query: str
    version: str
    headers: dict[str, str]  # names lower-cased; repeated headers joined with ", "
    body: bytes | bytearray
    conn: HttpConnection


@dataclasses.dataclass(slots=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: list[tuple[str, str]] | None = None
    close: bool = False


def json_response(status: int, value: Any, **kw: Any) -> Response:
    return Response(status, jsonwire.compact(value).encode(), **kw)


def text_response(status: int, text: str, **kw: Any) -> Response:
    return Response(status, text.encode(), "text/plain; charset=utf-8", **kw)


@dataclasses.dataclass(slots=True)
class StreamResponse:
    """A response that writes its own body (SSE). `produce(conn)` is awaited after the headers are sent."""

    status: int
    headers: list[tuple[str, str]]
    produce: Callable[[HttpConnection], Awaitable[None]]


@dataclasses.dataclass(slots=True)
class Deferred:
    """A response made later: `subscribe(callback)` arranges for callback() once it is ready, then `build()` makes it.
    Cheaper than a task per request, and the reply goes out in the same loop iteration as the worker's event."""

    subscribe: Callable[[Callable[..., None]], None]
    build: Callable[[], Response]


class BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclasses.dataclass(slots=True)
class _Head:
    """A request's line and headers, kept while its body arrives."""

    method: str
    target: str
    version: str
    headers: dict[str, str]
    chunks: ChunkedBody | None
    length: int


class HttpConnection(asyncio.BufferedProtocol):
    """A BufferedProtocol so the transport reads into one reused buffer: a plain Protocol gets a fresh 256 KiB
    allocation per recv (an mmap/mremap/munmap round trip on every request)."""

    def __init__(self, app: Runtime) -> None:
        self.app = app
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.busy = False
        self.closed = False
        self.close_after = False
        self.eof = False
        self.on_lost: list[Callable[[], None]] = []
        self.sent_continue = False
        self._timer: asyncio.TimerHandle | None = None
        self._head: _Head | None = None  # parsed request line + headers while waiting for the body
        self._scanned = 0  # bytes at the start of the buffer already searched for the end of the headers
        self.paused = False
        self._recv_view = memoryview(bytearray(RECV_BYTES))

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.app.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self.app.connections.discard(self)
        self._cancel_timer()
        callbacks, self.on_lost = self.on_lost, []
        for callback in callbacks:
            callback()

    def get_buffer(self, sizehint: int) -> memoryview:
        return self._recv_view

    def buffer_updated(self, nbytes: int) -> None:
        self.buffer += self._recv_view[:nbytes]
        if not self.busy:
            self._process()
        else:
            self._pause()

    def _pause(self) -> None:
        # Backpressure: the next request waits in the client's socket, not in our memory. Reads stop only once
        # the client sends more during a request, so a sync client that hangs up is still noticed (eof_received).
        if not self.paused:
            self.paused = True
            self.transport.pause_reading()

    def eof_received(self) -> bool:
        self.eof = True
        if self.busy:
            # A client that stops sending while waiting has gone away (HTTP clients don't half-close and still
            # read); treat it as a disconnect so a sync prediction is canceled rather than run for nobody.
            self.close_after = True
            callbacks, self.on_lost = self.on_lost, []
            for callback in callbacks:
                callback()
            return True
        if self._pending():
            self._fail(400, "request truncated: the connection ended before the request was complete")
        return False

    def _pending(self) -> bool:
        """Whether part of a request has arrived (blank lines between requests don't count)."""
        return self._head is not None or bool(self.buffer.strip())

    def _process(self) -> None:
        while not self.busy and not self.closed:
            try:
                request = self._parse()
            except (BadRequest, ChunkError) as err:
                self._fail(err.status, str(err))
                return
            except Exception as exc:  # noqa: BLE001 - a parser bug must cost one connection a 400, not a silent drop
                runtime_log.error(f"unparsable request: {exc!r}")
                self._fail(400, "malformed request")
                return
            if request is None:
                if self._timer is None and (self.buffer or self._head is not None):
                    self._timer = asyncio.get_running_loop().call_later(REQUEST_TIMEOUT, self._timeout)
                if self.eof and self._pending():
                    self._fail(400, "request truncated: the connection ended before the request was complete")
                elif self.paused:
                    self.paused = False
                    self.transport.resume_reading()
                return
            self._cancel_timer()
            self.busy = True
            if self.buffer:
                self._pause()
            try:
                result = self.app.handle(request)
            except Exception as exc:  # noqa: BLE001 - a bug in a route must not kill the connection loop
                runtime_log.error(f"unhandled error in {request.method} {request.path}: {exc!r}")
                result = json_response(500, {"error": "internal server error"})
            if isinstance(result, (Response, StreamResponse)):
                self._send(result, request)
            elif isinstance(result, Deferred):
                result.subscribe(lambda *_, r=result, q=request: self._send(r.build(), q))
            else:
                asyncio.ensure_future(self._await(result, request))

    def _parse(self) -> Request | None:
        if self._head is None:
            self._head = self._read_head()
            if self._head is None:
                return None
            self.sent_continue = False
        head = self._head
        method, target, version, headers, length = head.method, head.target, head.version, head.headers, head.length
        if head.chunks is not None:
            body = head.chunks.feed(self.buffer)
        elif len(self.buffer) >= length:
            body = bytes(self.buffer[:length])
            del self.buffer[:length]
        else:
            body = None
        if body is None:
            if not self.sent_continue and headers.get("expect", "").lower() == "100-continue":
                self.sent_continue = True
                self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            return None
        self._head = None
        path, _, query = target.partition("?")
        if not path.startswith("/"):
            if path.startswith(("http://", "https://")):
                path = "/" + path.split("/", 3)[-1] if path.count("/") >= 3 else "/"
            else:
                raise BadRequest(400, "malformed request target")
        path = urllib.parse.unquote(path)
        if version == "HTTP/1.0":
            if headers.get("connection", "").lower() != "keep-alive":
                self.close_after = True
        elif "close" in headers.get("connection", "").lower():
            self.close_after = True
        return Request(method, path, query, version, headers, body, self)

    def _read_head(self) -> _Head | None:
        """The request line and headers once they are all in the buffer (taken out of it), else None."""
        buf = self.buffer
        while buf[:2] == b"\r\n":
            del buf[:2]
            self._scanned = 0
        end = buf.find(b"\r\n\r\n", max(0, self._scanned - 3))
        if end < 0:
            self._scanned = len(buf)
            if len(buf) > MAX_HEADER_BYTES:
                raise BadRequest(431, "request headers too large")
            return None
        self._scanned = 0
        if end > MAX_HEADER_BYTES:
            raise BadRequest(431, "request headers too large")
        text = bytes(buf[:end]).decode("latin-1")
        del buf[:end + 4]
        lines = text.split("\r\n")
        if len(lines) - 1 > MAX_HEADERS:
            raise BadRequest(431, f"too many request headers (limit {MAX_HEADERS})")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            if len(parts) == 3 and parts[2].startswith("HTTP/"):
                raise BadRequest(505, "only HTTP/1.x is supported")
            raise BadRequest(400, "malformed request line")
        method, target, version = parts
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep or not name or name != name.strip():
                raise BadRequest(400, "malformed header line")
            key = name.lower()
            value = value.strip()
            if key in headers:
                if key == "content-length" and headers[key] != value:
                    raise BadRequest(400, "conflicting Content-Length headers")
                headers[key] = headers[key] + ", " + value
            else:
                headers[key] = value
        chunked = "chunked" in headers.get("transfer-encoding", "").lower()
        length = 0
        if chunked:
            if "content-length" in headers:
                raise BadRequest(400, "both Content-Length and Transfer-Encoding given")
        elif "content-length" in headers:
            raw = headers["content-length"]
            if not (raw.isascii() and raw.isdigit()):
                raise BadRequest(400, "invalid Content-Length")
            length = int(raw)
            if length > MAX_BODY_BYTES:
                raise BadRequest(413, f"request body too large (limit {MAX_BODY_BYTES} bytes)")
        elif "transfer-encoding" in headers:
            raise BadRequest(501, "unsupported Transfer-Encoding")
        chunks = ChunkedBody(MAX_BODY_BYTES, MAX_HEADER_BYTES) if chunked else None
        return _Head(method, target, version, headers, chunks, length)

    async def _await(self, coro: Awaitable[Any], request: Request) -> None:
        try:
            result = await coro
        except asyncio.CancelledError:
            result = json_response(503, {"error": "server shutting down"}, close=True)
        except Exception as exc:  # noqa: BLE001
            runtime_log.error(f"unhandled error in {request.method} {request.path}: {exc!r}")
            result = json_response(500, {"error": "internal server error"})
        if isinstance(result, StreamResponse):
            await self._stream(result)
            return
        self._send(result, request)

    def _send(self, response: Response | StreamResponse, request: Request) -> None:
        if isinstance(response, StreamResponse):
            asyncio.ensure_future(self._stream(response))
            return
        if self.closed:
            return
        close = response.close or self.close_after or self.app.closing
        head = [f"HTTP/1.1 {response.status} {REASONS.get(response.status, 'Status')}\r\n"]
        if response.body or response.status not in (204, 304):
            head.append(f"Content-Length: {len(response.body)}\r\n")
        if response.body:
            head.append(f"Content-Type: {response.content_type}\r\n")
        if response.headers:
            head.extend(f"{k}: {v}\r\n" for k, v in response.headers)
        head.append("Connection: close\r\n\r\n" if close else "\r\n")
        self.transport.write("".join(head).encode("latin-1") + response.body)
        self.busy = False
        if close:
            self.closed = True
            self.transport.close()
            return
        if self.buffer or self.paused:
            self._process()

    async def _stream(self, response: StreamResponse) -> None:
        head = [f"HTTP/1.1 {response.status} {REASONS.get(response.status, 'Status')}\r\n"]
        head.extend(f"{k}: {v}\r\n" for k, v in response.headers)
        head.append("Connection: close\r\n\r\n")
        if not self.closed:
            self.transport.write("".join(head).encode("latin-1"))
        try:
            await response.produce(self)
        finally:
            self.closed = True
            self.transport.close()

    def write(self, data: bytes) -> None:
        if not self.closed:
            self.transport.write(data)

    def _fail(self, status: int, message: str) -> None:
        if self.closed:
            return
        body = (message + "\n").encode()
        self.transport.write(
            f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        self.closed = True
        self.buffer.clear()
        self.transport.close()

    def _timeout(self) -> None:
        self._timer = None
        if not self.busy and (self.buffer or self._head is not None):
            self._fail(408, "request timed out before it was complete")

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def close_if_idle(self) -> None:
        if not self.busy and not self.closed:
            self.closed = True
            self.transport.close()
