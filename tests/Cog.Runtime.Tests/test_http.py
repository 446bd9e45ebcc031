"""Malformed and unusual HTTP: every case gets a 4xx (or a clean close), never a crash or a hang."""

import json
import socket
import time
import unittest

from harness import Server


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


if __name__ == "__main__":
    unittest.main()
