"""Settings from the environment, and what the app does with them: where the build is read
from, which IRIs it serves, which origins may read it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from cica_graph import paths
from cica_graph.pinning import NoBuild
from cica_graph.prefixes import BASE
from cica_graph.remote import RemoteRepo
from cica_graph.store import EmbeddedRepo


def test_defaults() -> None:
    assert Settings.from_env({}) == Settings()
    assert Settings() == Settings(paths.DIST, BASE, "127.0.0.1", 8000, ("*",))


def test_every_variable_is_read() -> None:
    settings = Settings.from_env(
        {
            "CICA_DIST_DIR": "/srv/cica/dist",
            "CICA_BASE_IRI": "http://example.org/kg/",
            "CICA_HOST": "0.0.0.0",
            "CICA_PORT": "9000",
            "CICA_CORS_ORIGINS": " https://a.org ,, https://b.org ,",
        }
    )
    assert settings == Settings(
        Path("/srv/cica/dist"),
        "http://example.org/kg/",
        "0.0.0.0",
        9000,
        ("https://a.org", "https://b.org"),
    )


def test_cache_settings_are_read() -> None:
    assert (Settings().cache_bytes, Settings().cache_max_age) == (64_000_000, 60)
    settings = Settings.from_env({"CICA_CACHE_BYTES": "0", "CICA_CACHE_MAX_AGE": "5"})
    assert (settings.cache_bytes, settings.cache_max_age) == (0, 5)
    with pytest.raises(ValueError):
        Settings.from_env({"CICA_CACHE_BYTES": "lots"})


def test_the_process_environment_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CICA_PORT", "8123")
    monkeypatch.setenv("CICA_DIST_DIR", "/tmp/elsewhere")
    settings = Settings.from_env()
    assert (settings.port, settings.dist_dir) == (8123, Path("/tmp/elsewhere"))


def test_a_bad_port_is_refused() -> None:
    with pytest.raises(ValueError):
        Settings.from_env({"CICA_PORT": "eighty"})


# --- the app reads its build from dist_dir ----------------------------------------------------


def test_the_app_loads_the_build_from_dist_dir(
    dist: Path, repo: EmbeddedRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CICA_SPARQL_ENDPOINT", raising=False)
    app = create_app(settings=Settings(dist_dir=dist))
    assert isinstance(app.state.repo, EmbeddedRepo)
    assert app.state.repo.triple_count() == repo.triple_count()
    assert TestClient(app).get("/id/state/kazakhstan.ttl").status_code == 200


def test_the_app_needs_a_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CICA_SPARQL_ENDPOINT", raising=False)
    with pytest.raises(NoBuild, match=re.escape("holds no complete build")):
        create_app(settings=Settings(dist_dir=tmp_path / "dist"))
    assert list(tmp_path.iterdir()) == []  # nothing pinned is left behind


def test_a_remote_store_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CICA_SPARQL_ENDPOINT", "http://127.0.0.1:9/query")
    app = create_app(settings=Settings(dist_dir=tmp_path))  # no build needed
    assert isinstance(app.state.repo, RemoteRepo)
    assert app.state.repo.query_endpoint == "http://127.0.0.1:9/query"


def test_downloads_come_from_dist_dir(repo: EmbeddedRepo, tmp_path: Path) -> None:
    client = TestClient(create_app(repo=repo, settings=Settings(dist_dir=tmp_path)))
    assert client.get("/downloads/cica.ttl").status_code == 404
    assert "/downloads/" not in client.get("/").text
    assert "dataDump" not in client.get("/.well-known/void").text


# --- base IRI and CORS -----------------------------------------------------------------------


def test_entities_are_looked_up_under_the_base_iri(repo: EmbeddedRepo, dist: Path) -> None:
    other = TestClient(
        create_app(repo=repo, settings=Settings(dist_dir=dist, base_iri="http://example.org/"))
    )
    response = other.get("/id/state/kazakhstan")
    assert response.status_code == 404
    assert response.text == "no entity http://example.org/id/state/kazakhstan\n"


@pytest.mark.parametrize(
    "origins,origin,allowed",
    [
        (("*",), "https://anyone.org", "*"),
        (("https://a.org",), "https://a.org", "https://a.org"),
        (("https://a.org",), "https://b.org", None),
    ],
)
def test_cors_origins(
    repo: EmbeddedRepo, dist: Path, origins: tuple[str, ...], origin: str, allowed: str | None
) -> None:
    client = TestClient(
        create_app(repo=repo, settings=Settings(dist_dir=dist, cors_origins=origins))
    )
    response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": origin})
    assert response.status_code == 200
    assert response.headers.get("access-control-allow-origin") == allowed
