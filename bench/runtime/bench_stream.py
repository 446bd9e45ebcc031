"""Streaming throughput of the runtime: tokens/s of a `ConcatenateIterator[str]` delivered over server-sent events.

Starts `python -m cog.server.http` on 127.0.0.1 with a runner that yields N tokens as fast as it can, asks for the
prediction with `Accept: text/event-stream`, parses every frame, and prints tokens/s (first token to `completed`),
time to first token, and the whole request's duration. Each round is a fresh prediction; the median round is reported.

    python3 bench/runtime/bench_stream.py [--tokens 20000] [--rounds 5]
"""

import argparse
import http.client
import json
import statistics
import time

from _server import running_server

RUNNER = '''from cog import BaseRunner, ConcatenateIterator, streaming


class Runner(BaseRunner):
    @streaming
    def run(self, tokens: int) -> ConcatenateIterator[str]:
        for i in range(tokens):
            yield f"t{i} "
'''


def stream_once(port, tokens):
    """One SSE prediction; returns (tokens received, t_first_token, t_completed, t_start) in perf_counter seconds."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    body = json.dumps({"input": {"tokens": tokens}}).encode()
    t_start = time.perf_counter()
    conn.request("POST", "/predictions", body, {"Content-Type": "application/json", "Accept": "text/event-stream"})
    response = conn.getresponse()
    if response.status != 200:
        raise SystemExit(f"unexpected status {response.status}: {response.read()[:200]!r}")
    received, expected_index, first, completed, event = 0, 0, None, None, None
    try:
        for raw in response:
            line = raw.rstrip(b"\r\n")
            if line.startswith(b"event: "):
                event = line[7:]
            elif line.startswith(b"data: ") and event == b"output":
                data = json.loads(line[6:])
                if data["index"] != expected_index:
                    raise SystemExit(f"output index {data['index']} where {expected_index} was expected")
                expected_index += 1
                received += 1
                if first is None:
                    first = time.perf_counter()
            elif line.startswith(b"data: ") and event == b"completed":
                completed = time.perf_counter()
                status = json.loads(line[6:])["status"]
                if status != "succeeded":
                    raise SystemExit(f"prediction {status}")
                break
    finally:
        conn.close()
    if completed is None or first is None:
        raise SystemExit("stream ended without output or completed event")
    return received, first, completed, t_start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with running_server(RUNNER, "cog-bench-stream-", COG_PREDICT_TYPE_STUB="run.py:Runner") as (_, port):
        stream_once(port, 100)  # warm-up
        rates, ttfts, totals = [], [], []
        for _ in range(args.rounds):
            received, first, completed, t_start = stream_once(port, args.tokens)
            if received != args.tokens:
                raise SystemExit(f"received {received} of {args.tokens} tokens")
            rates.append(received / (completed - first))
            ttfts.append(first - t_start)
            totals.append(completed - t_start)
        print(f"stream:          {args.tokens} tokens x {args.rounds} SSE predictions (ConcatenateIterator[str])")
        print(f"tokens/s:        {statistics.median(rates):,.0f} (median; min {min(rates):,.0f}, max {max(rates):,.0f})")
        print(f"first token:     {statistics.median(ttfts) * 1000:.2f} ms after the request (median)")
        print(f"whole request:   {statistics.median(totals) * 1000:.0f} ms (median)")


if __name__ == "__main__":
    main()
