"""The server process: `python -m cog.server.http`. Never imports user code; spawns one worker for that."""

import argparse
import asyncio
import datetime
import json
import os
import signal
import socket
import sys

from .. import __version__, config
from .app import Runtime
from .connection import HttpConnection

_LEVELS = {"debug": 10, "info": 20, "warn": 30, "warning": 30, "error": 40}


def make_logger():
    threshold = _LEVELS.get(os.environ.get("COG_LOG_LEVEL", "info").lower(), 20)
    console = os.environ.get("LOG_FORMAT", "json").lower() == "console"

    def log(level, message):
        if _LEVELS.get(level, 20) < threshold:
            return
        if console:
            line = f"{level.upper():5} {message}"
        else:
            line = json.dumps({"level": level, "message": message, "logger": "cog.server",
                               "timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat()}, ensure_ascii=False)
        try:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
        except (OSError, ValueError):
            pass

    return log


def make_run_log_echo():
    """In console mode (`cog run`/`cog serve`), prediction logs are also written to stderr as they arrive, so a host that
    follows the container's output shows them while the model runs rather than when it returns. None otherwise."""
    if os.environ.get("LOG_FORMAT", "json").lower() != "console":
        return None

    def echo(text):
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except (OSError, ValueError):
            pass

    return echo


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m cog.server.http", description="Cog prediction server")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--await-explicit-shutdown", default=None)
    parser.add_argument("--x-mode", choices=("predict", "train"), default="predict")
    parser.add_argument("--upload-url", default=None)
    parser.add_argument("--threads", default=None)
    parser.add_argument("-v", "--version", action="store_true")
    return parser.parse_args(argv)


def _port(log):
    raw = os.environ.get("PORT", "5000")
    try:
        port = int(raw)
        if 0 <= port < 65536:
            return port
    except ValueError:
        pass
    log("warning", f"PORT={raw!r} is not a valid port; using 5000")
    return 5000


def _reap_orphans(worker_pid_getter):
    """PID-1 duty: collect exit statuses of any child, so orphaned grandchildren don't pile up as zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


async def serve(args):
    log = make_logger()
    loop = asyncio.get_running_loop()
    mode = args.x_mode
    if not config.runner_ref(mode):
        print(config.missing_ref_message(mode), file=sys.stderr)
        return 1
    runtime = Runtime(loop, mode=mode, upload_url=args.upload_url,
                      await_explicit_shutdown=bool(args.await_explicit_shutdown), log=log,
                      echo_run_log=make_run_log_echo())
    host = args.host
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server = await loop.create_server(lambda: HttpConnection(runtime), host=host, port=_port(log), family=family,
                                      reuse_address=True, backlog=1024)
    runtime.stop_listening = server.close
    bound = server.sockets[0].getsockname()
    log("info", f"listening on http://{bound[0]}:{bound[1]}")
    if os.environ.get("COG_PORT_FILE"):  # with PORT=0, tests and benchmarks learn the bound port from this file
        with open(os.environ["COG_PORT_FILE"] + ".tmp", "w") as f:
            f.write(str(bound[1]))
        os.replace(os.environ["COG_PORT_FILE"] + ".tmp", os.environ["COG_PORT_FILE"])

    def graceful(signame):
        log("info", f"received {signame}")
        asyncio.ensure_future(runtime.shutdown())

    if args.await_explicit_shutdown:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    else:
        loop.add_signal_handler(signal.SIGTERM, graceful, "SIGTERM")
    loop.add_signal_handler(signal.SIGINT, graceful, "SIGINT")
    if os.getpid() == 1:
        loop.add_signal_handler(signal.SIGCHLD, _reap_orphans, None)
    runtime.start_worker()
    await runtime.stopped
    server.close()
    log("info", "stopped")
    return 0


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.version:
        print(f"cog-runtime {__version__}")
        return 0
    return asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
