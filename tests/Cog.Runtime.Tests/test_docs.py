"""`/docs` routes: page, assets, unsafe paths, missing assets; the installed Swagger UI bundle over real HTTP."""

from __future__ import annotations

import http.client
import http.server
import os
import re
import shutil
import tempfile
import threading
import unittest

from cog.server import docs


class DocsResponseTests(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        for name in docs.ASSET_TYPES:
            with open(os.path.join(self.dir, name), "wb") as f:
                f.write(f"content of {name}".encode())
        with open(os.path.join(os.path.dirname(self.dir), "secret.txt"), "w") as f:
            f.write("secret")
        self.addCleanup(os.remove, os.path.join(os.path.dirname(self.dir), "secret.txt"))

    def get(self, path: str) -> docs.Response | None:
        return docs.response(path, title="My <Model>", assets_dir=self.dir)

    def test_page_points_at_assets_and_schema(self) -> None:
        for path in ("/docs", "/docs/", "/docs?x=1"):
            status, content_type, body = self.get(path)  # type: ignore[misc]
            self.assertEqual((status, content_type), (200, "text/html; charset=utf-8"))
        text = body.decode()
        self.assertIn('<script src="/docs/assets/swagger-ui-bundle.js">', text)
        self.assertIn('href="/docs/assets/swagger-ui.css"', text)
        self.assertIn('url: "/openapi.json"', text)
        self.assertIn("validatorUrl: null", text)
        self.assertIn("<title>My &lt;Model&gt; - Swagger UI</title>", text)
        self.assertNotIn("http", re.sub(r'name="viewport"[^>]*', "", text), "the page must not reference other hosts")

    def test_hostile_openapi_url_cannot_break_out_of_script(self) -> None:
        text = docs.page(openapi_url="</script><script>alert(1)</script>").decode()
        self.assertNotIn("</script><script>alert", text)

    def test_assets(self) -> None:
        self.assertEqual(
            self.get("/docs/assets/swagger-ui-bundle.js"),
            (200, "text/javascript; charset=utf-8", b"content of swagger-ui-bundle.js"),
        )
        self.assertEqual(self.get("/docs/assets/swagger-ui.css")[:2], (200, "text/css; charset=utf-8"))  # type: ignore[index]
        self.assertEqual(self.get("/docs/assets/favicon-32x32.png")[1], "image/png")  # type: ignore[index]

    def test_unsafe_or_unknown_asset_paths_are_404(self) -> None:
        for path in (
            "/docs/assets/../secret.txt",
            "/docs/assets/..%2Fsecret.txt",
            "/docs/assets/%2e%2e/secret.txt",
            "/docs/assets//etc/passwd",
            "/docs/assets/",
            "/docs/assets/LICENSE",
            "/docs/assets/swagger-ui.css/",
        ):
            with self.subTest(path):
                self.assertEqual(self.get(path)[0], 404)  # type: ignore[index]

    def test_other_paths_are_not_ours(self) -> None:
        for path in ("/", "/documents", "/docsx", "/openapi.json", "/predictions"):
            self.assertIsNone(self.get(path), path)

    def test_missing_assets(self) -> None:
        empty = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, empty)
        status, content_type, body = docs.response("/docs", assets_dir=empty)  # type: ignore[misc]
        self.assertEqual(status, 503)
        self.assertIn(b"eng/swagger-ui.sh", body)
        self.assertEqual(docs.response("/docs/assets/swagger-ui.css", assets_dir=empty)[0], 404)  # type: ignore[index]


@unittest.skipUnless(docs.assets_installed(), "Swagger UI assets not installed (run eng/swagger-ui.sh)")
class InstalledAssetsTests(unittest.TestCase):
    """The real bundle, served the way the runtime serves it."""

    def setUp(self) -> None:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                result = docs.response(self.path) or (404, "text/plain", b"")
                self.send_response(result[0])
                self.send_header("Content-Type", result[1])
                self.send_header("Content-Length", str(len(result[2])))
                self.end_headers()
                self.wfile.write(result[2])

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.addCleanup(self.server.server_close)
        self.addCleanup(self.server.shutdown)

    def fetch(self, path: str) -> tuple[int, str, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.server_address[1], timeout=5)
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            return r.status, r.getheader("Content-Type", ""), r.read()
        finally:
            conn.close()

    def test_every_asset_the_page_references_is_served(self) -> None:
        status, _, body = self.fetch("/docs")
        self.assertEqual(status, 200)
        referenced = re.findall(r'(?:src|href)="(/docs/assets/[^"]+)"', body.decode())
        self.assertEqual(len(referenced), 4)
        for path in referenced:
            status, content_type, asset = self.fetch(path)
            self.assertEqual(status, 200, path)
            self.assertGreater(len(asset), 100, path)
        _, _, bundle = self.fetch("/docs/assets/swagger-ui-bundle.js")
        self.assertIn(b"SwaggerUIBundle", bundle)
        self.assertGreater(len(bundle), 500_000)

    def test_pinned_version_is_installed(self) -> None:
        with open(os.path.join(docs.ASSETS_DIR, "VERSION")) as f:
            version = f.read().strip()
        with open(os.path.join(os.path.dirname(__file__), "..", "..", "eng", "swagger-ui.sh")) as f:
            self.assertIn(f"VERSION={version}\n", f.read())


if __name__ == "__main__":
    unittest.main()
