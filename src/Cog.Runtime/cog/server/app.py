"""The runtime as the HTTP server sees it: routes, request checks, predictions in flight, worker events, health."""

import asyncio
import json
import os
import re
import threading
import time

from .. import __version__
from ..validation import InputValidator
from . import health as health_mod
from .connection import Deferred, Response, StreamResponse, json_response, text_response
from .jsonwire import decode_body
from .predictions import Prediction
from .worker_client import WorkerClient



def _optional(name):
    """webhooks, sse and docs pull in http.client & co.; import them on first use to keep start-up fast."""
    import importlib
    try:
        return importlib.import_module(f"{__package__}.{name}")
    except ImportError:  # pragma: no cover - shipped together; tolerate a partial checkout
        return None

_EVENTS = ("start", "output", "logs", "completed")
_ROUTE = re.compile(r"^/(predictions|trainings)(?:/([^/]+)(/cancel)?)?$")
_SETUP_NOT_DONE = {"error": "Setup has not finished yet. Wait until it has finished, or GET /health-check for status.", "status": "failed"}
_AT_CAPACITY = {"error": "At capacity - all prediction slots busy", "status": "failed"}


class Runtime:
    def __init__(self, loop, mode="predict", upload_url=None, await_explicit_shutdown=False, log=None, echo_run_log=None):
        self.loop = loop
        self.mode = mode
        self.upload_url = upload_url
        self.await_explicit_shutdown = await_explicit_shutdown
        self.log = log or (lambda level, message: None)
        self.echo_run_log = echo_run_log  # called with each chunk of complete prediction log lines, or None
        self.health = health_mod.Health(os.environ.get("COG_VERSION") or __version__)
        self.schema = None
        self.schema_bytes = None
        self._per_kind = {}
        self.streaming = False
        self.has_healthcheck = False
        self.in_flight = {}
        self.connections = set()
        self.closing = False
        self.worker = None
        self._setup_timer = None
        self._health_waiters = {}
        self._health_call = None
        self._next_hid = 0
        self._senders = set()
        self.stopped = loop.create_future()
        self.stop_listening = None  # set by the server: closes the listening socket

    # ---- worker lifecycle -------------------------------------------------------------------------------------

    def start_worker(self):
        self.worker = WorkerClient(self.loop, self.mode, self._on_event, self._on_worker_exit, self.log)
        self.health.setup_started()
        self.health.add_setup_log("Spawning worker subprocess")
        pid = self.worker.spawn(self.upload_url)
        self.log("info", f"worker started (pid {pid})")
        timeout = _positive_int(os.environ.get("COG_SETUP_TIMEOUT"), "COG_SETUP_TIMEOUT", self.log)
        if timeout:
            self._setup_timer = self.loop.call_later(timeout, self._setup_timed_out, timeout)

    def _setup_timed_out(self, seconds):
        if self.health.setup_status != "starting":
            return
        self.health.add_setup_log(f"worker setup timed out after {seconds} seconds")
        self.health.setup_finished(False)
        self.log("error", f"setup timed out after {seconds} s; stopping the worker")
        self.worker.kill()

    def _on_event(self, message):
        kind = message.get("ev")
        if kind in ("log", "output", "start", "metric", "done", "failed", "canceled"):
            prediction = self.in_flight.get(message.get("id"))
            if prediction is None:
                return
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
        elif kind == "setup_log":
            self.health.add_setup_log(message["data"])
            for line in message["data"].splitlines():
                self.log("info", f"[setup] {line}")
        elif kind == "ready":
            self._cancel_setup_timer()
            self._load_schema(message.get("schema"), message.get("schema_error"))
            self.health.slots = max(1, int(message.get("concurrency") or 1))
            self.health.sdk_version = message.get("sdk_version")
            self.has_healthcheck = bool(message.get("has_healthcheck"))
            if self.health.setup_status == "starting":
                self.health.add_setup_log("Server ready")
                self.health.setup_finished(True)
                self.log("info", f"setup succeeded; {self.health.slots} slot(s)")
        elif kind == "setup_failed":
            self._cancel_setup_timer()
            self.health.add_setup_log(message.get("traceback") or message.get("error", "setup failed"))
            self.health.add_setup_log(f"Setup failed: {message.get('error')}")
            self.health.setup_finished(False)
            self.log("error", f"setup failed: {message.get('error')}")
        elif kind == "health":
            waiter = self._health_waiters.pop(message.get("hid"), None)
            if waiter and not waiter.done():
                waiter.set_result((message.get("ok", True), message.get("error")))

    def _load_schema(self, text, error):
        if error:
            self.log("warning", f"no OpenAPI schema: {error}")
        if not text:
            return
        try:
            self.schema = json.loads(text)
            self.schema_bytes = text.encode() if isinstance(text, str) else text
            post = self.schema.get("paths", {}).get("/predictions", {}).get("post", {})
            self.streaming = post.get("x-cog-streaming") is True
            self._prepare_kinds()
        except ValueError as exc:
            self.log("warning", f"invalid OpenAPI schema from the runner: {exc}")
            self.schema = None

    def _cancel_setup_timer(self):
        if self._setup_timer:
            self._setup_timer.cancel()
            self._setup_timer = None

    def _on_worker_exit(self, code):
        self._cancel_setup_timer()
        if self.closing:
            return
        if self.health.setup_status == "starting":
            self.health.add_setup_log(f"worker exited during setup (exit code {code})")
            self.health.setup_finished(False)
        elif self.health.setup_status == "succeeded":
            self.health.defunct = True
            self.log("error", f"worker exited unexpectedly (exit code {code}); runtime is DEFUNCT")
        for prediction in list(self.in_flight.values()):
            self._finish(prediction, "failed", error="Worker crashed", metrics=prediction.user_metrics)
        for waiter in self._health_waiters.values():
            if not waiter.done():
                waiter.set_result((True, None))

    def _finish(self, prediction, status, **kw):
        if prediction.terminal:
            return
        # free the slot first: finishing replies at once, and a pipelined request may be handled right after
        if self.in_flight.get(prediction.id) is prediction:
            del self.in_flight[prediction.id]
            self.health.busy -= 1
        prediction.finish(status, **kw)

    # ---- routing ----------------------------------------------------------------------------------------------

    def handle(self, request):
        path, method = request.path, request.method
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/")
        if path == "/":
            return self._only(method, "GET") or json_response(200, self._discovery())
        if path == "/health-check":
            return self._only(method, "GET") or self._health_check()
        if path == "/openapi.json":
            if self._only(method, "GET"):
                return self._only(method, "GET")
            if self.schema_bytes is None:
                return json_response(503, {"error": "OpenAPI schema not available"})
            return Response(200, self.schema_bytes)
        if path == "/shutdown":
            return self._only(method, "POST") or self._shutdown_request()
        match = _ROUTE.match(path)
        if match:
            collection, pid, cancel = match.groups()
            kind = "predict" if collection == "predictions" else "train"
            if cancel:
                return self._only(method, "POST") or self._cancel(pid)
            if pid is None:
                return self._only(method, "POST") or self._create(request, kind, None)
            return self._only(method, "PUT") or self._create(request, kind, pid)
        docs = _optional("docs") if path == "/docs" or path.startswith("/docs/") else None
        if docs is not None:
            if method not in ("GET", "HEAD"):
                return Response(405)
            result = docs.response(path)
            if result is not None:
                status, content_type, body = result
                return Response(status, body, content_type)
        return Response(404)

    @staticmethod
    def _only(method, allowed):
        return None if method == allowed else Response(405, headers=[("Allow", allowed)])

    def _discovery(self):
        body = {
            "cog_version": self.health.sdk_version or __version__, "docs_url": "/docs", "healthcheck_url": "/health-check",
            "openapi_url": "/openapi.json", "predictions_cancel_url": "/predictions/{prediction_id}/cancel",
            "predictions_idempotent_url": "/predictions/{prediction_id}", "predictions_url": "/predictions",
            "shutdown_url": "/shutdown",
        }
        if self.schema and "TrainingInput" in self.schema.get("components", {}).get("schemas", {}):
            body.update({"trainings_url": "/trainings", "trainings_idempotent_url": "/trainings/{training_id}",
                         "trainings_cancel_url": "/trainings/{training_id}/cancel"})
        return body

    # ---- health -----------------------------------------------------------------------------------------------

    def _health_check(self):
        if self.has_healthcheck and self.health.ready:
            return self._health_with_user_check()
        return self._health_response()

    def _health_response(self):
        body = self.health.body()
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        return Response(200, text.encode())

    async def _health_with_user_check(self):
        if self._health_call is None or self._health_call.done():
            self._health_call = asyncio.ensure_future(self._run_user_healthcheck())
        await asyncio.shield(self._health_call)
        return self._health_response()

    async def _run_user_healthcheck(self):
        self._next_hid += 1
        hid = self._next_hid
        waiter = self.loop.create_future()
        self._health_waiters[hid] = waiter
        self.worker.send({"op": "health", "hid": hid})
        try:
            ok, error = await asyncio.wait_for(waiter, 10.0)
        except asyncio.TimeoutError:
            self._health_waiters.pop(hid, None)
            ok, error = False, "healthcheck timed out"
        self.health.user_error = None if ok else (error or "Healthcheck failed")

    # ---- predictions ------------------------------------------------------------------------------------------

    def _create(self, request, kind, path_id):
        noun = "prediction" if kind == "predict" else "training"
        accept = request.headers.get("accept", "")
        wants_sse = any(part.split(";")[0].strip() == "text/event-stream" for part in accept.split(","))
        if wants_sse and kind == "train":  # spec 30 §2.6: checked before anything else
            return json_response(406, {"error": "Training endpoints do not support streaming responses."})
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if not content_type:
            body = {}
        elif content_type != "application/json" and not (content_type.startswith("application/") and content_type.endswith("+json")):
            return text_response(415, f"Unsupported Content-Type {content_type!r}; send application/json")
        else:
            try:
                text = request.body.decode("utf-8-sig")
                body = decode_body(text) if text.strip() else {}
            except (ValueError, UnicodeDecodeError) as exc:
                return text_response(400, f"Invalid JSON body: {exc}")
        if not isinstance(body, dict):
            return text_response(422, "The request body must be a JSON object")
        pid = body.get("id")
        if pid is not None and not isinstance(pid, str):
            return text_response(422, "'id' must be a string")
        if path_id is not None:
            if pid is not None and pid != path_id:
                return json_response(422, {"detail": [{"loc": ["body", "id"], "msg": f"{noun} ID must match the ID supplied in the URL", "type": "value_error"}]})
            pid = path_id
        payload = body.get("input")
        if payload is None:
            payload = {}
        context = body.get("context") or {}
        if not isinstance(context, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in context.items()):
            return text_response(422, "'context' must be an object of string values")
        webhook = body.get("webhook")
        if webhook is not None and not isinstance(webhook, str):
            return text_response(422, "'webhook' must be a URL string")
        events_filter = body.get("webhook_events_filter")
        if events_filter is not None:
            if not isinstance(events_filter, list) or any(e not in _EVENTS for e in events_filter):
                return text_response(422, f"'webhook_events_filter' must be a list drawn from {', '.join(_EVENTS)}")
        if wants_sse and not self.streaming:
            return json_response(406, {"error": "This model does not support streaming responses. Add @cog.streaming to predict() to enable SSE."})
        mode = "sse" if wants_sse else ("async" if request.headers.get("prefer", "").strip() == "respond-async" else "sync")

        if pid is not None and pid in self.in_flight:
            existing = self.in_flight[pid]
            if mode == "sse":
                return self._sse_response(existing)
            return json_response(202, existing.snapshot(with_input=True))

        if pid is None:
            pid = f"pred_{time.time_ns():x}"
        input_schema, validator, output_is_array, secret_keys = self._per_kind.get(kind, (None, None, False, ()))
        if validator is not None:
            payload, detail, unknown = validator.validate(payload)
            if unknown:
                self.log("warning", f"{noun} {pid}: ignoring input keys the model does not take: {_names(unknown)}")
            if detail:
                return json_response(422, {"detail": detail})
        elif not isinstance(payload, dict):
            return json_response(422, {"detail": [{"loc": ["body", "input", "__root__"], "msg": "input must be an object", "type": "value_error"}]})
        if not self.health.ready or self.closing:
            return json_response(503, _SETUP_NOT_DONE)
        if self.health.busy >= self.health.slots:
            return json_response(409, _AT_CAPACITY)
        try:
            run = self.worker.run_message(pid, payload, context, kind == "train")
        except ValueError:  # the parser lets 1e999 through as infinity
            return text_response(400, "Invalid JSON body: a number is out of range for a 64-bit float")
        prediction = Prediction(pid, payload, kind=kind, mode=mode, context=context,
                                output_is_array=output_is_array, secret_keys=secret_keys)
        self.in_flight[pid] = prediction
        self.health.busy += 1
        if webhook:
            self._attach_webhook(prediction, webhook, events_filter, request.headers)
        if self.streaming:
            self._attach_event_stream(prediction)
        # the reply is set up before dispatch so that a stream sees every event and a sync wait sees the end
        if mode == "async":
            reply = json_response(202, {"id": pid, "status": "starting"})
        elif mode == "sse":
            reply = self._sse_response(prediction)
        else:
            reply = self._wait_sync(prediction, request.conn)
        prediction.dispatched = True
        prediction.mark_started()  # spec 30 §3: dispatch is the start; the worker sends no separate event for it
        if not self.worker.send_run(run):
            self._finish(prediction, "failed", error="Worker crashed")
        return reply

    def _wait_sync(self, prediction, conn):
        def lost():
            if not prediction.terminal:
                self.cancel(prediction.id)

        conn.on_lost.append(lost)

        def build():
            if lost in conn.on_lost:
                conn.on_lost.remove(lost)
            return json_response(200, prediction.sync_reply())

        def subscribe(callback):
            if prediction.terminal:  # e.g. the worker was already gone when we dispatched
                callback()
            else:
                prediction.on_done.append(callback)

        return Deferred(subscribe, build)

    def _prepare_kinds(self):
        """Per endpoint kind: (Input component, its validator, whether Output is an array), computed once."""
        components = self.schema.get("components", {}).get("schemas", {})
        self._per_kind = {}
        for kind, inputs, outputs in (("predict", ("Input", "TrainingInput"), ("Output", "TrainingOutput")),
                                      ("train", ("TrainingInput", "Input"), ("TrainingOutput", "Output"))):
            name = next((n for n in inputs if n in components), None)  # a train-mode worker only has TrainingInput
            output = next((components[n] for n in outputs if n in components), {})
            if name is not None:
                properties = components[name].get("properties", {})
                secret_keys = tuple(k for k, p in properties.items() if p.get("x-cog-secret"))
                self._per_kind[kind] = (components[name], InputValidator(components[name], components),
                                        output.get("type") == "array", secret_keys)

    def _cancel(self, pid):
        if pid in self.in_flight:
            self.cancel(pid)
            return json_response(200, {})
        return json_response(404, {})

    def cancel(self, pid):
        prediction = self.in_flight.get(pid)
        if prediction is None or prediction.cancel_requested:
            return
        prediction.cancel_requested = True
        self.worker.send({"op": "cancel", "id": pid})

    # ---- webhooks and event streams ---------------------------------------------------------------------------

    def _attach_webhook(self, prediction, url, events_filter, headers):
        webhooks = _optional("webhooks")
        if webhooks is None:
            return
        extra = {k: headers[k] for k in ("traceparent", "tracestate") if k in headers}
        sender = webhooks.WebhookSender(url, events_filter, user_agent=f"cog-runtime/{__version__}", headers=extra,
                                        log=lambda text: self.log("warning", text))
        self._senders.add(sender)

        def listener(event, p, data):
            if event == "metric":
                return
            sender.send(event, lambda: p.snapshot(full=True))  # built only if not filtered or throttled
            if event == "completed":
                # its delivery thread ends by itself once the queue is empty; we keep it only to wait at shutdown
                self.loop.call_later(600, self._senders.discard, sender)

        prediction.listeners.append(listener)

    def _attach_event_stream(self, prediction):
        sse = _optional("sse")
        if sse is None:
            return
        def idle():
            if prediction.mode == "sse" and not prediction.terminal:
                self.loop.call_soon_threadsafe(self.cancel, prediction.id)

        stream = sse.EventStream(on_idle=idle)
        prediction.event_stream = stream

        def listener(event, p, data):
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

    def _sse_response(self, prediction):
        sse = _optional("sse")
        stream = getattr(prediction, "event_stream", None)
        if stream is None:
            return json_response(406, {"error": "This model does not support streaming responses. Add @cog.streaming to predict() to enable SSE."})
        try:
            subscription = stream.subscribe()
        except sse.TooManySubscribers:
            return json_response(429, {"error": "Too many stream subscribers"})

        async def produce(conn):
            done = asyncio.Event()

            def pump():
                try:
                    for chunk in subscription.frames(keepalive=15.0):
                        if conn.closed:
                            break
                        self.loop.call_soon_threadsafe(conn.write, chunk)
                finally:
                    subscription.close()
                    self.loop.call_soon_threadsafe(done.set)

            conn.on_lost.append(subscription.close)
            threading.Thread(target=pump, name=f"cog-sse-{prediction.id}", daemon=True).start()
            await done.wait()

        return StreamResponse(200, list(sse.RESPONSE_HEADERS), produce)

    # ---- shutdown ---------------------------------------------------------------------------------------------

    def _shutdown_request(self):
        self.loop.call_soon(lambda: asyncio.ensure_future(self.shutdown()))
        return json_response(200, {})

    async def shutdown(self, in_flight_grace=60.0):
        if self.closing:
            return
        self.closing = True
        self.log("info", "shutting down")
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


def _names(keys, shown=20):
    names = ", ".join(json.dumps(k, ensure_ascii=False) for k in keys[:shown])
    return names + (f" and {len(keys) - shown} more" if len(keys) > shown else "")


def _positive_int(raw, name, log):
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        log("warning", f"{name}={raw!r} is not an integer; ignoring it")
        return None
    return value if value > 0 else None
