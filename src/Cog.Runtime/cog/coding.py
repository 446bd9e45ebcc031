"""JSON in and out of the runner: coercing validated input into Python values, encoding outputs back to JSON."""

from __future__ import annotations

import base64
import dataclasses
import datetime
import enum
import io
import mimetypes
import os
import pathlib
import shutil
import tempfile
import typing
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from . import coder
from .input import UNSET
from .schema import InputSpec
from .type_hints import is_list, is_pil_image, is_subclass, list_item, unwrap
from .types import File, Path, Secret, URLPath
from .urls import DEFAULT_MIME, data_url, is_url

FileEncoder = Callable[[Any], str]  # a top-level file output (path or stream) to the URL that stands for it


class Downloader(Protocol):
    """Fetches input URLs into local files (cog.server.files.InputFiles)."""

    def fetch_all(self, urls: Sequence[str]) -> list[str]: ...

    def cleanup(self) -> None: ...


def coerce_value(value: Any, tp: Any, in_list: bool = False) -> Any:
    """A validated JSON value as run() takes it for a parameter annotated `tp`."""
    tp = unwrap(tp)
    if value is None:
        return None
    if is_list(tp) and isinstance(value, list):
        item = list_item(tp, None)
        return [coerce_value(v, item, True) for v in value] if item is not None else value
    if (is_subclass(tp, Path) or tp is pathlib.Path) and isinstance(value, str):
        return URLPath(value) if is_url(value) else Path(value)
    if is_subclass(tp, File) and is_url(value):
        return File.validate(value)
    if is_subclass(tp, Secret) and isinstance(value, str) and not in_list:
        return Secret(value)
    if tp is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict) and coder.registered() and tp is not dict:
        found = coder.Coder.lookup(tp)
        if found is not None:
            return found.decode(value)
    return value


@dataclasses.dataclass
class PreparedInput:
    """Keyword arguments for one run plus what must be cleaned up afterwards."""

    kwargs: dict[str, Any]
    _cleanup: Callable[[], object] | None = None

    def cleanup(self) -> None:
        if self._cleanup is not None:
            self._cleanup()
            self._cleanup = None


def prepare_input(payload: dict[str, Any], specs: list[InputSpec],
                  downloader_factory: Callable[[], Downloader] | None = None) -> PreparedInput:
    """Coerces validated JSON into runner arguments; URL inputs for Path are fetched (in parallel) before the run."""
    kwargs = {}
    for spec in specs:
        if spec.name in payload:
            kwargs[spec.name] = coerce_value(payload[spec.name], spec.annotation)
        elif spec.info.default is not UNSET:
            kwargs[spec.name] = spec.info.default
        else:
            kwargs[spec.name] = None
    pending: list[tuple[str, int | None, URLPath]] = []
    for name, value in kwargs.items():
        if isinstance(value, URLPath):
            pending.append((name, None, value))
        elif isinstance(value, list):
            pending.extend((name, i, v) for i, v in enumerate(value) if isinstance(v, URLPath))
    if not pending:
        return PreparedInput(kwargs)
    if downloader_factory is None:
        local = [url.convert() for _, _, url in pending]
        prepared = PreparedInput(kwargs, lambda: [shutil.rmtree(os.path.dirname(str(p)), ignore_errors=True) for p in local])
    else:
        downloader = downloader_factory()
        try:
            local = [Path(p) for p in downloader.fetch_all([str(url) for _, _, url in pending])]
        except BaseException:
            downloader.cleanup()
            raise
        prepared = PreparedInput(kwargs, downloader.cleanup)
    for (name, index, _), path in zip(pending, local):
        if index is None:
            kwargs[name] = path
        else:
            kwargs[name][index] = path
    return prepared


def _io_data_url(stream: io.IOBase) -> str:
    if stream.seekable():
        stream.seek(0)
    data = stream.read()
    if isinstance(data, str):
        data = data.encode()
    name = getattr(stream, "name", None)
    ext = os.path.splitext(str(name))[1] if isinstance(name, str) else ""
    mime = mimetypes.guess_type("x" + (ext or ".bin"))[0] or DEFAULT_MIME
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def _image_as_file(image: Any, file_encoder: FileEncoder | None) -> str:
    """A returned PIL image is a PNG file output, uploaded or inlined like a returned Path."""
    folder = tempfile.mkdtemp(prefix="image-")
    try:
        path = Path(folder, os.path.basename(folder) + ".png")  # unique, so uploads of several images don't collide
        try:
            image.save(path, format="PNG")
        except (OSError, ValueError):  # modes PNG cannot hold (CMYK, LAB, F, ...)
            image.convert("RGBA" if "A" in image.getbands() else "RGB").save(path, format="PNG")
        return file_encoder(path) if file_encoder is not None else data_url(path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def encode_output(value: Any, file_encoder: FileEncoder | None = None, _top: bool = True) -> Any:
    """Turns a runner value into JSON data. Top-level files go through file_encoder (upload) when given."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, Secret):
        return value.get_secret_value()
    if isinstance(value, os.PathLike):
        if _top and file_encoder is not None:
            return file_encoder(value)
        return data_url(os.fspath(value))
    if isinstance(value, io.IOBase):
        if _top and file_encoder is not None:
            return file_encoder(value)
        return _io_data_url(value)
    if isinstance(value, enum.Enum):
        return encode_output(value.value, file_encoder, False)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode_output(getattr(value, f.name), file_encoder, False) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump") and callable(value.model_dump):
        return encode_output(value.model_dump(), file_encoder, False)
    if hasattr(value, "dict") and callable(value.dict) and hasattr(value, "__fields__"):
        return encode_output(value.dict(), file_encoder, False)
    if isinstance(value, dict):
        return {str(k): encode_output(v, file_encoder, False) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)) or isinstance(value, typing.Generator):
        return [encode_output(v, file_encoder, False) for v in value]
    if coder.registered():
        found = coder.Coder.lookup(type(value))
        if found is not None:
            return encode_output(found.encode(value), file_encoder, False)
    if is_pil_image(type(value)):
        return _image_as_file(value, file_encoder if _top else None)
    if hasattr(value, "tolist"):  # numpy arrays and scalars (and torch tensors) become plain numbers and lists
        return encode_output(value.tolist(), file_encoder, False)
    if hasattr(value, "item"):
        return encode_output(value.item(), file_encoder, False)
    return str(value)
