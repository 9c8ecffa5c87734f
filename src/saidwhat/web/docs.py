"""The API's documentation at /docs: Swagger UI from the `swagger-ui-bundle-v2` package, served
by the app itself (never a CDN), started by a static script (the CSP allows no inline one).

Swagger UI fetches /openapi.json and sends "Try it out" requests to this server, and its
stylesheet draws icons as data: URIs: its page alone has a policy that allows those two.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse, Response
from swagger_ui_bundle import swagger_ui_path

from .deps import render
from .security import DOCS_CONTENT_SECURITY_POLICY

router = APIRouter(include_in_schema=False)
_TYPES = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
}
# Read once (1.7 MB): a request's path never reaches the filesystem.
_ASSETS = {name: (swagger_ui_path / name).read_bytes() for name in _TYPES}


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    page = render("docs.html.j2", nav="")
    page.headers["content-security-policy"] = DOCS_CONTENT_SECURITY_POLICY
    return page


@router.get("/docs/{name}")
def asset(name: str) -> Response:
    body = _ASSETS.get(name)
    if body is None:
        raise HTTPException(404, f"no documentation file {name!r}")
    return Response(body, media_type=_TYPES[name], headers={"cache-control": "public, max-age=86400"})
