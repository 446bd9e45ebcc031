"""Async predictions, idempotent PUT, cancellation (sync, generator, async, disconnect), concurrency slots."""

import json
import socket
import threading
import time
import unittest

from harness import Server
from receivers import WebhookReceiver

ASYNC = {"Prefer": "respond-async"}


class SyncRunnerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("behaviours.py:Runner")
        cls.hooks = WebhookReceiver()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.hooks.close()

    def tearDown(self):
        self.server.wait_status("READY", timeout=20)
        self.assertEqual(self.server.predict({"mode": "echo", "text": "next"})[1]["output"], ["next"])

    def start_async(self, pid, inputs, **extra):
        body = {"id": pid, "input": inputs, "webhook": self.hooks.url}
        body.update(extra)
        return self.server.json("POST", "/predictions", body, ASYNC)

    def test_respond_async_returns_202_and_runs_on(self):
        status, body = self.start_async("async-1", {"mode": "sleep", "number": 0.3})
        self.assertEqual((status, body), (202, {"id": "async-1", "status": "starting"}))
        self.assertEqual(self.server.json("GET", "/health-check")[1]["status"], "BUSY")
        done = self.hooks.completed("async-1")
        self.assertEqual((done["status"], done["output"]), ("succeeded", ["slept"]))
        self.assertIn("predict_time", done["metrics"])

    def test_put_on_running_id_returns_snapshot_and_never_runs_twice(self):
        self.start_async("idem-1", {"mode": "sleep", "number": 0.5, "secret": "pw"}, webhook_events_filter=["start", "completed"])
        status, body = self.server.json("PUT", "/predictions/idem-1", {"input": {"mode": "echo"}})
        self.assertEqual(status, 202)
        self.assertEqual(body["status"], "processing")
        self.assertEqual(body["input"]["mode"], "sleep")  # the original input, not the retry's
        self.assertEqual(body["input"]["secret"], "**********")
        status, body = self.server.json("POST", "/predictions", {"id": "idem-1", "input": {"mode": "echo"}})
        self.assertEqual(status, 202)
        self.hooks.completed("idem-1")
        time.sleep(0.2)
        starts = [e for e in self.hooks.events if e["id"] == "idem-1" and e["status"] == "processing"]
        self.assertEqual(len(starts), 1, "the same id must run once")

    def test_cancel_sync_busy_loop(self):
        result = {}
        thread = threading.Thread(target=lambda: result.update(r=self.server.json("PUT", "/predictions/busy-1", {"input": {"mode": "busy", "number": 20}})))
        started = time.time()
        thread.start()
        time.sleep(0.5)
        self.assertEqual(self.server.json("POST", "/predictions/busy-1/cancel"), (200, {}))
        self.assertIn(self.server.json("POST", "/predictions/busy-1/cancel")[0], (200, 404))  # repeats are harmless
        thread.join(15)
        status, body = result["r"]
        self.assertEqual((status, body["status"]), (200, "canceled"))
        self.assertNotIn("error", body)
        self.assertLess(time.time() - started, 10)

    def test_cancel_sync_sleep(self):
        result = {}
        thread = threading.Thread(target=lambda: result.update(r=self.server.json("PUT", "/predictions/sleep-1", {"input": {"mode": "sleep", "number": 1}})))
        thread.start()
        time.sleep(0.3)
        self.assertEqual(self.server.json("POST", "/predictions/sleep-1/cancel"), (200, {}))
        thread.join(15)
        self.assertEqual(result["r"][1]["status"], "canceled")  # lands once the blocking sleep returns

    def test_cancel_generator(self):
        status, _ = self.start_async("gen-1", {"mode": "slow_stream", "number": 50})
        self.hooks.wait_for(lambda evs: any(e["id"] == "gen-1" and e.get("output") for e in evs))
        self.assertEqual(self.server.json("POST", "/predictions/gen-1/cancel"), (200, {}))
        done = self.hooks.completed("gen-1")
        self.assertEqual(done["status"], "canceled")
        self.assertTrue(0 < len(done["output"]) < 50)

    def test_client_disconnect_cancels_sync_prediction(self):
        body = json.dumps({"id": "gone-1", "input": {"mode": "busy", "number": 30}}).encode()
        s = socket.create_connection(("127.0.0.1", self.server.port))
        s.sendall(b"POST /predictions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        time.sleep(0.5)
        self.assertEqual(self.server.json("GET", "/health-check")[1]["status"], "BUSY")
        s.close()
        started = time.time()
        self.server.wait_status("READY", timeout=10)
        self.assertLess(time.time() - started, 10)

    def test_cancel_unknown_is_404(self):
        self.assertEqual(self.server.json("POST", "/predictions/nobody/cancel"), (404, {}))

    def test_sync_runner_has_one_slot(self):
        self.start_async("slot-1", {"mode": "sleep", "number": 0.5})
        status, body = self.server.predict({"mode": "echo"})
        self.assertEqual(status, 409)
        self.assertEqual(body, {"error": "At capacity - all prediction slots busy", "status": "failed"})
        self.hooks.completed("slot-1")


class AsyncRunnerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("async_runner.py:Runner")
        cls.hooks = WebhookReceiver()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.hooks.close()

    def start(self, pid, inputs):
        return self.server.json("POST", "/predictions", {"id": pid, "input": inputs, "webhook": self.hooks.url}, ASYNC)

    def test_async_generator_output_and_logs(self):
        status, body = self.server.predict({"text": "a b c"})
        self.assertEqual((status, body["output"], body["logs"]), (200, ["a", "b", "c"], "async a b c\n"))

    def test_async_exception(self):
        self.assertEqual(self.server.predict({"mode": "raise"})[1]["error"], "Prediction failed: ValueError: async boom")

    def test_two_slots_third_gets_409_and_busy(self):
        started = time.time()
        self.assertEqual(self.start("c-1", {"mode": "sleep", "seconds": 2, "text": "one"})[0], 202)
        self.assertEqual(self.start("c-2", {"mode": "sleep", "seconds": 2, "text": "two"})[0], 202)
        self.assertEqual(self.server.json("GET", "/health-check")[1]["status"], "BUSY")
        status, body = self.server.predict({"text": "three"})
        self.assertEqual((status, body["error"]), (409, "At capacity - all prediction slots busy"))
        self.assertEqual(self.hooks.completed("c-1")["output"], ["one"])
        self.assertEqual(self.hooks.completed("c-2")["output"], ["two"])
        self.assertLess(time.time() - started, 3.8, "the two 2 s runs must overlap (in sequence they take 4 s)")
        self.server.wait_status("READY")

    def test_cancel_async_task_during_sleep(self):
        self.start("ac-1", {"mode": "sleep", "seconds": 30, "text": "x"})
        time.sleep(0.3)
        started = time.time()
        self.assertEqual(self.server.json("POST", "/predictions/ac-1/cancel"), (200, {}))
        self.assertEqual(self.hooks.completed("ac-1")["status"], "canceled")
        self.assertLess(time.time() - started, 5)
        self.assertEqual(self.server.predict({"text": "after"})[1]["output"], ["after"])


if __name__ == "__main__":
    unittest.main()
