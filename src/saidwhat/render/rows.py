"""The flat view of an analysis: one CSV row a statement, with the path of its article."""

from __future__ import annotations

import csv
import io
from typing import Any

from pydantic import BaseModel

from ..types import Addressee, Article, Cue, Quote, Speaker

_NESTED: dict[str, type[BaseModel]] = {"speaker": Speaker, "cue": Cue, "addressee": Addressee}
# Quote's fields in order, a nested model's fields in its place as speaker_kind, speaker_name, …
QUOTE_COLUMNS = ["path"] + [
    column
    for name in Quote.model_fields
    for column in ([f"{name}_{sub}" for sub in _NESTED[name].model_fields] if name in _NESTED else [name])
]


def quote_rows(article: Article, path: str) -> list[dict[str, Any]]:
    """One flat row a statement; a list (a joint speaker's ids) is one space-separated cell."""
    rows = []
    for quote in article.quotes:
        row: dict[str, Any] = {"path": path}
        for name, value in quote.model_dump(mode="json").items():
            if name in _NESTED:
                for sub in _NESTED[name].model_fields:
                    cell = value.get(sub) if value else None
                    row[f"{name}_{sub}"] = " ".join(cell) if isinstance(cell, list) else cell
            else:
                row[name] = value
        rows.append(row)
    return rows


def csv_text(rows: list[dict[str, Any]], *, header: bool) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=QUOTE_COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
