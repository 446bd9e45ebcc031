"""Which runtime call answers a request: the routes of upstream's prediction API (docs/http-api.md, "Endpoints")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .. import __version__
from .connection import Request, Response, json_response

if TYPE_CHECKING:
    from .app import Reply, Runtime

_PREDICTION_ROUTE = re.compile(r"^/(predictions|trainings)(?:/([^/]+)(/cancel)?)?$")


def route(runtime: Runtime, request: Request) -> Reply:
    path, method = request.path, request.method
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/")
    if path == "/":
        return _only(method, "GET") or json_response(200, discovery(runtime))
    if path == "/health-check":
        return _only(method, "GET") or runtime.health_check()
    if path == "/openapi.json":
        if _only(method, "GET"):
            return _only(method, "GET")
        if runtime.schema is None:
            return json_response(503, {"error": "OpenAPI schema not available"})
        return Response(200, runtime.schema.text)
    if path == "/shutdown":
        return _only(method, "POST") or runtime.request_shutdown()
    match = _PREDICTION_ROUTE.match(path)
    if match:
        collection, pid, cancel = match.groups()
        kind = "predict" if collection == "predictions" else "train"
        if cancel:
            return _only(method, "POST") or runtime.cancel_request(pid)
        if pid is None:
            return _only(method, "POST") or runtime.create(request, kind, None)
        return _only(method, "PUT") or runtime.create(request, kind, pid)
    if path == "/docs" or path.startswith("/docs/"):
        return _docs(path, method)
    return Response(404)


def discovery(runtime: Runtime) -> dict[str, Any]:
    """`GET /`: where everything is."""
    body = {
        "cog_version": runtime.health.sdk_version or __version__, "docs_url": "/docs", "healthcheck_url": "/health-check",
        "openapi_url": "/openapi.json", "predictions_cancel_url": "/predictions/{prediction_id}/cancel",
        "predictions_idempotent_url": "/predictions/{prediction_id}", "predictions_url": "/predictions",
        "shutdown_url": "/shutdown",
    }
    if runtime.schema is not None and runtime.schema.has_trainings:
        body.update({"trainings_url": "/trainings", "trainings_idempotent_url": "/trainings/{training_id}",
                     "trainings_cancel_url": "/trainings/{training_id}/cancel"})
    return body


def _docs(path: str, method: str) -> Response:
    from . import docs  # its page and assets are read only when someone asks for them

    if method not in ("GET", "HEAD"):
        return Response(405)
    result = docs.response(path)
    if result is None:
        return Response(404)
    status, content_type, body = result
    return Response(status, body, content_type)


def _only(method: str, allowed: str) -> Response | None:
    return None if method == allowed else Response(405, headers=[("Allow", allowed)])
