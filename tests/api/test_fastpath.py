"""The fast path for GET /sparql: the same bytes and headers as the normal path, cache hits
and bounded queries without a worker, everything else (refusals, errors, unbounded
queries, long results) left to the normal path, and every middleware's guarantee kept."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import api.fastpath
from api.app import create_app
from api.settings import Settings
from cica_graph.executor import Job, Limits, Outcome

KZ = "https://w3id.org/cica/id/state/kazakhstan"
POINT = f"SELECT ?p ?o WHERE {{ <{KZ}> ?p ?o }}"
PREFIXED = (
    "PREFIX cica: <https://w3id.org/cica/ontology#> "
    "PREFIX st: <https://w3id.org/cica/id/state/> SELECT * { st:kazakhstan a ?type }"
)
UNBOUNDED = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 3",
    f"SELECT DISTINCT ?p WHERE {{ <{KZ}> ?p ?o }}",
    f"SELECT ?o WHERE {{ <{KZ}> ?p ?o }}",
    f"SELECT ?p ?o WHERE {{ <{KZ}> ?p ?o }} ORDER BY ?p",
    f"SELECT ?p ?o WHERE {{ <{KZ}> ?p ?o }} OFFSET 1",
    f"SELECT ?p ?o WHERE {{ <{KZ}> ?p ?o . ?o ?q ?r }}",
    f"ASK {{ <{KZ}> ?p ?o }}",
    f"CONSTRUCT WHERE {{ <{KZ}> ?p ?o }}",
]
JSON = {"Accept": "application/sparql-results+json"}


class Recorded:
    """An app whose pool and fast path record what they run."""

    def __init__(self, app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
        self.app = app
        self.pool_jobs: list[Job] = []
        self.fast_jobs: list[Job] = []
        run = app.state.pool.run_async

        async def recording(job: Job) -> Outcome:
            self.pool_jobs.append(job)
            return await run(job)

        app.state.pool.run_async = recording
        evaluate = api.fastpath.evaluate

        def fast(repo: Any, job: Job, limits: Limits) -> Outcome:
            self.fast_jobs.append(job)
            return evaluate(repo, job, limits)

        monkeypatch.setattr(api.fastpath, "evaluate", fast)
        self.client = TestClient(app)


def make(dist: Path, **kwargs: Any) -> FastAPI:
    limits = kwargs.pop("limits", Limits(workers=1))
    return create_app(settings=Settings(dist_dir=dist, limits=limits, **kwargs))


@pytest.fixture(scope="module")
def apps(dist: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The app with and without the fast path, over the same build."""
    fast, slow = make(dist), make(dist, fast_path=False)
    with TestClient(fast) as a, TestClient(slow) as b:
        yield a, b


@pytest.fixture
def recorded(dist: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Recorded]:
    app = make(dist)
    try:
        yield Recorded(app, monkeypatch)
    finally:
        app.state.pool.close()


BNODE_JSON = re.compile(rb'("type":"bnode","value":")[^"]*')
BNODE_XML = re.compile(rb"<bnode>[^<]*</bnode>")
BNODE_TEXT = re.compile(rb"_:[A-Za-z0-9]+")


def rows(response: Any) -> Any:
    """The body with its rows in a canonical order and blank node labels blanked: the order of
    the solutions of a query without ORDER BY is not part of an answer (an in-memory store
    gives a different one in every process that loads the build), and blank node labels
    differ between two builds of the same inputs, so only the order or a label may differ,
    never a row or a byte count."""
    body = BNODE_JSON.sub(rb"\1b", response.content)
    body = BNODE_XML.sub(b"<bnode>b</bnode>", BNODE_TEXT.sub(b"_:b", body))
    kind = response.headers.get("content-type", "")
    if not body:  # HEAD, 304
        return body
    if kind.startswith("application/sparql-results+json"):
        data = json.loads(body)
        if "results" in data:
            data["results"]["bindings"].sort(key=lambda b: json.dumps(b, sort_keys=True))
        return data
    if kind.startswith("application/sparql-results+xml"):
        head, *results = body.split(b"<result>")
        return head, sorted(results)
    if kind.startswith(("text/csv", "text/tab-separated-values", "application/n-triples")):
        head, *lines = body.splitlines()
        return head, sorted(lines)
    return body


def same(a: Any, b: Any) -> None:
    assert a.status_code == b.status_code
    assert rows(a) == rows(b)
    labels = any(p.search(a.content) for p in (BNODE_JSON, BNODE_XML, BNODE_TEXT))
    if labels:  # blank node labels differ in length too
        a_headers = [(k, v) for k, v in a.headers.items() if k != "content-length"]
        b_headers = [(k, v) for k, v in b.headers.items() if k != "content-length"]
        assert a_headers == b_headers
    else:
        assert list(a.headers.items()) == list(b.headers.items())


