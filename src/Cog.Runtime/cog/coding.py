"""JSON in and out of the runner: coercing validated input into Python values, encoding outputs back to JSON."""

import base64
import dataclasses
import datetime
import enum
import io
import mimetypes
import os
import pathlib
import shutil
import sys
import tempfile
import typing

from . import coder
from .input import UNSET
from .types import File, Path, Secret, URLPath, is_url

_UNION_ORIGINS = {typing.Union}
try:
    import types as _types
    _UNION_ORIGINS.add(_types.UnionType)
except AttributeError:  # pragma: no cover - before 3.10
    pass


def _unwrap(tp):
    while typing.get_origin(tp) is typing.Annotated:
        tp = tp.__origin__
    if typing.get_origin(tp) in _UNION_ORIGINS:
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) == 1:
            return _unwrap(members[0])
    return tp


def _is(tp, base):
    if not isinstance(tp, type) or typing.get_origin(tp) is not None:  # list[str] is a "type" on 3.10
        return False
    try:
        return issubclass(tp, base)
    except TypeError:
        return False


def coerce_value(value, tp, in_list=False):
    tp = _unwrap(tp)
    if value is None:
        return None
    if typing.get_origin(tp) in (list, typing.List) and isinstance(value, list):
        args = typing.get_args(tp)
        return [coerce_value(v, args[0], True) for v in value] if args else value
    if (_is(tp, Path) or tp is pathlib.Path) and isinstance(value, str):
        return URLPath(value) if is_url(value) else Path(value)
    if _is(tp, File) and is_url(value):
        return File.validate(value)
    if _is(tp, Secret) and isinstance(value, str) and not in_list:
        return Secret(value)
    if tp is int and isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict) and coder.registered() and tp is not dict:
        found = coder.Coder.lookup(tp)
        if found is not None:
            return found.decode(value)
    return value


class PreparedInput:
    """Keyword arguments for one run plus what must be cleaned up afterwards."""

    def __init__(self, kwargs, cleanup=None):
        self.kwargs = kwargs
        self._cleanup = cleanup

    def cleanup(self):
        if self._cleanup is not None:
            self._cleanup()
            self._cleanup = None


def prepare_input(payload, specs, downloader_factory=None):
    """Coerces validated JSON into runner arguments; URL inputs for Path are fetched (in parallel) before the run.

    downloader_factory() returns an object with fetch_all(urls) -> paths and cleanup() (cog.server.files.InputFiles).
    """
    kwargs = {}
    for spec in specs:
        if spec.name in payload:
            kwargs[spec.name] = coerce_value(payload[spec.name], spec.annotation)
        elif spec.info.default is not UNSET:
            kwargs[spec.name] = spec.info.default
        else:
            kwargs[spec.name] = None
    pending = []
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


def data_url(path):
    mime = mimetypes.guess_type(str(path))[0] or "application/octet-stream"
    with open(path, "rb") as f:
        return f"data:{mime};base64," + base64.b64encode(f.read()).decode("ascii")


def _io_data_url(stream):
    if stream.seekable():
        stream.seek(0)
    data = stream.read()
    if isinstance(data, str):
        data = data.encode()
    name = getattr(stream, "name", None)
    ext = os.path.splitext(str(name))[1] if isinstance(name, str) else ""
    mime = mimetypes.guess_type("x" + (ext or ".bin"))[0] or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def _is_pil_image(value):
    module = sys.modules.get("PIL.Image")  # no PIL imported, no PIL image: never imports it itself
    return module is not None and isinstance(value, module.Image)


def _image_as_file(image, file_encoder):
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


def encode_output(value, file_encoder=None, _top=True):
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
    if _is_pil_image(value):
        return _image_as_file(value, file_encoder if _top else None)
    if hasattr(value, "tolist"):  # numpy arrays and scalars (and torch tensors) become plain numbers and lists
        return encode_output(value.tolist(), file_encoder, False)
    if hasattr(value, "item"):
        return encode_output(value.item(), file_encoder, False)
    return str(value)
