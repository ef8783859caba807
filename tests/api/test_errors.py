"""Domain errors map to HTTP status codes in one place, as one plain-text line, never a
traceback; anything else stays a server error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import errors
from api.app import create_app
from api.settings import Settings
from cica_graph.executor import PoolBusy, QueryTimeout, WorkerCrashed
from cica_graph.guard import ForbiddenQuery
from cica_graph.queries import ParameterError
from cica_graph.remote import RemoteError, RemoteTimeout, RemoteUnavailable
from cica_graph.store import QueryError

CASES: list[tuple[type[Exception], int]] = [
    (QueryError, 400),
    (ParameterError, 400),
    (errors.BadRequest, 400),
    (errors.PayloadTooLarge, 413),
    (ForbiddenQuery, 403),
    (errors.NotFound, 404),
    (errors.NotAcceptable, 406),
    (errors.UnsupportedMediaType, 415),
    (RemoteError, 502),
    (RemoteUnavailable, 503),
    (RemoteTimeout, 504),
    (QueryTimeout, 503),
    (WorkerCrashed, 503),
    (PoolBusy, 503),
]


@pytest.fixture(scope="module")
def raising() -> TestClient:
    """An app whose routes raise each domain error, and one that raises something else."""
    app = FastAPI()
    errors.install(app)
    for exc_type, _ in CASES:

        def route(exc_type: type[Exception] = exc_type) -> None:
            raise exc_type(f"{exc_type.__name__} happened")

        app.add_api_route(f"/{exc_type.__name__}", route)

    @app.get("/bug")
    def bug() -> None:
        raise KeyError("a bug")

    return TestClient(app, raise_server_exceptions=False)


def test_the_table_covers_every_case() -> None:
    assert dict(CASES) == errors.STATUS


@pytest.mark.parametrize("exc_type,status", CASES, ids=[c.__name__ for c, _ in CASES])
def test_domain_error_status_and_message(
    raising: TestClient, exc_type: type[Exception], status: int
) -> None:
    response = raising.get(f"/{exc_type.__name__}")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text == f"{exc_type.__name__} happened\n"


def test_busy_says_when_to_retry(raising: TestClient) -> None:
    assert raising.get("/PoolBusy").headers["retry-after"] == "2"
    assert "retry-after" not in raising.get("/QueryTimeout").headers


def test_other_errors_stay_server_errors(
    raising: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("ERROR", logger="cica.errors"):
        response = raising.get("/bug")
    assert response.status_code == 500
    assert "a bug" not in response.text and "Traceback" not in response.text
    error_id = response.text.split()[2].rstrip(":")
    assert response.text.startswith("internal error ") and len(error_id) == 12
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


class FailingRepo:
    """A repository whose store is down, slow or broken."""

    def __init__(self, exc: Exception) -> None:
        self.exc = exc

    def query(self, *args: Any, **kwargs: Any) -> Any:
        raise self.exc

    def graphs(self) -> list[str]:
        raise self.exc

    def triple_count(self) -> int:
        raise self.exc


@pytest.mark.parametrize(
    "exc,status",
    [
        (RemoteError("the store said 500"), 502),
        (RemoteUnavailable("connection refused"), 503),
        (RemoteTimeout("no answer in 30 s"), 504),
    ],
)
@pytest.mark.parametrize(
    "path", ["/sparql?query=ASK%7B%7D", "/id/state/kazakhstan", "/.well-known/void"]
)
def test_remote_store_failures_reach_the_client(
    dist: Path, exc: Exception, status: int, path: str
) -> None:
    app = create_app(repo=FailingRepo(exc), settings=Settings(dist_dir=dist))  # type: ignore[arg-type]
    response = TestClient(app).get(path)
    assert response.status_code == status
    assert response.text == f"{exc}\n"
