"""The worker process: imports the runner, runs setup() once, then executes the runs the server sends over IPC.

Started by the server as `python -m cog.server.worker <ctrl_fd> <run_fd> <event_fd> <mode>`; fds 0-2 are left to user
code. Its parts: worker_logs (the model's prints), worker_runs (running and canceling), worker_health (healthcheck()).
"""

from __future__ import annotations

import asyncio
import ctypes
import inspect
import os
import signal
import sys
import threading
import traceback
import warnings
from typing import Any

from .. import __version__, config, errors, runner, schema
from . import files, protocol, settings
from .worker_health import run_healthcheck
from .worker_logs import LogCapture, LogRouter
from .worker_runs import RunState, Runs, describe


class EventChannel:
    """Worker -> server messages. One BufferedWriter.write per message, under a lock, so a message is never torn."""

    def __init__(self, fd: int) -> None:
        self._out = os.fdopen(fd, "wb", buffering=1 << 16)
        self._lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        data = protocol.encode_lenient(message)
        with self._lock:
            self._out.write(data)
            self._out.flush()


class Worker:
    def __init__(self, ctrl_fd: int, run_fd: int, event_fd: int, mode: str, upload_url: str | None = None) -> None:
        self.ctrl = os.fdopen(ctrl_fd, "rb", buffering=1 << 16)
        self.run_pipe = os.fdopen(run_fd, "rb", buffering=1 << 16)
        self.events = EventChannel(event_fd)
        self.mode = mode
        self.upload_url = upload_url or os.environ.get("COG_UPLOAD_URL") or None
        self.loaded: runner.LoadedRunner | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.runs: Runs | None = None
        self.logs = LogCapture(self.events.send, lambda: self.runs.current() if self.runs is not None else None)

    def setup(self) -> bool:
        """Loads the runner and runs its setup(); True and a ready event, or False and a setup_failed event."""
        self.events.send({"ev": "setup_log", "data": "Worker started, loading runner\n"})
        try:
            ref = config.runner_ref(self.mode)
            if not ref:
                raise errors.PredictorNotSet(config.missing_ref_message(self.mode).splitlines()[-1])
            with warnings.catch_warnings():
                warnings.simplefilter("always", DeprecationWarning)  # one line each for predict()/BasePredictor
                self.loaded = runner.load(ref, self.mode)
            method = self.loaded.method
            is_async = inspect.iscoroutinefunction(method) or inspect.isasyncgenfunction(method)
            concurrency = _concurrency(method)
            if concurrency > 1 and not is_async:
                raise RuntimeError("COG_MAX_CONCURRENCY > 1 requires an async run() or predict() method")
            setup_fn = self.loaded.setup_callable()
            healthcheck = self.loaded.healthcheck_callable()
            if is_async or any(f is not None and inspect.iscoroutinefunction(f) for f in (setup_fn, healthcheck)):
                self._start_loop()
            if setup_fn is not None:
                kwargs = {}
                if "weights" in inspect.signature(setup_fn).parameters:
                    kwargs["weights"] = os.environ.get("COG_WEIGHTS") or None
                if inspect.iscoroutinefunction(setup_fn):
                    asyncio.run_coroutine_threadsafe(setup_fn(**kwargs), self.loop).result()
                else:
                    setup_fn(**kwargs)
            document, doc_error = self._schema()
            specs = schema.input_specs(method, self.loaded.name)
        except BaseException as exc:  # noqa: BLE001 - every setup failure is reported, including SystemExit
            self.logs.flush(None)
            self.events.send({"ev": "setup_failed", "error": describe(exc), "traceback": traceback.format_exc()})
            return False
        self.logs.flush(None)
        self.logs.in_setup = False
        self.runs = Runs(self.loaded, specs, is_async, self.loop, self.events.send, self.logs, self.upload_url)
        target = self._async_dispatch_loop if is_async else self._sync_loop
        threading.Thread(target=target, name="cog-run", daemon=True).start()
        self.events.send({
            "ev": "ready",
            "schema": document,
            "schema_error": doc_error,
            "concurrency": concurrency,
            "is_async": is_async,
            "has_healthcheck": healthcheck is not None,
            "sdk_version": __version__,
        })
        return True

    def _schema(self) -> tuple[str | None, str | None]:
        """(the OpenAPI document's text, None) or (None, why there is none)."""
        override = os.environ.get("COG_OPENAPI_SCHEMA")
        try:
            if override:
                with open(override, encoding="utf-8") as f:
                    return f.read(), None
            part = (self.loaded.method, self.loaded.name, schema.is_streaming(self.loaded.method))
            if self.mode == "train":
                document = schema.build_document(_tool_version(), train=part)
            else:
                document = schema.build_document(_tool_version(), predict=part)
            return schema.document_text(document), None
        except Exception as exc:  # noqa: BLE001 - the model can still run without a schema
            return None, describe(exc)

    def _start_loop(self) -> None:
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self.loop)
            self.loop.call_soon(ready.set)
            self.loop.run_forever()

        threading.Thread(target=serve, name="cog-loop", daemon=True).start()
        ready.wait()

    def _next_run(self) -> RunState | None:
        """Blocks for the next run op; None when the server closed the pipe."""
        for message in protocol.decode_all(self.run_pipe):
            if message.get("op") == "run":
                if message.get("input_file"):
                    message["input"] = protocol.decode(files.unspill(message.pop("input_file")))
                return self.runs.admit(message)
        return None

    def _sync_loop(self) -> None:
        while True:
            try:
                state = self._next_run()
                if state is None:
                    return
                self.runs.run_sync(state)
            except runner.CancelationException:
                continue  # a cancel that raced with the end of its run

    def _async_dispatch_loop(self) -> None:
        while True:
            state = self._next_run()
            if state is None:
                return
            asyncio.run_coroutine_threadsafe(self.runs.run_async(state), self.loop)

    def serve(self) -> None:
        """Reads control ops (cancel, health, shutdown) until shutdown or until the server closes the pipe."""
        for message in protocol.decode_all(self.ctrl):
            op = message.get("op")
            if op == "cancel":
                self.runs.cancel(message["id"])
            elif op == "health":
                check = self.loaded.healthcheck_callable() if self.loaded else None
                run_healthcheck(check, message["hid"], self.loop, self.events.send, describe)
            elif op == "shutdown":
                break


