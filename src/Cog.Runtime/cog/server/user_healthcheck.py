"""The model's own healthcheck(), run by the worker when a client asks for `GET /health-check`: one check at a
time however many clients ask, its outcome kept in the health state (UNHEALTHY with the reason)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from .health import Health

ANSWER_TIMEOUT = 10.0  # seconds; the worker itself gives the model's check 5


class UserHealthcheck:
    def __init__(self, loop: asyncio.AbstractEventLoop, health: Health, send: Callable[[dict[str, Any]], object]) -> None:
        self.loop = loop
        self.health = health
        self.send = send
        self._waiters: dict[int, asyncio.Future[tuple[bool, str | None]]] = {}
        self._call: asyncio.Future[None] | None = None
        self._next_hid = 0

    async def check(self) -> None:
        """Runs the check, or joins the one in progress."""
        if self._call is None or self._call.done():
            self._call = asyncio.ensure_future(self._run())
        await asyncio.shield(self._call)

    async def _run(self) -> None:
        self._next_hid += 1
        hid = self._next_hid
        waiter = self.loop.create_future()
        self._waiters[hid] = waiter
        self.send({"op": "health", "hid": hid})
        try:
            ok, error = await asyncio.wait_for(waiter, ANSWER_TIMEOUT)
        except asyncio.TimeoutError:
            self._waiters.pop(hid, None)
            ok, error = False, "healthcheck timed out"
        self.health.user_error = None if ok else (error or "Healthcheck failed")

    def answered(self, hid: int | None, ok: bool, error: str | None) -> None:
        """The worker's `health` event."""
        waiter = self._waiters.pop(hid, None) if hid is not None else None
        if waiter and not waiter.done():
            waiter.set_result((ok, error))

    def worker_gone(self) -> None:
        """No answer will come; the health state says DEFUNCT by itself."""
        for waiter in self._waiters.values():
            if not waiter.done():
                waiter.set_result((True, None))
