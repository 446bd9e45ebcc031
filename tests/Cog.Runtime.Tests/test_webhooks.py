"""Webhook sender against a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import os
import socket
import threading
import time
import types
import unittest
from unittest import mock

from cog.server.webhooks import WebhookSender, throttle_interval_from_env
from harness import runtime_warnings


class Receiver:
    """Records every POST; `statuses` is a queue of status codes to answer with (then 200)."""

    def __init__(self, port: int = 0, statuses: list[int] | None = None, delay: float = 0.0) -> None:
        self.requests: list[dict] = []
        self.statuses = list(statuses or [])
        self.delay = delay
        self.got = threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if receiver.delay:
                    time.sleep(receiver.delay)
                with receiver.got:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    receiver.requests.append(
                        {"path": self.path, "headers": dict(self.headers), "body": json.loads(body), "status": status}
                    )
                    receiver.got.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook?x=1"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[dict]:
        with self.got:
            self.got.wait_for(lambda: len(self.requests) >= count, timeout)
            return list(self.requests)

    def bodies(self) -> list[dict]:
        with self.got:
            return [r["body"] for r in self.requests]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebhookSenderTests(unittest.TestCase):
    def setUp(self) -> None:
        self.receiver = Receiver()
        self.addCleanup(self.receiver.stop)

    def sender(self, **kw: object) -> WebhookSender:
        kw.setdefault("throttle_interval", 0.0)
        kw.setdefault("auth_token", "")
        return WebhookSender(self.receiver.url, **kw)  # type: ignore[arg-type]

    def test_events_arrive_in_order_with_headers(self) -> None:
        s = self.sender(auth_token="s3cret", user_agent="cog-test/1", headers={"traceparent": "00-abc-def-01"})
        s.send("start", {"id": "p1", "status": "processing"})
        for i in range(20):
            s.send("output", {"id": "p1", "status": "processing", "output": list(range(i + 1))})
        s.send("completed", {"id": "p1", "status": "succeeded", "output": list(range(20))})
        self.assertTrue(s.close(5))
        requests = self.receiver.wait_for(22)
        self.assertEqual([r["body"]["status"] for r in requests], ["processing"] * 21 + ["succeeded"])
        self.assertEqual([len(r["body"].get("output", [])) for r in requests[1:21]], list(range(1, 21)))
        first = requests[0]
        self.assertEqual(first["path"], "/hook?x=1")
        self.assertEqual(first["headers"]["Authorization"], "Bearer s3cret")
        self.assertEqual(first["headers"]["Content-Type"], "application/json")
        self.assertEqual(first["headers"]["User-Agent"], "cog-test/1")
        self.assertEqual(first["headers"]["traceparent"], "00-abc-def-01")

    def test_auth_token_from_environment_and_absent_when_unset(self) -> None:
        with mock.patch.dict(os.environ, {"WEBHOOK_AUTH_TOKEN": "envtoken"}):
            s = WebhookSender(self.receiver.url, throttle_interval=0)
        s.send("completed", {"id": "a", "status": "succeeded"})
        s.close(5)
        with mock.patch.dict(os.environ, {}, clear=False):
            os.environ.pop("WEBHOOK_AUTH_TOKEN", None)
            s2 = WebhookSender(self.receiver.url, throttle_interval=0)
        s2.send("completed", {"id": "b", "status": "succeeded"})
        s2.close(5)
        requests = self.receiver.wait_for(2)
        self.assertEqual(requests[0]["headers"].get("Authorization"), "Bearer envtoken")
        self.assertNotIn("Authorization", requests[1]["headers"])

    def test_filter_drops_unlisted_events(self) -> None:
        s = self.sender(events_filter=["start", "completed"])
        s.send("start", {"id": "p", "status": "processing"})
        s.send("output", {"id": "p", "status": "processing", "output": [1]})
        s.send("logs", {"id": "p", "status": "processing", "logs": "x\n"})
        s.send("completed", {"id": "p", "status": "succeeded"})
        self.assertTrue(s.close(5))
        self.assertEqual([b["status"] for b in self.receiver.bodies()], ["processing", "succeeded"])

    def test_empty_filter_sends_nothing(self) -> None:
        s = self.sender(events_filter=[])
        s.send("start", {"id": "p", "status": "processing"})
        s.send("completed", {"id": "p", "status": "succeeded"})
        self.assertTrue(s.close(5))
        time.sleep(0.1)
        self.assertEqual(self.receiver.bodies(), [])

    def test_logs_throttled_since_last_webhook_of_any_kind(self) -> None:
        now = [100.0]
        clock = types.SimpleNamespace(monotonic=lambda: now[0], sleep=time.sleep)
        with mock.patch("cog.server.webhooks.time", clock):
            s = self.sender(throttle_interval=0.5)
            s.send("start", {"id": "p", "status": "processing", "logs": ""})
            now[0] += 0.25
            s.send("logs", {"id": "p", "status": "processing", "logs": "a\n"})  # 0.25 s after start: dropped
            s.send("output", {"id": "p", "status": "processing", "output": [1]})  # never throttled
            now[0] += 0.5
            s.send("logs", {"id": "p", "status": "processing", "logs": "a\nb\n"})  # 0.5 s after output: sent
            now[0] += 0.25
            s.send("logs", {"id": "p", "status": "processing", "logs": "a\nb\nc\n"})  # dropped
            s.send("completed", {"id": "p", "status": "succeeded", "logs": "a\nb\nc\n"})  # never throttled
            self.assertTrue(s.close(5))
        self.assertEqual(
            [(b["status"], b.get("logs"), b.get("output")) for b in self.receiver.bodies()],
            [
                ("processing", "", None),
                ("processing", None, [1]),
                ("processing", "a\nb\n", None),
                ("succeeded", "a\nb\nc\n", None),
            ],
        )

    def test_throttle_interval_from_environment(self) -> None:
        with mock.patch.dict(os.environ, {"COG_THROTTLE_RESPONSE_INTERVAL": "2.5"}):
            self.assertEqual(throttle_interval_from_env(), 2.5)
        with mock.patch.dict(os.environ, {"COG_THROTTLE_RESPONSE_INTERVAL": "soon"}):
            with runtime_warnings(self):
                self.assertEqual(throttle_interval_from_env(), 0.5)
        with mock.patch.dict(os.environ, {}, clear=False):
            os.environ.pop("COG_THROTTLE_RESPONSE_INTERVAL", None)
            self.assertEqual(throttle_interval_from_env(), 0.5)
            self.assertEqual(WebhookSender("http://127.0.0.1:1/").throttle_interval, 0.5)

    def test_completed_retried_on_retryable_status(self) -> None:
        self.receiver.statuses = [503, 429]
        s = self.sender(backoff=0.01)
        s.send("completed", {"id": "p", "status": "succeeded"})
        self.assertTrue(s.close(5))
        self.assertEqual([r["status"] for r in self.receiver.requests], [503, 429, 200])

    def test_completed_not_retried_on_client_error_and_others_never_retried(self) -> None:
        self.receiver.statuses = [500, 400]
        s = self.sender(backoff=0.01)
        s.send("output", {"id": "p", "status": "processing", "output": [1]})
        s.send("completed", {"id": "p", "status": "succeeded"})
        with runtime_warnings(self) as logs:
            self.assertTrue(s.close(5))
        self.assertEqual([r["status"] for r in self.receiver.requests], [500, 400])
        self.assertIn("status 400", "\n".join(logs))

    def test_completed_delivered_when_receiver_comes_up_late(self) -> None:
        port = free_port()
        s = WebhookSender(
            f"http://127.0.0.1:{port}/late", throttle_interval=0, backoff=0.02, auth_token="", log=lambda _: None
        )
        s.send("start", {"id": "p", "status": "processing"})  # one attempt, lost
        s.send("completed", {"id": "p", "status": "succeeded", "output": "done"})
        time.sleep(0.5)  # several refused attempts (0.04, 0.08, 0.16, 0.32 s apart)
        late = Receiver(port)
        self.addCleanup(late.stop)
        self.assertTrue(s.close(10))
        self.assertEqual(late.bodies(), [{"id": "p", "status": "succeeded", "output": "done"}])

    def test_send_never_blocks_on_slow_receiver(self) -> None:
        self.receiver.delay = 0.2
        s = self.sender()
        began = time.monotonic()
        for i in range(5):
            s.send("output", {"id": "p", "status": "processing", "output": [i]})
        s.send("completed", {"id": "p", "status": "succeeded"})
        self.assertLess(time.monotonic() - began, 0.5, "six sends to a 0.2 s receiver must not wait for it")
        self.assertFalse(s.close(0.1))
        self.assertTrue(s.close(10))
        self.assertEqual(len(self.receiver.requests), 6)

    def test_payload_encoded_at_send_time_nan_null_and_after_completed_ignored(self) -> None:
        s = self.sender()
        snapshot = {"id": "p", "status": "processing", "metrics": {"x": float("nan")}, "output": ["é"]}
        s.send("output", snapshot)
        snapshot["output"].append("later")
        s.send("completed", {"id": "p", "status": "succeeded"})
        s.send("output", {"id": "p", "status": "processing"})
        self.assertTrue(s.close(5))
        bodies = self.receiver.bodies()
        self.assertEqual(bodies[0], {"id": "p", "status": "processing", "metrics": {"x": None}, "output": ["é"]})
        self.assertEqual(len(bodies), 2)

    def test_failures_reported_through_log_callable(self) -> None:
        reports: list[str] = []
        s = WebhookSender("http://user:pw@127.0.0.1:1/h?token=x", throttle_interval=0, log=reports.append)
        s.send("output", {"id": "p", "status": "processing"})
        self.assertTrue(s.close(5))
        self.assertEqual(len(reports), 1)
        self.assertIn("webhook output to http://127.0.0.1:1/h not delivered (request failed:", reports[0])
        self.assertNotIn("token", reports[0])
        self.assertNotIn("pw", reports[0])

    def test_slow_receiver_sheds_oldest_intermediate_events_not_completed(self) -> None:
        self.receiver.delay = 0.02
        reports: list[str] = []
        s = self.sender(max_queued_bytes=4000, log=reports.append)
        for i in range(60):
            s.send("output", {"id": "p", "status": "processing", "output": [i], "pad": "x" * 1000})
        s.send("completed", {"id": "p", "status": "succeeded", "output": list(range(60))})
        self.assertTrue(s.close(10))
        bodies = self.receiver.bodies()
        outputs = [b["output"][0] for b in bodies[:-1]]
        self.assertLess(len(outputs), 30)
        self.assertEqual(outputs, sorted(outputs), "order is kept")
        self.assertEqual(outputs[-1], 59, "the newest intermediate event survives")
        self.assertEqual(bodies[-1]["status"], "succeeded")
        self.assertEqual(len(reports), 1)
        self.assertIn("dropping older queued events", reports[0])

    def test_lazy_snapshot_only_built_when_sent(self) -> None:
        built: list[str] = []

        def snapshot(tag: str):
            return lambda: built.append(tag) or {"id": "p", "status": "processing", "tag": tag}

        s = self.sender(throttle_interval=10, events_filter=["start", "logs", "completed"])
        s.send("start", snapshot("start"))
        s.send("output", snapshot("output"))  # filtered out
        s.send("logs", snapshot("logs"))  # throttled
        s.send("completed", snapshot("completed"))
        self.assertTrue(s.close(5))
        self.assertEqual(built, ["start", "completed"])
        self.assertEqual([b["tag"] for b in self.receiver.bodies()], ["start", "completed"])

    def test_unknown_event_is_a_programming_error(self) -> None:
        with self.assertRaises(ValueError):
            self.sender().send("finished", {})


if __name__ == "__main__":
    unittest.main()
