"""Value types a runner uses in its signature: files, secrets, streaming iterators, the Opaque marker."""

from __future__ import annotations

import dataclasses
import io
import os
import pathlib
import shutil
import tempfile
import typing
import urllib.parse
from collections.abc import AsyncIterator, Iterator
from typing import IO, Any

from .input import FieldInfo, Input  # noqa: F401 - upstream's cog.types offered Input too; model code imports it from here
from .urls import decode_data_url, file_name, is_url, ssl_context


class Path(pathlib.PosixPath):
    """A file on local disk; inputs given as URLs are downloaded before run() sees them."""

    @classmethod
    def validate(cls, value: Any) -> pathlib.Path:
        if isinstance(value, pathlib.Path):
            return value
        if is_url(value):
            return URLPath(value)
        return cls(value)


class URLPath(Path):
    """A Path that still points at a URL; convert() downloads it to a temp file."""

    _source = ""

    def __new__(cls, source: str, *_: Any) -> URLPath:
        self = super().__new__(cls, file_name(source))
        self._source = source
        return self

    def __init__(self, *args: Any) -> None:  # PosixPath.__init__ on 3.12+ wants the segments, not the URL
        if hasattr(pathlib.PurePath, "_raw_paths"):
            pathlib.PosixPath.__init__(self, file_name(args[0]))

    def __str__(self) -> str:
        return self._source

    def __fspath__(self) -> str:
        return self._source

    def convert(self, user_agent: str | None = None, timeout: float = 10.0) -> Path:
        folder = tempfile.mkdtemp(prefix="cog-input-")
        target = os.path.join(folder, file_name(self._source))
        with open(target, "wb") as out:
            with open_url(self._source, user_agent, timeout) as src:
                shutil.copyfileobj(src, out, 1 << 20)
        return Path(target)


def open_url(url: str, user_agent: str | None = None, timeout: float = 10.0) -> IO[bytes]:
    if url.startswith("data:"):
        return io.BytesIO(decode_data_url(url)[1])
    import urllib.request  # heavy (http.client, email, ssl); the server process never needs it

    request = urllib.request.Request(url, headers={"User-Agent": user_agent or os.environ.get("COG_USER_AGENT") or "cog"})
    return urllib.request.urlopen(request, timeout=timeout, context=ssl_context())


class File(io.IOBase):
    """Deprecated file input: a readable stream."""

    @classmethod
    def validate(cls, value: Any) -> io.IOBase:
        if isinstance(value, io.IOBase):
            return value
        scheme = urllib.parse.urlparse(value).scheme if isinstance(value, str) else ""
        if scheme == "data":
            return io.BytesIO(decode_data_url(value)[1])
        if scheme in ("http", "https"):
            return URLFile(value)
        raise ValueError(f"'{scheme}' is not a valid URL scheme. 'data', 'http', or 'https' is supported.")


class URLFile(io.IOBase):
    """A lazily opened http(s) stream; pickles as its URL."""

    def __init__(self, url: str) -> None:
        object.__setattr__(self, "_url", url)
        object.__setattr__(self, "_stream", None)
        object.__setattr__(self, "name", os.path.basename(urllib.parse.urlparse(url).path))

    def __reduce__(self) -> tuple[type, tuple[str]]:
        return (URLFile, (self._url,))

    def _open(self) -> IO[bytes]:
        if self._stream is None:
            object.__setattr__(self, "_stream", open_url(self._url))
        return self._stream

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self._open().read(size)

    def readinto(self, buffer: Any) -> int:
        return self._open().readinto(buffer)

    def __repr__(self) -> str:
        return f"URLFile({self._url!r})"


@dataclasses.dataclass(frozen=True)
class Secret:
    secret_value: typing.Optional[str] = None

    def get_secret_value(self) -> str | None:
        return self.secret_value

    def __str__(self) -> str:
        return "" if self.secret_value is None else "**********"

    def __repr__(self) -> str:
        return "Secret(**********)"


T = typing.TypeVar("T")


class ConcatenateIterator(Iterator, typing.Generic[T]):
    """Annotation for a stream of string tokens that clients concatenate."""

    def __next__(self) -> T:
        raise StopIteration


class AsyncConcatenateIterator(AsyncIterator, typing.Generic[T]):
    """Async form of ConcatenateIterator."""

    async def __anext__(self) -> T:
        raise StopAsyncIteration


class _OpaqueMarker:
    def __repr__(self) -> str:
        return "cog.Opaque"


Opaque = _OpaqueMarker()
