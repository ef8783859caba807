"""The SPARQL 1.1 Protocol endpoint at /sparql on the fixture graph: GET and both POST forms,
every result and RDF format by Accept (with q-values) and by format=, the dataset parameters,
the service description, and the refusals (400, 403, 406, 415)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS

from cica_graph.namespaces import source_graph
from cica_graph.service import SD
from cica_graph.store import EmbeddedRepo, QueryError

KAZ = "https://w3id.org/cica/id/state/kazakhstan"
LABELS = "SELECT ?label WHERE { state:kazakhstan rdfs:label ?label } ORDER BY ?label"
EXPECTED_LABELS = ["Kazakhstan", "Казахстан"]
CONSTRUCT = "CONSTRUCT { ?s rdfs:label ?l } WHERE { BIND(state:kazakhstan AS ?s) ?s rdfs:label ?l }"
EXPECTED_TRIPLES = {
    (URIRef(KAZ), RDFS.label, Literal("Kazakhstan", lang="en")),
    (URIRef(KAZ), RDFS.label, Literal("Казахстан", lang="ru")),
}
CHAIRS = "SELECT ?s WHERE { ?s a cica:Chairmanship }"
SLIDES = str(source_graph("achievements-2020-2024"))
DIGEST = str(source_graph("digest-2024-q4"))
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SR = "{http://www.w3.org/2005/sparql-results#}"


def values(media_type: str, body: str) -> list[str]:
    """The values of the single variable of a SELECT result, in order."""
    if media_type == "application/sparql-results+json":
        data = json.loads(body)
        return [b[data["head"]["vars"][0]]["value"] for b in data["results"]["bindings"]]
    if media_type == "application/sparql-results+xml":
        root = ET.fromstring(body)
        return [el.text or "" for el in root.iter() if el.tag in (f"{SR}literal", f"{SR}uri")]
    if media_type == "text/csv":
        return [row[0] for row in list(csv.reader(io.StringIO(body)))[1:]]
    if media_type == "text/tab-separated-values":
        return [line.rsplit("@", 1)[0].strip('"<>') for line in body.splitlines()[1:]]
    raise AssertionError(media_type)


def media(response: Response) -> str:
    return response.headers["content-type"].split(";")[0].strip()


RDFLIB = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}


def triples(response: Response) -> set[Any]:
    parsed = Dataset()
    parsed.parse(data=response.content, format=RDFLIB[media(response)])
    return {(s, p, o) for s, p, o, _ in parsed.quads((None, None, None, None))}


# --- the three ways to send a query ------------------------------------------------------------


def test_get(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": LABELS})
    assert response.status_code == 200
    assert media(response) == "application/sparql-results+json"  # the default for */*
    assert values(media(response), response.text) == EXPECTED_LABELS
    assert "Accept" in response.headers["vary"]


def test_post_form(client: TestClient) -> None:
    response = client.post("/sparql", data={"query": LABELS}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert values(media(response), response.text) == EXPECTED_LABELS


@pytest.mark.parametrize(
    "content_type", ["application/sparql-query", "application/sparql-query; charset=utf-8"]
)
def test_post_direct(client: TestClient, content_type: str) -> None:
    response = client.post(
        "/sparql",
        content=LABELS.encode(),
        headers={"Content-Type": content_type, "Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert values(media(response), response.text) == EXPECTED_LABELS


def test_ask(client: TestClient) -> None:
    yes = client.get("/sparql", params={"query": "ASK { state:kazakhstan a cica:State }"})
    no = client.get("/sparql", params={"query": "ASK { state:kazakhstan a cica:Place }"})
    assert (yes.json()["boolean"], no.json()["boolean"]) == (True, False)


# --- result formats -------------------------------------------------------------------------


SELECT_TYPES = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]


@pytest.mark.parametrize("accept", SELECT_TYPES)
def test_select_by_accept(client: TestClient, accept: str) -> None:
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert media(response) == accept
    assert values(accept, response.text) == EXPECTED_LABELS


@pytest.mark.parametrize(
    "accept,served",
    [
        ("application/json", "application/sparql-results+json"),
        ("application/xml", "application/sparql-results+xml"),
    ],
)
def test_select_generic_json_and_xml(client: TestClient, accept: str, served: str) -> None:
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
    assert media(response) == accept  # served as asked, in the SPARQL results syntax
    assert values(served, response.text) == EXPECTED_LABELS


@pytest.mark.parametrize(
    "fmt,served", list(zip(["json", "xml", "csv", "tsv"], SELECT_TYPES, strict=True))
)
def test_select_by_format_parameter(client: TestClient, fmt: str, served: str) -> None:
    # format= wins over Accept
    response = client.get(
        "/sparql", params={"query": LABELS, "format": fmt}, headers={"Accept": "text/csv"}
    )
    assert response.status_code == 200
    assert media(response) == served
    assert values(served, response.text) == EXPECTED_LABELS


@pytest.mark.parametrize(
    "accept,served",
    [
        ("application/sparql-results+json;q=0.2, text/csv;q=0.8", "text/csv"),
        ("text/csv;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
        ("text/csv;q=0, */*;q=0.5", "application/sparql-results+json"),
        (BROWSER, "application/xml"),
    ],
)
def test_q_values_are_honoured(client: TestClient, accept: str, served: str) -> None:
    response = client.get("/sparql", params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert media(response) == served


GRAPH_TYPES = list(RDFLIB)


@pytest.mark.parametrize("accept", GRAPH_TYPES)
def test_construct_by_accept(client: TestClient, accept: str) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert media(response) == accept
    assert triples(response) == EXPECTED_TRIPLES


@pytest.mark.parametrize(
    "fmt,served",
    list(zip(["ttl", "nt", "jsonld", "rdfxml", "trig", "nq"], GRAPH_TYPES, strict=True)),
)
def test_construct_by_format_parameter(client: TestClient, fmt: str, served: str) -> None:
    response = client.post("/sparql", data={"query": CONSTRUCT, "format": fmt})
    assert response.status_code == 200
    assert media(response) == served
    assert triples(response) == EXPECTED_TRIPLES


def test_describe_is_a_graph(client: TestClient) -> None:
    response = client.get(
        "/sparql",
        params={"query": f"DESCRIBE <{KAZ}>"},
        headers={"Accept": "application/n-triples"},
    )
    assert response.status_code == 200
    assert triples(response) >= EXPECTED_TRIPLES


@pytest.mark.parametrize(
    "query,accept,fmt",
    [
        (LABELS, "image/png", None),
        (LABELS, "text/turtle", None),  # a SELECT has no RDF form
        (CONSTRUCT, "text/csv", None),  # a graph has no table form
        (LABELS, None, "png"),
        (LABELS, None, "ttl"),
        (CONSTRUCT, None, "json"),
    ],
)
def test_unsupported_types_give_406(
    client: TestClient, query: str, accept: str | None, fmt: str | None
) -> None:
    params = {"query": query} | ({"format": fmt} if fmt else {})
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", params=params, headers=headers)
    assert response.status_code == 406
    assert "use one of" in response.text


# --- errors and refusals ----------------------------------------------------------------------


def test_syntax_error_gives_400_with_the_parsers_message(
    client: TestClient, repo: EmbeddedRepo
) -> None:
    bad = "SELECT ?s WHERE { ?s ?p"
    with pytest.raises(QueryError) as parser:
        repo.query(bad)
    for response in (
        client.get("/sparql", params={"query": bad}),
        client.post("/sparql", content=bad, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 400
        assert response.text == f"{parser.value}\n"
        assert "error at 1:" in response.text


FORBIDDEN = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 'x' } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/cica/graph/source/doc-1016>",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("text", FORBIDDEN)
@pytest.mark.parametrize("how", ["get", "post-form", "post-direct", "post-update"])
def test_updates_service_and_load_give_403(
    client: TestClient, repo: EmbeddedRepo, text: str, how: str
) -> None:
    before = repo.triple_count()
    if how == "get":
        response = client.get("/sparql", params={"query": text})
    elif how == "post-form":
        response = client.post("/sparql", data={"query": text})
    elif how == "post-direct":
        response = client.post(
            "/sparql", content=text, headers={"Content-Type": "application/sparql-query"}
        )
    else:
        response = client.post("/sparql", data={"update": text})
    assert response.status_code == 403
    assert "not allowed" in response.text or "read-only" in response.text
    assert repo.triple_count() == before
    assert not repo.ask("ASK { <urn:a> ?p ?o }")


def test_sparql_update_media_type_gives_403(client: TestClient, repo: EmbeddedRepo) -> None:
    response = client.post(
        "/sparql",
        content=FORBIDDEN[0],
        headers={"Content-Type": "application/sparql-update"},
    )
    assert response.status_code == 403
    assert not repo.ask("ASK { <urn:a> ?p ?o }")


def test_an_update_after_a_query_is_not_run(client: TestClient, repo: EmbeddedRepo) -> None:
    text = "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    response = client.get("/sparql", params={"query": text})
    assert response.status_code in (400, 403)
    assert not repo.ask("ASK { <urn:a> ?p ?o }")


@pytest.mark.parametrize(
    "kwargs,status,message",
    [
        ({"content": LABELS, "headers": {"Content-Type": "text/plain"}}, 415, "POST needs"),
        ({"data": {"format": "csv"}}, 400, "exactly one 'query'"),
        ({"data": {"query": [LABELS, LABELS]}}, 400, "exactly one 'query'"),
        (
            {"content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}},
            400,
            "not valid UTF-8",
        ),
    ],
)
def test_malformed_posts(
    client: TestClient, kwargs: dict[str, Any], status: int, message: str
) -> None:
    response = client.post("/sparql", **kwargs)
    assert response.status_code == status
    assert message in response.text


def test_two_query_parameters_give_400(client: TestClient) -> None:
    response = client.get("/sparql", params=[("query", LABELS), ("query", CHAIRS)])
    assert response.status_code == 400


# --- the dataset: default-graph-uri and named-graph-uri --------------------------------------


def chairs(response: Response) -> list[str]:
    assert response.status_code == 200, response.text
    return values("text/csv", response.text)


CHAIR = "https://w3id.org/cica/id/chairmanship/chairmanship-kazakhstan-2020-2024"


def test_default_graph_is_the_union(client: TestClient) -> None:
    assert chairs(client.get("/sparql", params={"query": CHAIRS, "format": "csv"})) == [CHAIR]


def test_default_graph_uri_restricts_to_one_source(client: TestClient) -> None:
    def ask(*graphs: str) -> list[str]:
        params = [("query", CHAIRS), ("format", "csv")] + [("default-graph-uri", g) for g in graphs]
        return chairs(client.get("/sparql", params=params))

    assert ask(SLIDES) == [CHAIR]
    assert ask(DIGEST) == []  # the chairmanship is stated only in the slides
    assert ask(DIGEST, SLIDES) == [CHAIR]


def test_default_graph_uri_in_post_requests(client: TestClient) -> None:
    form = client.post(
        "/sparql", data={"query": CHAIRS, "default-graph-uri": DIGEST, "format": "csv"}
    )
    assert chairs(form) == []
    direct = client.post(
        "/sparql",
        params={"default-graph-uri": DIGEST},
        content=CHAIRS,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert chairs(direct) == []
    direct_slides = client.post(
        "/sparql",
        params={"default-graph-uri": SLIDES},
        content=CHAIRS,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert chairs(direct_slides) == [CHAIR]


def test_named_graph_uri_restricts_graph_patterns(client: TestClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s a cica:SourceDocument } } ORDER BY ?g"
    everything = chairs(client.get("/sparql", params={"query": query, "format": "csv"}))
    assert len(everything) == 5
    only = client.get(
        "/sparql", params={"query": query, "format": "csv", "named-graph-uri": DIGEST}
    )
    assert chairs(only) == [DIGEST]


# --- without a query: the service description -------------------------------------------------


def service_description(response: Response) -> Graph:
    assert response.status_code == 200, response.text
    return Graph().parse(data=response.content, format=RDFLIB[media(response)])


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/rdf+xml"])
def test_service_description(client: TestClient, repo: EmbeddedRepo, accept: str) -> None:
    graph = service_description(client.get("/sparql", headers={"Accept": accept}))
    endpoint = URIRef("http://testserver/sparql")
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    names = sorted(str(o) for o in graph.objects(None, SD.name))
    assert names == repo.graphs()


def test_service_description_by_format_parameter(client: TestClient) -> None:
    response = client.get("/sparql", params={"format": "ttl"}, headers={"Accept": BROWSER})
    assert media(response) == "text/turtle"
    assert (None, SD.feature, SD.UnionDefaultGraph) in service_description(response)


def test_service_description_as_nquads(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "application/n-quads"})
    assert response.status_code == 200


def test_browser_gets_the_query_page(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert response.status_code == 200
    assert media(response) == "text/html"
    assert '<textarea id="query" name="query"' in response.text
    assert 'action="/sparql"' in response.text


def test_query_page_varies_by_accept(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": BROWSER})
    assert "Accept" in response.headers.get("vary", "")
