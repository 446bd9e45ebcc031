"""Malformed and unusual HTTP: every case gets a 4xx (or a clean close), never a crash or a hang."""

import json
import socket
import time
import unittest

from cog.server.connection import HttpConnection
from harness import Server
from test_chunked_body import CountingBuffer


def status_of(raw):
    line = raw.split(b"\r\n", 1)[0]
    parts = line.split(b" ")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


class MalformedRequestTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("behaviours.py:Runner", env={"COG_HTTP_REQUEST_TIMEOUT": "1"})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def tearDown(self):
        # whatever happened, the server must still serve predictions
        status, body = self.server.predict({"mode": "echo", "text": "ok"})
        self.assertEqual((status, body["output"]), (200, ["ok"]))

    def post(self, body, content_type="application/json", extra=b""):
        head = b"POST /predictions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        if content_type:
            head += b"Content-Type: " + content_type.encode() + b"\r\n"
        return self.server.raw(head + b"Content-Length: %d\r\n" % len(body) + extra + b"\r\n" + body)

    def test_bad_json_is_400_text(self):
        raw = self.post(b'{"input": ')
        self.assertEqual(status_of(raw), 400)
        self.assertIn(b"text/plain", raw)

    def test_wrong_content_type_is_415(self):
        self.assertEqual(status_of(self.post(b"mode=echo", "application/x-www-form-urlencoded")), 415)
        self.assertEqual(status_of(self.post(b"{}", "text/plain")), 415)

    def test_vendor_json_type_is_accepted(self):
        raw = self.post(b'{"input":{"mode":"echo","text":"v"}}', "application/vnd.api+json")
        self.assertEqual(status_of(raw), 200)

    def test_no_content_type_ignores_body(self):
        raw = self.post(b"garbage", None)
        self.assertEqual(status_of(raw), 422)  # body treated as {} so `mode` is missing
        self.assertIn(b"Field required", raw)

    def test_non_object_body_and_bad_fields_are_422(self):
        self.assertEqual(status_of(self.post(b"[1,2]")), 422)
        self.assertEqual(status_of(self.post(b'{"id": 5, "input": {"mode": "echo"}}')), 422)
        self.assertEqual(status_of(self.post(b'{"input": {"mode": "echo"}, "webhook_events_filter": ["nope"]}')), 422)
        self.assertEqual(status_of(self.post(b'{"input": 3}')), 422)

    def test_huge_body_is_413_without_reading_it(self):
        raw = self.server.raw(b"POST /predictions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{"
                              % (101 * 1024 * 1024))
        self.assertEqual(status_of(raw), 413)

    def test_truncated_body_gets_400_when_client_stops_sending(self):
        raw = self.server.raw(b"POST /predictions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"in",
                              shutdown_write=True)
        self.assertEqual(status_of(raw), 400)

    def test_stalled_body_times_out_with_408(self):
        started = time.time()
        raw = self.server.raw(b"POST /predictions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{", timeout=10)
        self.assertEqual(status_of(raw), 408)
        self.assertLess(time.time() - started, 8)

    def test_garbage_request_line_is_400(self):
        self.assertEqual(status_of(self.server.raw(b"\x16\x03\x01 hello\r\n\r\n")), 400)
        self.assertEqual(status_of(self.server.raw(b"GET\r\n\r\n")), 400)
        self.assertEqual(status_of(self.server.raw(b"GET / HTTP/2.0\r\n\r\n")), 505)

    def test_bad_headers(self):
        self.assertEqual(status_of(self.server.raw(b"GET / HTTP/1.1\r\nno colon here\r\n\r\n")), 400)
        self.assertEqual(status_of(self.server.raw(b"POST /predictions HTTP/1.1\r\nContent-Length: abc\r\n\r\n")), 400)
        self.assertEqual(status_of(self.server.raw(b"GET / HTTP/1.1\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n")), 431)

    def test_more_than_100_headers_is_431(self):
        def get(count):
            headers = b"".join(b"X-H%d: v\r\n" % i for i in range(count - 1))
            return status_of(self.server.raw(b"GET / HTTP/1.1\r\n" + headers + b"Connection: close\r\n\r\n"))
        self.assertEqual(get(100), 200)
        self.assertEqual(get(101), 431)
        raw = self.server.raw(b"GET / HTTP/1.1\r\n" + b"X: v\r\n" * 5000 + b"\r\n")
        self.assertEqual(status_of(raw), 431)
        self.assertIn(b"too many request headers", raw)

    def test_deeply_nested_json_is_400_never_500(self):
        for depth in (130, 5000, 100000):
            for where in (b'{"input":{"mode":"echo","text":%s}}', b'{"context":%s,"input":{}}', b'%s'):
                with self.subTest(depth=depth, where=where):
                    raw = self.post(where % (b"[" * depth + b"]" * depth))
                    self.assertEqual(status_of(raw), 400)
                    self.assertIn(b"nested deeper than 128 levels", raw)
        raw = self.post(b'{"input":{"mode":"echo","text":%s}}' % (b'{"a":' * 100 + b"1" + b"}" * 100))
        self.assertEqual(status_of(raw), 422, "within the limit, the value is checked against the schema as usual")

    def test_numbers_and_strings_json_cannot_carry_are_400(self):
        for value, reason in ((b"NaN", b"NaN is not a JSON value"), (b"-Infinity", b"-Infinity is not a JSON value"),
                              (b"1e999", b"out of range"), (b'"\\ud800"', b"lone UTF-16 surrogate"),
                              (b'"a\\udfffb"', b"lone UTF-16 surrogate")):
            with self.subTest(value=value):
                raw = self.post(b'{"input":{"mode":"number","number":%s}}' % value)
                self.assertEqual(status_of(raw), 400)
                self.assertIn(reason, raw)
        raw = self.post(b'{"input":{"mode":"echo","text":"\\ud83d\\ude00 \\\\ud800"}}')
        self.assertEqual(status_of(raw), 200, "a surrogate pair is a character; an escaped backslash is not an escape")
        self.assertIn("\U0001F600 \\\\ud800".encode(), raw)

    def test_non_ascii_digits_in_content_length_are_400(self):
        raw = self.server.raw(b"POST /predictions HTTP/1.1\r\nContent-Length: \xb2\r\n\r\n{}")
        self.assertEqual(status_of(raw), 400)

    def test_chunk_framing_errors(self):
        head = b"POST /predictions HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        self.assertEqual(status_of(self.server.raw(head + b"0x2\r\n{}\r\n0\r\n\r\n")), 400)
        self.assertEqual(status_of(self.server.raw(head + b"2\r\n{}}\r\n0\r\n\r\n")), 400)
        self.assertEqual(status_of(self.server.raw(head + b"%x\r\n{" % (101 << 20))), 413)
        body = b'{"input":{"mode":"echo","text":"trailed"}}'
        raw = self.server.raw(head.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")
                              + b"%x;ext=1\r\n%s\r\n0\r\nX-Trailer: 1\r\n\r\n" % (len(body), body))
        self.assertEqual(status_of(raw), 200)
        self.assertIn(b'"trailed"', raw)

    def test_no_route_answers_500_to_hostile_bodies(self):
        bodies = [b"[" * 3000 + b"]" * 3000, b'{"input":{"mode":NaN}}', b'{"input":{"number":1e400,"mode":"number"}}',
                  b'{"id":"\\udc00","input":{}}', b"[]", b'"text"', b"null", b"1", b'{"input":null}', b'{"input":[[]]}',
                  b'{"input":{"mode":{"a":[]}}}', b'{"id":"","input":{}}', b'{"context":{"a":1}}', b'{"context":"x"}',
                  b'{"webhook":5,"input":{}}', b'{"webhook_events_filter":"start","input":{}}',
                  b'{"webhook_events_filter":[[]],"input":{}}', b'{"input":{"mode":"' + b"9" * 5000 + b'"}}',
                  b'{"input":{"mode":' + b"9" * 5000 + b"}}", b"\xff\xfe{}", b"{" * 40, b"", b" "]
        paths = [b"/", b"/health-check", b"/openapi.json", b"/predictions", b"/predictions/p%ff1", b"/predictions/p1/cancel",
                 b"/trainings", b"/trainings/t1", b"/trainings/t1/cancel", b"/docs", b"/docs/%2e%2e/x", b"/nope", b"/shutdown"]
        for path in paths:
            for method in (b"GET", b"POST", b"PUT", b"DELETE"):
                if path == b"/shutdown" and method == b"POST":
                    continue
                for body in bodies if method in (b"POST", b"PUT") else [b""]:
                    raw = self.server.raw(b"%s %s HTTP/1.1\r\nContent-Type: application/json\r\nConnection: close\r\n"
                                          b"Content-Length: %d\r\n\r\n%s" % (method, path, len(body), body))
                    status = status_of(raw)
                    self.assertIsNotNone(status, f"{method} {path} {body[:40]!r}: no reply")
                    self.assertNotEqual(status, 500, f"{method} {path} {body[:40]!r}: {raw[:300]!r}")
        self.assertNotIn("unhandled error", self.server.log())

    def test_unknown_route_404_and_wrong_method_405(self):
        status, _, data = self.server.request("GET", "/nope")
        self.assertEqual((status, data), (404, b""))
        status, _, data = self.server.request("GET", "/predictions")
        self.assertEqual((status, data), (405, b""))
        self.assertEqual(self.server.request("GET", "/predictions/abc")[0], 405)
        self.assertEqual(self.server.request("DELETE", "/")[0], 405)
        self.assertEqual(self.server.request("POST", "/health-check")[0], 405)

    def test_cancel_unknown_id_is_404_empty_object(self):
        status, body = self.server.json("POST", "/predictions/unknown-id/cancel")
        self.assertEqual((status, body), (404, {}))

    def test_chunked_request_body(self):
        body = b'{"input":{"mode":"echo","text":"chunky"}}'
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        raw = self.server.raw(b"POST /predictions HTTP/1.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                              b"Connection: close\r\n\r\n" + chunked)
        self.assertEqual(status_of(raw), 200)
        self.assertIn(b'"chunky"', raw)

    def test_expect_100_continue(self):
        body = b'{"input":{"mode":"echo","text":"later"}}'
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"POST /predictions HTTP/1.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                      b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
            self.assertTrue(s.recv(100).startswith(b"HTTP/1.1 100 Continue"))
            s.sendall(body)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        self.assertEqual(status_of(data), 200)

    def test_pipelined_requests_answered_in_order(self):
        one = b'{"input":{"mode":"echo","text":"one"}}'
        two = b'{"input":{"mode":"echo","text":"two"}}'
        req = b"POST /predictions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
        raw = self.server.raw(req % (len(one), one) + req % (len(two), two) + b"GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n")
        self.assertEqual(raw.count(b"HTTP/1.1 200 OK"), 2)
        self.assertLess(raw.index(b'"one"'), raw.index(b'"two"'))
        self.assertIn(b"HTTP/1.1 404", raw)

    def test_http10_closes_after_reply(self):
        raw = self.server.raw(b"GET / HTTP/1.0\r\n\r\n")
        self.assertEqual(status_of(raw), 200)
        self.assertIn(b"Connection: close", raw)

    def test_response_is_one_write_no_delayed_ack_stall(self):
        conn = self.server.connection()
        try:
            payload = json.dumps({"input": {"mode": "echo", "text": "t"}})
            timings = []
            for _ in range(30):
                start = time.perf_counter()
                conn.request("POST", "/predictions", payload, {"Content-Type": "application/json"})
                conn.getresponse().read()
                timings.append(time.perf_counter() - start)
            timings.sort()
            self.assertLess(timings[len(timings) // 2], 0.035, "median keep-alive latency suggests a Nagle/delayed-ACK stall")
        finally:
            conn.close()


class BackpressureTest(unittest.TestCase):
    """On a server with the default request timeout: the 32 MiB request below may take a while to arrive under load."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server("behaviours.py:Runner")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_pipelined_request_waits_in_the_socket_while_the_first_is_handled(self):
        # While a prediction runs, the server stops reading its connection once more data arrives, so TCP pushes
        # back on the client: of a 32 MiB second request only what fits in the kernel's socket buffers (~4 MiB
        # here) can be sent. A server that kept reading would take all of it into memory within the second.
        body = json.dumps({"input": {"mode": "sleep", "number": 3}}).encode()
        first = b"POST /predictions HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
        size = 32 << 20
        second = memoryview(b"PUT /nope HTTP/1.1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % size + bytes(size))
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=30) as s:
            s.sendall(first)
            self.server.wait_status("BUSY")
            s.setblocking(False)
            sent, deadline = 0, time.time() + 1.0
            while time.time() < deadline and sent < len(second):
                try:
                    sent += s.send(second[sent:sent + (1 << 20)])
                except BlockingIOError:
                    time.sleep(0.01)
            self.assertLess(sent, 16 << 20, "the server read the second request while the first was being handled")
            s.setblocking(True)
            s.sendall(second[sent:])
            replies = b""
            while True:
                data = s.recv(1 << 16)
                if not data:
                    break
                replies += data
        self.assertTrue(replies.startswith(b"HTTP/1.1 200 OK"))
        self.assertIn(b'"slept"', replies)
        self.assertIn(b"HTTP/1.1 404 Not Found", replies, "once the first is answered, the second is read and answered")


class HeaderScanTest(unittest.TestCase):
    def test_headers_arriving_in_small_reads_are_searched_about_once(self):
        # 60 KiB of headers in 100-byte reads: searching the whole buffer for its end on every read costs ~n^2/200
        # (18 million bytes); resuming where the last search stopped costs about n.
        head = b"GET / HTTP/1.1\r\n" + b"".join(b"X-Header-%05d: %s\r\n" % (i, b"v" * 580) for i in range(100)) + b"\r\n"
        conn = HttpConnection(app=None)
        conn.buffer = CountingBuffer()
        request = None
        for i in range(0, len(head), 100):
            conn.buffer += head[i:i + 100]
            request = conn._parse()
        self.assertEqual((request.method, len(request.headers)), ("GET", 100))
        self.assertLess(conn.buffer.searched, 2 * len(head))


if __name__ == "__main__":
    unittest.main()
