"""Webhook delivery for one prediction: ordered, in the background, never failing the prediction (docs/http-api.md,
"Webhooks")."""

from __future__ import annotations

import base64
import collections
import http.client
import os
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .. import jsonwire
from . import runtime_log, settings
from .files import http_connection
from .predictions import WEBHOOK_EVENTS as EVENTS

THROTTLED_EVENTS = frozenset({"logs"})
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_THROTTLE_INTERVAL = 0.5
MAX_QUEUED_BYTES = 64 * 1024 * 1024


def throttle_interval_from_env() -> float:
    return settings.number("COG_THROTTLE_RESPONSE_INTERVAL", float, DEFAULT_THROTTLE_INTERVAL, "a number of seconds",
                           lambda seconds: seconds >= 0)


def encode_payload(snapshot: Mapping[str, Any] | bytes | str) -> bytes:
    if isinstance(snapshot, bytes):
        return snapshot
    if isinstance(snapshot, str):
        return snapshot.encode("utf-8")
    return jsonwire.compact(snapshot).encode("utf-8")


class WebhookSender:
    """Queues webhook events of one prediction and posts them in order on a background thread.

    `send` encodes the snapshot at once (later mutation of the dict does not leak into the payload) and returns
    immediately. Only `completed` is retried; everything after it is ignored. Undelivered events are reported
    through `log` (default: a warning in the runtime's log) and otherwise forgotten.
    """

    def __init__(
        self,
        url: str,
        events_filter: Iterable[str] | None = None,
        *,
        throttle_interval: float | None = None,
        auth_token: str | None = None,
        user_agent: str | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 30.0,
        backoff: float = 0.1,
        max_retries: int = 12,
        log: Callable[[str], None] | None = None,
        max_queued_bytes: int = MAX_QUEUED_BYTES,
    ) -> None:
        self.url = url
        self.events = frozenset(EVENTS if events_filter is None else events_filter)
        self.throttle_interval = throttle_interval_from_env() if throttle_interval is None else throttle_interval
        token = os.environ.get("WEBHOOK_AUTH_TOKEN") if auth_token is None else auth_token
        self._headers = {"Content-Type": "application/json", "User-Agent": user_agent or "cog-runtime"}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"
        self._headers.update(headers or {})
        self.timeout = timeout
        self.backoff = backoff
        self.max_retries = max_retries
        self._report = log
        self._cond = threading.Condition()
        self._queue: collections.deque[tuple[str, bytes]] = collections.deque()
        self._thread: threading.Thread | None = None
        self._last_sent: float | None = None
        self._finished = False
        self.max_queued_bytes = max_queued_bytes
        self._queued_bytes = 0
        self._shed_reported = False

    def send(self, event: str, snapshot: Mapping[str, Any] | bytes | str | Callable[[], Any]) -> None:
        """Queues one event. `snapshot` may be a zero-argument callable, called only if the event is not filtered
        out or throttled (saves building payloads that would be dropped)."""
        if event not in EVENTS:
            raise ValueError(f"unknown webhook event {event!r}")
        with self._cond:
            if self._finished:
                return
            if event == "completed":
                self._finished = True
            if event not in self.events:
                return
            now = time.monotonic()
            if (
                event in THROTTLED_EVENTS
                and self._last_sent is not None
                and now - self._last_sent < self.throttle_interval
            ):
                return
            self._last_sent = now
            # Encoded under the lock so that concurrent senders cannot reorder events.
            body = encode_payload(snapshot() if callable(snapshot) else snapshot)
            self._queue.append((event, body))
            self._queued_bytes += len(body)
            self._shed()
            if self._thread is None:
                self._thread = threading.Thread(target=self._drain, name="cog-webhook", daemon=True)
                self._thread.start()

    def _shed(self) -> None:
        # Snapshots are cumulative, so when a slow receiver lets payloads pile up, dropping the oldest non-final
        # ones loses no state; it bounds memory for long streams (each output event carries all output so far).
        dropped = 0
        while self._queued_bytes > self.max_queued_bytes and len(self._queue) > 1:
            index = next((i for i, (event, _) in enumerate(self._queue) if event != "completed"), None)
            if index is None:
                break
            _, body = self._queue[index]
            del self._queue[index]
            self._queued_bytes -= len(body)
            dropped += 1
        if dropped and not self._shed_reported:
            self._shed_reported = True
            self._warn(f"webhook receiver {_redact(self.url)} is slower than the prediction; dropping older queued events")

    def _warn(self, text: str) -> None:
        (self._report or runtime_log.warning)(text)

    def close(self, timeout: float | None = None) -> bool:
        """Stops accepting events and waits (bounded) for queued ones; True when everything was handled."""
        with self._cond:
            self._finished = True
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
        with self._cond:
            return self._thread is None and not self._queue

    def _drain(self) -> None:
        while True:
            with self._cond:
                if not self._queue:
                    self._thread = None
                    self._cond.notify_all()
                    return
                event, body = self._queue.popleft()
                self._queued_bytes -= len(body)
            try:
                self._deliver(event, body)
            except Exception as exc:  # a webhook must never take the runtime down
                runtime_log.error(f"webhook {event} to {_redact(self.url)} failed unexpectedly: {exc!r}")

    def _deliver(self, event: str, body: bytes) -> None:
        retries = self.max_retries if event == "completed" else 0
        attempt = 0
        while True:
            try:
                status = post(self.url, body, self._headers, self.timeout)
            except (OSError, http.client.HTTPException) as exc:
                outcome, retryable = f"request failed: {exc}", True
            else:
                if 200 <= status < 300:
                    return
                outcome, retryable = f"status {status}", status in RETRYABLE_STATUSES
            if not retryable or attempt >= retries:
                self._warn(f"webhook {event} to {_redact(self.url)} not delivered ({outcome})")
                return
            attempt += 1
            time.sleep(self.backoff * 2 ** min(attempt, 10))


def post(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
    conn, target = http_connection(url, timeout)
    parts = urllib.parse.urlsplit(url)
    request_headers = dict(headers)
    if parts.username is not None:
        request_headers.setdefault("Authorization", _basic_auth(parts))
    try:
        conn.request("POST", target, body=body, headers=request_headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _basic_auth(parts: urllib.parse.SplitResult) -> str:
    raw = f"{urllib.parse.unquote(parts.username or '')}:{urllib.parse.unquote(parts.password or '')}"
    return "Basic " + base64.b64encode(raw.encode("utf-8")).decode("ascii")


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))
