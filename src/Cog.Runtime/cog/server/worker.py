"""The worker process: imports the runner, runs setup() once, then executes runs the server sends over IPC.

Started by the server as `python -m cog.server.worker <ctrl_fd> <event_fd> <mode>`; fds 0-2 are left to user code.
"""

import asyncio
import contextvars
import ctypes
import inspect
import io
import os
import shutil
import signal
import sys
import tempfile
import threading
import traceback
import warnings

from .. import __version__, coding, config, errors, runner, schema, scope
from . import files, protocol

_LOG_LINE_LIMIT = 4 * 1024 * 1024
_TRUNCATED = "[**** LOG LINE TRUNCATED AT 4 MiB ****]\n"
_current_run = contextvars.ContextVar("cog_run", default=None)


class EventChannel:
    """Worker -> server messages. One BufferedWriter.write per message, under a lock, so a message is never torn."""

    def __init__(self, fd):
        self._out = os.fdopen(fd, "wb", buffering=1 << 16)
        self._lock = threading.Lock()

    def send(self, message):
        data = protocol.encode_lenient(message)
        with self._lock:
            self._out.write(data)
            self._out.flush()


class RunState:
    def __init__(self, job):
        self.id = job["id"]
        self.job = job
        self.canceled = False
        self.cancel_event = threading.Event()
        self.started = False
        self.task = None  # asyncio task for async runners
        self.buffers = {"stdout": "", "stderr": ""}


class LogRouter:
    """Replaces sys.stdout/sys.stderr: text written during a run goes to that run's logs; during setup to setup logs."""

    def __init__(self, worker, source, fallback):
        self.worker = worker
        self.source = source
        self.fallback = fallback
        self.encoding = "utf-8"
        self.errors = "replace"

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        self.worker.route_log(self.source, text, self.fallback)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        return self.fallback.fileno()

    def writable(self):
        return True

    def readable(self):
        return False

    @property
    def buffer(self):
        return self.fallback.buffer

    @property
    def closed(self):
        return False


