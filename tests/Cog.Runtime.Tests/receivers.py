"""Real HTTP receivers for tests: a webhook sink and an upload target, on 127.0.0.1 ephemeral ports."""

import http.server
import json
import os
import tempfile
import threading
import time


class _Quiet(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass


class WebhookReceiver:
    def __init__(self, port=0, status=200):
        self.events = []
        self.headers = []
        self.status = status
        self.cond = threading.Condition()
        owner = self

        class Handler(_Quiet):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with owner.cond:
                    owner.events.append(json.loads(body))
                    owner.headers.append(dict(self.headers))
                    owner.cond.notify_all()
                self.send_response(owner.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, predicate, timeout=15):
        deadline = time.time() + timeout
        with self.cond:
            while not predicate(self.events):
                remaining = deadline - time.time()
                if remaining <= 0:
                    raise AssertionError(f"webhooks never matched; got {self.events}")
                self.cond.wait(remaining)
            return list(self.events)

    def completed(self, pid, timeout=15):
        events = self.wait_for(lambda evs: any(e["id"] == pid and e["status"] in ("succeeded", "failed", "canceled") for e in evs), timeout)
        return next(e for e in events if e["id"] == pid and e["status"] in ("succeeded", "failed", "canceled"))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class UploadReceiver:
    """Accepts PUT /upload/<name>, stores the bytes on disk, answers with a Location that carries a query string."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="cog-rt-uploads-")
        self.received = []
        owner = self

        class Handler(_Quiet):
            def do_PUT(self):
                length = int(self.headers.get("Content-Length", 0))
                name = os.path.basename(self.path)
                with open(os.path.join(owner.folder, name), "wb") as f:
                    remaining = length
                    while remaining:
                        chunk = self.rfile.read(min(remaining, 1 << 20))
                        if not chunk:
                            break
                        f.write(chunk)
                        remaining -= len(chunk)
                owner.received.append((name, length, self.headers.get("Content-Type")))
                self.send_response(201)
                self.send_header("Location", f"http://files.example/{name}?signature=abc")
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/upload"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
