"""SSE frames, replay, lag, keep-alives — in process and through a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import http.client
import http.server
import json
import os
import threading
import time
import unittest
from unittest import mock

from cog.server import sse
from harness import runtime_warnings


def parse(chunks: list[bytes]) -> list[tuple[str, object]]:
    """Events in written chunks (a chunk may hold several frames)."""
    out = []
    for f in (frame for chunk in chunks for frame in split(chunk)):
        if f == sse.KEEP_ALIVE:
            out.append(("keep-alive", None))
            continue
        text = f.decode("utf-8")
        assert text.endswith("\n\n"), text
        event, data = text[:-2].split("\n")
        out.append((event.removeprefix("event: "), json.loads(data.removeprefix("data: "))))
    return out


class FrameTests(unittest.TestCase):
    def test_frame_format(self) -> None:
        self.assertEqual(
            sse.frame("output", {"index": 0, "chunk": "héllo\nworld"}),
            'event: output\ndata: {"chunk":"héllo\\nworld","index":0}\n\n'.encode(),
        )
        self.assertEqual(sse.frame("completed", b'{"id":"x"}'), b'event: completed\ndata: {"id":"x"}\n\n')
        self.assertEqual(sse.frame("metric", {"value": float("inf")}), b'event: metric\ndata: {"value":null}\n\n')
        self.assertEqual(sse.KEEP_ALIVE, b": keep-alive\n\n")

    def test_accept_header(self) -> None:
        self.assertTrue(sse.accepts_event_stream("text/event-stream"))
        self.assertTrue(sse.accepts_event_stream("application/json, text/event-stream;q=0.9"))
        self.assertFalse(sse.accepts_event_stream("text/event-streams"))
        self.assertFalse(sse.accepts_event_stream("application/json"))
        self.assertFalse(sse.accepts_event_stream(None))

    def test_capacity_from_environment(self) -> None:
        with mock.patch.dict(os.environ, {"COG_STREAM_HISTORY_CAPACITY": "7"}):
            self.assertEqual(sse.EventStream().capacity, 7)
        with mock.patch.dict(os.environ, {"COG_STREAM_HISTORY_CAPACITY": "lots"}):
            with runtime_warnings(self):
                self.assertEqual(sse.history_capacity_from_env(), 1024)
        with mock.patch.dict(os.environ, {"COG_STREAM_HISTORY_CAPACITY": ""}):
            self.assertEqual(sse.history_capacity_from_env(), 1024)


class EventStreamTests(unittest.TestCase):
    def collect(self, sub: sse.Subscription, keepalive: float = 5.0) -> list[bytes]:
        return list(sub.frames(keepalive))

    def test_live_subscriber_gets_everything_in_order_and_stream_ends(self) -> None:
        stream = sse.EventStream(capacity=16)
        sub = stream.subscribe()
        result: list[bytes] = []
        reader = threading.Thread(target=lambda: result.extend(self.collect(sub)))
        reader.start()
        stream.start("p1")
        stream.output("a")
        stream.log("hi\n", "stderr")
        stream.output("b")
        stream.metric("tokens", 2, "increment")
        stream.completed({"id": "p1", "status": "succeeded", "output": ["a", "b"]})
        stream.output("ignored after completed")
        reader.join(5)
        self.assertFalse(reader.is_alive())
        self.assertEqual(
            parse(result),
            [
                ("start", {"id": "p1", "status": "processing"}),
                ("output", {"chunk": "a", "index": 0}),
                ("log", {"data": "hi\n", "source": "stderr"}),
                ("output", {"chunk": "b", "index": 1}),
                ("metric", {"mode": "increment", "name": "tokens", "value": 2}),
                ("completed", {"id": "p1", "status": "succeeded", "output": ["a", "b"]}),
            ],
        )
        self.assertEqual(stream.subscriber_count(), 0)

    def test_late_subscriber_gets_replay_then_live(self) -> None:
        stream = sse.EventStream(capacity=8)
        stream.start("p")
        for c in "xyz":
            stream.output(c)
        sub = stream.subscribe()
        self.assertEqual(parse([sub.next_frame(1) for _ in range(4)])[3], ("output", {"chunk": "z", "index": 2}))
        self.assertIsNone(sub.next_frame(0.05))
        stream.output("w")
        stream.completed({"id": "p", "status": "succeeded"})
        self.assertEqual([e for e, _ in parse(self.collect(sub))], ["output", "completed"])
        after_end = stream.subscribe()
        self.assertEqual([e for e, _ in parse(self.collect(after_end))], ["start"] + ["output"] * 4 + ["completed"])

    def test_truncated_replay_gives_only_error(self) -> None:
        stream = sse.EventStream(capacity=3)
        for i in range(5):
            stream.output(i)
        self.assertEqual(
            parse(self.collect(stream.subscribe())),
            [("error", {"error": "SSE stream replay truncated; events were dropped", "skipped": 2})],
        )

    def test_capacity_zero_is_live_only(self) -> None:
        stream = sse.EventStream(capacity=0)
        stream.start("p")
        sub = stream.subscribe()
        self.assertIsNone(sub.next_frame(0.05))
        stream.output("live")
        self.assertEqual(parse([sub.next_frame(1)]), [("output", {"chunk": "live", "index": 0})])
        stream.completed({"id": "p", "status": "succeeded"})
        self.assertEqual([e for e, _ in parse(self.collect(sub))], ["completed"])
        self.assertEqual([e for e, _ in parse(self.collect(stream.subscribe()))], ["completed"])

    def test_lagging_subscriber_is_cut_off(self) -> None:
        stream = sse.EventStream(capacity=0, max_lag=4)
        slow, fast = stream.subscribe(), stream.subscribe()
        got_fast = []
        for i in range(6):
            stream.output(i)
            got_fast.append(fast.next_frame(1))
        self.assertEqual(len(parse(got_fast)), 6)
        self.assertEqual(
            parse(self.collect(slow)), [("error", {"error": "SSE stream lagged; events were dropped", "skipped": 5})]
        )
        stream.completed({"id": "p", "status": "succeeded"})
        self.assertEqual([e for e, _ in parse(self.collect(fast))], ["completed"])

    def test_keep_alive_when_idle(self) -> None:
        stream = sse.EventStream(capacity=4)
        frames = stream.subscribe().frames(keepalive=0.05)
        began = time.monotonic()
        self.assertEqual(next(frames), sse.KEEP_ALIVE)
        self.assertGreaterEqual(time.monotonic() - began, 0.04)
        stream.output(1)
        self.assertEqual(parse([next(frames)]), [("output", {"chunk": 1, "index": 0})])
        frames.close()
        self.assertEqual(stream.subscriber_count(), 0)

    def test_frames_batches_everything_pending_into_one_write(self) -> None:
        # A reader thread woken late (GIL, busy machine) catches up in one write instead of lagging frame by frame.
        stream = sse.EventStream(capacity=0)
        sub = stream.subscribe()
        frames = sub.frames(5.0)
        for i in range(1000):
            stream.output(i)
        chunk = next(frames)
        self.assertEqual([d["index"] for _, d in parse([chunk])], list(range(1000)))  # type: ignore[index]
        stream.output(1000)
        stream.completed({"id": "p", "status": "succeeded"})
        self.assertEqual([e for e, _ in parse(list(frames))], ["output", "completed"])
        self.assertIsNone(sse.EventStream(capacity=0).subscribe().next_frames(0.01))

    def test_subscriber_limit(self) -> None:
        stream = sse.EventStream(capacity=4, max_subscribers=2)
        stream.subscribe()
        stream.subscribe()
        with self.assertRaises(sse.TooManySubscribers):
            stream.subscribe()

    def test_on_idle_only_when_last_subscriber_leaves_before_end(self) -> None:
        calls: list[str] = []
        stream = sse.EventStream(capacity=4, on_idle=lambda: calls.append("idle"))
        a, b = stream.subscribe(), stream.subscribe()
        a.close()
        self.assertEqual(calls, [])
        b.close()
        b.close()
        self.assertEqual(calls, ["idle"])
        ended = sse.EventStream(capacity=4, on_idle=lambda: calls.append("ended"))
        c = ended.subscribe()
        ended.completed({"id": "p", "status": "succeeded"})
        self.collect(c)
        self.assertEqual(calls, ["idle"])


class HttpStreamTests(unittest.TestCase):
    """The way the server uses it: one thread per connection writing `frames()` to the socket."""

    def setUp(self) -> None:
        self.stream = sse.EventStream(capacity=64)
        stream = self.stream

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                sub = stream.subscribe()
                self.send_response(200)
                for name, value in sse.RESPONSE_HEADERS:
                    self.send_header(name, value)
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for chunk in sub.frames(keepalive=0.2):
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    sub.close()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)

    def open(self) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.server_address[1], timeout=5)
        self.addCleanup(conn.close)
        conn.request("GET", "/stream", headers={"Accept": "text/event-stream"})
        return conn.getresponse()

    def test_late_http_client_receives_replay_and_live_events(self) -> None:
        early = self.open()
        self.stream.start("p")
        for token in ("Hello", ",", " world"):
            self.stream.output(token)
        time.sleep(0.5)  # idle > keepalive (0.2 s): the early client also sees a keep-alive
        late = self.open()
        self.assertEqual(late.getheader("Content-Type"), "text/event-stream")
        self.assertEqual(late.getheader("Cache-Control"), "no-cache")
        self.stream.output("!")
        self.stream.completed({"id": "p", "status": "succeeded", "output": ["Hello", ",", " world", "!"]})
        early_body, late_body = early.read(), late.read()
        expected = ["start", "output", "output", "output", "output", "completed"]
        self.assertEqual([e for e, _ in parse(split(late_body))], expected)
        early_events = [e for e, _ in parse(split(early_body))]
        self.assertIn("keep-alive", early_events)
        self.assertEqual([e for e in early_events if e != "keep-alive"], expected)
        self.assertEqual(parse(split(late_body))[-2], ("output", {"chunk": "!", "index": 3}))

    def test_disconnect_unsubscribes(self) -> None:
        idle = threading.Event()
        self.stream.on_idle = idle.set
        response = self.open()
        self.stream.start("p")
        self.assertTrue(response.readline().startswith(b"event: start"))
        response.close()
        deadline = time.monotonic() + 3
        while not idle.is_set() and time.monotonic() < deadline:
            self.stream.log("tick\n")  # writes to the dead socket surface the disconnect
            time.sleep(0.05)
        self.assertTrue(idle.is_set())
        self.assertEqual(self.stream.subscriber_count(), 0)


def split(body: bytes) -> list[bytes]:
    return [part + b"\n\n" for part in body.split(b"\n\n") if part]


if __name__ == "__main__":
    unittest.main()
