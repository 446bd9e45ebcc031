"""`GET /docs`: Swagger UI for the model's schema, served from assets bundled with the runtime (no internet needed)."""

from __future__ import annotations

import html
import os
import urllib.parse

from .. import jsonwire

ASSETS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static", "swagger-ui")
ASSETS_PREFIX = "/docs/assets/"
ASSET_TYPES = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "favicon-32x32.png": "image/png",
    "favicon-16x16.png": "image/png",
}
NOT_INSTALLED = (
    "The API docs page is not available: this runtime was built without its Swagger UI assets "
    "(eng/swagger-ui.sh installs them). The schema is at /openapi.json.\n"
)

Response = tuple[int, str, bytes]

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="{assets}swagger-ui.css">
<link rel="icon" type="image/png" sizes="32x32" href="{assets}favicon-32x32.png">
<link rel="icon" type="image/png" sizes="16x16" href="{assets}favicon-16x16.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script>
window.ui = SwaggerUIBundle({{
  url: {openapi_url},
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
}});
</script>
</body>
</html>
"""


def page(title: str = "Cog", openapi_url: str = "/openapi.json") -> bytes:
    """The HTML page; `validatorUrl: null` keeps the UI from calling an online validator."""
    return _PAGE.format(
        title=html.escape(f"{title} - Swagger UI"),
        assets=ASSETS_PREFIX,
        # JSON string literal, with `</` broken up so a hostile URL cannot close the script element.
        openapi_url=jsonwire.quote(openapi_url).replace("</", "<\\/"),
    ).encode("utf-8")


def assets_installed(assets_dir: str = ASSETS_DIR) -> bool:
    return all(os.path.isfile(os.path.join(assets_dir, name)) for name in ASSET_TYPES)


def response(path: str, *, title: str = "Cog", assets_dir: str = ASSETS_DIR) -> Response | None:
    """(status, content type, body) for `/docs` and `/docs/assets/<name>`; None for any other path.

    Only the fixed asset names are served, so no request path ever reaches the file system.
    """
    route = urllib.parse.urlsplit(path).path
    if route in ("/docs", "/docs/"):
        if not assets_installed(assets_dir):
            return 503, "text/plain; charset=utf-8", NOT_INSTALLED.encode("utf-8")
        return 200, "text/html; charset=utf-8", page(title)
    if route.startswith(ASSETS_PREFIX):
        name = route[len(ASSETS_PREFIX):]
        content_type = ASSET_TYPES.get(name)
        if content_type is None:
            return 404, "text/plain; charset=utf-8", b"Not Found\n"
        body = _read(assets_dir, name)
        if body is None:
            return 404, "text/plain; charset=utf-8", b"Not Found\n"
        return 200, content_type, body
    return None


_cache: dict[tuple[str, str], bytes] = {}


def _read(assets_dir: str, name: str) -> bytes | None:
    key = (assets_dir, name)
    if key not in _cache:
        try:
            with open(os.path.join(assets_dir, name), "rb") as f:
                _cache[key] = f.read()
        except OSError:
            return None
    return _cache[key]
