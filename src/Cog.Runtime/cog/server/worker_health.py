"""The model's healthcheck() in the worker: run on its own thread with a time limit, answered with a health event."""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import Callable
from typing import Any

CHECK_TIMEOUT = 5.0


def run_healthcheck(check: Callable[[], Any] | None, hid: int, loop: asyncio.AbstractEventLoop | None,
                    send: Callable[[dict[str, Any]], None], describe: Callable[[BaseException], str]) -> None:
    """Answers health request `hid`: ok unless the check returns False, raises or takes over CHECK_TIMEOUT seconds."""
    if check is None:
        send({"ev": "health", "hid": hid, "ok": True})
        return

    def run_check() -> None:
        try:
            if inspect.iscoroutinefunction(check):
                result = asyncio.run_coroutine_threadsafe(asyncio.wait_for(check(), CHECK_TIMEOUT), loop).result()
            else:
                result = _call_with_timeout(check, CHECK_TIMEOUT)
            ok, error = result is not False, None
            if not ok:
                error = "Healthcheck failed: user-defined healthcheck returned False"
        except (TimeoutError, asyncio.TimeoutError):
            ok, error = False, f"Healthcheck failed: user-defined healthcheck timed out after {CHECK_TIMEOUT} seconds"
        except BaseException as exc:  # noqa: BLE001
            ok, error = False, f"Healthcheck failed: {describe(exc)}"
        send({"ev": "health", "hid": hid, "ok": ok, "error": error})

    threading.Thread(target=run_check, name="cog-health", daemon=True).start()


def _call_with_timeout(fn: Callable[[], Any], timeout: float) -> Any:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise TimeoutError()
    if "error" in box:
        raise box["error"]
    return box.get("value")
