"""Input downloads, output data URLs and uploads, IPC spill files — against real HTTP(S) servers on 127.0.0.1."""

from __future__ import annotations

import base64
import hashlib
import http.server
import io
import os
import pathlib
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
import tracemalloc
import unittest
from unittest import mock

from cog import urls
from cog.server import files


class FileServer:
    """GET serves `routes` (path -> (status, body, delay)); PUT stores a hash of the streamed body."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, tuple[int, bytes, float]] = {}
        self.gets: list[dict] = []
        self.puts: list[dict] = []
        self.put_location: str | None = None
        self.put_status = 200
        self.redirect_first_put = False
        self.lock = threading.Lock()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with server.lock:
                    server.gets.append({"path": self.path, "headers": dict(self.headers), "at": time.monotonic()})
                status, body, delay = server.routes.get(self.path, (404, b"not here", 0.0))
                time.sleep(delay)
                self.send_response(status)
                if status in (301, 302, 307):
                    self.send_header("Location", body.decode())
                    body = b""
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def do_PUT(self) -> None:
                remaining = int(self.headers["Content-Length"])
                digest, biggest = hashlib.sha256(), 0
                while remaining:
                    chunk = self.rfile.read(min(remaining, 256 * 1024))
                    if not chunk:
                        break
                    digest.update(chunk)
                    biggest = max(biggest, len(chunk))
                    remaining -= len(chunk)
                with server.lock:
                    server.puts.append({"path": self.path, "headers": dict(self.headers), "sha256": digest.hexdigest()})
                    redirect = server.redirect_first_put and len(server.puts) == 1
                if redirect:
                    self.send_response(307)
                    self.send_header("Location", "/moved" + self.path)
                else:
                    self.send_response(server.put_status)
                    if server.put_location:
                        self.send_header("Location", server.put_location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.base = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class DownloadTests(unittest.TestCase):
    def setUp(self) -> None:
        self.server = FileServer()
        self.addCleanup(self.server.stop)

    def test_parallel_downloads_keep_order_and_names_and_are_cleaned_up(self) -> None:
        for i in range(6):
            self.server.routes[f"/slow/in{i}.txt"] = (200, f"body {i}".encode(), 0.4)
        urls = [f"{self.server.base}/slow/in{i}.txt" for i in range(6)]
        began = time.monotonic()
        with files.InputFiles(user_agent="cog-test-agent") as inputs:
            paths = inputs.fetch_all(urls)
            elapsed = time.monotonic() - began
            self.assertEqual([os.path.basename(p) for p in paths], [f"in{i}.txt" for i in range(6)])
            self.assertEqual([pathlib.Path(p).read_bytes() for p in paths], [f"body {i}".encode() for i in range(6)])
        self.assertLess(elapsed, 2.0, "six 0.4 s downloads must overlap (one after another: 2.4 s)")
        self.assertTrue(all(not os.path.exists(p) for p in paths))
        self.assertEqual({g["headers"]["User-Agent"] for g in self.server.gets}, {"cog-test-agent"})

    def test_user_agent_from_environment(self) -> None:
        self.server.routes["/a"] = (200, b"x", 0.0)
        with mock.patch.dict(os.environ, {"COG_USER_AGENT": "from-env/2"}):
            with files.InputFiles() as inputs:
                inputs.fetch(self.server.base + "/a")
        self.assertEqual(self.server.gets[0]["headers"]["User-Agent"], "from-env/2")

    def test_http_error_fails_with_reason(self) -> None:
        with files.InputFiles() as inputs:
            with self.assertRaises(files.DownloadError) as ctx:
                inputs.fetch_all([self.server.base + "/missing.png", self.server.base + "/missing2.png"])
        self.assertIn("HTTP 404", str(ctx.exception))
        self.assertIn("/missing", str(ctx.exception))

    def test_timeout(self) -> None:
        self.server.routes["/stall"] = (200, b"late", 2.0)
        began = time.monotonic()
        with files.InputFiles(timeout=0.3) as inputs:
            with self.assertRaises(files.DownloadError) as ctx:
                inputs.fetch(self.server.base + "/stall")
        self.assertLess(time.monotonic() - began, 1.8)
        self.assertIn("timed out", str(ctx.exception))

    def test_connection_refused(self) -> None:
        with files.InputFiles() as inputs:
            with self.assertRaises(files.DownloadError) as ctx:
                inputs.fetch("http://127.0.0.1:1/x.bin")
        self.assertIn("could not download http://127.0.0.1:1/x.bin", str(ctx.exception))

    def test_data_urls(self) -> None:
        png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
        with files.InputFiles() as inputs:
            p1, p2, p3 = inputs.fetch_all(
                [
                    "data:image/png;base64," + base64.b64encode(png).decode(),
                    "data:,hello%20world",
                    "data:text/plain;charset=utf-8;base64," + base64.b64encode("héllo".encode()).decode(),
                ]
            )
            self.assertEqual(pathlib.Path(p1).read_bytes(), png)
            self.assertEqual(os.path.basename(p1), "file.png")
            self.assertEqual(pathlib.Path(p2).read_bytes(), b"hello world")
            self.assertEqual(os.path.basename(p2), "file.txt")
            self.assertEqual(pathlib.Path(p3).read_bytes(), "héllo".encode())
            self.assertNotEqual(os.path.dirname(p1), os.path.dirname(p2), "same names must not collide")
        with files.InputFiles() as inputs:
            with self.assertRaises(files.DownloadError):
                inputs.fetch("data:image/png;base64")

    def test_file_names(self) -> None:
        self.assertEqual(urls.file_name("https://h/a/b/my%20photo.JPG?sig=1#x"), "my photo.JPG")
        self.assertEqual(urls.file_name("https://h/a/b%2Fc.txt"), "b_c.txt")
        self.assertEqual(urls.file_name("https://h/dir/"), "file")
        long = urls.file_name("https://h/" + "é" * 150 + ".tar.gz")
        self.assertLessEqual(len(long.encode()), 200)
        self.assertTrue(long.endswith("~.gz"), long)
        self.assertTrue(urls.is_url("https://x") and urls.is_url("data:,") and not urls.is_url("/tmp/x"))
        self.assertFalse(urls.is_url(3))


@unittest.skipUnless(shutil.which("openssl"), "openssl not installed")
class HttpsTests(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        self.cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", self.cert],
            check=True, capture_output=True,
        )
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(self.cert, key)
        self.server = FileServer(tls)
        self.addCleanup(self.server.stop)
        self.server.routes["/secure.bin"] = (200, b"tls body", 0.0)

    def fetch(self) -> bytes:
        with files.InputFiles() as inputs:
            return pathlib.Path(inputs.fetch(self.server.base + "/secure.bin")).read_bytes()

    def test_ca_bundle_variables_are_honoured(self) -> None:
        for variable in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"):
            with self.subTest(variable), mock.patch.dict(os.environ, {variable: self.cert}):
                os.environ.pop("SSL_CERT_FILE" if variable == "REQUESTS_CA_BUNDLE" else "REQUESTS_CA_BUNDLE", None)
                self.assertEqual(self.fetch(), b"tls body")
        system = ssl.get_default_verify_paths().openssl_cafile
        with mock.patch.dict(os.environ, {"REQUESTS_CA_BUNDLE": system, "SSL_CERT_FILE": self.cert}):
            self.assertEqual(self.fetch(), b"tls body", "both bundles are trusted when both are set")

    def test_redirect_from_http_to_https_uses_the_bundle(self) -> None:
        plain = FileServer()
        self.addCleanup(plain.stop)
        plain.routes["/go.bin"] = (302, (self.server.base + "/secure.bin").encode(), 0.0)
        with mock.patch.dict(os.environ, {"REQUESTS_CA_BUNDLE": self.cert}):
            os.environ.pop("SSL_CERT_FILE", None)
            with files.InputFiles() as inputs:
                path = inputs.fetch(plain.base + "/go.bin")
                self.assertEqual(pathlib.Path(path).read_bytes(), b"tls body")
                self.assertEqual(os.path.basename(path), "go.bin")

    def test_unknown_ca_rejected(self) -> None:
        with mock.patch.dict(os.environ, {}):
            os.environ.pop("SSL_CERT_FILE", None)
            os.environ.pop("REQUESTS_CA_BUNDLE", None)
            with self.assertRaises(files.DownloadError) as ctx:
                self.fetch()
        self.assertIn("CERTIFICATE_VERIFY_FAILED", str(ctx.exception))


class OutputTests(unittest.TestCase):
    def setUp(self) -> None:
        self.server = FileServer()
        self.addCleanup(self.server.stop)
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, name: str, data: bytes) -> str:
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_data_url_mime_by_extension(self) -> None:
        data = os.urandom(3 * 1024 * 1024 + 7)  # crosses chunk boundaries, not a multiple of 3
        self.assertEqual(urls.data_url(self.write("a.png", data)), "data:image/png;base64," + base64.b64encode(data).decode())
        self.assertEqual(urls.data_url(self.write("b.unknownext", b"")), "data:application/octet-stream;base64,")
        self.assertEqual(files.output_url(self.write("c.txt", b"hi")), "data:text/plain;base64,aGk=")

    def test_upload_uses_location_without_query(self) -> None:
        self.server.put_location = "https://cdn.example/objects/out.png?X-Signature=abc"
        path = self.write("out.png", b"pixels")
        url = files.upload(path, self.server.base + "/up", user_agent="cog-test")
        self.assertEqual(url, "https://cdn.example/objects/out.png")
        put = self.server.puts[0]
        self.assertEqual(put["path"], "/up/out.png")
        self.assertEqual(put["headers"]["Content-Type"], "image/png")
        self.assertEqual(put["headers"]["Content-Length"], "6")
        self.assertEqual(put["sha256"], hashlib.sha256(b"pixels").hexdigest())

    def test_upload_without_location_returns_request_url_and_lists_keep_order(self) -> None:
        paths = [self.write(f"{n} file.txt", n.encode()) for n in ("one", "two", "three")]
        urls = files.output_urls(paths, self.server.base + "/bucket/?token=1")
        self.assertEqual(
            urls, [f"{self.server.base}/bucket/{n}%20file.txt" for n in ("one", "two", "three")]
        )
        self.assertEqual([p["path"] for p in self.server.puts], [f"/bucket/{n}%20file.txt?token=1" for n in ("one", "two", "three")])

    def test_upload_follows_307(self) -> None:
        self.server.redirect_first_put = True
        path = self.write("r.bin", b"abc")
        url = files.upload(path, self.server.base + "/r")
        self.assertEqual(url, self.server.base + "/moved/r/r.bin")
        self.assertEqual([p["sha256"] for p in self.server.puts], [hashlib.sha256(b"abc").hexdigest()] * 2)

    def test_upload_failures(self) -> None:
        self.server.put_status = 500
        path = self.write("x.bin", b"abc")
        with self.assertRaisesRegex(files.UploadError, r"^upload returned status 500$"):
            files.upload(path, self.server.base + "/fail")
        with self.assertRaisesRegex(files.UploadError, r"^upload request failed: "):
            files.upload(path, "http://127.0.0.1:1/")
        cancel = threading.Event()
        cancel.set()
        with self.assertRaisesRegex(files.UploadError, "canceled"):
            files.upload(path, self.server.base + "/c", cancel=cancel)

    def test_50_mib_upload_streams_from_disk(self) -> None:
        size = 50 * 1024 * 1024
        path = os.path.join(self.dir, "big.bin")
        digest = hashlib.sha256()
        block = os.urandom(1024 * 1024)
        with open(path, "wb") as f:
            for _ in range(size // len(block)):
                f.write(block)
                digest.update(block)
        tracemalloc.start()
        try:
            url = files.upload(path, self.server.base + "/big")
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        self.assertEqual(url, self.server.base + "/big/big.bin")
        self.assertEqual(self.server.puts[0]["sha256"], digest.hexdigest())
        self.assertEqual(self.server.puts[0]["headers"]["Content-Length"], str(size))
        # Sender and receiver both run in this process; a whole-file copy would show as >= 50 MiB.
        self.assertLess(peak, 8 * 1024 * 1024, f"peak traced memory {peak / 2**20:.1f} MiB")

    def test_io_outputs_become_numbered_files(self) -> None:
        named = open(self.write("clip.wav", b"RIFF...."), "rb")
        self.addCleanup(named.close)
        named.read()  # consumed: must be read again from the start
        p0 = files.io_to_file(io.BytesIO(b"raw"), 0, self.dir)
        p1 = files.io_to_file(named, 1, self.dir)
        p2 = files.io_to_file(io.StringIO("text é"), 2, self.dir)
        self.assertEqual([os.path.basename(p) for p in (p0, p1, p2)], ["0.bin", "1.wav", "2.bin"])
        for path, expected in ((p1, b"RIFF...."), (p2, "text é".encode())):
            with open(path, "rb") as f:
                self.assertEqual(f.read(), expected)


class SpillTests(unittest.TestCase):
    def test_spill_round_trip(self) -> None:
        small, big = b"x" * 10, "é" * (4 * 1024 * 1024)
        self.assertFalse(files.needs_spill(small))
        self.assertTrue(files.needs_spill(big))
        self.assertFalse(files.needs_spill("a" * 100, limit=100))
        self.assertTrue(files.needs_spill(b"a" * 101, limit=100))
        path = files.spill(big)
        self.assertEqual(files.unspill(path).decode(), big)
        self.assertFalse(os.path.exists(path))


if __name__ == "__main__":
    unittest.main()
