"""Setup failures, worker crashes, timeouts, signals and shutdown."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import unittest

from harness import RUNTIME, Server, model_dir


class SetupFailureTest(unittest.TestCase):
    def test_setup_exception_is_setup_failed_with_traceback(self):
        with Server("setup_fails.py:Runner") as server:
            body = server.wait_status("SETUP_FAILED")
            self.assertEqual(body["setup"]["status"], "failed")
            logs = body["setup"]["logs"]
            self.assertIn("about to fail", logs)
            self.assertIn("Traceback", logs)
            self.assertIn("RuntimeError: weights missing", logs)
            status, reply = server.predict({})
            self.assertEqual(status, 503)
            self.assertEqual(reply["status"], "failed")
            self.assertIn("Setup has not finished yet", reply["error"])
            self.assertEqual(server.json("GET", "/")[0], 200)  # the server keeps answering

    def test_worker_exit_during_setup(self):
        with Server("setup_exit.py:Runner") as server:
            body = server.wait_status("SETUP_FAILED")
            self.assertIn("exit code 4", body["setup"]["logs"])

    def test_setup_timeout_kills_the_worker(self):
        with Server("setup_slow.py:Runner", env={"COG_SETUP_TIMEOUT": "1"}, wait=False) as server:
            self.assertEqual(server.json("GET", "/health-check")[1]["status"], "STARTING")
            self.assertEqual(server.predict({})[0], 503)
            body = server.wait_status("SETUP_FAILED", timeout=15)
            self.assertIn("timed out", body["setup"]["logs"])
            deadline = time.time() + 5
            while server.worker_pid() is not None and time.time() < deadline:
                time.sleep(0.05)
            self.assertIsNone(server.worker_pid(), "the worker should be gone after the timeout")

    def test_sync_run_with_concurrency_above_one_is_setup_failed(self):
        with Server("sync_concurrency.py:Runner", env={"COG_MAX_CONCURRENCY": "2"}) as server:
            body = server.wait_status("SETUP_FAILED")
            self.assertIn("COG_MAX_CONCURRENCY > 1 requires an async run() or predict() method", body["setup"]["logs"])

    def test_missing_runner_reference_exits_1(self):
        env = dict(os.environ, PYTHONPATH=RUNTIME, PORT="0")
        env.pop("COG_PREDICT_TYPE_STUB", None)
        result = subprocess.run([sys.executable, "-m", "cog.server.http"], cwd=model_dir({}), env=env,
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 1)
        self.assertIn("ERROR: COG_PREDICT_TYPE_STUB environment variable is not set.", result.stderr)


class WorkerCrashTest(unittest.TestCase):
    def crash_with(self, mode):
        with Server("behaviours.py:Runner") as server:
            status, body = server.predict({"mode": mode})
            self.assertEqual(status, 200)
            self.assertEqual(body["status"], "failed")
            self.assertEqual(body["error"], "Worker crashed")
            self.assertEqual(server.json("GET", "/health-check")[1]["status"], "DEFUNCT")
            status, body = server.predict({"mode": "echo"})
            self.assertEqual(status, 503)
            self.assertEqual(server.json("GET", "/")[0], 200)

    def test_os_exit_makes_defunct(self):
        self.crash_with("crash")

    def test_segfault_makes_defunct(self):
        self.crash_with("segfault")

    def test_killed_worker_fails_in_flight_prediction(self):
        with Server("behaviours.py:Runner") as server:
            result = {}
            thread = threading.Thread(target=lambda: result.update(r=server.predict({"mode": "sleep", "number": 30})))
            thread.start()
            time.sleep(0.5)
            os.kill(server.worker_pid(), signal.SIGKILL)  # what the OOM killer does
            thread.join(10)
            status, body = result["r"]
            self.assertEqual((status, body["status"], body["error"]), (200, "failed", "Worker crashed"))
            self.assertEqual(server.json("GET", "/health-check")[1]["status"], "DEFUNCT")


class ShutdownTest(unittest.TestCase):
    def test_sigterm_waits_for_in_flight_prediction_and_exits_0(self):
        server = Server("behaviours.py:Runner")
        try:
            result = {}
            thread = threading.Thread(target=lambda: result.update(r=server.predict({"mode": "sleep", "number": 1})))
            thread.start()
            time.sleep(0.3)
            worker = server.worker_pid()
            server.proc.send_signal(signal.SIGTERM)
            thread.join(15)
            self.assertEqual(result["r"][1]["output"], ["slept"])
            self.assertEqual(server.proc.wait(15), 0)
            self.assertFalse(os.path.exists(f"/proc/{worker}"), "the worker must be stopped and reaped")
        finally:
            server.stop()

    def test_shutdown_endpoint(self):
        server = Server("behaviours.py:Runner")
        try:
            status, body = server.json("POST", "/shutdown")
            self.assertEqual((status, body), (200, {}))
            self.assertEqual(server.proc.wait(15), 0)
        finally:
            server.stop()

    def test_await_explicit_shutdown_ignores_sigterm(self):
        server = Server("behaviours.py:Runner", args=["--await-explicit-shutdown", "true"])
        try:
            server.proc.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            self.assertIsNone(server.proc.poll())
            self.assertEqual(server.predict({"mode": "echo", "text": "up"})[1]["output"], ["up"])
            server.json("POST", "/shutdown")
            self.assertEqual(server.proc.wait(15), 0)
        finally:
            server.stop()

    def test_worker_does_not_outlive_a_killed_server(self):
        server = Server("setup_slow.py:Runner", wait=False)
        try:
            deadline = time.time() + 10
            while server.worker_pid() is None and time.time() < deadline:
                time.sleep(0.05)
            worker = server.worker_pid()
            server.proc.kill()
            server.proc.wait()
            deadline = time.time() + 5
            while os.path.exists(f"/proc/{worker}") and time.time() < deadline:
                time.sleep(0.05)
            self.assertFalse(os.path.exists(f"/proc/{worker}"), "the worker must die with its server")
        finally:
            server.stop()

    def test_version_flag(self):
        result = subprocess.run([sys.executable, "-m", "cog.server.http", "--version"], env=dict(os.environ, PYTHONPATH=RUNTIME),
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 0)
        self.assertIn("0.", result.stdout)


@unittest.skipUnless(os.geteuid() == 0 and os.path.exists("/usr/bin/unshare") and subprocess.run(["unshare", "--pid", "--fork", "true"], capture_output=True).returncode == 0, "needs root and unshare(1) for a PID namespace")
class Pid1Test(unittest.TestCase):
    """In a fresh PID namespace the server is PID 1: it must reap orphans and still stop cleanly on SIGTERM."""

    def test_reaps_orphans_and_stops_on_sigterm(self):
        folder = model_dir({"cog.yaml": 'run: "run.py:Runner"\n', "run.py": (
            "import subprocess\nfrom cog import BaseRunner\n"
            "class Runner(BaseRunner):\n"
            "    def run(self, n: int) -> int:\n"
            "        for _ in range(n):\n"
            "            subprocess.Popen(['sh', '-c', 'sleep 0.2 & exit 0'])  # the sleep is orphaned to PID 1\n"
            "        return n\n")})
        port_file = os.path.join(folder, "port")
        env = dict(os.environ, PYTHONPATH=RUNTIME, PORT="0", COG_PORT_FILE=port_file)
        proc = subprocess.Popen(["unshare", "--pid", "--fork", "--kill-child", sys.executable, "-m", "cog.server.http", "--host", "127.0.0.1"],
                                cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            deadline = time.time() + 30
            while not os.path.exists(port_file) and time.time() < deadline:
                time.sleep(0.05)
            with open(port_file) as f:
                port = int(f.read())
            import http.client
            def call(method, path, body=None):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request(method, path, json.dumps(body) if body else None, {"Content-Type": "application/json"} if body else {})
                try:
                    response = conn.getresponse()
                    return json.loads(response.read() or b"null")
                finally:
                    conn.close()
            while call("GET", "/health-check")["status"] != "READY":
                time.sleep(0.05)
            self.assertEqual(call("POST", "/predictions", {"input": {"n": 5}})["output"], 5)
            time.sleep(1.0)
            with open(f"/proc/{proc.pid}/task/{proc.pid}/children") as f:
                server_pid = int(f.read().split()[0])
            with open(f"/proc/{server_pid}/task/{server_pid}/children") as f:
                children = f.read().split()
            zombies = []
            for child in children:
                with open(f"/proc/{child}/stat") as f:
                    if f.read().split()[2] == "Z":
                        zombies.append(child)
            self.assertEqual(zombies, [], "orphaned children must be reaped by PID 1")
            os.kill(server_pid, signal.SIGTERM)
            self.assertEqual(proc.wait(15), 0)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stderr.close()


if __name__ == "__main__":
    unittest.main()
