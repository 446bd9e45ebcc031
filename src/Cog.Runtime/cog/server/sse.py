"""Server-sent events of one prediction: frames, a bounded replay log, and blocking subscriptions (docs/http-api.md,
"Server-sent events")."""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable, Iterator
from typing import Any

from .. import jsonwire
from . import settings

RESPONSE_HEADERS = (("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"))
KEEP_ALIVE = b": keep-alive\n\n"
KEEP_ALIVE_INTERVAL = 15.0
DEFAULT_HISTORY_CAPACITY = 1024
MAX_LAG = 1024
MAX_SUBSCRIBERS = 1024
TERMINAL_EVENTS = frozenset({"completed", "error"})


class TooManySubscribers(Exception):
    """Raised by `subscribe`; answer 429 {"error":"Too many stream subscribers"}."""


def accepts_event_stream(accept: str | None) -> bool:
    """True when one item of the Accept header, parameters dropped, is exactly `text/event-stream`."""
    if not accept:
        return False
    return any(item.split(";", 1)[0].strip() == "text/event-stream" for item in accept.split(","))


def history_capacity_from_env() -> int:
    return settings.number("COG_STREAM_HISTORY_CAPACITY", int, DEFAULT_HISTORY_CAPACITY, "a count", lambda n: n >= 0)


def frame(name: str, data: Any) -> bytes:
    """`event: <name>\\ndata: <compact JSON>\\n\\n`; `data` given as bytes is taken as already-encoded JSON."""
    if isinstance(data, bytes):
        payload = data
    else:
        payload = jsonwire.compact(data).encode("utf-8")
    return b"event: " + name.encode("utf-8") + b"\ndata: " + payload + b"\n\n"


def _dropped_frame(reason: str, skipped: int) -> bytes:
    return frame("error", {"error": f"SSE stream {reason}; events were dropped", "skipped": skipped})


class EventStream:
    """The events of one prediction. Publish from any thread; each subscriber reads on its own thread.

    Keeps the last `capacity` frames so late subscribers get a replay; a `completed` or `error` event ends the stream.
    `on_idle` runs (outside the lock) when the last subscriber leaves before the stream ended.
    """

    def __init__(
        self,
        capacity: int | None = None,
        *,
        on_idle: Callable[[], None] | None = None,
        max_lag: int = MAX_LAG,
        max_subscribers: int = MAX_SUBSCRIBERS,
    ) -> None:
        self.capacity = history_capacity_from_env() if capacity is None else capacity
        self.on_idle = on_idle
        self.max_lag = max_lag
        self.max_subscribers = max_subscribers
        self._cond = threading.Condition()
        self._history: collections.deque[bytes] = collections.deque(maxlen=self.capacity or None)
        self._published = 0
        self._last: bytes | None = None
        self._ended = False
        self._subscribers: set[Subscription] = set()
        self._outputs = 0

    @property
    def ended(self) -> bool:
        with self._cond:
            return self._ended

    def subscriber_count(self) -> int:
        with self._cond:
            return len(self._subscribers)

    def publish(self, name: str, data: Any) -> None:
        encoded = frame(name, data)
        with self._cond:
            if self._ended:
                return
            self._published += 1
            self._last = encoded
            if self.capacity:
                self._history.append(encoded)
            for sub in self._subscribers:
                sub._push(encoded, self.max_lag)
            if name in TERMINAL_EVENTS:
                self._ended = True
                for sub in self._subscribers:
                    sub._ending = True
            self._cond.notify_all()

    def start(self, prediction_id: str) -> None:
        self.publish("start", {"id": prediction_id, "status": "processing"})

    def output(self, chunk: Any, index: int | None = None) -> None:
        """Publishes an output item; `index` defaults to a running 0-based count."""
        with self._cond:
            if index is None:
                index = self._outputs
            self._outputs = max(self._outputs, index + 1)
        self.publish("output", {"chunk": chunk, "index": index})

    def log(self, data: str, source: str = "stdout") -> None:
        self.publish("log", {"data": data, "source": source})

    def metric(self, name: str, value: Any, mode: str = "replace") -> None:
        self.publish("metric", {"mode": mode, "name": name, "value": value})

    def completed(self, snapshot: Any) -> None:
        self.publish("completed", snapshot)

    def subscribe(self) -> "Subscription":
        with self._cond:
            if len(self._subscribers) >= self.max_subscribers:
                raise TooManySubscribers("Too many stream subscribers")
            sub = Subscription(self)
            evicted = self._published - len(self._history) if self.capacity else 0
            if evicted > 0:
                sub._pending.append(_dropped_frame("replay truncated", evicted))
                sub._ending = True
            elif self.capacity:
                sub._pending.extend(self._history)
            elif self._ended and self._last is not None:
                sub._pending.append(self._last)  # live-only stream that already ended: still say how it ended
            if self._ended:
                sub._ending = True
            self._subscribers.add(sub)
            return sub

    def _unsubscribe(self, sub: "Subscription") -> None:
        with self._cond:
            if sub not in self._subscribers:
                return
            self._subscribers.discard(sub)
            idle = not self._subscribers and not self._ended
            self._cond.notify_all()
        if idle and self.on_idle is not None:
            self.on_idle()


class Subscription:
    """One reader of an `EventStream`: replayed frames first, then live ones, until the stream ends."""

    def __init__(self, stream: EventStream) -> None:
        self._stream = stream
        self._cond = stream._cond
        self._pending: collections.deque[bytes] = collections.deque()
        self._ending = False
        self._closed = False

    def _push(self, encoded: bytes, max_lag: int) -> None:
        if self._ending:
            return
        self._pending.append(encoded)
        if len(self._pending) > max_lag:
            skipped = len(self._pending)
            self._pending.clear()
            self._pending.append(_dropped_frame("lagged", skipped))
            self._ending = True

    def next_frame(self, timeout: float | None = None) -> bytes | None:
        """The next frame; `None` if nothing arrived within `timeout`; `b""` once the stream has ended for this reader."""
        return self._take(timeout, everything=False)

    def next_frames(self, timeout: float | None = None) -> bytes | None:
        """Every frame pending, concatenated (one socket write); `None` on timeout; `b""` once the stream has ended."""
        return self._take(timeout, everything=True)

    def _take(self, timeout: float | None, everything: bool) -> bytes | None:
        with self._cond:
            self._cond.wait_for(lambda: self._pending or self._ending or self._closed, timeout)
            if self._pending and not self._closed:
                if not everything:
                    return self._pending.popleft()
                taken = b"".join(self._pending)
                self._pending.clear()
                return taken
            if self._ending or self._closed:
                return b""
            return None

    def frames(self, keepalive: float = KEEP_ALIVE_INTERVAL) -> Iterator[bytes]:
        """Yields bytes to write: every pending frame at once (so a reader woken late catches up in one write, rather
        than falling behind a fast producer), or `KEEP_ALIVE` after `keepalive` idle seconds. Closes the subscription
        when the stream ends or the generator is closed."""
        try:
            while True:
                item = self.next_frames(keepalive)
                if item is None:
                    yield KEEP_ALIVE
                elif item:
                    yield item
                else:
                    return
        finally:
            self.close()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._stream._unsubscribe(self)
