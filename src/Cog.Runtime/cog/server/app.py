"""The runtime as the HTTP server sees it: the worker's lifecycle and events, the predictions in flight, and
shutdown. Routes are in routes.py, request bodies in prediction_request.py, webhooks and SSE in prediction_listeners.py."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable
from typing import Any, Union

from .. import __version__, jsonwire
from . import prediction_listeners, prediction_request, routes, runtime_log, settings
from .connection import Deferred, HttpConnection, Request, Response, StreamResponse, json_response, text_response
from .health import Health
from .predictions import Prediction
from .served_schema import ServedSchema
from .user_healthcheck import UserHealthcheck
from .worker_client import WorkerClient

Reply = Union[Response, StreamResponse, Deferred, Awaitable[Any]]

_SETUP_NOT_DONE = {"error": "Setup has not finished yet. Wait until it has finished, or GET /health-check for status.", "status": "failed"}
_AT_CAPACITY = {"error": "At capacity - all prediction slots busy", "status": "failed"}
_RUN_EVENTS = frozenset({"log", "output", "start", "metric", "done", "failed", "canceled"})


class Runtime:
    def __init__(self, loop: asyncio.AbstractEventLoop, mode: str = "predict", upload_url: str | None = None,
                 await_explicit_shutdown: bool = False) -> None:
        self.loop = loop
        self.mode = mode
        self.upload_url = upload_url
        self.await_explicit_shutdown = await_explicit_shutdown
        self.echo_run_log = runtime_log.prediction_log_echo()
        self.health = Health(os.environ.get("COG_VERSION") or __version__)
        self.schema: ServedSchema | None = None
        self.has_healthcheck = False
        self.in_flight: dict[str, Prediction] = {}
        self.connections: set[HttpConnection] = set()
        self.closing = False
        self.worker: WorkerClient | None = None
        self.user_healthcheck: UserHealthcheck | None = None
        self._setup_timer: asyncio.TimerHandle | None = None
        self._senders: set[Any] = set()
        self.stopped: asyncio.Future[None] = loop.create_future()
        self.stop_listening: Any = None  # set by the server: closes the listening socket

    def handle(self, request: Request) -> Reply:
        return routes.route(self, request)

    def start_worker(self) -> None:
        self.worker = WorkerClient(self.loop, self.mode, self._on_event, self._on_worker_exit)
        self.user_healthcheck = UserHealthcheck(self.loop, self.health, self.worker.send)
        self.health.setup_started()
        self.health.add_setup_log("Spawning worker subprocess")
        pid = self.worker.spawn(self.upload_url)
        runtime_log.info(f"worker started (pid {pid})")
        timeout = settings.number("COG_SETUP_TIMEOUT", int, None, "an integer")
        if timeout and timeout > 0:
            self._setup_timer = self.loop.call_later(timeout, self._setup_timed_out, timeout)

    def _setup_timed_out(self, seconds: int) -> None:
        if self.health.setup_status != "starting":
            return
        self.health.add_setup_log(f"worker setup timed out after {seconds} seconds")
        self.health.setup_finished(False)
        runtime_log.error(f"setup timed out after {seconds} s; stopping the worker")
        self.worker.kill()

    def _on_event(self, message: dict[str, Any]) -> None:
        kind = message.get("ev")
        if kind in _RUN_EVENTS:
            prediction = self.in_flight.get(message.get("id"))
            if prediction is not None:
                self._on_run_event(kind, message, prediction)
        elif kind == "setup_log":
            self.health.add_setup_log(message["data"])
            for line in message["data"].splitlines():
                runtime_log.info(f"[setup] {line}")
        elif kind == "ready":
            self._on_ready(message)
        elif kind == "setup_failed":
            self._cancel_setup_timer()
            self.health.add_setup_log(message.get("traceback") or message.get("error", "setup failed"))
            self.health.add_setup_log(f"Setup failed: {message.get('error')}")
            self.health.setup_finished(False)
            runtime_log.error(f"setup failed: {message.get('error')}")
        elif kind == "health":
            self.user_healthcheck.answered(message.get("hid"), message.get("ok", True), message.get("error"))

    def _on_run_event(self, kind: str, message: dict[str, Any], prediction: Prediction) -> None:
        if kind == "log":
            prediction.add_log(message["data"], message.get("src", "stdout"))
            if self.echo_run_log:
                self.echo_run_log(message["data"])
        elif kind == "output":
            prediction.add_output(message["item"])
        elif kind == "start":
            prediction.mark_started()
        elif kind == "metric":
            prediction.record_metric(message["name"], message["value"], message["mode"])
        elif kind == "done":
            if "output" in message:
                prediction.add_output(message["output"])
            self._finish(prediction, "succeeded", metrics=message.get("metrics"), is_list=message.get("is_list"))
        elif kind == "failed":
            self._finish(prediction, "failed", metrics=message.get("metrics"), error=message.get("error"))
        else:
            self._finish(prediction, "canceled", metrics=message.get("metrics"))

    def _on_ready(self, message: dict[str, Any]) -> None:
        self._cancel_setup_timer()
        self._load_schema(message.get("schema"), message.get("schema_error"))
        self.health.slots = max(1, int(message.get("concurrency") or 1))
        self.health.sdk_version = message.get("sdk_version")
        self.has_healthcheck = bool(message.get("has_healthcheck"))
        if self.health.setup_status == "starting":
            self.health.add_setup_log("Server ready")
            self.health.setup_finished(True)
            runtime_log.info(f"setup succeeded; {self.health.slots} slot(s)")

    def _load_schema(self, text: str | None, error: str | None) -> None:
        if error:
            runtime_log.warning(f"no OpenAPI schema: {error}")
        if not text:
            return
        try:
            self.schema = ServedSchema.parse(text)
        except ValueError as exc:
            runtime_log.warning(f"invalid OpenAPI schema from the runner: {exc}")
            self.schema = None

    def _cancel_setup_timer(self) -> None:
        if self._setup_timer:
            self._setup_timer.cancel()
            self._setup_timer = None

    def _on_worker_exit(self, code: int | None) -> None:
        self._cancel_setup_timer()
        if self.closing:
            return
        if self.health.setup_status == "starting":
            self.health.add_setup_log(f"worker exited during setup (exit code {code})")
            self.health.setup_finished(False)
        elif self.health.setup_status == "succeeded":
            self.health.defunct = True
            runtime_log.error(f"worker exited unexpectedly (exit code {code}); runtime is DEFUNCT")
        for prediction in list(self.in_flight.values()):
            self._finish(prediction, "failed", error="Worker crashed", metrics=prediction.user_metrics)
        self.user_healthcheck.worker_gone()

    def _finish(self, prediction: Prediction, status: str, **kw: Any) -> None:
        if prediction.terminal:
            return
        # free the slot first: finishing replies at once, and a pipelined request may be handled right after
        if self.in_flight.get(prediction.id) is prediction:
            del self.in_flight[prediction.id]
            self.health.busy -= 1
        prediction.finish(status, **kw)

    def health_check(self) -> Reply:
        if self.has_healthcheck and self.health.ready:
            return self._health_after_user_check()
        return json_response(200, self.health.body())

    async def _health_after_user_check(self) -> Response:
        await self.user_healthcheck.check()
        return json_response(200, self.health.body())

    def create(self, request: Request, kind: str, path_id: str | None) -> Reply:
        """A new prediction (or training) from `request`, or the reply for an ID already in flight."""
        streaming = self.schema is not None and self.schema.streaming
        parsed = prediction_request.parse(request, kind, path_id, streaming)
        if isinstance(parsed, Response):
            return parsed
        pid = parsed.id
        if pid is not None and pid in self.in_flight:
            existing = self.in_flight[pid]
            if parsed.mode == "sse":
                return prediction_listeners.event_stream_response(existing, self.loop)
            return json_response(202, existing.snapshot(with_input=True))
        if pid is None:
            pid = f"pred_{time.time_ns():x}"
        kind_schema = self.schema.kinds.get(kind) if self.schema is not None else None
        payload = parsed.input
        if kind_schema is not None:
            payload, detail, unknown = kind_schema.validator.validate(payload)
            if unknown:
                noun = "prediction" if kind == "predict" else "training"
                runtime_log.warning(f"{noun} {pid}: ignoring input keys the model does not take: {_names(unknown)}")
            if detail:
                return json_response(422, {"detail": detail})
        elif not isinstance(payload, dict):
            return json_response(422, {"detail": [{"loc": ["body", "input", "__root__"], "msg": "input must be an object", "type": "value_error"}]})
        if not self.health.ready or self.closing:
            return json_response(503, _SETUP_NOT_DONE)
        if self.health.busy >= self.health.slots:
            return json_response(409, _AT_CAPACITY)
        try:
            run = self.worker.run_message(pid, payload, parsed.context, kind == "train")
        except ValueError:  # the parser lets 1e999 through as infinity
            return text_response(400, "Invalid JSON body: a number is out of range for a 64-bit float")
        prediction = Prediction(pid, payload, kind=kind, mode=parsed.mode, context=parsed.context,
                                output_is_array=kind_schema is not None and kind_schema.output_is_array,
                                secret_keys=kind_schema.secret_keys if kind_schema is not None else ())
        self.in_flight[pid] = prediction
        self.health.busy += 1
        if parsed.webhook:
            prediction_listeners.attach_webhook(prediction, parsed.webhook, parsed.webhook_events_filter,
                                                request.headers, self.loop, self._senders)
        if streaming:
            prediction_listeners.attach_event_stream(prediction, self.loop, self.cancel)
        # the reply is set up before dispatch so that a stream sees every event and a sync wait sees the end
        if parsed.mode == "async":
            reply: Reply = json_response(202, {"id": pid, "status": "starting"})
        elif parsed.mode == "sse":
            reply = prediction_listeners.event_stream_response(prediction, self.loop)
        else:
            reply = self._wait_sync(prediction, request.conn)
        prediction.dispatched = True
        prediction.mark_started()  # dispatch is the start: the worker sends no separate event for it
        if not self.worker.send_run(run):
            self._finish(prediction, "failed", error="Worker crashed")
        return reply

    def _wait_sync(self, prediction: Prediction, conn: HttpConnection) -> Deferred:
        def lost() -> None:
            if not prediction.terminal:
                self.cancel(prediction.id)

        conn.on_lost.append(lost)

        def build() -> Response:
            if lost in conn.on_lost:
                conn.on_lost.remove(lost)
            return json_response(200, prediction.sync_reply())

        def subscribe(callback: Any) -> None:
            if prediction.terminal:  # e.g. the worker was already gone when we dispatched
                callback()
            else:
                prediction.on_done.append(callback)

        return Deferred(subscribe, build)

    def cancel_request(self, pid: str) -> Response:
        if pid in self.in_flight:
            self.cancel(pid)
            return json_response(200, {})
        return json_response(404, {})

    def cancel(self, pid: str) -> None:
        prediction = self.in_flight.get(pid)
        if prediction is None or prediction.cancel_requested:
            return
        prediction.cancel_requested = True
        self.worker.send({"op": "cancel", "id": pid})

    def request_shutdown(self) -> Response:
        self.loop.call_soon(lambda: asyncio.ensure_future(self.shutdown()))
        return json_response(200, {})

    async def shutdown(self, in_flight_grace: float = 60.0) -> None:
        if self.closing:
            return
        self.closing = True
        runtime_log.info("shutting down")
        if self.stop_listening is not None:
            self.stop_listening()
        deadline = self.loop.time() + in_flight_grace
        while self.in_flight and self.loop.time() < deadline and not self.worker.exited:
            await asyncio.sleep(0.02)
        if self._senders:
            await asyncio.wait([self.loop.run_in_executor(None, s.close, 10.0) for s in list(self._senders)], timeout=15)
        await asyncio.sleep(0.05)  # let the last replies flush
        for conn in list(self.connections):
            conn.close_if_idle()
        if self.worker:
            await self.worker.stop()
        if not self.stopped.done():
            self.stopped.set_result(None)


def _names(keys: list[str], shown: int = 20) -> str:
    names = ", ".join(jsonwire.quote(k) for k in keys[:shown])
    return names + (f" and {len(keys) - shown} more" if len(keys) > shown else "")
