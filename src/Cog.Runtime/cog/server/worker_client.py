"""The server's side of the worker: spawning it, its IPC pipes, and turning its events into prediction updates."""

import asyncio
import json
import os
import signal
import subprocess
import sys

from . import protocol


SPILL_LIMIT = 6 * 1024 * 1024


class WorkerClient:
    def __init__(self, loop, mode, on_event, on_exit, log):
        self.loop = loop
        self.mode = mode
        self.on_event = on_event
        self.on_exit = on_exit
        self.log = log
        self.proc = None
        self._ctrl = None
        self._run = None
        self._splitter = protocol.LineSplitter()
        self.exited = False

    def spawn(self, upload_url=None):
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

    def _readable(self, fd):
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
                self.log("warning", f"unreadable worker message: {line[:200]!r}")
                continue
            self.on_event(message)

    def _exited(self):
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

    def run_message(self, pid, payload, context, train):
        """The run op as bytes, made before the prediction is registered: ValueError for values that JSON cannot
        carry (NaN, Infinity, lone surrogates), which the request then fails with instead of a stuck slot."""
        message = {"op": "run", "id": pid, "input": payload, "context": context, "train": train}
        data = protocol.encode(message)
        if len(data) > SPILL_LIMIT:
            # a huge input would block the event loop while the pipe drains; hand the worker a file instead
            from .files import spill
            data = protocol.encode(dict(message, input=None, input_file=spill(protocol.encode(payload))))
        return data

    def send_run(self, data):
        """Run ops go on their own pipe, read directly by the worker's run thread (no thread hand-off per run)."""
        return self._write(self._run, data)

    def send(self, message):
        """Cancel/health/shutdown go on the control pipe, which the worker reads even while a run is busy."""
        return self._write(self._ctrl, protocol.encode(message))

    def _write(self, channel, data):
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

    def signal(self, signum):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.send_signal(signum)
            except ProcessLookupError:
                pass

    def kill(self):
        self.signal(signal.SIGKILL)

    async def stop(self, grace=5.0):
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


def dumps(value):
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
