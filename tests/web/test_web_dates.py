"""The search page and the API read dates alike (issue 13, item 6): YYYY-MM-DD only, and a bad
one is the form with a message on the page, a 422 with a detail from the API."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

BAD = ["20240101", "2024-W01-1", "2024-1-1", "2024-02-30", "٢٠٢٤-٠١-٠١", " 2024-01-01", "2024-01-01T00:00"]


@pytest.mark.parametrize("name", ["since", "until"])
@pytest.mark.parametrize("value", BAD)
def test_a_date_the_api_rejects_is_rejected_by_the_page(client: TestClient, name: str, value: str) -> None:
    api = client.get("/api/quotes", params={name: value})
    assert api.status_code == 422 and api.json()["detail"]
    page = client.get("/search", params={name: value})
    assert page.status_code == 422
    assert 'class="errors"' in page.text and "is not a date; use YYYY-MM-DD" in page.text
    assert '<form class="search"' in page.text


def test_an_iso_date_is_accepted_by_both(client: TestClient) -> None:
    params = {"since": "2024-01-01", "until": "2024-12-31"}
    assert client.get("/api/quotes", params=params).status_code == 200
    assert client.get("/search", params=params).status_code == 200
