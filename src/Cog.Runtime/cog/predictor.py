"""`cog.predictor` as upstream lays it out: the runner base classes and loading a runner from its reference."""

from .runner import BasePredictor, BaseRunner, load

__all__ = ["BasePredictor", "BaseRunner", "load_predictor_from_ref"]


def load_predictor_from_ref(ref: str) -> object:
    """What a `file.py:Name` reference names: an instance of the class (setup() not called yet), or the function."""
    loaded = load(ref)
    return loaded.target if loaded.instance is None else loaded.instance
