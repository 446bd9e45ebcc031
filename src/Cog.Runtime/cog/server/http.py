"""The server process: `python -m cog.server.http`. Never imports user code; spawns one worker for that."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import sys

from .. import __version__, config
from . import runtime_log, settings
from .app import Runtime
from .connection import HttpConnection

def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m cog.server.http", description="Cog prediction server")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--await-explicit-shutdown", default=None)
    parser.add_argument("--x-mode", choices=("predict", "train"), default="predict")
    parser.add_argument("--upload-url", default=None)
    parser.add_argument("--threads", default=None)
    parser.add_argument("-v", "--version", action="store_true")
    return parser.parse_args(argv)


def _reap_orphans() -> None:
    """PID-1 duty: collect exit statuses of any child, so orphaned grandchildren don't pile up as zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


async def serve(args: argparse.Namespace) -> int:
    loop = asyncio.get_running_loop()
    mode = args.x_mode
    if not config.runner_ref(mode):
        print(config.missing_ref_message(mode), file=sys.stderr)
        return 1
    runtime = Runtime(loop, mode=mode, upload_url=args.upload_url, await_explicit_shutdown=bool(args.await_explicit_shutdown))
    host = args.host
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server = await loop.create_server(lambda: HttpConnection(runtime), host=host, port=settings.number("PORT", int, 5000, "a valid port", lambda port: 0 <= port < 65536), family=family,
                                      reuse_address=True, backlog=1024)
    runtime.stop_listening = server.close
    bound = server.sockets[0].getsockname()
    runtime_log.info(f"listening on http://{bound[0]}:{bound[1]}")
    if os.environ.get("COG_PORT_FILE"):  # with PORT=0, tests and benchmarks learn the bound port from this file
        with open(os.environ["COG_PORT_FILE"] + ".tmp", "w") as f:
            f.write(str(bound[1]))
        os.replace(os.environ["COG_PORT_FILE"] + ".tmp", os.environ["COG_PORT_FILE"])

    def graceful(signame: str) -> None:
        runtime_log.info(f"received {signame}")
        asyncio.ensure_future(runtime.shutdown())

    if args.await_explicit_shutdown:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    else:
        loop.add_signal_handler(signal.SIGTERM, graceful, "SIGTERM")
    loop.add_signal_handler(signal.SIGINT, graceful, "SIGINT")
    if os.getpid() == 1:
        loop.add_signal_handler(signal.SIGCHLD, _reap_orphans)
    runtime.start_worker()
    await runtime.stopped
    server.close()
    runtime_log.info("stopped")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.version:
        print(f"cog-runtime {__version__}")
        return 0
    return asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
