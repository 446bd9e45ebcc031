"""Who hears about a prediction besides the client that created it: a webhook receiver and the subscribers of its
server-sent event stream (docs/http-api.md, "Webhooks" and "Server-sent events")."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Mapping
from typing import Any

from .. import __version__
from . import sse
from .connection import HttpConnection, Response, StreamResponse, json_response
from .prediction_request import NOT_STREAMING
from .predictions import Prediction

WEBHOOK_RETENTION = 600.0  # seconds a finished prediction's sender is kept, so shutdown can wait for its deliveries


def attach_webhook(prediction: Prediction, url: str, events_filter: list[str] | None, headers: Mapping[str, str],
                   loop: asyncio.AbstractEventLoop, senders: set[Any]) -> None:
    """Posts the prediction's events to `url`; the sender joins `senders` until a while after the prediction ended."""
    from . import webhooks  # http.client, ssl and friends: only once a request asks for a webhook

    extra = {k: headers[k] for k in ("traceparent", "tracestate") if k in headers}
    sender = webhooks.WebhookSender(url, events_filter, user_agent=f"cog-runtime/{__version__}", headers=extra)
    senders.add(sender)

    def listener(event: str, p: Prediction, data: Any) -> None:
        if event == "metric":
            return
        sender.send(event, lambda: p.snapshot(full=True))  # built only if not filtered or throttled
        if event == "completed":
            # its delivery thread ends by itself once the queue is empty; we keep it only to wait at shutdown
            loop.call_later(WEBHOOK_RETENTION, senders.discard, sender)

    prediction.listeners.append(listener)


def attach_event_stream(prediction: Prediction, loop: asyncio.AbstractEventLoop, cancel: Callable[[str], None]) -> None:
    """Publishes the prediction's events to an EventStream; an SSE prediction whose last subscriber left is canceled."""
    def idle() -> None:
        if prediction.mode == "sse" and not prediction.terminal:
            loop.call_soon_threadsafe(cancel, prediction.id)

    stream = sse.EventStream(on_idle=idle)
    prediction.event_stream = stream

    def listener(event: str, p: Prediction, data: Any) -> None:
        if event == "start":
            stream.start(p.id)
        elif event == "output":
            stream.output(data["chunk"], data["index"])
        elif event == "logs":
            stream.log(data["data"], data["source"])
        elif event == "metric":
            stream.metric(data["name"], data["value"], data["mode"])
        elif event == "completed":
            stream.completed(p.snapshot())

    prediction.listeners.append(listener)


def event_stream_response(prediction: Prediction, loop: asyncio.AbstractEventLoop) -> Response | StreamResponse:
    """A reply that streams the prediction's events, each subscriber read on its own thread."""
    stream = prediction.event_stream
    if stream is None:
        return json_response(406, NOT_STREAMING)
    try:
        subscription = stream.subscribe()
    except sse.TooManySubscribers:
        return json_response(429, {"error": "Too many stream subscribers"})

    async def produce(conn: HttpConnection) -> None:
        done = asyncio.Event()

        def pump() -> None:
            try:
                for chunk in subscription.frames(keepalive=sse.KEEP_ALIVE_INTERVAL):
                    if conn.closed:
                        break
                    loop.call_soon_threadsafe(conn.write, chunk)
            finally:
                subscription.close()
                loop.call_soon_threadsafe(done.set)

        conn.on_lost.append(subscription.close)
        threading.Thread(target=pump, name=f"cog-sse-{prediction.id}", daemon=True).start()
        await done.wait()

    return StreamResponse(200, list(sse.RESPONSE_HEADERS), produce)
