"""The server's record of one prediction (or training): status, logs, output, metrics, and who is listening."""

import asyncio
import datetime
import time

TERMINAL = ("succeeded", "failed", "canceled")


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat()


class Prediction:
    def __init__(self, pid, payload, *, kind="predict", mode="sync", context=None, output_is_array=False, masked_input=None):
        self.id = pid
        self.kind = kind
        self.mode = mode
        self.input = payload
        self.masked_input = masked_input if masked_input is not None else payload
        self.context = context or {}
        self.status = "starting"
        self.logs = []
        self.items = []
        self.is_list = output_is_array
        self.output = None
        self.error = None
        self.user_metrics = {}
        self.metrics = {}
        self.created_at = now_iso()
        self.started_at = None
        self.completed_at = None
        self._t0 = time.perf_counter()
        self.cancel_requested = False
        self.dispatched = False
        self.listeners = []  # callables(event, prediction, data)
        self.done = asyncio.get_running_loop().create_future()

    @property
    def terminal(self):
        return self.status in TERMINAL

    def _emit(self, event, data=None):
        for listener in list(self.listeners):
            try:
                listener(event, self, data)
            except Exception:  # noqa: BLE001 - a broken listener must not break the prediction
                pass

    def mark_started(self):
        if self.status == "starting":
            self.status = "processing"
            self.started_at = now_iso()
            self._emit("start")

    def add_log(self, text, source):
        self.logs.append(text)
        self._emit("logs", {"data": text, "source": source})

    def add_output(self, item):
        index = len(self.items)
        self.items.append(item)
        self._emit("output", {"chunk": item, "index": index})

    def record_metric(self, name, value, mode):
        self._emit("metric", {"name": name, "value": value, "mode": mode})

    def finish(self, status, *, metrics=None, error=None, is_list=None):
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
        self.completed_at = now_iso()
        if self.is_list:
            self.output = list(self.items)
        else:
            self.output = self.items[0] if self.items else None
        self._emit("completed")
        if not self.done.done():
            self.done.set_result(self)
        return True

    def current_output(self):
        if self.terminal:
            return self.output
        return list(self.items) if self.items else None

    def snapshot(self, with_input=False, full=False):
        body = {"id": self.id, "status": self.status, "logs": "".join(self.logs), "metrics": self.metrics or dict(self.user_metrics)}
        output = self.current_output()
        if output is not None or self.terminal:
            body["output"] = output
        if self.error is not None:
            body["error"] = self.error
        if with_input or full:
            body["input"] = self.masked_input
        if full:
            body["created_at"] = self.created_at
            if self.started_at:
                body["started_at"] = self.started_at
            if self.completed_at:
                body["completed_at"] = self.completed_at
        return body

    def sync_reply(self):
        body = {"id": self.id, "logs": "".join(self.logs), "metrics": self.metrics, "status": self.status}
        if self.status == "succeeded":
            body["output"] = self.output
        elif self.status == "failed":
            body["error"] = self.error
        return body
