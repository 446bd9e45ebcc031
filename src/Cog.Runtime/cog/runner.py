"""BaseRunner, decorators, and loading a runner from a `file.py:Name` reference."""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
import os
import sys
import types
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from .errors import CogError
from .scope import Scope, current_scope

F = TypeVar("F", bound=Callable[..., Any])


class CancelationException(BaseException):
    """Raised inside a sync run() when its prediction is canceled."""


class BaseRunner:
    def setup(self, weights: str | None = None) -> None:
        pass

    def run(self, **kwargs: Any) -> Any:
        own_predict = type(self).__dict__.get("predict") or _user_method(type(self), "predict")
        if own_predict is not None:
            return self.predict(**kwargs)
        raise NotImplementedError("run() is not implemented")

    @property
    def scope(self) -> Scope:
        return current_scope()

    def record_metric(self, key: str, value: Any, mode: str = "replace") -> None:
        current_scope().record_metric(key, value, mode)


class BasePredictor(BaseRunner):
    """Deprecated name of BaseRunner."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        warnings.warn("BasePredictor is deprecated; use BaseRunner instead", DeprecationWarning, stacklevel=2)


def streaming(fn: F | None = None) -> Any:
    """Marks run() as able to stream over SSE; only changes the schema."""
    def mark(f: F) -> F:
        f.__cog_streaming__ = True
        return f

    return mark(fn) if fn is not None else mark


def concurrent(fn: F | None = None, *, max: int = 1) -> Any:  # noqa: A002 - public keyword name
    """Lets an async run() take up to `max` predictions at once."""
    if isinstance(max, bool) or not isinstance(max, int):
        raise TypeError("concurrent max must be an integer")
    if max < 1:
        raise ValueError("concurrent max must be at least 1")

    def mark(f: F) -> F:
        if max > 1 and not (inspect.iscoroutinefunction(f) or inspect.isasyncgenfunction(f)):
            raise TypeError("concurrent max greater than 1 requires an async function")
        f.__cog_concurrent_max__ = max
        return f

    return mark(fn) if fn is not None else mark


def _user_classes(cls: type) -> Iterator[type]:
    for klass in cls.__mro__:
        if klass in (BaseRunner, BasePredictor, object):
            break
        yield klass


def _user_method(cls: type, name: str) -> Any:
    for klass in _user_classes(cls):
        if name in klass.__dict__:
            return klass.__dict__[name]
    return None


@dataclasses.dataclass(frozen=True)
class LoadedRunner:
    """What the worker and the schema generator need to know about the user's runner."""

    target: Any  # the class or the function
    method: Callable[..., Any]  # whose signature defines the inputs (unbound for classes)
    instance: Any  # of the class, or None for a function
    name: str

    @property
    def callable(self) -> Callable[..., Any]:
        if self.instance is None:
            return self.method
        return self.method.__get__(self.instance, type(self.instance))

    def setup_callable(self) -> Callable[..., Any] | None:
        if self.instance is None:
            return None
        return getattr(self.instance, "setup", None)

    def healthcheck_callable(self) -> Callable[[], Any] | None:
        if self.instance is None:
            return None
        return getattr(self.instance, "healthcheck", None)


class RunnerLoadError(CogError):
    pass


def import_module_from_ref(ref: str, cwd: str | None = None) -> tuple[types.ModuleType, str]:
    if ":" not in ref:
        raise RunnerLoadError(f"invalid runner reference {ref!r}: expected 'file.py:Name'")
    file_part, name = ref.rsplit(":", 1)
    path = os.path.join(cwd or os.getcwd(), file_part)
    if not os.path.exists(path):
        raise RunnerLoadError(f"runner file {file_part!r} not found (from reference {ref!r})")
    module_name = os.path.splitext(os.path.basename(file_part))[0]
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module, name


def find_target(ref: str, mode: str = "predict", cwd: str | None = None) -> tuple[Any, str, Callable[..., Any]]:
    """Imports the module and returns (target, method_name, method) without instantiating anything."""
    module, name = import_module_from_ref(ref, cwd)
    target = getattr(module, name, None)
    if target is None:
        fallback = "train" if mode == "train" else "predict"
        target = getattr(module, fallback, None)
        if target is None or not inspect.isfunction(target):
            raise RunnerLoadError(f"{name!r} not found in {ref.split(':')[0]}")
    if inspect.isclass(target):
        if mode == "train":
            method = _user_method(target, "train") or getattr(target, "train", None)
            if method is None:
                raise ValueError(f"train method not found: {target.__name__}")
            return target, "train", method
        run, predict = _user_method(target, "run"), _user_method(target, "predict")
        if run is not None and predict is not None:
            raise ValueError(f"{target.__name__} must define either run() or predict(), not both")
        if run is None and predict is None:
            raise ValueError(f"run or predict method not found: {target.__name__}")
        if predict is not None:
            warnings.warn(f"{target.__name__}.predict() is deprecated; use run() instead", DeprecationWarning)
            return target, "predict", predict
        return target, "run", run
    if callable(target):
        return target, target.__name__, target
    raise RunnerLoadError(f"{name!r} in {ref!r} is neither a class nor a function")


def load(ref: str, mode: str = "predict", cwd: str | None = None) -> LoadedRunner:
    target, method_name, method = find_target(ref, mode, cwd)
    instance = target() if inspect.isclass(target) else None
    return LoadedRunner(target, method, instance, method_name)
