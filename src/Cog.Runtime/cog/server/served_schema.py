"""What the server takes from the schema the worker reports, once at READY: per endpoint kind the Input component's
validator, whether Output is an array and which inputs are secret, and whether the model streams."""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import jsonwire
from ..validation import InputValidator


@dataclasses.dataclass(frozen=True)
class KindSchema:
    """The schema of one endpoint kind ("predict" for /predictions, "train" for /trainings)."""

    validator: InputValidator
    output_is_array: bool
    secret_keys: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class ServedSchema:
    document: dict[str, Any]
    text: bytes  # served as it came from the worker, byte for byte
    streaming: bool
    kinds: dict[str, KindSchema]

    @property
    def has_trainings(self) -> bool:
        return "TrainingInput" in self.document.get("components", {}).get("schemas", {})

    @classmethod
    def parse(cls, text: str | bytes) -> ServedSchema:
        """ValueError when the text is not a JSON document."""
        document = jsonwire.decode(text)
        if not isinstance(document, dict):
            raise ValueError("the schema is not a JSON object")
        post = document.get("paths", {}).get("/predictions", {}).get("post", {})
        return cls(document, text.encode() if isinstance(text, str) else text, post.get("x-cog-streaming") is True,
                   _kinds(document.get("components", {}).get("schemas", {})))


def _kinds(components: dict[str, Any]) -> dict[str, KindSchema]:
    kinds = {}
    for kind, inputs, outputs in (("predict", ("Input", "TrainingInput"), ("Output", "TrainingOutput")),
                                  ("train", ("TrainingInput", "Input"), ("TrainingOutput", "Output"))):
        name = next((n for n in inputs if n in components), None)  # a train-mode worker only has TrainingInput
        output = next((components[n] for n in outputs if n in components), {})
        if name is not None:
            properties = components[name].get("properties", {})
            secret_keys = tuple(k for k, p in properties.items() if p.get("x-cog-secret"))
            kinds[kind] = KindSchema(InputValidator(components[name], components), output.get("type") == "array", secret_keys)
    return kinds
