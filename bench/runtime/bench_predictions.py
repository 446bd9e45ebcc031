"""Sync prediction throughput of the runtime on one keep-alive connection.

Starts `python -m cog.server.http` on 127.0.0.1 with a trivial runner (run(text: str) -> str), sends N sequential
predictions over a single HTTP/1.1 connection, and prints predictions/s, p50/p99 latency and server + worker RSS.

    python3 bench/runtime/bench_predictions.py [--requests 20000] [--warmup 1000]
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import time

from _server import running_server

RUNNER = '''from cog import BaseRunner


class Runner(BaseRunner):
    def run(self, text: str) -> str:
        return text
'''


ECHO_SERVER = r'''
import asyncio, sys

class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport, self.buffer = transport, b""

    def data_received(self, data):
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            length = 0
            for line in self.buffer[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(self.buffer) < end + 4 + length:
                return
            body, self.buffer = self.buffer[end + 4:end + 4 + length], self.buffer[end + 4 + length:]
            self.transport.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))

async def main():
    server = await asyncio.get_running_loop().create_server(Echo, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
'''


class KeepAliveClient:
    """A minimal HTTP/1.1 client on one socket: the request bytes are prepared once, so the figures measure the
    server rather than the client library (http.client alone costs ~250 us per request on this machine)."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def post(self, request):
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(65536)
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        while len(rest) < length:
            rest += self.sock.recv(65536)
        self.buffer = rest[length:]
        return int(head.split(b" ", 2)[1]), rest[:length]

    def close(self):
        self.sock.close()


def measure(port, count, warmup, path="/predictions"):
    body = json.dumps({"input": {"text": "hello"}}).encode()
    request = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\n\r\n").encode() + body
    client = KeepAliveClient(port)
    latencies = []
    try:
        for i in range(warmup + count):
            t0 = time.perf_counter()
            status, data = client.post(request)
            if status != 200:
                raise SystemExit(f"unexpected status {status}: {data[:200]!r}")
            if i >= warmup:
                latencies.append(time.perf_counter() - t0)
    finally:
        client.close()
    latencies.sort()
    return len(latencies) / sum(latencies), latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.99)]


def baseline(count, warmup):
    """A bare asyncio HTTP echo server in its own process, measured by the same client: the ceiling on this machine now."""
    proc = subprocess.Popen([sys.executable, "-c", ECHO_SERVER], stdout=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline())
        before = cpu_seconds(proc.pid)
        result = measure(port, count, warmup)
        return result + ((cpu_seconds(proc.pid) - before) / (count + warmup) * 1e6,)
    finally:
        proc.kill()
        proc.wait()


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid, part=None):
    """user+system CPU seconds of a process (part="user" or "system" for one of them)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        user, system = int(fields[11]), int(fields[12])
        ticks = {"user": user, "system": system}.get(part, user + system)
        return ticks / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        return []


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--no-baseline", action="store_true", help="skip the bare asyncio echo comparison")
    args = parser.parse_args()
    with running_server(RUNNER, "cog-bench-") as (proc, port):
        body = json.dumps({"input": {"text": "hello"}}).encode()
        request = (b"POST /predictions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        client = KeepAliveClient(port)
        latencies = []
        worker = (children(proc.pid) or [0])[0]
        cpu_before = None
        for i in range(args.warmup + args.requests):
            if i == args.warmup:
                cpu_before = (cpu_seconds(proc.pid), cpu_seconds(worker), time.process_time(), cpu_seconds(proc.pid, "user"))
            t0 = time.perf_counter()
            status, data = client.post(request)
            t1 = time.perf_counter()
            if status != 200 or b'"succeeded"' not in data:
                raise SystemExit(f"unexpected reply {status}: {data[:200]!r}")
            if i >= args.warmup:
                latencies.append(t1 - t0)
        client.close()
        cpu_after = (cpu_seconds(proc.pid), cpu_seconds(worker), time.process_time(), cpu_seconds(proc.pid, "user"))
        cpu_us = [(a - b) / len(latencies) * 1e6 for a, b in zip(cpu_after, cpu_before)]
        total = sum(latencies)
        latencies.sort()
        server_rss = rss_kib(proc.pid)
        worker_rss = sum(rss_kib(c) for c in children(proc.pid))
        print(f"requests:        {len(latencies)} sync predictions, one keep-alive connection")
        print(f"predictions/s:   {len(latencies) / total:,.0f}")
        print(f"p50 latency:     {latencies[len(latencies) // 2] * 1000:.3f} ms")
        print(f"p99 latency:     {latencies[int(len(latencies) * 0.99)] * 1000:.3f} ms")
        print(f"CPU/prediction:  server {cpu_us[0]:.0f} us ({cpu_us[3]:.0f} us user), worker {cpu_us[1]:.0f} us, "
              f"client {cpu_us[2]:.0f} us")
        print(f"load average:    {os.getloadavg()[0]:.2f} (other work on the machine skews the wall-clock figures)")
        print(f"server RSS:      {server_rss / 1024:.1f} MiB")
        print(f"worker RSS:      {worker_rss / 1024:.1f} MiB")
        if not args.no_baseline:
            rate, p50, p99, cpu = baseline(args.requests, args.warmup)
            print(f"baseline:        bare asyncio HTTP echo (no worker, no JSON) {rate:,.0f}/s, p50 {p50 * 1000:.3f} ms, "
                  f"p99 {p99 * 1000:.3f} ms, server CPU {cpu:.0f} us/request")


if __name__ == "__main__":
    main()
