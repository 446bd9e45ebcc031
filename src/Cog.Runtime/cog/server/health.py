"""Health state of the runtime: setup progress, slots, the model's own healthcheck, and the body of
`GET /health-check` (docs/http-api.md, "Health")."""

from __future__ import annotations

import os
import platform
from typing import Any

from .predictions import now_iso


class Health:
    def __init__(self, runtime_version: str) -> None:
        self.setup_status = "starting"   # starting | succeeded | failed
        self.defunct = False
        self.started_at: str | None = None
        self.completed_at: str | None = None
        self.setup_logs: list[str] = []
        self.slots = 1
        self.busy = 0
        self.user_error: str | None = None
        self.runtime_version = runtime_version
        self.sdk_version: str | None = None
        self._ready_file_written = False

    def setup_started(self) -> None:
        self.started_at = now_iso()

    def setup_finished(self, ok: bool) -> bool:
        if self.setup_status != "starting":
            return False
        self.setup_status = "succeeded" if ok else "failed"
        self.completed_at = now_iso()
        return True

    def add_setup_log(self, text: str) -> None:
        if self.setup_status == "starting" or not text.endswith("\n"):
            self.setup_logs.append(text if text.endswith("\n") else text + "\n")
        else:
            self.setup_logs.append(text)

    @property
    def ready(self) -> bool:
        return self.setup_status == "succeeded" and not self.defunct

    @property
    def status(self) -> str:
        if self.setup_status == "starting":
            return "STARTING"
        if self.setup_status == "failed":
            return "SETUP_FAILED"
        if self.defunct:
            return "DEFUNCT"
        if self.user_error:
            return "UNHEALTHY"
        if self.busy >= self.slots:
            return "BUSY"
        return "READY"

    def body(self) -> dict[str, Any]:
        status = self.status
        setup: dict[str, Any] = {}
        if self.started_at:
            setup["started_at"] = self.started_at
        if self.completed_at:
            setup["completed_at"] = self.completed_at
        setup["status"] = self.setup_status
        if self.setup_logs:
            setup["logs"] = "".join(self.setup_logs)
        version = {"coglet": self.runtime_version, "python": platform.python_version()}
        if self.sdk_version:
            version["python_sdk"] = self.sdk_version
        body = {"status": status, "setup": setup, "version": version}
        if self.user_error and status == "UNHEALTHY":
            body["user_healthcheck_error"] = self.user_error
        if status == "READY" and not self._ready_file_written and os.environ.get("KUBERNETES_SERVICE_HOST"):
            try:
                os.makedirs("/var/run/cog", exist_ok=True)
                open("/var/run/cog/ready", "w").close()
                self._ready_file_written = True
            except OSError:
                pass
        return body
