"""Linked Data and human pages on the fixture graph: entity content negotiation, the entity page,
the ontology, VoID, downloads, named queries and the landing page."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID, XSD

import api.pages
from cica_graph.namespaces import CICA
from cica_graph.paths import ONTOLOGY
from cica_graph.queries import discover
from cica_graph.store import EmbeddedRepo

BASE = "https://w3id.org/cica/id/"
KAZ = BASE + "state/kazakhstan"
MEETING = BASE + "meeting/seventh-ministerial-council-meeting"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDFLIB = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


def media(response: Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


def parse(response: Response) -> Graph:
    parsed = Dataset()
    parsed.parse(data=response.content, format=RDFLIB[media(response)])
    graph = Graph()
    for s, p, o, _ in parsed.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


# --- entities -------------------------------------------------------------------------------


def assert_entity(response: Response, served: str) -> None:
    assert response.status_code == 200, response.text
    assert media(response) == served
    assert "Accept" in response.headers["vary"]
    assert response.headers["link"] == f'<{KAZ}>; rel="canonical"'


@pytest.mark.parametrize("accept", list(RDFLIB))
def test_entity_by_accept(client: TestClient, accept: str) -> None:
    response = client.get("/id/state/kazakhstan", headers={"Accept": accept})
    assert_entity(response, accept)
    graph = parse(response)
    assert (URIRef(KAZ), RDF.type, CICA.State) in graph
    # the quote behind it comes along
    assert (URIRef(f"{KAZ}#evidence-1"), CICA.quote, Literal("Kazakhstan (2020-2024)")) in graph


@pytest.mark.parametrize(
    "suffix,served",
    [
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html"),
    ],
)
def test_entity_extension_suffix(client: TestClient, suffix: str, served: str) -> None:
    # the suffix wins over Accept
    response = client.get(f"/id/state/kazakhstan.{suffix}", headers={"Accept": "text/csv"})
    assert_entity(response, served)
    if served != "text/html":
        assert (URIRef(KAZ), RDF.type, CICA.State) in parse(response)


@pytest.mark.parametrize(
    "fmt,served",
    [("ttl", "text/turtle"), ("jsonld", "application/ld+json"), ("nq", "application/n-quads")],
)
def test_entity_format_parameter(client: TestClient, fmt: str, served: str) -> None:
    response = client.get(
        "/id/state/kazakhstan", params={"format": fmt}, headers={"Accept": BROWSER}
    )
    assert_entity(response, served)


@pytest.mark.parametrize(
    "accept,served",
    [
        (BROWSER, "text/html"),
        ("text/html;q=0.1, text/turtle", "text/turtle"),
        ("application/ld+json;q=0.9, application/n-triples", "application/n-triples"),
        ("*/*", "text/html"),
    ],
)
def test_entity_q_values(client: TestClient, accept: str, served: str) -> None:
    assert_entity(client.get("/id/state/kazakhstan", headers={"Accept": accept}), served)


@pytest.mark.parametrize(
    "path",
    [
        "/id/state/atlantis",
        "/id/planet/kazakhstan",
        "/id/state/kazakhstan.png",
        "/id/state/atlantis.ttl",
    ],
)
def test_unknown_entities_give_404(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.text.startswith(("no entity https://w3id.org/cica/id/", "unknown extension"))


@pytest.mark.parametrize(
    "kwargs", [{"headers": {"Accept": "image/png"}}, {"params": {"format": "png"}}]
)
def test_unacceptable_entity_types_give_406(client: TestClient, kwargs: dict[str, object]) -> None:
    response = client.get("/id/state/kazakhstan", **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 406


def test_entity_page_shows_labels_in_every_language(client: TestClient) -> None:
    page = client.get("/id/state/kazakhstan", headers={"Accept": BROWSER}).text
    assert "<h1>Kazakhstan · Казахстан</h1>" in page
    assert "<blockquote>Kazakhstan (2020-2024)</blockquote>" in page
    assert "Recorded conflicts" not in page
    # and what refers to it
    assert 'href="/id/chairmanship/chairmanship-kazakhstan-2020-2024"' in page


def test_meeting_page_shows_quotes_and_conflicts(client: TestClient) -> None:
    page = client.get(
        "/id/meeting/seventh-ministerial-council-meeting", headers={"Accept": BROWSER}
    ).text
    assert "<h1>Seventh CICA Ministerial Council Meeting</h1>" in page
    assert (
        "<blockquote>Baku, 17 December 2024 — The Seventh Meeting of the Ministerial Council</blockquote>"
        in page
    )
    assert "hosted online by Azerbaijan</blockquote>" in page
    assert "supports https://w3id.org/cica/ontology#start</span>" in page
    conflicts = page[page.index("<h2>Recorded conflicts</h2>") :]
    assert "planned for 19 December 2024 in Baku but held online on 17 December 2024" in conflicts
    assert "<td>2024-12-19, Baku (planned)</td>" in conflicts
    assert "<td>2024-12-17, online (held)</td>" in conflicts
    assert (
        'href="/id/source/achievements-2020-2024">id/source/achievements-2020-2024</a> 2024-09'
        in conflicts
    )
    assert 'href="/id/source/digest-2024-q4">id/source/digest-2024-q4</a> 2024-12' in conflicts
    assert 'href="/id/state/azerbaijan"' in page


def test_entity_page_links_to_every_representation(client: TestClient) -> None:
    page = client.get("/id/state/kazakhstan", headers={"Accept": BROWSER}).text
    for fmt in re.findall(r'href="\?format=(\w+)"', page):
        response = client.get(f"/id/state/kazakhstan?format={fmt}")
        assert response.status_code == 200, fmt
        assert (URIRef(KAZ), RDF.type, CICA.State) in parse(response)


def test_named_graphs_redirect_to_their_description(client: TestClient) -> None:
    for name, target in [
        ("source/achievements-2020-2024", "/id/source/achievements-2020-2024"),
        ("ontology", "/ontology"),
        ("inferred", "/.well-known/void"),
    ]:
        response = client.get(f"/graph/{name}", follow_redirects=False)
        assert response.status_code == 303, name
        assert response.headers["location"].endswith(target)
    assert client.get("/graph/source/nothing", follow_redirects=False).status_code == 404


def test_entity_page_links_resolve(client: TestClient) -> None:
    page = client.get(
        "/id/meeting/seventh-ministerial-council-meeting", headers={"Accept": BROWSER}
    ).text
    links = sorted({h.split("#")[0] for h in re.findall(r'href="(/[^"]*)"', page)} - {"/docs"})
    broken = [h for h in links if client.get(h, headers={"Accept": BROWSER}).status_code >= 400]
    assert broken == []


# --- the ontology ----------------------------------------------------------------------------


@pytest.mark.parametrize("accept", [None, "text/turtle", BROWSER])
def test_ontology_is_served_as_turtle(client: TestClient, accept: str | None) -> None:
    response = client.get("/ontology", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert media(response) == "text/turtle"
    assert response.content == ONTOLOGY.read_bytes()


@pytest.mark.parametrize(
    "accept", ["application/ld+json", "application/n-triples", "application/rdf+xml"]
)
def test_ontology_in_other_syntaxes(client: TestClient, accept: str) -> None:
    response = client.get("/ontology", headers={"Accept": accept})
    assert media(response) == accept
    assert isomorphic(parse(response), Graph().parse(ONTOLOGY, format="turtle"))


def test_ontology_refuses_other_types(client: TestClient) -> None:
    assert client.get("/ontology", headers={"Accept": "image/png"}).status_code == 406


@pytest.mark.parametrize("path", ["/ontology", "/.well-known/void"])
def test_rdf_documents_as_nquads(client: TestClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "application/n-quads"})
    assert response.status_code == 200
    assert len(parse(response)) > 0


# --- VoID -----------------------------------------------------------------------------------


def test_void(client: TestClient, repo: EmbeddedRepo, dist: Path) -> None:
    response = client.get("/.well-known/void")
    assert response.status_code == 200
    assert media(response) == "text/turtle"
    graph = parse(response)
    dataset = URIRef("https://w3id.org/cica/dataset")
    assert (dataset, RDF.type, VOID.Dataset) in graph
    assert graph.value(dataset, VOID.triples) == Literal(repo.triple_count(), datatype=XSD.integer)
    assert (dataset, VOID.sparqlEndpoint, URIRef("http://testserver/sparql")) in graph
    files = [f["file"] for f in json.loads((dist / "manifest.json").read_text())["files"]]
    dumps = {str(o) for o in graph.objects(dataset, VOID.dataDump)}
    assert dumps == {f"http://testserver/downloads/{f}" for f in files}
    subsets = {str(s) for s in graph.objects(dataset, VOID.subset)}
    assert subsets == set(repo.graphs())


def test_void_as_json_ld(client: TestClient) -> None:
    response = client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert media(response) == "application/ld+json"
    assert (None, VOID.triples, None) in parse(response)


# --- downloads -----------------------------------------------------------------------------


def manifest_entries(dist: Path) -> list[dict[str, object]]:
    files: list[dict[str, object]] = json.loads((dist / "manifest.json").read_text())["files"]
    return files


def test_every_dump_is_served_with_its_type_and_checksum(client: TestClient, dist: Path) -> None:
    entries = manifest_entries(dist)
    assert len(entries) == 5
    for entry in entries:
        response = client.get(f"/downloads/{entry['file']}")
        assert response.status_code == 200
        assert media(response) == entry["media_type"]
        assert hashlib.sha256(response.content).hexdigest() == entry["sha256"]
        assert response.headers["x-checksum-sha256"] == entry["sha256"]
        assert response.headers["digest"] == f"sha-256={entry['sha256']}"
        assert len(response.content) == entry["bytes"]


@pytest.mark.parametrize("file", ["secret.txt", "manifest.json", "cica.ttl.bak"])
def test_unknown_downloads_give_404(client: TestClient, file: str) -> None:
    response = client.get(f"/downloads/{file}")
    assert response.status_code == 404
    assert response.text == f"no download {file!r}\n"


# --- named queries ----------------------------------------------------------------------


def test_queries_lists_the_named_queries(client: TestClient) -> None:
    listed = client.get("/queries").json()
    queries = discover()
    assert [q["name"] for q in listed] == list(queries)
    for item in listed:
        query = queries[item["name"]]
        assert item["summary"] == query.summary and item["form"] == query.form
        assert item["params"] == [p.__dict__ for p in query.params]
        assert item["text"] == query.text


@pytest.fixture
def demo_queries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A queries directory of our own, served instead of queries/."""
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "labels.rq").write_text(
        "#+ summary: Labels of a state in a language\n"
        "#+ tags: demo\n"
        "#+ param: state (iri, default state/kazakhstan): The state.\n"
        "#+ param: lang (string): Language tag.\n"
        "SELECT ?state ?lang ?label WHERE { ?state rdfs:label ?label FILTER(LANG(?label) = ?lang) }\n",
        encoding="utf-8",
    )
    (tmp_path / "demo" / "chairs-since.rq").write_text(
        "#+ summary: Chairmanships that started in or after a year\n"
        "#+ param: year (year): The year.\n"
        "SELECT ?year ?c WHERE { ?c cica:start ?start FILTER(?start >= ?year) }\n",
        encoding="utf-8",
    )
    (tmp_path / "demo" / "graph.rq").write_text(
        "#+ summary: A state's labels as a graph\n"
        "CONSTRUCT { state:kazakhstan rdfs:label ?l } WHERE { state:kazakhstan rdfs:label ?l }\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(api.pages, "discover", lambda: discover(tmp_path))
    return tmp_path


def test_named_query_runs_with_its_parameters(client: TestClient, demo_queries: Path) -> None:
    assert [q["name"] for q in client.get("/queries").json()] == [
        "demo/chairs-since",
        "demo/graph",
        "demo/labels",
    ]
    response = client.get("/queries/demo/labels", params={"lang": "ru", "format": "csv"})
    assert response.status_code == 200
    assert media(response) == "text/csv"
    assert response.text.splitlines()[1] == f"{KAZ},ru,Казахстан"
    other = client.get(
        "/queries/demo/labels",
        params={"lang": "en", "state": "state/azerbaijan"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert [b["label"]["value"] for b in other.json()["results"]["bindings"]] == ["Azerbaijan"]


def test_named_construct_is_a_graph(client: TestClient, demo_queries: Path) -> None:
    response = client.get("/queries/demo/graph", headers={"Accept": "text/turtle"})
    assert media(response) == "text/turtle"
    assert len(parse(response)) == 2


@pytest.mark.parametrize(
    "name,params,message",
    [
        ("demo/labels", {}, "parameter 'lang' is required"),
        ("demo/chairs-since", {"year": "twenty"}, "parameter 'year': 'twenty' is not a valid year"),
        ("demo/chairs-since", {"year": "2019", "colour": "red"}, "unknown parameter(s): colour"),
    ],
)
def test_named_query_with_bad_parameters_gives_400(
    client: TestClient, demo_queries: Path, name: str, params: dict[str, str], message: str
) -> None:
    response = client.get(f"/queries/{name}", params=params)
    assert response.status_code == 400
    assert response.text == f"{message}\n"


def test_unknown_named_query_gives_404(client: TestClient, demo_queries: Path) -> None:
    response = client.get("/queries/demo/nope")
    assert response.status_code == 404
    assert response.text == "no query named 'demo/nope'\n"


def test_named_query_refuses_unacceptable_types(client: TestClient, demo_queries: Path) -> None:
    response = client.get(
        "/queries/demo/labels", params={"lang": "en"}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 406


# --- landing page, static files, API docs ------------------------------------------------------


def test_landing_page(client: TestClient, repo: EmbeddedRepo, dist: Path) -> None:
    page = client.get("/").text
    assert f"{repo.triple_count()} quads" in page
    for entry in manifest_entries(dist):
        assert f'href="/downloads/{entry["file"]}"' in page
        assert f"<code>{entry['sha256']}</code>" in page
    for name in discover():
        assert f'href="/queries/{name}"' in page
    assert "built 2023-11-14" in page


def test_static_script_and_api_docs(client: TestClient) -> None:
    assert client.get("/static/query.js").status_code == 200
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/sparql", "/id/{kind}/{slug}", "/ontology", "/.well-known/void", "/queries"} <= set(
        paths
    )


@pytest.mark.parametrize("path", ["/id/state/kazakhstan", "/downloads/cica.ttl", "/ontology"])
def test_head_answers_like_get(client: TestClient, path: str) -> None:
    get = client.get(path, headers={"Accept": "text/turtle"})
    head = client.head(path, headers={"Accept": "text/turtle"})
    assert head.status_code == get.status_code == 200
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.content == b""


@pytest.mark.parametrize("path", ['/id/state/a"b', "/id/St@te/kazakhstan", "/id/state/ka%20z"])
def test_malformed_entity_paths_are_404_not_500(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_entity_representations_are_kept_after_the_first_request(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.pages

    calls: list[str] = []
    graph = api.pages.describe.graph

    def counting(repo: Any, iri: str) -> Any:
        calls.append(iri)
        return graph(repo, iri)

    monkeypatch.setattr(api.pages.describe, "graph", counting)
    path = "/id/meeting/seventh-ministerial-council-meeting"
    first, second = (client.get(path, headers={"Accept": "application/n-triples"}) for _ in "ab")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.headers == second.headers
    assert len(calls) <= 1  # at most once (an earlier test may have asked already)
    turtle = client.get(path, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert client.get("/id/meeting/no-such-meeting.nt").status_code == 404
