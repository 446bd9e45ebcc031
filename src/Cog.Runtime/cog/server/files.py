"""Files crossing the runtime boundary: input downloads, output data URLs and uploads, IPC spill files
(docs/http-api.md, "Files")."""

from __future__ import annotations

import concurrent.futures
import http.client
import os
import shutil
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from typing import IO

from ..urls import data_url, decode_data_url, file_name, mime_type, ssl_context

CHUNK_SIZE = 1024 * 1024
IPC_SPILL_LIMIT = 6 * 1024 * 1024


class DownloadError(Exception):
    """An input URL could not be fetched; the message names the URL (data URLs shortened) and the reason."""


class UploadError(Exception):
    """An output file could not be uploaded; the message is the spec's `upload returned status N` / `upload request failed: R`."""


def _describe(url: str) -> str:
    return url if len(url) <= 100 else url[:60] + "…"


class InputFiles:
    """Downloads input URLs into a private temp folder; `cleanup()` (or leaving the `with`) deletes them all."""

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        max_workers: int = 8,
        user_agent: str | None = None,
        directory: str | None = None,
    ) -> None:
        self.timeout = timeout
        self.max_workers = max_workers
        self.user_agent = os.environ.get("COG_USER_AGENT") if user_agent is None else user_agent
        self._parent = directory
        self._root: str | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> "InputFiles":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

    def fetch(self, url: str) -> str:
        target_dir = tempfile.mkdtemp(dir=self._root_dir())
        target = os.path.join(target_dir, file_name(url))
        try:
            if url.startswith("data:"):
                self._write_data_url(url, target)
            elif url.startswith(("http://", "https://")):
                self._download(url, target)
            else:
                raise DownloadError(f"{_describe(url)} is not an http, https or data URL")
        except DownloadError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise DownloadError(f"could not download {_describe(url)}: {_reason(exc)}") from exc
        return target

    def fetch_all(self, urls: Sequence[str]) -> list[str]:
        """Fetches in parallel (at most `max_workers`); paths come back in the order of `urls`."""
        if len(urls) <= 1:
            return [self.fetch(u) for u in urls]
        with concurrent.futures.ThreadPoolExecutor(min(self.max_workers, len(urls)), "cog-download") as pool:
            futures = [pool.submit(self.fetch, u) for u in urls]
            done, pending = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_EXCEPTION)
            for f in pending:
                f.cancel()
            for f in futures:
                if f.done() and not f.cancelled() and f.exception() is not None:
                    raise f.exception()  # type: ignore[misc]
            return [f.result() for f in futures]

    def cleanup(self) -> None:
        with self._lock:
            root, self._root = self._root, None
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)

    def _root_dir(self) -> str:
        with self._lock:
            if self._root is None:
                self._root = tempfile.mkdtemp(prefix="cog-inputs-", dir=self._parent)
            return self._root

    def _download(self, url: str, target: str) -> None:
        headers = {"User-Agent": self.user_agent} if self.user_agent else {}
        request = urllib.request.Request(url, headers=headers)
        # The handler also covers redirects from http:// to https://.
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ssl_context()))
        with opener.open(request, timeout=self.timeout) as response:
            with open(target, "wb") as out:
                shutil.copyfileobj(response, out, CHUNK_SIZE)

    @staticmethod
    def _write_data_url(url: str, target: str) -> None:
        try:
            data = decode_data_url(url)[1]
        except ValueError as exc:
            raise DownloadError(str(exc)) from exc
        with open(target, "wb") as out:
            out.write(data)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}".rstrip()
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


