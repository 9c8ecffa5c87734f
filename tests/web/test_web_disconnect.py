"""A client that goes away mid-upload is one warning line, never a traceback nor a 500
(issue 13, item 3: 400 aborted uploads had written 28,800 lines of tracebacks)."""

from __future__ import annotations

import asyncio
import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.types import Message

BOUNDARY = "saidwhat-test"


async def aborted_upload(app: FastAPI) -> list[Message]:
    """POST /analyze declaring 100 KB, sending 1 KB, then disconnecting; what the app sent back."""
    head = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.html"\r\n\r\n'
    chunks: list[Message] = [
        {"type": "http.request", "body": head.encode() + b"x" * 1024, "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[Message] = []

    async def receive() -> Message:
        return chunks.pop(0) if len(chunks) > 1 else chunks[0]

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/analyze",
        "raw_path": b"/analyze",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
            (b"content-length", b"102400"),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    await asyncio.wait_for(app(scope, receive, send), timeout=10)
    return sent


def test_a_disconnect_during_upload_is_one_warning_line(
    app: FastAPI, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        sent = asyncio.run(aborted_upload(app))
    problems = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.getMessage() for record in problems] == ["client disconnected during upload to /analyze"]
    assert not any(record.exc_info for record in caplog.records)
    starts = [message for message in sent if message["type"] == "http.response.start"]
    assert all(message["status"] < 500 for message in starts)
