"""The OpenAPI schema of a runner, derived from its type hints: `inputs` (the Input component), `outputs` (the Output
component) and `document` (the whole document and its text). The names below are what the worker and the schema
command use."""

from ..errors import SchemaError
from .document import build_document, document_text, is_streaming
from .inputs import InputSpec, input_specs
from .outputs import output_is_array

__all__ = ["InputSpec", "SchemaError", "build_document", "document_text", "input_specs", "is_streaming", "output_is_array"]