def upload(
    path: str | os.PathLike[str],
    upload_url: str,
    *,
    timeout: float = 25.0,
    cancel: threading.Event | None = None,
    user_agent: str | None = None,
    max_redirects: int = 5,
) -> str:
    """PUTs the file to `upload_url` + basename, streamed from disk; returns where it landed, query string stripped.

    `timeout` bounds each socket operation, not the whole transfer, so large files are not cut off.
    """
    parts = urllib.parse.urlsplit(upload_url)
    folder = parts.path if parts.path.endswith("/") else parts.path + "/"
    url = urllib.parse.urlunsplit(parts._replace(path=folder + urllib.parse.quote(os.path.basename(os.fspath(path)))))
    headers = {"Content-Type": mime_type(path), "Content-Length": str(os.path.getsize(path))}
    if user_agent:
        headers["User-Agent"] = user_agent
    for _ in range(max_redirects + 1):
        try:
            status, location = _put_file(url, path, headers, timeout, cancel)
        except UploadError:
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise UploadError(f"upload request failed: {_reason(exc)}") from exc
        if status in (307, 308) and location:
            url = urllib.parse.urljoin(url, location)
            continue
        if not 200 <= status < 300:
            raise UploadError(f"upload returned status {status}")
        final = urllib.parse.urljoin(url, location) if location else url
        return urllib.parse.urlunsplit(urllib.parse.urlsplit(final)._replace(query="", fragment=""))
    raise UploadError("upload request failed: too many redirects")


def _put_file(
    url: str,
    path: str | os.PathLike[str],
    headers: dict[str, str],
    timeout: float,
    cancel: threading.Event | None,
) -> tuple[int, str | None]:
    try:
        conn, target = http_connection(url, timeout)
    except http.client.InvalidURL as exc:
        raise UploadError(f"upload request failed: {exc}") from None
    buffer = bytearray(CHUNK_SIZE)
    view = memoryview(buffer)
    try:
        conn.putrequest("PUT", target, skip_accept_encoding=True)
        for name, value in headers.items():
            conn.putheader(name, value)
        conn.endheaders()
        with open(path, "rb") as f:
            while n := f.readinto(buffer):
                if cancel is not None and cancel.is_set():
                    raise UploadError("upload canceled")
                conn.send(view[:n])
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("Location")
    finally:
        view.release()
        conn.close()


def http_connection(url: str, timeout: float) -> tuple[http.client.HTTPConnection, str]:
    """An unopened connection for an http(s) URL and the request target (path and query) to send on it;
    http.client.InvalidURL for any other scheme."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=timeout, context=ssl_context()
        )
    elif parts.scheme == "http":
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    else:
        raise http.client.InvalidURL(f"unsupported URL scheme {parts.scheme!r}")
    return conn, (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def output_url(path: str | os.PathLike[str], upload_url: str | None = None, **upload_options: object) -> str:
    if upload_url:
        return upload(path, upload_url, **upload_options)  # type: ignore[arg-type]
    return data_url(path)


def output_urls(
    paths: Iterable[str | os.PathLike[str]], upload_url: str | None = None, **upload_options: object
) -> list[str]:
    """One URL per path, in the order given (the order the model produced them)."""
    return [output_url(p, upload_url, **upload_options) for p in paths]


def io_to_file(obj: IO[bytes] | IO[str], index: int, directory: str) -> str:
    """Writes an IOBase output (read from its start) to `<index>.<ext>`, ext from its `.name`, else `bin`."""
    name = getattr(obj, "name", None)
    ext = os.path.splitext(name)[1].lstrip(".") if isinstance(name, str) else ""
    target = os.path.join(directory, f"{index}.{ext or 'bin'}")
    if obj.seekable():
        obj.seek(0)
    with open(target, "wb") as out:
        while chunk := obj.read(CHUNK_SIZE):
            out.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
    return target


def needs_spill(data: bytes | str, limit: int = IPC_SPILL_LIMIT) -> bool:
    return len(data) > limit if isinstance(data, bytes) else len(data) > limit // 4 and len(data.encode("utf-8")) > limit


def spill(data: bytes | str, directory: str | None = None) -> str:
    """Writes an oversized IPC payload to a private temp file; the receiver takes it back with `unspill`."""
    fd, path = tempfile.mkstemp(prefix="cog-ipc-", suffix=".bin", dir=directory)
    with os.fdopen(fd, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def unspill(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
