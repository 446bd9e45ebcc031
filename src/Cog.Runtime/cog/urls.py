"""URLs of files: which values are URLs, the file name a downloaded input keeps, data: URLs both ways, and the TLS
trust of every outbound HTTPS request. Light to import: the SDK types and the worker both use it."""

from __future__ import annotations

import base64
import functools
import mimetypes
import os
import urllib.parse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ssl

URL_PREFIXES = ("http://", "https://", "data:")
MAX_NAME_BYTES = 200
DEFAULT_MIME = "application/octet-stream"
_READ_BYTES = 3 * (1024 * 1024 // 3)  # a multiple of 3, so base64 pieces join without padding


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.startswith(URL_PREFIXES)


def file_name(url: str) -> str:
    """Name a downloaded input keeps: the URL path's basename (data URLs: `file` + extension of the MIME type)."""
    if url.startswith("data:"):
        return "file" + (mimetypes.guess_extension(_data_url_header(url)[0], strict=False) or "")
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


def decode_data_url(url: str) -> tuple[str, bytes]:
    """(MIME type, the bytes) of a data: URL; ValueError `invalid data URL: …` when it is not one."""
    mime, is_base64, payload = _data_url_header(url)
    if payload is None:
        raise ValueError("invalid data URL: missing ','")
    try:
        if is_base64:
            return mime, base64.b64decode(urllib.parse.unquote(payload), validate=False)
        return mime, urllib.parse.unquote_to_bytes(payload)
    except ValueError as exc:
        raise ValueError(f"invalid data URL: {exc}") from exc


def data_url(path: str | os.PathLike[str]) -> str:
    """`data:<mime>;base64,<data>`, encoded chunk by chunk so only the encoded text is ever whole in memory."""
    size = os.path.getsize(path)
    prefix = f"data:{mime_type(path)};base64,".encode("ascii")
    encoded = bytearray(len(prefix) + 4 * ((size + 2) // 3))
    encoded[: len(prefix)] = prefix
    at = len(prefix)
    with open(path, "rb") as f:
        while chunk := f.read(_READ_BYTES):
            piece = base64.b64encode(chunk)
            encoded[at : at + len(piece)] = piece
            at += len(piece)
    del encoded[at:]
    return encoded.decode("ascii")


def mime_type(path: str | os.PathLike[str]) -> str:
    return mimetypes.guess_type(os.fspath(path), strict=False)[0] or DEFAULT_MIME


def _data_url_header(url: str) -> tuple[str, bool, str | None]:
    """(MIME type, whether base64, the payload or None when there is no ',')."""
    header, sep, payload = url[len("data:"):].partition(",")
    params = header.split(";")
    is_base64 = len(params) > 1 and params[-1].strip().lower() == "base64"
    if is_base64:
        params = params[:-1]
    return params[0].strip().lower() or "text/plain", is_base64, payload if sep else None


def ssl_context() -> ssl.SSLContext:
    """Trusts REQUESTS_CA_BUNDLE and SSL_CERT_FILE (both when both are set), else the system store."""
    return _ssl_context(os.environ.get("REQUESTS_CA_BUNDLE") or "", os.environ.get("SSL_CERT_FILE") or "")


@functools.lru_cache(maxsize=4)
def _ssl_context(requests_bundle: str, cert_file: str) -> ssl.SSLContext:
    import ssl  # slow to import; only a download or upload needs it

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