@pytest.mark.parametrize("query", [POINT, PREFIXED, f"{POINT} LIMIT 2", *UNBOUNDED])
@pytest.mark.parametrize(
    "headers,params",
    [
        (JSON, {}),
        ({}, {"format": "xml"}),
        ({"Accept": "text/csv"}, {}),
        ({"Accept": "text/tab-separated-values;q=0.9, */*;q=0.1"}, {}),
        ({"Accept": "text/turtle, */*;q=0.5"}, {}),
        ({"Origin": "https://example.org", **JSON}, {}),
    ],
    ids=["json", "format-xml", "csv", "tsv-q", "turtle-or-any", "cors"],
)
def test_same_bytes_and_headers_as_the_normal_path(
    apps: tuple[TestClient, TestClient], query: str, headers: dict[str, str], params: dict
) -> None:
    fast, slow = apps
    for _ in range(2):  # a miss, then a hit
        a = fast.get("/sparql", params={"query": query, **params}, headers=headers)
        b = slow.get("/sparql", params={"query": query, **params}, headers=headers)
        same(a, b)
    same(
        fast.head("/sparql", params={"query": query, **params}, headers=headers),
        slow.head("/sparql", params={"query": query, **params}, headers=headers),
    )
    if a.status_code == 406:  # a graph in a results format, or the reverse
        assert query.startswith("CONSTRUCT") != ("turtle" in headers.get("Accept", ""))
        return
    assert a.status_code == 200
    etag = a.headers["etag"]
    held = {**headers, "If-None-Match": etag}
    a = fast.get("/sparql", params={"query": query, **params}, headers=held)
    b = slow.get("/sparql", params={"query": query, **params}, headers=held)
    same(a, b)
    assert a.status_code == 304


def test_every_entity_of_the_fixture_answers_alike(apps: tuple[TestClient, TestClient]) -> None:
    fast, slow = apps
    rows = slow.get(
        "/sparql",
        params={"query": "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"},
        headers=JSON,
    ).json()["results"]["bindings"]
    assert len(rows) > 50
    for row in rows:
        query = f"SELECT ?p ?o WHERE {{ <{row['s']['value']}> ?p ?o }}"
        same(
            fast.get("/sparql", params={"query": query}, headers=JSON),
            slow.get("/sparql", params={"query": query}, headers=JSON),
        )


def test_a_bounded_query_needs_no_worker(recorded: Recorded) -> None:
    response = recorded.client.get("/sparql", params={"query": POINT}, headers=JSON)
    assert response.status_code == 200 and len(response.json()["results"]["bindings"]) >= 4
    assert recorded.pool_jobs == [] and [j.query for j in recorded.fast_jobs] == [POINT]
    again = recorded.client.get("/sparql", params={"query": POINT}, headers=JSON)
    assert again.content == response.content
    assert len(recorded.fast_jobs) == 1  # a cache hit: nothing evaluated


@pytest.mark.parametrize("query", UNBOUNDED)
def test_an_unbounded_query_never_takes_the_fast_path(recorded: Recorded, query: str) -> None:
    for _ in range(2):
        assert recorded.client.get("/sparql", params={"query": query}).status_code == 200
    assert recorded.fast_jobs == []
    assert len(recorded.pool_jobs) == 1  # the second answer is the cached one


@pytest.mark.parametrize(
    "params",
    [
        {"query": POINT, "default-graph-uri": "https://w3id.org/cica/graph/ontology"},
        {"query": POINT, "named-graph-uri": "https://w3id.org/cica/graph/ontology"},
        {"query": POINT, "timeout": "1"},  # an unknown parameter: the normal path decides
        {"query": POINT, "format": ["json", "csv"]},
    ],
    ids=["default-graph-uri", "named-graph-uri", "other-parameter", "two-formats"],
)
def test_requests_beyond_its_shape_go_to_the_worker(recorded: Recorded, params: dict) -> None:
    response = recorded.client.get("/sparql", params=params, headers=JSON)
    assert response.status_code == 200
    assert recorded.fast_jobs == [] and len(recorded.pool_jobs) == 1


def test_a_result_longer_than_the_fast_budget_is_a_worker_s(
    recorded: Recorded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api.fastpath, "FAST_ROWS", 3)
    response = recorded.client.get("/sparql", params={"query": POINT}, headers=JSON)
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) > 3  # the whole answer, from the worker
    assert "x-result-truncated" not in response.headers
    assert len(recorded.fast_jobs) == 1 and len(recorded.pool_jobs) == 1


