"""Query answers are cached per request and validated by ETag: the same bytes again without
running the query, 304 for a client holding the answer, tags that change with anything the
answer depends on, nothing cached that failed, and no caching over a remote store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.caching import Answer, ResponseCache, request_key
from api.settings import Settings
from cica_graph.executor import Job, Limits
from cica_graph.store import EmbeddedRepo

QUERY = "SELECT ?p ?o { <https://w3id.org/cica/id/state/kazakhstan> ?p ?o } ORDER BY ?p ?o"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def app_and_runs(dist: Path) -> Iterator[tuple[TestClient, list[Job]]]:
    """A client of an app whose pool records every job it runs."""
    settings = Settings(dist_dir=dist, limits=Limits(workers=1, max_rows=2), cache_max_age=30)
    app = create_app(settings=settings)
    runs: list[Job] = []
    run = app.state.pool.run_async

    async def recording(job: Job) -> Any:
        runs.append(job)
        return await run(job)

    app.state.pool.run_async = recording
    with TestClient(app) as client:
        yield client, runs


def test_a_repeated_query_gets_the_same_bytes_without_running(
    app_and_runs: tuple[TestClient, list[Job]],
) -> None:
    client, runs = app_and_runs
    before = len(runs)
    first = client.get("/sparql", params={"query": QUERY}, headers=JSON)
    count = len(runs)
    assert count == before + 1
    second = client.get("/sparql", params={"query": QUERY}, headers=JSON)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert len(runs) == count  # the second answer came from the cache
    assert second.headers["etag"] == first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=30"
    assert second.headers["x-result-truncated"] == "rows; limit=2"  # the cap is still stated


def test_if_none_match_gets_304(app_and_runs: tuple[TestClient, list[Job]]) -> None:
    client, runs = app_and_runs
    etag = client.get("/sparql", params={"query": QUERY}, headers=JSON).headers["etag"]
    count = len(runs)
    for held in (etag, f'W/{etag}, "other"', "*"):
        response = client.get(
            "/sparql", params={"query": QUERY}, headers={**JSON, "If-None-Match": held}
        )
        assert response.status_code == 304
        assert response.content == b""
        assert response.headers["etag"] == etag
    stale = client.get(
        "/sparql", params={"query": QUERY}, headers={**JSON, "If-None-Match": '"stale"'}
    )
    assert stale.status_code == 200 and stale.headers["etag"] == etag
    assert len(runs) == count


def test_tags_differ_by_format_query_and_graph(app_and_runs: tuple[TestClient, list[Job]]) -> None:
    client, _ = app_and_runs
    graph = "https://w3id.org/cica/graph/ontology"
    variants = [
        client.get("/sparql", params={"query": QUERY}, headers=JSON),
        client.get("/sparql", params={"query": QUERY, "format": "csv"}),
        client.get("/sparql", params={"query": QUERY + " LIMIT 1"}, headers=JSON),
        client.get("/sparql", params={"query": QUERY, "default-graph-uri": graph}, headers=JSON),
    ]
    assert [r.status_code for r in variants] == [200] * 4
    assert len({r.headers["etag"] for r in variants}) == 4
    assert variants[1].headers["content-type"].startswith("text/csv")


def test_named_query_answers_are_cached_by_parameter(
    app_and_runs: tuple[TestClient, list[Job]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.pages
    from cica_graph.queries import parse_query

    labels = parse_query(
        "labels",
        "#+ summary: x\n#+ param: lang (string): L\n"
        "SELECT ?lang ?l WHERE { ?s rdfs:label ?l FILTER(LANG(?l) = ?lang) }",
    )
    monkeypatch.setattr(api.pages, "discover", lambda: {"labels": labels})
    client, runs = app_and_runs
    count = len(runs)
    en = [client.get("/queries/labels", params={"lang": "en"}, headers=JSON) for _ in range(2)]
    ru = client.get("/queries/labels", params={"lang": "ru"}, headers=JSON)
    assert len(runs) == count + 2  # once per parameter value
    assert en[0].content == en[1].content != ru.content
    assert en[0].headers["etag"] != ru.headers["etag"]


def test_refusals_and_errors_are_not_cached(app_and_runs: tuple[TestClient, list[Job]]) -> None:
    client, _ = app_and_runs
    for _ in range(2):
        refused = client.get("/sparql", params={"query": "SELECT * FROM <http://a.org/g> {}"})
        assert refused.status_code == 403 and "etag" not in refused.headers
        broken = client.get("/sparql", params={"query": "SELECT WHERE"})
        assert broken.status_code == 400 and "etag" not in broken.headers


def test_tags_name_the_build(dist: Path, app_and_runs: tuple[TestClient, list[Job]]) -> None:
    """Two server processes of one build give the same tag; the tag is not in any other
    build's answers."""
    client, _ = app_and_runs
    settings = Settings(dist_dir=dist, limits=Limits(workers=1, max_rows=2), cache_bytes=0)
    other = create_app(settings=settings)
    try:
        etag = client.get("/sparql", params={"query": QUERY}, headers=JSON).headers["etag"]
        held = {**JSON, "If-None-Match": etag}
        # no answer is kept (cache_bytes=0), yet the validator still holds
        assert (
            TestClient(other).get("/sparql", params={"query": QUERY}, headers=held).status_code
            == 304
        )
        assert len(other.state.cache) == 0
    finally:
        other.state.pool.close()
    key = request_key("application/sparql-results+json", Job(QUERY, "json"))
    assert ResponseCache("another build", 1).etag(key) != ResponseCache("a build", 1).etag(key)


def test_over_a_remote_store_nothing_is_cached(repo: EmbeddedRepo, dist: Path) -> None:
    client = TestClient(create_app(repo=repo, settings=Settings(dist_dir=dist)))
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers=JSON)
    assert response.status_code == 200
    assert "etag" not in response.headers and "cache-control" not in response.headers


def test_the_cache_keeps_to_its_budget() -> None:
    cache = ResponseCache("b", max_bytes=10)
    keys = [request_key("text/csv", Job(f"ASK {{ {i} }}", "csv")) for i in range(4)]
    for key in keys[:3]:
        cache.put(key, Answer(b"xxxx"))
    assert cache.size == 8 and len(cache) == 2  # the oldest was dropped
    assert cache.get(keys[0]) is None and cache.get(keys[1]) is not None
    cache.put(keys[3], Answer(b"yyyy"))  # keys[1] was used last: keys[2] goes
    assert cache.get(keys[2]) is None and cache.get(keys[1]) is not None
    cache.put(keys[0], Answer(b"z" * 11))
    assert cache.get(keys[0]) is None  # larger than the whole budget
