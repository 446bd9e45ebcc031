"""Starts real runtime servers on 127.0.0.1 ephemeral ports and talks HTTP to them."""

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
RUNTIME = os.path.join(REPO, "src", "Cog.Runtime")
RUNNERS = os.path.join(HERE, "fixtures", "runners")


class Server:
    """One `python -m cog.server.http` process. `ref` is a runner in fixtures/runners ("file.py:Name")."""

    def __init__(self, ref=None, cwd=None, env=None, args=(), wait=True, mode="predict"):
        self.tmp = tempfile.mkdtemp(prefix="cog-rt-test-")
        self.port_file = os.path.join(self.tmp, "port")
        self.stderr_path = os.path.join(self.tmp, "stderr.log")
        full_env = dict(os.environ)
        for key in ("COG_PREDICT_TYPE_STUB", "COG_TRAIN_TYPE_STUB", "COG_MAX_CONCURRENCY", "COG_SETUP_TIMEOUT"):
            full_env.pop(key, None)
        full_env.update(PYTHONPATH=RUNTIME, PORT="0", COG_PORT_FILE=self.port_file, LOG_FORMAT="console",
                        COG_THROTTLE_RESPONSE_INTERVAL="0")
        if ref:
            full_env["COG_TRAIN_TYPE_STUB" if mode == "train" else "COG_PREDICT_TYPE_STUB"] = ref
        full_env.update(env or {})
        argv = [sys.executable, "-m", "cog.server.http", "--host", "127.0.0.1"] + list(args)
        if mode == "train":
            argv += ["--x-mode", "train"]
        self.stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(argv, cwd=cwd or RUNNERS, env=full_env, stdout=self.stderr, stderr=self.stderr)
        self.port = self._wait_port()
        if wait:
            self.wait_status(("READY", "SETUP_FAILED", "UNHEALTHY", "BUSY"))

    def _wait_port(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(self.port_file):
                with open(self.port_file) as f:
                    return int(f.read())
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode}: {self.log()}")
            time.sleep(0.02)
        raise AssertionError("server did not start listening: " + self.log())

    def log(self):
        try:
            with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def wait_status(self, statuses, timeout=30):
        if isinstance(statuses, str):
            statuses = (statuses,)
        deadline = time.time() + timeout
        body = None
        while time.time() < deadline:
            status, body = self.json("GET", "/health-check")
            if body.get("status") in statuses:
                return body
            time.sleep(0.03)
        raise AssertionError(f"health never reached {statuses}; last {body}; log:\n{self.log()}")

    def connection(self, timeout=60):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, timeout=60):
        conn = self.connection(timeout)
        try:
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
                headers = dict({"Content-Type": "application/json"}, **(headers or {}))
            conn.request(method, path, body, headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def json(self, method, path, body=None, headers=None, timeout=60):
        status, _, data = self.request(method, path, body, headers, timeout)
        return status, (json.loads(data) if data.strip() else None)

    def predict(self, inputs=None, **extra):
        body = {"input": inputs or {}}
        body.update(extra)
        return self.json("POST", "/predictions", body)

    def raw(self, data, timeout=10, shutdown_write=False):
        """Sends raw bytes on a fresh connection; returns everything the server answered before closing."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            if shutdown_write:
                s.shutdown(socket.SHUT_WR)
            chunks = []
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            except socket.timeout:
                pass
            return b"".join(chunks)

    def worker_pid(self):
        try:
            with open(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children") as f:
                pids = [int(p) for p in f.read().split()]
        except OSError:
            return None
        return pids[0] if pids else None

    def stop(self, sig=signal.SIGTERM, timeout=15):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def model_dir(files):
    """A temp model folder holding the given {name: text} files (cog.yaml, run.py, ...)."""
    folder = tempfile.mkdtemp(prefix="cog-rt-model-")
    for name, text in files.items():
        with open(os.path.join(folder, name), "w") as f:
            f.write(text)
    return folder


def run_python(args, cwd, env=None, timeout=60):
    full_env = dict(os.environ, PYTHONPATH=RUNTIME)
    for key in ("COG_PREDICT_TYPE_STUB", "COG_TRAIN_TYPE_STUB"):
        full_env.pop(key, None)
    full_env.update(env or {})
    return subprocess.run([sys.executable] + list(args), cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout)


@contextlib.contextmanager
def runtime_warnings(test):
    """The messages written to the runtime's log (cog.server.runtime_log) at warning level or above in the block;
    fails `test` when there is none."""
    from cog.server import runtime_log

    messages = []

    def write(level, message):
        if level in ("warn", "warning", "error"):
            messages.append(message)

    with mock.patch.object(runtime_log, "write", write):
        yield messages
    test.assertTrue(messages, "nothing was written to the runtime's log at warning level")
