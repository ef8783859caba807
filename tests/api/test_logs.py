"""Access log: one JSON line per request, with a hash of the query and never the query."""

from __future__ import annotations

import hashlib
import json

import pytest
from fastapi.testclient import TestClient


def test_one_json_line_per_request(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    query = "SELECT ?secret WHERE { ?secret ?p ?o } LIMIT 1"
    with caplog.at_level("INFO", logger="cica.access"):
        response = client.get("/sparql", params={"query": query})
        client.post(
            "/sparql", content=query.encode(), headers={"Content-Type": "application/sparql-query"}
        )
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "cica.access"]
    assert len(lines) == 2
    get, post = lines
    digest = hashlib.sha256(query.encode()).hexdigest()[:12]
    assert get["query_sha256"] == post["query_sha256"] == digest
    assert get["method"] == "GET" and get["path"] == "/sparql" and get["status"] == 200
    assert get["bytes"] == len(response.content) and get["ms"] >= 0
    assert all("secret" not in r.getMessage() for r in caplog.records)
