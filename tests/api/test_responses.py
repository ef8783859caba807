"""Queries through the app's worker pool: time limit, caps stated in the response, graphs of
this dataset only, on /sparql and on named queries."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from cica_graph.executor import Limits
from cica_graph.queries import NamedQuery, parse_query

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def limited(dist: Path) -> Iterator[TestClient]:
    limits = Limits(workers=2, timeout=1.0, max_rows=3, wait=2.0)
    with TestClient(create_app(settings=Settings(dist_dir=dist, limits=limits))) as client:
        yield client


def test_runaway_query_gets_503_and_the_endpoint_keeps_answering(limited: TestClient) -> None:
    started = time.monotonic()
    response = limited.get("/sparql", params={"query": CARTESIAN}, headers=JSON)
    assert response.status_code == 503
    assert "ran longer than 1 s and was stopped" in response.text
    assert time.monotonic() - started < 5
    again = limited.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
    assert again.status_code == 200 and again.json()["boolean"] is True


def test_row_cap_is_stated(limited: TestClient) -> None:
    response = limited.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"}, headers=JSON)
    assert response.status_code == 200
    assert response.headers["x-result-truncated"] == "rows; limit=3"
    assert len(response.json()["results"]["bindings"]) == 3
    small = limited.get("/sparql", params={"query": "SELECT * { ?s ?p ?o } LIMIT 2"})
    assert "x-result-truncated" not in small.headers


@pytest.mark.parametrize(
    "params",
    [
        {"query": "SELECT * FROM <http://example.org/elsewhere> { ?s ?p ?o }"},
        {"query": "SELECT * FROM NAMED <http://example.org/g> { GRAPH ?g { ?s ?p ?o } }"},
        {"query": "SELECT * { ?s ?p ?o }", "default-graph-uri": "http://example.org/g"},
        {"query": "SELECT * { ?s ?p ?o }", "named-graph-uri": "http://example.org/g"},
    ],
    ids=["from", "from-named", "default-graph-uri", "named-graph-uri"],
)
def test_graphs_from_elsewhere_are_refused(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/sparql", params=params)
    assert response.status_code == 403
    assert "is not a graph of this dataset" in response.text


def test_graphs_of_this_dataset_are_fine(client: TestClient) -> None:
    query = "SELECT * FROM <https://w3id.org/cica/graph/ontology> { ?s ?p ?o } LIMIT 1"
    assert client.get("/sparql", params={"query": query}).status_code == 200


def test_named_queries_are_guarded(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.pages

    bad: NamedQuery = parse_query(
        "federated",
        "#+ summary: x\nSELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    )
    monkeypatch.setattr(api.pages, "discover", lambda: {"federated": bad})
    response = client.get("/queries/federated")
    assert response.status_code == 403 and "SERVICE" in response.text


def test_named_query_results_are_capped(
    limited: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.pages

    everything = parse_query("everything", "#+ summary: x\nSELECT * WHERE { ?s ?p ?o }")
    monkeypatch.setattr(api.pages, "discover", lambda: {"everything": everything})
    response = limited.get("/queries/everything", headers=JSON)
    assert response.headers["x-result-truncated"] == "rows; limit=3"
    assert len(response.json()["results"]["bindings"]) == 3
