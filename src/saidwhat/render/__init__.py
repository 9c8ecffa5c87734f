"""Human views of an `Article`: a terminal table and a standalone HTML page."""

from __future__ import annotations

from .html import render_html
from .table import render_table

__all__ = ["render_html", "render_table"]