class Worker:
    def __init__(self, ctrl_fd, run_fd, event_fd, mode, upload_url=None):
        upload_url = upload_url or os.environ.get("COG_UPLOAD_URL") or None
        self.ctrl = os.fdopen(ctrl_fd, "rb", buffering=1 << 16)
        self.run_pipe = os.fdopen(run_fd, "rb", buffering=1 << 16)
        self.events = EventChannel(event_fd)
        self.mode = mode
        self.upload_url = upload_url
        self.loaded = None
        self.specs = []
        self.is_async = False
        self.is_asyncgen = False
        self.loop = None
        self.runs = {}
        self.runs_lock = threading.Lock()
        self.early_cancels = set()
        self.sync_current = None
        self.run_thread = None
        self.in_setup = True
        self.setup_buffer = {"stdout": "", "stderr": ""}
        self.health_thread_busy = False

    # ---- logs -------------------------------------------------------------------------------------------------

    def route_log(self, source, text, fallback):
        state = _current_run.get()
        if state is None and self.sync_current is not None:
            state = self.sync_current
        if state is not None:
            buffers = state.buffers
        elif self.in_setup:
            buffers = self.setup_buffer
        else:
            fallback.write(text)
            fallback.flush()
            return
        pending = buffers[source] + text
        if "\n" not in pending:
            if len(pending) > _LOG_LINE_LIMIT:
                pending = pending[:_LOG_LINE_LIMIT] + _TRUNCATED
                self._emit_log(state, source, pending)
                pending = ""
            buffers[source] = pending
            return
        cut = pending.rindex("\n") + 1
        complete, buffers[source] = pending[:cut], pending[cut:]
        self._emit_log(state, source, _truncate_lines(complete))

    def _emit_log(self, state, source, text):
        if state is None:
            self.events.send({"ev": "setup_log", "data": text})
        else:
            self.events.send({"ev": "log", "id": state.id, "src": source, "data": text})

    def flush_logs(self, state):
        buffers = state.buffers if state is not None else self.setup_buffer
        for source in ("stdout", "stderr"):
            if buffers[source]:
                text, buffers[source] = buffers[source], ""
                self._emit_log(state, source, _truncate_lines(text) + "\n")

    # ---- setup ------------------------------------------------------------------------------------------------

    def setup(self):
        self.events.send({"ev": "setup_log", "data": "Worker started, loading runner\n"})
        try:
            ref = config.runner_ref(self.mode)
            if not ref:
                raise errors.PredictorNotSet(config.missing_ref_message(self.mode).splitlines()[-1])
            with warnings.catch_warnings():
                warnings.simplefilter("always", DeprecationWarning)  # one line each for predict()/BasePredictor
                self.loaded = runner.load(ref, self.mode)
            method = self.loaded.method
            self.is_async = inspect.iscoroutinefunction(method) or inspect.isasyncgenfunction(method)
            self.is_asyncgen = inspect.isasyncgenfunction(method)
            concurrency = _concurrency(method)
            if concurrency > 1 and not self.is_async:
                raise RuntimeError("COG_MAX_CONCURRENCY > 1 requires an async run() or predict() method")
            setup_fn = self.loaded.setup_callable()
            needs_loop = self.is_async or (setup_fn is not None and inspect.iscoroutinefunction(setup_fn))
            healthcheck = self.loaded.healthcheck_callable()
            if needs_loop or (healthcheck is not None and inspect.iscoroutinefunction(healthcheck)):
                self._start_loop()
            if setup_fn is not None:
                kwargs = {}
                if "weights" in inspect.signature(setup_fn).parameters:
                    kwargs["weights"] = os.environ.get("COG_WEIGHTS") or None
                if inspect.iscoroutinefunction(setup_fn):
                    asyncio.run_coroutine_threadsafe(setup_fn(**kwargs), self.loop).result()
                else:
                    setup_fn(**kwargs)
            document, doc_error = self._schema(ref)
            self.specs = schema.input_specs(method, self.loaded.name)
        except BaseException as exc:  # noqa: BLE001 - every setup failure is reported, including SystemExit
            self.flush_logs(None)
            self.events.send({"ev": "setup_failed", "error": _describe(exc), "traceback": traceback.format_exc()})
            return False
        self.flush_logs(None)
        self.in_setup = False
        target = self._async_dispatch_loop if self.is_async else self._sync_loop
        self.run_thread = threading.Thread(target=target, name="cog-run", daemon=True)
        self.run_thread.start()
        self.events.send({
            "ev": "ready",
            "schema": document,
            "schema_error": doc_error,
            "concurrency": concurrency,
            "is_async": self.is_async,
            "has_healthcheck": self.loaded.healthcheck_callable() is not None,
            "sdk_version": __version__,
        })
        return True

    def _schema(self, ref):
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
            return None, _describe(exc)

    def _start_loop(self):
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def serve():
            asyncio.set_event_loop(self.loop)
            self.loop.call_soon(ready.set)
            self.loop.run_forever()

        threading.Thread(target=serve, name="cog-loop", daemon=True).start()
        ready.wait()

    # ---- control loop -----------------------------------------------------------------------------------------

    def _next_run(self):
        """Blocks for the next run op; None when the server closed the pipe."""
        for message in protocol.decode_all(self.run_pipe):
            if message.get("op") == "run":
                if message.get("input_file"):
                    message["input"] = protocol.decode(files.unspill(message.pop("input_file")))
                state = RunState(message)
                with self.runs_lock:
                    self.runs[state.id] = state
                    if state.id in self.early_cancels:
                        self.early_cancels.discard(state.id)
                        state.canceled = True
                        state.cancel_event.set()
                return state
        return None

    def _async_dispatch_loop(self):
        while True:
            state = self._next_run()
            if state is None:
                return
            asyncio.run_coroutine_threadsafe(self._run_async(state), self.loop)

    def serve(self):
        for message in protocol.decode_all(self.ctrl):
            op = message.get("op")
            if op == "cancel":
                self.cancel(message["id"])
            elif op == "health":
                self.healthcheck(message["hid"])
            elif op == "shutdown":
                break

    def cancel(self, run_id):
        with self.runs_lock:
            state = self.runs.get(run_id)
            if state is None:
                if len(self.early_cancels) > 10000:
                    self.early_cancels.clear()
                self.early_cancels.add(run_id)  # the cancel overtook its run op (separate pipes)
                return
            if state.canceled:
                return
            state.canceled = True
            state.cancel_event.set()
            if self.is_async:
                if state.task is not None:
                    self.loop.call_soon_threadsafe(state.task.cancel)
            elif state.started and self.sync_current is state:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.run_thread.ident),
                                                           ctypes.py_object(runner.CancelationException))

    # ---- running ----------------------------------------------------------------------------------------------

    def _sync_loop(self):
        while True:
            try:
                state = self._next_run()
                if state is None:
                    return
                self._run_sync(state)
            except runner.CancelationException:
                continue  # a cancel that raced with the end of its run

    def _begin(self, state):
        job = state.job
        state.scope = scope.Scope(job.get("context"), lambda k, v, m: self.events.send(
            {"ev": "metric", "id": state.id, "name": k, "value": v, "mode": m}))

    def _run_sync(self, state):
        self._begin(state)
        token = scope.enter(state.scope, sync=True)
        run_token = _current_run.set(state)
        prepared = None
        try:
            try:
                prepared = coding.prepare_input(state.job.get("input") or {}, self.specs, files.InputFiles)
            except Exception as exc:  # noqa: BLE001
                self._finish(state, "failed", error=f"Input validation error: {_input_error(exc)}")
                return
            with self.runs_lock:
                if state.canceled:
                    raise runner.CancelationException()
                self.sync_current = state
                state.started = True
            fn = self.loaded.callable
            result = fn(**prepared.kwargs)
            if inspect.isgenerator(result) or isinstance(result, (list, tuple)) or _is_iterator(result):
                for item in result:
                    self.events.send({"ev": "output", "id": state.id, "item": self._encode(item, state)})
                self._stop_cancel(state)
                self._finish(state, "done", is_list=True)
            else:
                self._stop_cancel(state)
                self._finish(state, "done", output=self._encode(result, state))
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt fail the run too
            self._stop_cancel(state)
            if state.canceled:
                self._finish(state, "canceled")
            else:
                self._log_traceback(state)
                self._finish(state, "failed", error=f"Prediction failed: {_describe(exc)}")
        finally:
            self._stop_cancel(state)
            _current_run.reset(run_token)
            scope.leave(token, sync=True)
            if prepared is not None:
                prepared.cleanup()

    def _stop_cancel(self, state):
        """After this, no cancel can inject an exception into the run thread any more."""
        with self.runs_lock:
            if self.sync_current is state:
                self.sync_current = None
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.get_ident()), None)

    async def _run_async(self, state):
        state.task = asyncio.current_task()
        if state.canceled:
            state.task.cancel()
        self._begin(state)
        token = scope.enter(state.scope)
        _current_run.set(state)
        prepared = None
        try:
            try:
                prepared = await asyncio.get_running_loop().run_in_executor(
                    None, coding.prepare_input, state.job.get("input") or {}, self.specs, files.InputFiles)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001
                self._finish(state, "failed", error=f"Input validation error: {_input_error(exc)}")
                return
            state.started = True
            result = self.loaded.callable(**prepared.kwargs)
            if inspect.isasyncgen(result):
                async for item in result:
                    self.events.send({"ev": "output", "id": state.id, "item": await self._encode_async(item, state)})
                self._finish(state, "done", is_list=True)
                return
            if inspect.isawaitable(result):
                result = await result
            if inspect.isgenerator(result) or isinstance(result, (list, tuple)):
                for item in result:
                    self.events.send({"ev": "output", "id": state.id, "item": await self._encode_async(item, state)})
                self._finish(state, "done", is_list=True)
            else:
                self._finish(state, "done", output=await self._encode_async(result, state))
        except BaseException as exc:  # noqa: BLE001
            if state.canceled:
                self._finish(state, "canceled")
            else:
                self._log_traceback(state)
                self._finish(state, "failed", error=f"Prediction failed: {_describe(exc)}")
        finally:
            scope.leave(token)
            if prepared is not None:
                prepared.cleanup()

    def _encode(self, value, state=None):
        return coding.encode_output(value, self._file_encoder(state) if self.upload_url else None)

    async def _encode_async(self, value, state):
        """Files are read (and maybe uploaded) off the event loop so other concurrent runs keep going."""
        if isinstance(value, (os.PathLike, io.IOBase, list, tuple, dict)) or self.upload_url:
            return await asyncio.get_running_loop().run_in_executor(None, self._encode, value, state)
        return self._encode(value, state)

    def _file_encoder(self, state):
        def encode(value):
            cancel = state.cancel_event if state is not None else None
            if isinstance(value, io.IOBase):
                folder = tempfile.mkdtemp(prefix="cog-output-")
                try:
                    return files.upload(files.io_to_file(value, 0, folder), self.upload_url, cancel=cancel)
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
            return files.upload(os.fspath(value), self.upload_url, cancel=cancel)
        return encode

    def _log_traceback(self, state):
        exc = sys.exc_info()[1]
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
            tb = tb.tb_next  # the user's frames are what helps; ours are noise
        state.buffers["stderr"] += "".join(traceback.format_exception(type(exc), exc, tb))

    def _finish(self, state, kind, **fields):
        self.flush_logs(state)
        with self.runs_lock:
            self.runs.pop(state.id, None)
        message = {"ev": kind, "id": state.id, "metrics": state.scope.metrics.as_dict() if hasattr(state, "scope") else {}}
        message.update(fields)
        self.events.send(message)

    # ---- health -----------------------------------------------------------------------------------------------

    def healthcheck(self, hid):
        check = self.loaded.healthcheck_callable() if self.loaded else None
        if check is None:
            self.events.send({"ev": "health", "hid": hid, "ok": True})
            return

        def run_check():
            try:
                if inspect.iscoroutinefunction(check):
                    result = asyncio.run_coroutine_threadsafe(asyncio.wait_for(check(), 5.0), self.loop).result()
                else:
                    result = _call_with_timeout(check, 5.0)
                ok, error = result is not False, None
                if not ok:
                    error = "Healthcheck failed: user-defined healthcheck returned False"
            except (TimeoutError, asyncio.TimeoutError):
                ok, error = False, "Healthcheck failed: user-defined healthcheck timed out after 5.0 seconds"
            except BaseException as exc:  # noqa: BLE001
                ok, error = False, f"Healthcheck failed: {_describe(exc)}"
            self.events.send({"ev": "health", "hid": hid, "ok": ok, "error": error})

        threading.Thread(target=run_check, name="cog-health", daemon=True).start()


