"""The remote repository against a real `oxigraph serve` on loopback (started and removed by
the fixture), and against a fake server for faults: down, slow, error, garbage, credentials."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from cica_graph.build import build
from cica_graph.export import write_dist
from cica_graph.load import load
from cica_graph.paths import DATA
from cica_graph.queries import discover, rows, run
from cica_graph.remote import (
    Auth,
    RemoteError,
    RemoteRepo,
    RemoteTimeout,
    RemoteUnavailable,
    bind_values,
    push,
    remote_from_env,
)
from cica_graph.store import EmbeddedRepo, QueryError

OXIGRAPH = shutil.which("oxigraph") or str(Path(__import__("sys").executable).parent / "oxigraph")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("oxigraph did not start") from None
            time.sleep(0.1)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("dist")
    write_dist(build(load(DATA)), target)
    return target


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`oxigraph serve` with its own directory on a free loopback port; removed at the end."""
    location = tmp_path_factory.mktemp("oxigraph")
    port = _free_port()
    proc = subprocess.Popen(
        [OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(url, proc)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(location, ignore_errors=True)


@pytest.fixture(scope="module")
def remote(oxigraph: str, dist: Path) -> RemoteRepo:
    repo = RemoteRepo(f"{oxigraph}/query", f"{oxigraph}/store", timeout=30)
    report = push(repo, (dist / "cica.nq").read_bytes())
    assert report.ok, report.text()
    return repo


@pytest.fixture(scope="module")
def embedded(dist: Path) -> EmbeddedRepo:
    return EmbeddedRepo.from_file(dist / "cica.nq")


def test_push_lands_every_graph_with_its_count(
    remote: RemoteRepo, dist: Path, embedded: EmbeddedRepo
) -> None:
    report = push(remote, (dist / "cica.nq").read_bytes())  # a second push is safe
    assert report.ok
    assert set(report.landed) == {*embedded.graphs(), "default"}
    assert report.landed["default"] == embedded.triple_count()
    assert remote.graphs() == embedded.graphs()


COMPETENCY = sorted(n for n in discover() if n.startswith("competency/"))


def _canonical(result: object) -> list[tuple[tuple[str, str], ...]]:
    """Rows as sorted tuples; GROUP_CONCAT lists (" | ") sorted, their order being unspecified."""
    out = []
    for row in rows(result):
        items = []
        for key, value in sorted(row.items()):
            text = value or ""
            items.append((key, " | ".join(sorted(text.split(" | "))) if " | " in text else text))
        out.append(tuple(items))
    return sorted(out)


@pytest.mark.parametrize("name", COMPETENCY)
def test_competency_answers_match_embedded(
    name: str, remote: RemoteRepo, embedded: EmbeddedRepo
) -> None:
    query = discover()[name]
    assert _canonical(run(remote, query)) == _canonical(run(embedded, query))


def test_api_pages_match_embedded(remote: RemoteRepo, embedded: EmbeddedRepo, dist: Path) -> None:
    settings = Settings(dist_dir=dist)
    over_remote = TestClient(create_app(repo=remote, settings=settings))
    over_embedded = TestClient(create_app(repo=embedded, settings=settings))
    for path, accept in [
        ("/id/state/kazakhstan", "text/html"),
        ("/queries/competency/cq08-chair-in-year?year=2012", "text/csv"),
        (
            "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D",
            "text/csv",
        ),
    ]:
        a = over_remote.get(path, headers={"Accept": accept})
        b = over_embedded.get(path, headers={"Accept": accept})
        assert a.status_code == b.status_code == 200, path
        assert a.text == b.text, path


def test_syntax_error_is_a_query_error(remote: RemoteRepo) -> None:
    with pytest.raises(QueryError):
        remote.query("SELECT ?x WHERE { ?x")


def test_bind_values_skips_braces_in_strings_and_comments() -> None:
    text = 'SELECT ?x # { not here\nWHERE { ?x ?p "{" }'
    bound = bind_values(text, {"x": ox.Literal("a")})
    assert bound == 'SELECT ?x # { not here\nWHERE { VALUES (?x) { ("a") } ?x ?p "{" }'
    with pytest.raises(QueryError):
        bind_values("ASK", {"x": 1})


def test_remote_from_env_reads_every_setting() -> None:
    repo = remote_from_env(
        {
            "CICA_SPARQL_ENDPOINT": "http://h/q",
            "CICA_GSP_ENDPOINT": "http://h/s",
            "CICA_SPARQL_TOKEN": "t",
            "CICA_SPARQL_TIMEOUT": "5",
        }
    )
    assert repo is not None
    assert (repo.query_endpoint, repo.gsp_endpoint, repo.timeout) == (
        "http://h/q",
        "http://h/s",
        5.0,
    )
    assert repo.auth.header() == {"Authorization": "Bearer t"}
    assert Auth(user="u", password="p").header() == {"Authorization": "Basic dTpw"}


# --- faults -------------------------------------------------------------------------------


class Fake(BaseHTTPRequestHandler):
    mode = "error"

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.mode == "slow":
            time.sleep(3)
        status, body = {
            "error": (500, b"internal error"),
            "garbage": (200, b"this is not SPARQL results"),
            "credentials": (401, b"unauthorized"),
            "slow": (200, b"{}"),
        }[self.mode]
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer


@pytest.fixture
def fake() -> Iterator[tuple[str, type[Fake]]]:
    handler = type("Handler", (Fake,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "mode,error,status",
    [
        ("error", RemoteError, 502),
        ("garbage", RemoteError, 502),
        ("credentials", RemoteError, 502),
        ("slow", RemoteTimeout, 504),
    ],
)
def test_faults_give_clear_errors(
    fake: tuple[str, type[Fake]], mode: str, error: type[Exception], status: int, tmp_path: Path
) -> None:
    url, handler = fake
    handler.mode = mode
    repo = RemoteRepo(f"{url}/query", f"{url}/store", timeout=1)
    with pytest.raises(error):
        repo.query("ASK { ?s ?p ?o }")
    client = TestClient(create_app(repo=repo, settings=Settings(dist_dir=tmp_path)))
    response = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert response.status_code == status
    assert "remote store" in response.text
    assert "Traceback" not in response.text


def test_server_down_is_503(tmp_path: Path) -> None:
    port = _free_port()  # nothing listens there
    repo = RemoteRepo(f"http://127.0.0.1:{port}/query", timeout=2)
    with pytest.raises(RemoteUnavailable):
        repo.query("ASK { ?s ?p ?o }")
    client = TestClient(create_app(repo=repo, settings=Settings(dist_dir=tmp_path)))
    assert client.get("/sparql", params={"query": "ASK {}"}).status_code == 503


def test_failed_push_reports_graphs_and_can_be_rerun(
    fake: tuple[str, type[Fake]], dist: Path
) -> None:
    url, handler = fake
    handler.mode = "error"
    report = push(
        RemoteRepo(f"{url}/query", f"{url}/store", timeout=2), (dist / "cica.nq").read_bytes()
    )
    assert not report.ok
    assert report.landed == {}
    assert "default" in report.failed and "HTTP 500" in report.failed["default"]
    assert "FAILED" in report.text()
