"""Files crossing the runtime boundary: input downloads, output data URLs and uploads, IPC spill files (spec 30 §7, §3.2)."""

from __future__ import annotations

import base64
import concurrent.futures
import functools
import http.client
import mimetypes
import os
import shutil
import ssl
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from typing import IO, Iterable, Sequence

CHUNK_SIZE = 1024 * 1024
MAX_NAME_BYTES = 200
IPC_SPILL_LIMIT = 6 * 1024 * 1024
DEFAULT_MIME = "application/octet-stream"


class DownloadError(Exception):
    """An input URL could not be fetched; the message names the URL (data URLs shortened) and the reason."""


class UploadError(Exception):
    """An output file could not be uploaded; the message is the spec's `upload returned status N` / `upload request failed: R`."""


def ssl_context() -> ssl.SSLContext:
    """Context for every outbound HTTPS request: trusts REQUESTS_CA_BUNDLE and SSL_CERT_FILE (both when both are set),
    else the system store."""
    return _ssl_context(os.environ.get("REQUESTS_CA_BUNDLE") or "", os.environ.get("SSL_CERT_FILE") or "")


@functools.lru_cache(maxsize=4)
def _ssl_context(requests_bundle: str, cert_file: str) -> ssl.SSLContext:
    bundles = [b for b in dict.fromkeys((requests_bundle, cert_file)) if b]
    if not bundles:
        return ssl.create_default_context()
    context = ssl.create_default_context(cafile=None if os.path.isdir(bundles[0]) else bundles[0],
                                         capath=bundles[0] if os.path.isdir(bundles[0]) else None)
    for bundle in bundles[1:]:
        if os.path.isdir(bundle):
            context.load_verify_locations(capath=bundle)
        else:
            context.load_verify_locations(cafile=bundle)
    return context


def mime_type(path: str | os.PathLike[str]) -> str:
    return mimetypes.guess_type(os.fspath(path), strict=False)[0] or DEFAULT_MIME



def is_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://", "data:"))


def input_file_name(url: str) -> str:
    """Name a downloaded input keeps: the URL path's basename (data URLs: `file` + extension of the MIME type)."""
    if url.startswith("data:"):
        mime = _parse_data_url_header(url)[0]
        return "file" + (mimetypes.guess_extension(mime, strict=False) or "")
    path = urllib.parse.urlsplit(url).path
    name = urllib.parse.unquote(path.rsplit("/", 1)[-1], errors="replace")
    name = name.replace("/", "_").replace("\0", "_")
    if name in ("", ".", ".."):
        name = "file"
    return _shorten(name)


def _shorten(name: str) -> str:
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    stem, ext = os.path.splitext(name)
    if len(ext.encode("utf-8")) > MAX_NAME_BYTES // 2:
        stem, ext = name, ""
    budget = MAX_NAME_BYTES - len(ext.encode("utf-8")) - 1
    stem = stem.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
    return f"{stem}~{ext}"


def _parse_data_url_header(url: str) -> tuple[str, bool, str]:
    header, sep, payload = url[len("data:"):].partition(",")
    if not sep:
        raise DownloadError("invalid data URL: missing ','")
    params = header.split(";")
    is_base64 = len(params) > 1 and params[-1].strip().lower() == "base64"
    if is_base64:
        params = params[:-1]
    mime = params[0].strip().lower() or "text/plain"
    return mime, is_base64, payload


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
        target = os.path.join(target_dir, input_file_name(url))
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
        _, is_base64, payload = _parse_data_url_header(url)
        try:
            data = base64.b64decode(urllib.parse.unquote(payload), validate=False) if is_base64 else (
                urllib.parse.unquote_to_bytes(payload)
            )
        except ValueError as exc:
            raise DownloadError(f"invalid data URL: {exc}") from exc
        with open(target, "wb") as out:
            out.write(data)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code} {exc.reason}".rstrip()
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__



def data_url(path: str | os.PathLike[str]) -> str:
    """`data:<mime>;base64,<data>`, encoded chunk by chunk so only the encoded text is ever whole in memory."""
    size = os.path.getsize(path)
    prefix = f"data:{mime_type(path)};base64,".encode("ascii")
    encoded = bytearray(len(prefix) + 4 * ((size + 2) // 3))
    encoded[: len(prefix)] = prefix
    at = len(prefix)
    step = 3 * (CHUNK_SIZE // 3)
    with open(path, "rb") as f:
        while chunk := f.read(step):
            piece = base64.b64encode(chunk)
            encoded[at : at + len(piece)] = piece
            at += len(piece)
    del encoded[at:]
    return encoded.decode("ascii")


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
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname or "", parts.port, timeout=timeout, context=ssl_context()
        )
    elif parts.scheme == "http":
        conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    else:
        raise UploadError(f"upload request failed: unsupported URL scheme {parts.scheme!r}")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
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


def output_url(path: str | os.PathLike[str], upload_url: str | None = None, **upload_options: object) -> str:
    if upload_url:
        return upload(path, upload_url, **upload_options)  # type: ignore[arg-type]
    return data_url(path)


def output_urls(
    paths: Iterable[str | os.PathLike[str]], upload_url: str | None = None, **upload_options: object
) -> list[str]:
    """One URL per path, in the order given (spec 30 §3.2 keeps production order)."""
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
