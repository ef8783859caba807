"""HEAD is answered like GET, without a body; other methods pass through untouched."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_head_has_the_get_headers_and_no_body(client: TestClient) -> None:
    get = client.get("/sparql", params={"query": "ASK {}"})
    head = client.head("/sparql", params={"query": "ASK {}"})
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == get.headers["content-length"] != "0"


def test_head_of_a_missing_page_is_404(client: TestClient) -> None:
    assert client.head("/id/state/atlantis").status_code == 404


def test_post_is_not_rewritten(client: TestClient) -> None:
    response = client.post("/sparql", data={"query": "ASK {}"})
    assert response.status_code == 200 and response.content
