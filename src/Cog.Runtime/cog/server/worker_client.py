"""The server's side of the worker: spawning it, writing ops to its pipes, and reading its events."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import IO, Any

from . import protocol, runtime_log

SPILL_LIMIT = 6 * 1024 * 1024


class WorkerClient:
    def __init__(self, loop: asyncio.AbstractEventLoop, mode: str, on_event: Callable[[dict[str, Any]], None],
                 on_exit: Callable[[int | None], None]) -> None:
        self.loop = loop
        self.mode = mode
        self.on_event = on_event
        self.on_exit = on_exit
        self.proc: subprocess.Popen[bytes] | None = None
        self._ctrl: IO[bytes] | None = None
        self._run: IO[bytes] | None = None
        self._splitter = protocol.LineSplitter()
        self.exited = False

    def spawn(self, upload_url: str | None = None) -> int:
        ctrl_read, ctrl_write = os.pipe()
        run_read, run_write = os.pipe()
        event_read, event_write = os.pipe()
        env = dict(os.environ)
        runtime_root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        if upload_url:
            env["COG_UPLOAD_URL"] = upload_url  # the worker uploads file outputs itself, so bytes never cross IPC
        env["PYTHONPATH"] = runtime_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cog.server.worker", str(ctrl_read), str(run_read), str(event_write), self.mode],
            pass_fds=(ctrl_read, run_read, event_write), stdin=subprocess.DEVNULL, stdout=sys.stderr.fileno(),
            env=env, start_new_session=False)
        os.close(ctrl_read)
        os.close(run_read)
        os.close(event_write)
        self._ctrl = os.fdopen(ctrl_write, "wb", buffering=0)
        self._run = os.fdopen(run_write, "wb", buffering=0)
        os.set_blocking(event_read, False)
        self.loop.add_reader(event_read, self._readable, event_read)
        return self.proc.pid

    def _readable(self, fd: int) -> None:
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self.loop.remove_reader(fd)
            os.close(fd)
            self._exited()
            return
        for line in self._splitter.feed(data):
            if not line:
                continue
            try:
                message = protocol.decode(line)
            except ValueError:
                runtime_log.warning(f"unreadable worker message: {line[:200]!r}")
                continue
            self.on_event(message)

    def _exited(self) -> None:
        if self.exited:
            return
        self.exited = True
        code = None
        if self.proc is not None:
            try:
                code = self.proc.wait(timeout=2)
            except (subprocess.TimeoutExpired, ChildProcessError):
                code = None
        self.on_exit(code)

    def run_message(self, pid: str, payload: dict[str, Any], context: dict[str, str], train: bool) -> bytes:
        """The run op as bytes, made before the prediction is registered: ValueError for values that JSON cannot
        carry (NaN, Infinity, lone surrogates), which the request then fails with instead of a stuck slot."""
        message = {"op": "run", "id": pid, "input": payload, "context": context, "train": train}
        data = protocol.encode(message)
        if len(data) > SPILL_LIMIT:
            # a huge input would block the event loop while the pipe drains; hand the worker a file instead
            from .files import spill
            data = protocol.encode(dict(message, input=None, input_file=spill(protocol.encode(payload))))
        return data

    def send_run(self, data: bytes) -> bool:
        """Run ops go on their own pipe, read directly by the worker's run thread (no thread hand-off per run)."""
        return self._write(self._run, data)

    def send(self, message: dict[str, Any]) -> bool:
        """Cancel/health/shutdown go on the control pipe, which the worker reads even while a run is busy."""
        return self._write(self._ctrl, protocol.encode(message))

    def _write(self, channel: IO[bytes] | None, data: bytes) -> bool:
        if channel is None or self.exited:
            return False
        try:
            # pipe writes can block for big inputs; the worker drains continuously, so this stays short
            view = memoryview(data)
            while view:
                written = channel.write(view)
                view = view[written:]
            return True
        except (BrokenPipeError, OSError):
            return False

    def signal(self, signum: int) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.send_signal(signum)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.signal(signal.SIGKILL)

    async def stop(self, grace: float = 5.0) -> None:
        if self.proc is None:
            return
        self.send({"op": "shutdown"})
        for channel in (self._ctrl, self._run):
            try:
                if channel:
                    channel.close()
            except OSError:
                pass
        self._ctrl = self._run = None
        deadline = self.loop.time() + grace
        while self.proc.poll() is None and self.loop.time() < deadline:
            await asyncio.sleep(0.02)
        if self.proc.poll() is None:
            self.kill()
