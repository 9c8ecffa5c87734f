"""`saidwhat serve`: a read-only web reader over a corpus store (FastAPI, server-rendered pages)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
