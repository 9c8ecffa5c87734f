"""Property-based tests of the JSON API from its own OpenAPI schema (schemathesis): whatever the
parameters, no 5xx, and every response matches its documented status, type and schema.

The schema is read at collection time, before the session's store exists, so it is generated from
the API's routes alone (as FastAPI does for the app) and the calls go through a proxy to the app of
the session. (`schemathesis.pytest.from_fixture` would do this, but fails under pytest 9.)
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from starlette.types import ASGIApp, Receive, Scope, Send

from saidwhat.web import api


class _Proxy:
    target: ASGIApp | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":  # the session's client owns the app's lifespan, not schemathesis
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        assert self.target is not None, "the session's app is not set yet"
        await self.target(scope, receive, send)


def _openapi() -> dict[str, Any]:
    return get_openapi(title="saidwhat", version="test", routes=api.router.routes)


PROXY = _Proxy()
schema = schemathesis.openapi.from_dict(_openapi())
schema.app = PROXY


@pytest.fixture
def live_app(app: FastAPI, client: TestClient) -> FastAPI:  # `client` has run the lifespan
    PROXY.target = app
    return app


def test_the_schema_tested_is_the_one_served(client: TestClient) -> None:
    served = client.get("/openapi.json").json()
    assert served["paths"] == _openapi()["paths"]
    assert served["components"] == _openapi()["components"]


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_and_keeps_its_schema(case: schemathesis.Case, live_app: FastAPI) -> None:
    case.call_and_validate()
