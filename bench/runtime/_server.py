"""The runtime under benchmark: writes a throwaway model folder and runs `python -m cog.server.http` on 127.0.0.1."""

import contextlib
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME = os.path.normpath(os.path.join(HERE, "..", "..", "src", "Cog.Runtime"))

COG_YAML = 'build:\n  python_version: "3.11"\nrun: "run.py:Runner"\n'


@contextlib.contextmanager
def running_server(runner_source, prefix, **env):
    """Yields (process, port) of a ready server whose run.py is `runner_source`; extra `env` goes to the server."""
    with tempfile.TemporaryDirectory(prefix=prefix) as model_dir:
        with open(os.path.join(model_dir, "cog.yaml"), "w") as f:
            f.write(COG_YAML)
        with open(os.path.join(model_dir, "run.py"), "w") as f:
            f.write(runner_source)
        proc, port = _start(model_dir, env)
        try:
            yield proc, port
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def _start(model_dir, extra_env):
    port_file = os.path.join(model_dir, "port")
    env = dict(os.environ, PYTHONPATH=RUNTIME, PORT="0", COG_PORT_FILE=port_file, COG_LOG_LEVEL="warning", **extra_env)
    proc = subprocess.Popen([sys.executable, "-m", "cog.server.http", "--host", "127.0.0.1"], cwd=model_dir, env=env,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while time.time() < deadline:
        if os.path.exists(port_file):
            with open(port_file) as f:
                port = int(f.read())
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                conn.request("GET", "/health-check")
                if json.loads(conn.getresponse().read())["status"] == "READY":
                    return proc, port
            except (OSError, ValueError):
                pass
            finally:
                conn.close()
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    raise SystemExit("server did not become ready in 30 s")