def _call_with_timeout(fn, timeout):
    box = {}

    def target():
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def _is_iterator(value):
    return hasattr(value, "__next__") and hasattr(value, "__iter__") and not isinstance(value, (str, bytes, dict, io.IOBase))


def _truncate_lines(text):
    if len(text) <= _LOG_LINE_LIMIT:
        return text
    return "".join(line if len(line) <= _LOG_LINE_LIMIT else line[:_LOG_LINE_LIMIT] + _TRUNCATED
                   for line in text.splitlines(keepends=True))


def _input_error(exc):
    return str(exc) if isinstance(exc, files.DownloadError) else _describe(exc)


def _describe(exc):
    message = str(exc)
    name = type(exc).__name__
    return f"{name}: {message}" if message else name


def _concurrency(method):
    raw = os.environ.get("COG_MAX_CONCURRENCY")
    if raw is not None:
        try:
            value = int(raw)
            if value >= 1:
                return value
        except ValueError:
            pass
        print(f"cog: warning: COG_MAX_CONCURRENCY={raw!r} is not a positive integer; using 1", file=sys.__stderr__)
        return 1
    return getattr(method, "__cog_concurrent_max__", 1)


def _tool_version():
    return os.environ.get("COG_VERSION") or __version__


def _die_with_server():
    """If the server is killed outright, don't linger (e.g. stuck in setup) as an orphan holding GPU memory."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main(argv):
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
    sys.stdout = LogRouter(worker, "stdout", sys.__stderr__)
    sys.stderr = LogRouter(worker, "stderr", sys.__stderr__)
    if worker.setup():
        worker.serve()
    else:
        # stay alive until told to stop so the server keeps reporting SETUP_FAILED without racing our exit
        for _ in worker.ctrl:
            pass


if __name__ == "__main__":
    main(sys.argv[1:])
