"""Value types a runner uses in its signature: files, secrets, streaming iterators, the Opaque marker."""

import base64
import dataclasses
import io
import mimetypes
import os
import pathlib
import shutil
import tempfile
import typing
import urllib.parse
from collections.abc import AsyncIterator, Iterator

from .input import FieldInfo, Input  # noqa: F401 - upstream's cog.types offered Input too; model code imports it from here

URL_PREFIXES = ("http://", "https://", "data:")
_MAX_NAME_BYTES = 200


def is_url(value) -> bool:
    return isinstance(value, str) and value.startswith(URL_PREFIXES)


class Path(pathlib.PosixPath):
    """A file on local disk; inputs given as URLs are downloaded before run() sees them."""

    @classmethod
    def validate(cls, value):
        if isinstance(value, pathlib.Path):
            return value
        if is_url(value):
            return URLPath(value)
        return cls(value)


class URLPath(Path):
    """A Path that still points at a URL; convert() downloads it to a temp file."""

    _source = ""

    def __new__(cls, source, *_):
        self = super().__new__(cls, url_filename(source))
        self._source = source
        return self

    def __init__(self, *args):  # PosixPath.__init__ on 3.12+ wants the segments, not the URL
        if hasattr(pathlib.PurePath, "_raw_paths"):
            pathlib.PosixPath.__init__(self, url_filename(args[0]))

    def __str__(self):
        return self._source

    def __fspath__(self):
        return self._source

    def convert(self, user_agent=None, timeout=10.0) -> Path:
        folder = tempfile.mkdtemp(prefix="cog-input-")
        target = os.path.join(folder, url_filename(self._source))
        with open(target, "wb") as out:
            with open_url(self._source, user_agent, timeout) as src:
                shutil.copyfileobj(src, out, 1 << 20)
        return Path(target)


def open_url(url, user_agent=None, timeout=10.0):
    if url.startswith("data:"):
        return io.BytesIO(decode_data_url(url)[1])
    import urllib.request  # heavy (http.client, email, ssl); the server process never needs it

    request = urllib.request.Request(url, headers={"User-Agent": user_agent or os.environ.get("COG_USER_AGENT") or "cog"})
    return urllib.request.urlopen(request, timeout=timeout, context=ssl_context())


def ssl_context():
    import ssl
    bundle = os.environ.get("SSL_CERT_FILE") or os.environ.get("REQUESTS_CA_BUNDLE")
    return ssl.create_default_context(cafile=bundle) if bundle else ssl.create_default_context()


def decode_data_url(url):
    header, _, payload = url.partition(",")
    meta = header[len("data:"):]
    mime = meta.split(";")[0] or "text/plain"
    if meta.endswith(";base64"):
        return mime, base64.b64decode(payload)
    return mime, urllib.parse.unquote_to_bytes(payload)


def url_filename(url) -> str:
    if url.startswith("data:"):
        mime = url[5:].split(",")[0].split(";")[0]
        return "file" + (mimetypes.guess_extension(mime) or "")
    name = urllib.parse.unquote(os.path.basename(urllib.parse.urlparse(url).path)) or "file"
    name = name.replace("\0", "_").replace("/", "_")
    if len(name.encode()) > _MAX_NAME_BYTES:
        stem, ext = os.path.splitext(name)
        room = _MAX_NAME_BYTES - len(ext.encode()) - 1
        stem = stem.encode()[:room].decode(errors="ignore")
        name = f"{stem}~{ext}"
    return name


class File(io.IOBase):
    """Deprecated file input: a readable stream."""

    @classmethod
    def validate(cls, value):
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

    def __init__(self, url):
        object.__setattr__(self, "_url", url)
        object.__setattr__(self, "_stream", None)
        object.__setattr__(self, "name", os.path.basename(urllib.parse.urlparse(url).path))

    def __reduce__(self):
        return (URLFile, (self._url,))

    def _open(self):
        if self._stream is None:
            object.__setattr__(self, "_stream", open_url(self._url))
        return self._stream

    def readable(self):
        return True

    def read(self, size=-1):
        return self._open().read(size)

    def readinto(self, buffer):
        return self._open().readinto(buffer)

    def __repr__(self):
        return f"URLFile({self._url!r})"


@dataclasses.dataclass(frozen=True)
class Secret:
    secret_value: typing.Optional[str] = None

    def get_secret_value(self):
        return self.secret_value

    def __str__(self):
        return "" if self.secret_value is None else "**********"

    def __repr__(self):
        return "Secret(**********)"


T = typing.TypeVar("T")


class ConcatenateIterator(Iterator, typing.Generic[T]):
    """Annotation for a stream of string tokens that clients concatenate."""

    def __next__(self):
        raise StopIteration


class AsyncConcatenateIterator(AsyncIterator, typing.Generic[T]):
    """Async form of ConcatenateIterator."""

    async def __anext__(self):
        raise StopAsyncIteration


class _OpaqueMarker:
    def __repr__(self):
        return "cog.Opaque"


Opaque = _OpaqueMarker()
