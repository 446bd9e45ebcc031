"""The model's prints as log events: sys.stdout and sys.stderr are replaced by LogRouters, and what is written goes to
the run it was written in (or to the setup logs), buffered per stream and sent a complete line at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .worker_runs import RunState

LOG_LINE_LIMIT = 4 * 1024 * 1024
TRUNCATED = "[**** LOG LINE TRUNCATED AT 4 MiB ****]\n"


def empty_buffers() -> dict[str, str]:
    return {"stdout": "", "stderr": ""}


class LogCapture:
    """Routes text to the run in progress, during setup to the setup logs, and otherwise to the real stderr."""

    def __init__(self, send: Callable[[dict[str, Any]], None], current_run: Callable[[], RunState | None]) -> None:
        self.send = send
        self.current_run = current_run
        self.in_setup = True
        self.setup_buffers = empty_buffers()

    def write(self, source: str, text: str, fallback: IO[str]) -> None:
        state = self.current_run()
        if state is not None:
            buffers = state.buffers
        elif self.in_setup:
            buffers = self.setup_buffers
        else:
            fallback.write(text)
            fallback.flush()
            return
        pending = buffers[source] + text
        if "\n" not in pending:
            if len(pending) > LOG_LINE_LIMIT:
                pending = pending[:LOG_LINE_LIMIT] + TRUNCATED
                self._emit(state, source, pending)
                pending = ""
            buffers[source] = pending
            return
        cut = pending.rindex("\n") + 1
        complete, buffers[source] = pending[:cut], pending[cut:]
        self._emit(state, source, _truncate_lines(complete))

    def flush(self, state: RunState | None) -> None:
        """Sends what is left of unfinished lines, of a run or (None) of setup."""
        buffers = state.buffers if state is not None else self.setup_buffers
        for source in ("stdout", "stderr"):
            if buffers[source]:
                text, buffers[source] = buffers[source], ""
                self._emit(state, source, _truncate_lines(text) + "\n")

    def _emit(self, state: RunState | None, source: str, text: str) -> None:
        if state is None:
            self.send({"ev": "setup_log", "data": text})
        else:
            self.send({"ev": "log", "id": state.id, "src": source, "data": text})


class LogRouter:
    """Stands in for sys.stdout or sys.stderr: a text stream whose writes go to a LogCapture."""

    def __init__(self, capture: LogCapture, source: str, fallback: IO[str]) -> None:
        self.capture = capture
        self.source = source
        self.fallback = fallback
        self.encoding = "utf-8"
        self.errors = "replace"

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if not text:
            return 0
        self.capture.write(self.source, text, self.fallback)
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self.fallback.fileno()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    @property
    def buffer(self) -> Any:
        return self.fallback.buffer

    @property
    def closed(self) -> bool:
        return False


def _truncate_lines(text: str) -> str:
    if len(text) <= LOG_LINE_LIMIT:
        return text
    return "".join(line if len(line) <= LOG_LINE_LIMIT else line[:LOG_LINE_LIMIT] + TRUNCATED
                   for line in text.splitlines(keepends=True))
