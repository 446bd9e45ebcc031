"""Cog runtime SDK: what model code imports (`from cog import BaseRunner, Input, Path`)."""

import sys as _sys

from .model import BaseModel
from .input import FieldInfo, Input
from .runner import BasePredictor, BaseRunner, CancelationException, concurrent, streaming
from .scope import current_scope
from .types import AsyncConcatenateIterator, ConcatenateIterator, File, Opaque, Path, Secret, URLFile, URLPath

__version__ = "0.1.0"

__all__ = [
    "AsyncConcatenateIterator", "BaseModel", "BasePredictor", "BaseRunner", "CancelationException", "ConcatenateIterator",
    "FieldInfo", "File", "Input", "Opaque", "Path", "Secret", "URLFile", "URLPath", "__version__", "concurrent",
    "current_scope", "streaming",
]

_noticed = set()


def __getattr__(name: str) -> object:
    """Deprecated names, resolved lazily so the notice only shows for code that uses them."""
    if name not in ("ExperimentalFeatureWarning", "emit_metric"):
        raise AttributeError(f"module 'cog' has no attribute {name!r}")
    if name not in _noticed:
        _noticed.add(name)
        print(f"cog: {name} is deprecated", file=_sys.__stderr__)
    if name == "ExperimentalFeatureWarning":
        return ExperimentalFeatureWarning
    return emit_metric


class ExperimentalFeatureWarning(FutureWarning):
    pass


def emit_metric(name: str, value: object) -> None:
    current_scope().record_metric(name, value)
