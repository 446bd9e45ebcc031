"""The OpenAPI 3.0.2 document of a runner: paths and components for predictions or trainings around its Input and
Output components (docs/http-api.md, "The OpenAPI schema")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import jsonwire
from ..jsonwire import Ordered
from .inputs import input_component, input_specs, title_of
from .outputs import output_component

RunnerPart = tuple[Callable[..., Any], str, bool]  # (method, owner name, streaming)

_OK = {"description": "Successful Response", "content": {"application/json": {"schema": {}}}}
_INVALID = {"description": "Validation Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}


def build_document(version: str, predict: RunnerPart | None = None, train: RunnerPart | None = None) -> dict[str, Any]:
    """The document as nested dicts, for a runner's predict and/or train method."""
    paths = Ordered()
    paths["/"] = {"get": {"summary": "Root", "operationId": "root__get", "responses": {"200": _OK}}}
    paths["/health-check"] = {"get": {"summary": "Healthcheck", "operationId": "healthcheck_health_check_get", "responses": {"200": _OK}}}
    schemas = Ordered()
    for kind, part in (("predict", predict), ("train", train)):
        if part is None:
            continue
        fn, owner, streaming = part
        mode_paths, mode_schemas = _mode_parts(fn, owner, kind, streaming)
        paths.update(mode_paths)
        for name, comp in mode_schemas.items():
            schemas.setdefault(name, comp)
    schemas.update(_common_components())
    return {"openapi": "3.0.2", "info": {"title": "Cog", "version": version}, "paths": paths, "components": {"schemas": schemas}}


def document_text(document: dict[str, Any], merged: bool = False) -> str:
    """Compact, as served at /openapi.json; a predict+train document (merged) indented with every key sorted."""
    return jsonwire.document(document, sort_all=True, indent=2) if merged else jsonwire.document(document)


def is_streaming(fn: Callable[..., Any]) -> bool:
    return bool(getattr(fn, "__cog_streaming__", False))


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _mode_parts(fn: Callable[..., Any], owner: str, kind: str, streaming: bool) -> tuple[Ordered, Ordered]:
    specs = input_specs(fn, owner)
    input_comp, enums = input_component(specs)
    output_comp = output_component(fn)
    noun, plural = ("prediction", "predictions") if kind == "predict" else ("training", "trainings")
    verb = "Predict" if kind == "predict" else "Train"
    input_name = "Input" if kind == "predict" else "TrainingInput"
    output_name = "Output" if kind == "predict" else "TrainingOutput"
    if kind == "train":
        input_comp["title"] = "TrainingInput"
    req_name = "PredictionRequest" if kind == "predict" else "TrainingRequest"
    resp_name = "PredictionResponse" if kind == "predict" else "TrainingResponse"
    post: dict[str, Any] = {
        "summary": verb,
        "description": f"Run a single {noun} on the model",
        "operationId": f"{verb.lower()}_{plural}_post",
        "requestBody": {"content": {"application/json": {"schema": _ref(req_name)}}},
        "responses": {"200": {"description": "Successful Response", "content": {"application/json": {"schema": _ref(resp_name)}}},
                      "422": _INVALID},
    }
    if streaming and kind == "predict":
        post["x-cog-streaming"] = True
    paths = Ordered()
    paths[f"/{plural}"] = {"post": post}
    paths[f"/{plural}/{{{noun}_id}}/cancel"] = {"post": {
        "summary": "Cancel",
        "operationId": f"cancel_{plural}__{noun}_id__cancel_post",
        "parameters": [{"required": True, "schema": {"title": f"{noun.title()} Id", "type": "string"}, "name": f"{noun}_id", "in": "path"}],
        "responses": {"200": _OK, "422": _INVALID},
    }}
    schemas = Ordered()
    schemas[input_name] = input_comp
    schemas[output_name] = output_comp
    for name, comp in enums:
        schemas[name] = comp
    schemas[req_name] = _request_component(req_name, input_name)
    schemas[resp_name] = _response_component(resp_name, input_name, output_name)
    return paths, schemas


def _request_component(title: str, input_name: str) -> dict[str, Any]:
    return {"properties": {"id": {"title": "Id", "type": "string"}, "input": _ref(input_name)}, "title": title, "type": "object"}


def _response_component(title: str, input_name: str, output_name: str) -> dict[str, Any]:
    props: dict[str, Any] = {"input": _ref(input_name), "output": _ref(output_name)}
    for name in ("id", "version", "created_at", "started_at", "completed_at", "logs", "error", "status"):
        props[name] = {"title": title_of(name).replace("_", " "), "type": "string"}
        if name.endswith("_at"):
            props[name]["format"] = "date-time"
    props["metrics"] = {"title": "Metrics", "type": "object"}
    return {"properties": props, "title": title, "type": "object"}


def _common_components() -> Ordered:
    schemas = Ordered()
    schemas["Status"] = {"description": "An enumeration.", "enum": ["starting", "processing", "succeeded", "canceled", "failed"],
                         "title": "Status", "type": "string"}
    schemas["HTTPValidationError"] = {"properties": {"detail": {"items": _ref("ValidationError"), "title": "Detail", "type": "array"}},
                                      "title": "HTTPValidationError", "type": "object"}
    schemas["ValidationError"] = {"properties": {
        "loc": {"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}, "title": "Location", "type": "array"},
        "msg": {"title": "Message", "type": "string"},
        "type": {"title": "Error Type", "type": "string"}},
        "required": ["loc", "msg", "type"], "title": "ValidationError", "type": "object"}
    return schemas
