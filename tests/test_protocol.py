"""SPARQL 1.1 Protocol conformance cases (tests/protocol_cases.yaml) for the read-only endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from cica_graph.store import EmbeddedRepo

from fixture_graphs import fixture_dataset

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "protocol_cases.yaml").read_text()
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    repo = EmbeddedRepo.from_dataset(fixture_dataset())
    settings = Settings(dist_dir=tmp_path_factory.mktemp("dist"))
    return TestClient(create_app(repo=repo, settings=settings))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_protocol_case(client: TestClient, case: dict[str, Any]) -> None:
    url = "/sparql" + (f"?{case['query_string']}" if "query_string" in case else "")
    content = bytes.fromhex(case["body_hex"]) if "body_hex" in case else case.get("body")
    response = client.request(
        case["method"],
        url,
        params=case.get("params"),
        data=case.get("form"),
        content=content,
        headers=case.get("headers"),
    )
    assert response.status_code == case["status"], response.text
    if "type" in case:
        assert response.headers["content-type"].split(";")[0] == case["type"]
    if "contains" in case:
        assert case["contains"] in response.text
    if "equals" in case:
        assert response.text == case["equals"]
    assert response.status_code < 500
