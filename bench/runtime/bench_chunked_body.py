"""Cost of reading a chunked request body, and how long it holds up the server's event loop.

Sends one `Transfer-Encoding: chunked` body of --mib MiB in --chunk-kib KiB chunks to a route that reads the body and
answers 404, while a second keep-alive connection polls `GET /health-check` every 10 ms. Prints the time from the first
byte sent to the reply, the server's CPU for the body, and the slowest health check during the upload (the longest
the event loop was blocked).

    python3 bench/runtime/bench_chunked_body.py [--mib 32] [--chunk-kib 64]
"""

import argparse
import os
import socket
import threading
import time

from _server import running_server
from bench_predictions import KeepAliveClient, cpu_seconds

RUNNER = '''from cog import BaseRunner


class Runner(BaseRunner):
    def run(self, text: str) -> str:
        return text
'''

HEALTH = b"GET /health-check HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def poll_health(port, stop, worst):
    client = KeepAliveClient(port)
    try:
        while not stop.is_set():
            t0 = time.perf_counter()
            client.post(HEALTH)
            worst[0] = max(worst[0], time.perf_counter() - t0)
            time.sleep(0.01)
    finally:
        client.close()


def send_chunked(port, total, chunk):
    try:
        return _send_chunked(port, total, chunk)
    except OSError as exc:  # e.g. the server gave up on a body that took longer than its request timeout
        return f"connection ended without a reply ({exc.strerror or exc})".encode()


def _send_chunked(port, total, chunk):
    piece = b"%x\r\n%s\r\n" % (chunk, b"x" * chunk)
    count, rest = divmod(total, chunk)
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"PUT /bench-body HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                     b"Connection: close\r\n\r\n")
        batch = piece * max(1, (1 << 20) // len(piece))  # ~1 MiB per sendall keeps the client cheap
        per_batch = len(batch) // len(piece)
        sent = 0
        while sent + per_batch <= count:
            sock.sendall(batch)
            sent += per_batch
        sock.sendall(piece * (count - sent))
        if rest:
            sock.sendall(b"%x\r\n%s\r\n" % (rest, b"x" * rest))
        sock.sendall(b"0\r\n\r\n")
        reply = b""
        while True:
            data = sock.recv(65536)
            if not data:
                break
            reply += data
    return reply.split(b"\r\n", 1)[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=32)
    parser.add_argument("--chunk-kib", type=float, default=64)
    args = parser.parse_args()
    total, chunk = args.mib << 20, max(1, int(args.chunk_kib * 1024))
    with running_server(RUNNER, "cog-bench-chunked-") as (proc, port):
        stop, worst = threading.Event(), [0.0]
        poller = threading.Thread(target=poll_health, args=(port, stop, worst), daemon=True)
        poller.start()
        time.sleep(0.2)
        cpu_before = cpu_seconds(proc.pid)
        t0 = time.perf_counter()
        status_line = send_chunked(port, total, chunk)
        elapsed = time.perf_counter() - t0
        cpu = cpu_seconds(proc.pid) - cpu_before
        stop.set()
        poller.join()
        print(f"body:            {args.mib} MiB chunked in {chunk:,} byte chunks -> {status_line.decode()}")
        print(f"wall time:       {elapsed:.2f} s (send + decode + reply)")
        print(f"server CPU:      {cpu:.2f} s")
        print(f"slowest health:  {worst[0] * 1000:.0f} ms during the upload (event loop blocked at most this long)")
        print(f"load average:    {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
