"""Request limits: each fires on a request just over it and lets one just under it through."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import RequestLimits
from api.settings import Settings
from cica_graph.executor import Limits

ASK = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def small(dist: Path) -> TestClient:
    settings = Settings(
        dist_dir=dist,
        limits=Limits(workers=1),
        max_query_chars=200,
        max_body=300,
        max_url=400,
    )
    return TestClient(create_app(settings=settings))


def test_long_query_is_413(small: TestClient) -> None:
    padded = ASK + " " * 190
    assert small.post("/sparql", data={"query": padded[:200]}).status_code == 200
    response = small.post("/sparql", data={"query": padded + " "})
    assert response.status_code == 413 and "longer than 200 characters" in response.text


def test_large_body_is_413(small: TestClient) -> None:
    headers = {"Content-Type": "application/sparql-query"}
    assert small.post("/sparql", content=ASK.encode(), headers=headers).status_code == 200
    response = small.post("/sparql", content=b"#" * 301, headers=headers)
    assert response.status_code == 413 and "larger than 300 bytes" in response.text


def test_long_url_is_414(small: TestClient) -> None:
    assert small.get("/sparql", params={"query": "ASK{}#" + "x" * 180}).status_code == 200
    response = small.get("/sparql", params={"query": "ASK{}#" + "x" * 400})
    assert response.status_code == 414 and "POST the query" in response.text


@pytest.mark.parametrize("query_string", ["query=%ZZ", "query=ASK%7B%7D%", "query=%C3%28"])
def test_malformed_url_encoding_is_400(client: TestClient, query_string: str) -> None:
    response = client.get(f"/sparql?{query_string}")
    assert response.status_code == 400 and "malformed" in response.text


def test_malformed_form_is_400(client: TestClient) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert client.post("/sparql", content=b"query=ASK%7B%7D", headers=form).status_code == 200
    response = client.post("/sparql", content=b"query=ASK%7B%7D%FF", headers=form)
    assert response.status_code == 400 and "malformed" in response.text


def test_unknown_parameters_are_ignored(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": ASK, "utm_source": "x", "timeout": "9"})
    assert response.status_code == 200


def test_requests_over_the_concurrency_limit_get_503_with_retry_after() -> None:
    release = asyncio.Event()

    async def slow_app(scope: dict, receive: object, send: object) -> None:  # type: ignore[type-arg]
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b"ok"})  # type: ignore[operator]

    limits = RequestLimits(slow_app, max_concurrent=2)  # type: ignore[arg-type]
    sent: list[dict[str, object]] = []

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    scope = {
        "type": "http",
        "method": "GET",
        "path": "/",
        "raw_path": b"/",
        "query_string": b"",
        "headers": [],
    }

    async def scenario() -> None:
        first = asyncio.create_task(limits(scope, receive, send))  # type: ignore[arg-type]
        second = asyncio.create_task(limits(scope, receive, send))  # type: ignore[arg-type]
        await asyncio.sleep(0.05)
        await limits(scope, receive, send)  # type: ignore[arg-type]  # the third: refused
        refused = [m for m in sent if m.get("status") == 503]
        assert len(refused) == 1
        assert (b"retry-after", b"1") in refused[0]["headers"]  # type: ignore[operator]
        release.set()
        await asyncio.gather(first, second)
        assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [503, 200, 200]
        assert limits.in_flight == 0

    asyncio.run(scenario())
