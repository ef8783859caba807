"""``cica serve`` on loopback: SIGHUP swaps every server process to the current dist/, and a
broken dist/ is never swapped in (the old build keeps being served)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset

from cica_graph.export import STORE, write_dist
from cica_graph.paths import ROOT

from servers import free_port

MARKER = "ASK { ?s ?p 'reload marker' }"
QUAD = b'<https://w3id.org/cica/id/test/x> <http://www.w3.org/2000/01/rdf-schema#comment> "reload marker" <https://w3id.org/cica/graph/test> .\n'


def _ask(url: str) -> bool:
    response = httpx.get(
        f"{url}/sparql",
        params={"query": MARKER},
        headers={"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return bool(response.json()["boolean"])


def _answers(url: str, n: int = 12) -> set[bool]:
    """What n requests see (spread over every server process by the kernel)."""
    return {_ask(url) for _ in range(n)}


def _wait(predicate: object, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.3)


@pytest.fixture
def served(dist: Path, tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes], Path]]:
    target = tmp_path / "dist"
    shutil.copytree(dist, target)
    log = tmp_path / "serve.log"
    port = free_port()
    env = {**os.environ, "CICA_DIST_DIR": str(target), "CICA_QUERY_WORKERS": "1"}
    command = [sys.executable, "-m", "cica_graph.cli", "serve", "--port", str(port)]
    command += ["--workers", "2", "--start-timeout", "60"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return httpx.get(f"{url}/sparql", params={"query": "ASK {}"}).status_code == 200
        except httpx.TransportError:
            assert proc.poll() is None, log.read_text()
            return False

    try:
        _wait(up)
        yield url, target, proc, log
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist", "serve.log"], "pins released"


def test_sighup_serves_the_new_build_then_keeps_it_when_the_next_is_broken(
    served: tuple[str, Path, subprocess.Popen[bytes], Path],
) -> None:
    url, target, proc, log = served
    assert _answers(url) == {False}

    # a new build, swapped in by `cica build`'s own writer
    nquads = (target / "cica.nq").read_bytes() + QUAD
    write_dist(Dataset().parse(data=nquads, format="nquads"), target)
    assert _answers(url) == {False}, "a running server keeps the build it started with"
    proc.send_signal(signal.SIGHUP)
    _wait(lambda: "reloaded: 2 processes" in log.read_text())
    assert _answers(url) == {True}, "every process serves the new build"

    # a broken dist/: the reload is refused and the last good build keeps being served
    shutil.rmtree(target / STORE)
    proc.send_signal(signal.SIGHUP)
    _wait(lambda: "reload failed" in log.read_text())
    assert proc.poll() is None
    assert _answers(url) == {True}
