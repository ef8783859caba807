"""Linked Data and human pages: entity content negotiation, ontology, VoID, downloads, named
queries, landing page."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, VOID

from api.app import create_app
from api.settings import Settings
from cica_graph.export import write_dist
from cica_graph.store import EmbeddedRepo

from fixture_graphs import fixture_dataset

KAZ = "https://w3id.org/cica/id/state/kazakhstan"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    ds = fixture_dataset()
    dist = tmp_path_factory.mktemp("dist")
    write_dist(ds, dist)
    return TestClient(
        create_app(repo=EmbeddedRepo.from_dataset(ds), settings=Settings(dist_dir=dist))
    )


@pytest.mark.parametrize(
    "accept,media,fmt",
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_entity_content_negotiation(client: TestClient, accept: str, media: str, fmt: str) -> None:
    response = client.get("/id/state/kazakhstan", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "Accept" in response.headers["vary"]
    assert f"<{KAZ}>" in response.headers["link"]
    graph = Graph().parse(data=response.text, format=fmt)
    assert (URIRef(KAZ), RDF.type, URIRef("https://w3id.org/cica/ontology#State")) in graph


@pytest.mark.parametrize(
    "suffix,media",
    [
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
    ],
)
def test_entity_extension_suffix(client: TestClient, suffix: str, media: str) -> None:
    response = client.get(f"/id/state/kazakhstan.{suffix}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)


def test_entity_html_shows_labels_quotes_and_conflicts(client: TestClient) -> None:
    page = client.get("/id/state/kazakhstan", headers={"Accept": "text/html"}).text
    assert "Kazakhstan" in page and "Казахстан" in page
    assert "<blockquote>Kazakhstan (2020-2024)</blockquote>" in page
    meeting = client.get(
        "/id/meeting/seventh-ministerial-council-meeting", headers={"Accept": "text/html"}
    ).text
    assert "Recorded conflicts" in meeting and "2024-12-19, Baku (planned)" in meeting
    assert 'href="/id/state/azerbaijan"' in meeting


def test_unknown_entity_and_unacceptable_type(client: TestClient) -> None:
    assert client.get("/id/state/atlantis").status_code == 404
    assert client.get("/id/state/kazakhstan", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/id/state/kazakhstan.png").status_code == 404


def test_ontology_dereferences(client: TestClient) -> None:
    response = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert "cica:MemberState" in response.text
    as_jsonld = client.get("/ontology", headers={"Accept": "application/ld+json"})
    assert json.loads(as_jsonld.text)


def test_void_counts_and_dumps(client: TestClient) -> None:
    graph = Graph().parse(data=client.get("/.well-known/void").text, format="turtle")
    dataset = URIRef("https://w3id.org/cica/dataset")
    assert int(graph.value(dataset, VOID.triples)) > 100  # type: ignore[arg-type]
    dumps = {str(o) for o in graph.objects(dataset, VOID.dataDump)}
    assert any(d.endswith("/downloads/cica.ttl") for d in dumps)


def test_downloads(client: TestClient) -> None:
    response = client.get("/downloads/cica.nt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/n-triples")
    assert response.headers["x-checksum-sha256"] == hashlib.sha256(response.content).hexdigest()
    assert client.get("/downloads/secret.txt").status_code == 404


def test_landing_page_lists_downloads_and_queries(client: TestClient) -> None:
    page = client.get("/").text
    assert 'href="/downloads/cica.ttl"' in page
    assert "competency/cq01-member-state-count" in page


def test_named_queries(client: TestClient) -> None:
    listed = client.get("/queries").json()
    names = {q["name"] for q in listed}
    assert "competency/cq08-chair-in-year" in names
    response = client.get(
        "/queries/competency/cq08-chair-in-year",
        params={"year": "2021"},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code == 200 and "Kazakhstan" in response.text
    assert (
        client.get("/queries/competency/cq08-chair-in-year", params={"year": "x"}).status_code
        == 400
    )
    assert (
        client.get("/queries/competency/cq08-chair-in-year", params={"nope": "1"}).status_code
        == 400
    )
    assert client.get("/queries/no-such-query").status_code == 404


def test_openapi_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert "/sparql" in client.get("/openapi.json").json()["paths"]


def test_settings_from_env(tmp_path: Path) -> None:
    settings = Settings.from_env({"CICA_PORT": "9000", "CICA_CORS_ORIGINS": "https://a.org"})
    assert settings.port == 9000 and settings.cors_origins == ("https://a.org",)
