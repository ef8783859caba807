"""The endpoint as real clients see it: uvicorn on a loopback port, queried with SPARQLWrapper,
rdflib's SPARQLStore and a headless Chromium driven by Playwright.

The browser test needs Debian's chromium (/usr/bin/chromium) and the front-end assets from
npm; without them it skips, saying so, unless CICA_REQUIRE_BROWSER is set (CI sets it).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import to_isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from api.app import VENDOR
from cica_graph.build import build
from cica_graph.export import write_dist
from cica_graph.load import load
from cica_graph.paths import DATA
from cica_graph.render import serialise
from cica_graph.store import EmbeddedRepo

from servers import uvicorn_server

SELECT = """PREFIX cica: <https://w3id.org/cica/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?area ?label WHERE { ?area a cica:PriorityArea ; rdfs:label ?label } ORDER BY ?label"""
CONSTRUCT = """PREFIX cica: <https://w3id.org/cica/ontology#>
CONSTRUCT { ?d ?p ?o } WHERE { ?d a cica:Dimension ; ?p ?o }"""
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def repo() -> EmbeddedRepo:
    return EmbeddedRepo.from_dataset(build(load(DATA)))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn serving a freshly written dist/ on a free loopback port; stopped at the end."""
    dist = tmp_path_factory.mktemp("dist")
    write_dist(build(load(DATA)), dist)
    with uvicorn_server(dist) as url:
        yield url


def _in_process(repo: EmbeddedRepo) -> list[tuple[str, str]]:
    return [(r["area"] or "", r["label"] or "") for r in repo.select(SELECT)]


def test_sparqlwrapper_select_matches_in_process(server: str, repo: EmbeddedRepo) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert isinstance(data, dict)
    rows = [(b["area"]["value"], b["label"]["value"]) for b in data["results"]["bindings"]]
    assert rows == _in_process(repo)
    assert len(rows) >= 18


def test_sparqlwrapper_construct_matches_in_process(server: str, repo: EmbeddedRepo) -> None:
    client = SPARQLWrapper(f"{server}/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(TURTLE)
    remote = Graph().parse(data=client.query().convert(), format="turtle")
    local = Graph().parse(data=serialise(repo.query(CONSTRUCT), "ttl"), format="turtle")
    assert len(remote) > 0
    assert to_isomorphic(remote) == to_isomorphic(local)


def test_rdflib_sparqlstore_matches_in_process(server: str, repo: EmbeddedRepo) -> None:
    store = SPARQLStore(f"{server}/sparql", returnFormat="json")
    graph = Graph(store=store)
    rows = [(str(r[0]), str(r[1])) for r in graph.query(SELECT)]  # type: ignore[index]
    assert rows == _in_process(repo)


def test_update_is_refused_over_http(server: str) -> None:
    response = httpx.post(
        f"{server}/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}
    )
    assert response.status_code == 403
    assert "read-only" in response.text


def _browser_ready() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not installed (apt-get install chromium)"
    if not (VENDOR / "codemirror" / "lib" / "codemirror.js").exists():
        return "front-end assets not installed (make install runs npm ci)"
    return None


def test_query_page_in_headless_chromium(server: str) -> None:
    reason = _browser_ready()
    if reason:
        if os.environ.get("CICA_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
    args += ["--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            page = browser.new_page()
            page.goto(f"{server}/")
            assert page.locator(".CodeMirror").count() == 1, "the editor did not load"
            page.evaluate("window.cicaEditor.setValue('')")
            page.locator(".CodeMirror textarea").focus()
            page.keyboard.type(
                "SELECT ?state ?name WHERE { ?state a cica:State ; rdfs:label ?name } LIMIT 5"
            )
            page.keyboard.press("Escape")
            page.click("#run")
            page.wait_for_selector("#results-table tbody tr")
            assert page.locator("#results-table tbody tr").count() == 5
            assert page.locator("#row-count").inner_text() == "5 rows"
            assert page.locator("#downloads a").count() == 4
            link = page.locator("#results-table tbody tr a").first
            href = link.get_attribute("href")
            assert href is not None and href.startswith("/id/state/")
            link.click()
            page.wait_for_url(f"**{href}")
            assert page.locator("h2", has_text="Evidence").count() == 1
            assert page.locator("h1").inner_text().strip() != ""
        finally:
            browser.close()
