"""Running predictions in the worker: each run op becomes a RunState, runs a sync runner on the run thread or an async
one on the event loop, streams its outputs, and ends with one done/failed/canceled event. Cancels reach a sync run
as a CancelationException raised in its thread, and an async one as a task cancel."""

from __future__ import annotations

import asyncio
import contextvars
import ctypes
import dataclasses
import inspect
import io
import os
import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable
from typing import Any

from .. import coding, runner, scope
from ..runner import LoadedRunner
from ..schema import InputSpec
from . import files
from .worker_logs import LogCapture, empty_buffers

_current_run: contextvars.ContextVar[RunState | None] = contextvars.ContextVar("cog_run", default=None)
_EARLY_CANCELS_KEPT = 10000


@dataclasses.dataclass(eq=False)
class RunState:
    id: str
    job: dict[str, Any]  # the run op: id, input, context, train
    canceled: bool = False
    cancel_event: threading.Event = dataclasses.field(default_factory=threading.Event)
    started: bool = False
    task: asyncio.Task[Any] | None = None  # of an async runner's run
    buffers: dict[str, str] = dataclasses.field(default_factory=empty_buffers)
    scope: scope.Scope | None = None


class Runs:
    def __init__(self, loaded: LoadedRunner, specs: list[InputSpec], is_async: bool,
                 loop: asyncio.AbstractEventLoop | None, send: Callable[[dict[str, Any]], None], logs: LogCapture,
                 upload_url: str | None) -> None:
        self.loaded = loaded
        self.specs = specs
        self.is_async = is_async
        self.loop = loop
        self.send = send
        self.logs = logs
        self.upload_url = upload_url
        self._runs: dict[str, RunState] = {}
        self._lock = threading.Lock()
        self._early_cancels: set[str] = set()
        self._sync_current: RunState | None = None
        self._run_thread: int | None = None

    def current(self) -> RunState | None:
        """The run whose code is executing here: this context's, else the one sync run (threads it started log too)."""
        return _current_run.get() or self._sync_current

    def admit(self, job: dict[str, Any]) -> RunState:
        state = RunState(job["id"], job)
        with self._lock:
            self._runs[state.id] = state
            if state.id in self._early_cancels:
                self._early_cancels.discard(state.id)
                state.canceled = True
                state.cancel_event.set()
        return state

    def cancel(self, run_id: str) -> None:
        with self._lock:
            state = self._runs.get(run_id)
            if state is None:
                if len(self._early_cancels) > _EARLY_CANCELS_KEPT:
                    self._early_cancels.clear()
                self._early_cancels.add(run_id)  # the cancel overtook its run op (separate pipes)
                return
            if state.canceled:
                return
            state.canceled = True
            state.cancel_event.set()
            if self.is_async:
                if state.task is not None:
                    self.loop.call_soon_threadsafe(state.task.cancel)
            elif state.started and self._sync_current is state:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._run_thread),
                                                           ctypes.py_object(runner.CancelationException))

    def run_sync(self, state: RunState) -> None:
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
            with self._lock:
                if state.canceled:
                    raise runner.CancelationException()
                self._sync_current = state
                self._run_thread = threading.get_ident()
                state.started = True
            result = self.loaded.callable(**prepared.kwargs)
            if inspect.isgenerator(result) or isinstance(result, (list, tuple)) or _is_iterator(result):
                for item in result:
                    self.send({"ev": "output", "id": state.id, "item": self._encode(item, state)})
                self._stop_cancel(state)
                self._finish(state, "done", is_list=True)
            else:
                self._stop_cancel(state)
                self._finish(state, "done", output=self._encode(result, state))
        except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt fail the run too
            self._stop_cancel(state)
            self._end_with(state, exc)
        finally:
            self._stop_cancel(state)
            _current_run.reset(run_token)
            scope.leave(token, sync=True)
            if prepared is not None:
                prepared.cleanup()

    def _stop_cancel(self, state: RunState) -> None:
        """After this, no cancel can inject an exception into the run thread any more."""
        with self._lock:
            if self._sync_current is state:
                self._sync_current = None
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(threading.get_ident()), None)

    async def run_async(self, state: RunState) -> None:
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
                    self.send({"ev": "output", "id": state.id, "item": await self._encode_async(item, state)})
                self._finish(state, "done", is_list=True)
                return
            if inspect.isawaitable(result):
                result = await result
            if inspect.isgenerator(result) or isinstance(result, (list, tuple)):
                for item in result:
                    self.send({"ev": "output", "id": state.id, "item": await self._encode_async(item, state)})
                self._finish(state, "done", is_list=True)
            else:
                self._finish(state, "done", output=await self._encode_async(result, state))
        except BaseException as exc:  # noqa: BLE001
            self._end_with(state, exc)
        finally:
            scope.leave(token)
            if prepared is not None:
                prepared.cleanup()

    def _begin(self, state: RunState) -> None:
        state.scope = scope.Scope(state.job.get("context"), lambda k, v, m: self.send(
            {"ev": "metric", "id": state.id, "name": k, "value": v, "mode": m}))

    def _encode(self, value: Any, state: RunState | None = None) -> Any:
        return coding.encode_output(value, self._file_encoder(state) if self.upload_url else None)

    async def _encode_async(self, value: Any, state: RunState) -> Any:
        """Files are read (and maybe uploaded) off the event loop so other concurrent runs keep going."""
        if isinstance(value, (os.PathLike, io.IOBase, list, tuple, dict)) or self.upload_url:
            return await asyncio.get_running_loop().run_in_executor(None, self._encode, value, state)
        return self._encode(value, state)

    def _file_encoder(self, state: RunState | None) -> coding.FileEncoder:
        def encode(value: Any) -> str:
            cancel = state.cancel_event if state is not None else None
            if isinstance(value, io.IOBase):
                folder = tempfile.mkdtemp(prefix="cog-output-")
                try:
                    return files.upload(files.io_to_file(value, 0, folder), self.upload_url, cancel=cancel)
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
            return files.upload(os.fspath(value), self.upload_url, cancel=cancel)
        return encode

    def _end_with(self, state: RunState, exc: BaseException) -> None:
        """A run that raised: canceled if a cancel was asked for, else failed with the model's traceback in its logs."""
        if state.canceled:
            self._finish(state, "canceled")
            return
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename == __file__:
            tb = tb.tb_next  # the user's frames are what helps; ours are noise
        state.buffers["stderr"] += "".join(traceback.format_exception(type(exc), exc, tb))
        self._finish(state, "failed", error=f"Prediction failed: {describe(exc)}")

    def _finish(self, state: RunState, kind: str, **fields: Any) -> None:
        self.logs.flush(state)
        with self._lock:
            self._runs.pop(state.id, None)
        message = {"ev": kind, "id": state.id, "metrics": state.scope.metrics.as_dict() if state.scope else {}}
        message.update(fields)
        self.send(message)


def describe(exc: BaseException) -> str:
    message = str(exc)
    name = type(exc).__name__
    return f"{name}: {message}" if message else name


def _input_error(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, files.DownloadError) else describe(exc)


def _is_iterator(value: Any) -> bool:
    return hasattr(value, "__next__") and hasattr(value, "__iter__") and not isinstance(value, (str, bytes, dict, io.IOBase))
