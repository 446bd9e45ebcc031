"""The body of `POST /predictions` (and `PUT /predictions/{id}`, `/trainings`) checked into a PredictionRequest, or
the 4xx reply that says what is wrong with it (docs/http-api.md, "Creating a prediction")."""

from __future__ import annotations

import dataclasses
from typing import Any

from .. import jsonwire
from .connection import Request, Response, json_response, text_response
from .predictions import WEBHOOK_EVENTS
from .sse import accepts_event_stream

NOT_STREAMING = {"error": "This model does not support streaming responses. Add @cog.streaming to predict() to enable SSE."}


@dataclasses.dataclass
class PredictionRequest:
    id: str | None
    input: Any
    context: dict[str, str]
    webhook: str | None
    webhook_events_filter: list[str] | None
    mode: str  # "sync" (wait for the end), "async" (202 at once, Prefer: respond-async) or "sse" (an event stream)


def parse(request: Request, kind: str, path_id: str | None, streaming: bool) -> PredictionRequest | Response:
    noun = "prediction" if kind == "predict" else "training"
    wants_sse = accepts_event_stream(request.headers.get("accept"))
    if wants_sse and kind == "train":  # checked before anything else, as upstream's runtime does
        return json_response(406, {"error": "Training endpoints do not support streaming responses."})
    body = _body(request)
    if isinstance(body, Response):
        return body
    if not isinstance(body, dict):
        return text_response(422, "The request body must be a JSON object")
    pid = body.get("id")
    if pid is not None and not isinstance(pid, str):
        return text_response(422, "'id' must be a string")
    if path_id is not None:
        if pid is not None and pid != path_id:
            return json_response(422, {"detail": [{"loc": ["body", "id"], "msg": f"{noun} ID must match the ID supplied in the URL", "type": "value_error"}]})
        pid = path_id
    payload = body.get("input")
    if payload is None:
        payload = {}
    context = body.get("context") or {}
    if not isinstance(context, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in context.items()):
        return text_response(422, "'context' must be an object of string values")
    webhook = body.get("webhook")
    if webhook is not None and not isinstance(webhook, str):
        return text_response(422, "'webhook' must be a URL string")
    events_filter = body.get("webhook_events_filter")
    if events_filter is not None:
        if not isinstance(events_filter, list) or any(e not in WEBHOOK_EVENTS for e in events_filter):
            return text_response(422, f"'webhook_events_filter' must be a list drawn from {', '.join(WEBHOOK_EVENTS)}")
    if wants_sse and not streaming:
        return json_response(406, NOT_STREAMING)
    mode = "sse" if wants_sse else ("async" if request.headers.get("prefer", "").strip() == "respond-async" else "sync")
    return PredictionRequest(pid, payload, context, webhook, events_filter, mode)


def _body(request: Request) -> Any:
    """The JSON body; {} when there is no Content-Type or no body; a 415 or 400 reply for anything else."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if not content_type:
        return {}
    if content_type != "application/json" and not (content_type.startswith("application/") and content_type.endswith("+json")):
        return text_response(415, f"Unsupported Content-Type {content_type!r}; send application/json")
    try:
        text = request.body.decode("utf-8-sig")
        return jsonwire.decode_body(text) if text.strip() else {}
    except (ValueError, UnicodeDecodeError) as exc:
        return text_response(400, f"Invalid JSON body: {exc}")