def _concurrency(method: Any) -> int:
    """COG_MAX_CONCURRENCY when set, else what @cog.concurrent(max=N) says."""
    return settings.number("COG_MAX_CONCURRENCY", int, getattr(method, "__cog_concurrent_max__", 1),
                           "a positive integer", lambda n: n >= 1)


def _tool_version() -> str:
    return os.environ.get("COG_VERSION") or __version__


def _die_with_server() -> None:
    """If the server is killed outright, don't linger (e.g. stuck in setup) as an orphan holding GPU memory."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main(argv: list[str]) -> None:
    ctrl_fd, run_fd, event_fd, mode = int(argv[0]), int(argv[1]), int(argv[2]), argv[3]
    # The server decides when we stop (Ctrl-C and group-wide SIGTERM reach us too). Handlers, unlike SIG_IGN,
    # are not inherited by processes the runner starts.
    signal.signal(signal.SIGINT, lambda *_: None)
    signal.signal(signal.SIGTERM, lambda *_: None)
    _die_with_server()
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    warnings.formatwarning = lambda message, category, *_, **__: f"{category.__name__}: {message}\n"
    worker = Worker(ctrl_fd, run_fd, event_fd, mode)
    sys.stdout = LogRouter(worker.logs, "stdout", sys.__stderr__)
    sys.stderr = LogRouter(worker.logs, "stderr", sys.__stderr__)
    if worker.setup():
        worker.serve()
    else:
        # stay alive until told to stop so the server keeps reporting SETUP_FAILED without racing our exit
        for _ in worker.ctrl:
            pass


if __name__ == "__main__":
    main(sys.argv[1:])
