"""Webhooks, SSE and uploads through the real server (the modules themselves are tested in their own files)."""

import http.client
import json
import os
import socket
import threading
import time
import unittest

from harness import Server
from receivers import UploadReceiver, WebhookReceiver

ASYNC = {"Prefer": "respond-async"}


def read_sse(port, method, path, body, headers=None, limit=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, json.dumps(body), dict({"Content-Type": "application/json", "Accept": "text/event-stream"}, **(headers or {})))
    response = conn.getresponse()
    events = []
    if response.status != 200:
        return response.status, json.loads(response.read()), events
    name = None
    for raw in response:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[6:])))
            if name in ("completed", "error") or (limit and len(events) >= limit):
                break
    conn.close()
    return response.status, dict(response.getheaders()), events


class StreamingRunnerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("async_runner.py:Runner")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_sse_streams_items_and_completed(self):
        status, headers, events = read_sse(self.server.port, "POST", "/predictions", {"input": {"text": "x y z"}})
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "text/event-stream")
        names = [n for n, _ in events]
        self.assertEqual(names[0], "start")
        self.assertEqual([d for n, d in events if n == "output"], [{"chunk": "x", "index": 0}, {"chunk": "y", "index": 1}, {"chunk": "z", "index": 2}])
        self.assertIn(("log", {"data": "async x y z\n", "source": "stdout"}), events)
        self.assertEqual(names[-1], "completed")
        self.assertEqual(events[-1][1]["output"], ["x", "y", "z"])

    def test_late_subscriber_gets_replay(self):
        status, body = self.server.json("POST", "/predictions", {"id": "late-1", "input": {"mode": "sleep", "seconds": 0.6, "text": "a b"}}, ASYNC)
        self.assertEqual(status, 202)
        time.sleep(0.2)
        status, headers, events = read_sse(self.server.port, "PUT", "/predictions/late-1", {"input": {}})
        self.assertEqual(status, 200)
        self.assertEqual(events[0], ("start", {"id": "late-1", "status": "processing"}))
        self.assertEqual([d["chunk"] for n, d in events if n == "output"], ["a", "b"])
        self.assertEqual(events[-1][0], "completed")

    def test_sse_disconnect_cancels_sse_created_prediction(self):
        body = json.dumps({"input": {"mode": "sleep", "seconds": 30}}).encode()
        s = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
        s.sendall(b"PUT /predictions/sse-gone HTTP/1.1\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
                  b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.assertTrue(s.recv(4096).startswith(b"HTTP/1.1 200"))
        s.close()
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.server.json("POST", "/predictions/sse-gone/cancel")[0] == 404:
                break
            time.sleep(0.1)
        self.assertEqual(self.server.json("POST", "/predictions/sse-gone/cancel")[0], 404, "prediction should be canceled and forgotten")

    def test_openapi_marks_streaming(self):
        doc = self.server.json("GET", "/openapi.json")[1]
        self.assertTrue(doc["paths"]["/predictions"]["post"]["x-cog-streaming"])


class WebhookAndUploadTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.uploads = UploadReceiver()
        cls.server = Server("behaviours.py:Runner", args=["--upload-url", cls.uploads.url],
                            env={"WEBHOOK_AUTH_TOKEN": "tok123"})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.uploads.close()

    def test_event_stream_rejected_for_non_streaming_runner(self):
        status, body = self.server.json("POST", "/predictions", {"input": {"mode": "echo"}}, {"Accept": "text/event-stream"})
        self.assertEqual(status, 406)
        self.assertIn("does not support streaming", body["error"])

    def test_webhook_events_in_order_with_auth(self):
        hooks = WebhookReceiver()
        try:
            status, _ = self.server.json("POST", "/predictions", {"id": "wh-1", "input": {"mode": "stream", "number": 3},
                                                                  "webhook": hooks.url}, ASYNC)
            self.assertEqual(status, 202)
            done = hooks.completed("wh-1")
            self.assertEqual(done["output"], ["item0", "item1", "item2"])
            statuses = [e["status"] for e in hooks.events]
            self.assertEqual(statuses[0], "processing")
            self.assertEqual(statuses[-1], "succeeded")
            outputs = [len(e.get("output") or []) for e in hooks.events]
            self.assertEqual(outputs, sorted(outputs), "events must arrive in production order")
            self.assertEqual(hooks.headers[0]["Authorization"], "Bearer tok123")
        finally:
            hooks.close()

    def test_webhook_filter_and_receiver_down_then_up(self):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        url = f"http://127.0.0.1:{port}/hook"
        status, _ = self.server.json("POST", "/predictions", {"id": "wh-2", "input": {"mode": "echo", "text": "t"},
                                                              "webhook": url, "webhook_events_filter": ["completed"]}, ASYNC)
        self.assertEqual(status, 202)
        self.server.wait_status("READY")  # the prediction finished although nobody receives its webhooks
        self.assertEqual(self.server.predict({"mode": "echo", "text": "meanwhile"})[1]["output"], ["meanwhile"])
        time.sleep(0.5)
        hooks = WebhookReceiver(port=port)
        try:
            done = hooks.completed("wh-2", timeout=20)
            self.assertEqual(done["output"], ["t"])
            self.assertEqual([e["status"] for e in hooks.events], ["succeeded"])  # only the filtered-in event
        finally:
            hooks.close()

    def test_path_output_uploaded_location_without_query(self):
        status, body = self.server.predict({"mode": "output_file", "text": "small.bin", "number": 1})
        self.assertEqual(body["output"], ["http://files.example/small.bin"])
        self.assertIn(("small.bin", 1 << 20, "application/octet-stream"), self.uploads.received)

    def test_50_mib_output_uploaded_without_doubling_memory(self):
        status, body = self.server.predict({"mode": "output_file", "text": "big.bin", "number": 50})
        self.assertEqual(body["output"], ["http://files.example/big.bin"], body)
        self.assertEqual(os.path.getsize(os.path.join(self.uploads.folder, "big.bin")), 50 << 20)
        worker = self.server.worker_pid()
        with open(f"/proc/{worker}/status") as f:
            peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) * 1024
        self.assertLess(peak, 75 << 20, "the worker must stream the file, not hold it (twice) in memory")
        with open(f"/proc/{self.server.proc.pid}/status") as f:
            server_peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) * 1024
        self.assertLess(server_peak, 75 << 20)


if __name__ == "__main__":
    unittest.main()
