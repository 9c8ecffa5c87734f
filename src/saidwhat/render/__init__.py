"""Human views: of an `Article` (a terminal table, a standalone HTML page), and in listings.py
of a store's results in the terminal."""

from __future__ import annotations

from .html import render_html
from .table import render_table

__all__ = ["render_html", "render_table"]