def test_the_caps_still_apply(dist: Path) -> None:
    app = make(dist, limits=Limits(workers=1, max_rows=2))
    try:
        slow = make(dist, limits=Limits(workers=1, max_rows=2), fast_path=False)
        a = TestClient(app).get("/sparql", params={"query": POINT}, headers=JSON)
        b = TestClient(slow).get("/sparql", params={"query": POINT}, headers=JSON)
        same(a, b)
        assert a.headers["x-result-truncated"] == "rows; limit=2"
        assert len(a.json()["results"]["bindings"]) == 2
        slow.state.pool.close()
    finally:
        app.state.pool.close()


@pytest.mark.parametrize(
    "params,status",
    [
        ({"query": f"SELECT * WHERE {{ SERVICE <http://x/sparql> {{ <{KZ}> ?p ?o }} }}"}, 403),
        ({"query": f"SELECT ?p ?o FROM <http://example.org/g> WHERE {{ <{KZ}> ?p ?o }}"}, 403),
        ({"query": POINT, "default-graph-uri": "http://example.org/g"}, 403),
        ({"query": POINT, "named-graph-uri": "http://example.org/g"}, 403),
        ({"query": "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"}, 403),
        ({"query": "LOAD <http://x/data.ttl>"}, 403),
        ({"query": "SELECT ?p ?o WHERE { nope:x ?p ?o }"}, 400),  # bounded shape, engine error
        ({"query": POINT, "format": "ttl"}, 406),
        ({"query": [POINT, POINT]}, 400),
        ({"query": POINT + " " * 9000}, 414),
    ],
    ids=[
        "service",
        "from",
        "default-graph-uri",
        "named-graph-uri",
        "insert",
        "load",
        "parse-error",
        "not-acceptable",
        "two-queries",
        "long-url",
    ],
)
def test_refusals_are_still_refused(
    apps: tuple[TestClient, TestClient], params: dict, status: int
) -> None:
    fast, slow = apps
    for _ in range(2):  # refusals are never cached
        a = fast.get("/sparql", params=params, headers=JSON)
        same(a, slow.get("/sparql", params=params, headers=JSON))
        assert a.status_code == status and "etag" not in a.headers


def test_a_long_query_is_413_on_both_paths(dist: Path) -> None:
    fast, slow = make(dist, max_query_chars=50), make(dist, max_query_chars=50, fast_path=False)
    try:
        a = TestClient(fast).get("/sparql", params={"query": POINT}, headers=JSON)
        same(a, TestClient(slow).get("/sparql", params={"query": POINT}, headers=JSON))
        assert a.status_code == 413
    finally:
        fast.state.pool.close()
        slow.state.pool.close()


def test_malformed_query_strings_are_400(apps: tuple[TestClient, TestClient]) -> None:
    fast, _ = apps
    for raw in ["query=%ZZ", "query=%C3%28", "query=SELECT%20*%20%7B%7D%FF"]:
        assert fast.get(f"/sparql?{raw}").status_code == 400


def test_the_concurrency_limit_covers_it(dist: Path) -> None:
    app = make(dist, max_concurrent=0)
    try:
        response = TestClient(app).get("/sparql", params={"query": POINT}, headers=JSON)
        assert response.status_code == 503 and response.headers["retry-after"] == "1"
    finally:
        app.state.pool.close()


def test_its_answers_are_logged_and_headed(
    apps: tuple[TestClient, TestClient], caplog: pytest.LogCaptureFixture
) -> None:
    fast, _ = apps
    with caplog.at_level("INFO", logger="cica.access"):
        response = fast.get("/sparql", params={"query": POINT}, headers=JSON)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "cica.access"]
    assert len(lines) == 1
    assert lines[0]["query_sha256"] == hashlib.sha256(POINT.encode()).hexdigest()[:12]
    assert lines[0]["status"] == 200 and lines[0]["bytes"] == len(response.content)


def test_post_and_other_paths_are_left_alone(recorded: Recorded) -> None:
    response = recorded.client.post("/sparql", data={"query": POINT}, headers=JSON)
    assert response.status_code == 200
    assert recorded.fast_jobs == [] and len(recorded.pool_jobs) == 1
    assert recorded.client.get("/sparql", headers={"Accept": "text/html"}).status_code == 200


def test_off_by_setting(dist: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make(dist, fast_path=False)
    try:
        recorded = Recorded(app, monkeypatch)
        assert recorded.client.get("/sparql", params={"query": POINT}).status_code == 200
        assert recorded.fast_jobs == [] and len(recorded.pool_jobs) == 1
    finally:
        app.state.pool.close()
