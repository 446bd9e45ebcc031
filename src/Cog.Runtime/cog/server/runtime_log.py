"""The runtime's one log: lines on stderr (the container's log), JSON by default or `LEVEL message` with
LOG_FORMAT=console, at COG_LOG_LEVEL (default info) and above. The server and the worker both write through it."""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable

from .. import jsonwire

_LEVELS = {"debug": 10, "info": 20, "warn": 30, "warning": 30, "error": 40}
_threshold = _LEVELS.get(os.environ.get("COG_LOG_LEVEL", "info").lower(), 20)
_console = os.environ.get("LOG_FORMAT", "json").lower() == "console"


def log(level: str, message: str) -> None:
    if _LEVELS.get(level, 20) >= _threshold:
        write(level, message)


def debug(message: str) -> None:
    log("debug", message)


def info(message: str) -> None:
    log("info", message)


def warning(message: str) -> None:
    log("warning", message)


def error(message: str) -> None:
    log("error", message)


def write(level: str, message: str) -> None:
    """One line, whatever the threshold; never raises (a closed stderr must not take a prediction down)."""
    if _console:
        line = f"{level.upper():5} {message}"
    else:
        line = jsonwire.compact({"level": level, "logger": "cog.server", "message": message,
                                 "timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat()})
    _write_stderr(line + "\n")


def _write_stderr(text: str) -> None:
    stream = sys.__stderr__  # the worker replaces sys.stderr to capture the model's prints; this is the real one
    try:
        stream.write(text)
        stream.flush()
    except (AttributeError, OSError, ValueError):
        pass


def prediction_log_echo() -> Callable[[str], None] | None:
    """In console mode (`cog run`/`cog serve`), prediction logs are also written to stderr as they arrive, so a host
    that follows the container's output shows them while the model runs rather than when it returns. None otherwise."""
    return _write_stderr if _console else None
