"""The server's record of one prediction (or training): status, logs, output, metrics, and who is listening."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .sse import EventStream

TERMINAL = ("succeeded", "failed", "canceled")
WEBHOOK_EVENTS = ("start", "output", "logs", "completed")  # what a listener hears, besides "metric"
SECRET_MASK = "**********"

Listener = Callable[[str, "Prediction", Any], None]  # (event, prediction, data)


def now_iso() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


def iso(timestamp: float | None) -> str | None:
    return datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).isoformat() if timestamp else None


class Prediction:
    def __init__(self, pid: str, payload: dict[str, Any], *, kind: str = "predict", mode: str = "sync",
                 context: dict[str, str] | None = None, output_is_array: bool = False,
                 secret_keys: tuple[str, ...] = ()) -> None:
        self.id = pid
        self.kind = kind
        self.mode = mode
        self.input = payload
        self.secret_keys = secret_keys
        self.context = context or {}
        self.status = "starting"
        self.logs: list[str] = []
        self.items: list[Any] = []
        self.is_list = output_is_array
        self.output: Any = None
        self.error: str | None = None
        self.user_metrics: dict[str, Any] = {}
        self.metrics: dict[str, Any] = {}
        self.created_at = time.time()  # epoch seconds; formatted only when a snapshot needs them
        self.started_at: float | None = None
        self.completed_at: float | None = None
        self._t0 = time.perf_counter()
        self.cancel_requested = False
        self.dispatched = False
        self.listeners: list[Listener] = []
        self.on_done: list[Callable[[Prediction], None]] = []  # run synchronously at the terminal transition
        self.event_stream: EventStream | None = None

    @property
    def masked_input(self) -> dict[str, Any]:
        """The input as echoed to clients: Secret values never leave the server."""
        secret = [k for k in self.secret_keys if self.input.get(k) is not None]
        if not secret:
            return self.input
        masked = dict(self.input)
        for key in secret:
            masked[key] = SECRET_MASK
        return masked

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL

    def _emit(self, event: str, data: Any = None) -> None:
        for listener in list(self.listeners):
            try:
                listener(event, self, data)
            except Exception:  # noqa: BLE001 - a broken listener must not break the prediction
                pass

    def mark_started(self) -> None:
        if self.status == "starting":
            self.status = "processing"
            self.started_at = time.time()
            self._emit("start")

    def add_log(self, text: str, source: str) -> None:
        self.logs.append(text)
        self._emit("logs", {"data": text, "source": source})

    def add_output(self, item: Any) -> None:
        index = len(self.items)
        self.items.append(item)
        self._emit("output", {"chunk": item, "index": index})

    def record_metric(self, name: str, value: Any, mode: str) -> None:
        """Keeps in-run snapshots current; the worker's final metrics replace these at the end."""
        parts = [p for p in name.split(".") if p]
        node = self.user_metrics
        for part in parts[:-1]:
            node = node.setdefault(part, {}) if isinstance(node.get(part), dict) or part not in node else {}
        if parts:
            key = parts[-1]
            if value is None:
                node.pop(key, None)
            elif mode == "increment" and isinstance(node.get(key), (int, float)):
                node[key] = node[key] + value
            elif mode == "append":
                old = node.get(key)
                node[key] = (old if isinstance(old, list) else ([] if old is None else [old])) + [value]
            else:
                node[key] = value
        self._emit("metric", {"name": name, "value": value, "mode": mode})

    def finish(self, status: str, *, metrics: dict[str, Any] | None = None, error: str | None = None,
               is_list: bool | None = None) -> bool:
        """First terminal transition wins; returns False for later ones."""
        if self.terminal:
            return False
        if is_list:
            self.is_list = True
        self.status = status
        self.error = error
        self.user_metrics = metrics or {}
        self.metrics = dict(self.user_metrics)
        self.metrics["predict_time"] = time.perf_counter() - self._t0
        self.completed_at = time.time()
        if self.is_list:
            self.output = list(self.items)
        else:
            self.output = self.items[0] if self.items else None
        self._emit("completed")
        callbacks, self.on_done = self.on_done, []
        for callback in callbacks:
            callback(self)
        return True

    def current_output(self) -> Any:
        if self.terminal:
            return self.output
        return list(self.items) if self.items else None

    def snapshot(self, with_input: bool = False, full: bool = False) -> dict[str, Any]:
        body: dict[str, Any] = {"id": self.id, "status": self.status, "logs": "".join(self.logs),
                                "metrics": self.metrics or dict(self.user_metrics)}
        output = self.current_output()
        if output is not None or self.terminal:
            body["output"] = output
        if self.error is not None:
            body["error"] = self.error
        if with_input or full:
            body["input"] = self.masked_input
        if full:
            body["created_at"] = iso(self.created_at)
            if self.started_at:
                body["started_at"] = iso(self.started_at)
            if self.completed_at:
                body["completed_at"] = iso(self.completed_at)
        return body

    def sync_reply(self) -> dict[str, Any]:
        body = {"id": self.id, "logs": "".join(self.logs), "metrics": self.metrics, "status": self.status}
        if self.status == "succeeded":
            body["output"] = self.output
        elif self.status == "failed":
            body["error"] = self.error
        return body
