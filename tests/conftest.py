"""Shared fixtures: the dataset built from tests/fixtures/data, an embedded repository over it,
a dist/ written from it into a temporary directory, and a TestClient of the web app.

Nothing here writes to the project's own ``dist/``: every build goes to a temporary directory.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset

from api.app import create_app
from api.settings import Settings
from cica_graph.build import build
from cica_graph.cli import main
from cica_graph.executor import Limits
from cica_graph.export import write_dist
from cica_graph.load import Curated, load
from cica_graph.paths import DATA
from cica_graph.store import EmbeddedRepo

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
FIXTURE_DATA = FIXTURES / "data"
EPOCH = "1700000000"
"""SOURCE_DATE_EPOCH of every test build (2023-11-14), so no build asks git for a date."""


@pytest.fixture(scope="session", autouse=True)
def _build_date() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield


@pytest.fixture(scope="session")
def fixture_data() -> Path:
    """The valid fixture data directory (read-only: copy it before changing anything)."""
    return FIXTURE_DATA


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture's YAML files, with the real source texts."""
    target = tmp_path / "data"
    target.mkdir()
    for path in FIXTURE_DATA.glob("*.yaml"):
        shutil.copy(path, target / path.name)
    (target / "sources").symlink_to(DATA / "sources")
    return target


@pytest.fixture(scope="session")
def curated() -> Curated:
    return load(FIXTURE_DATA, DATA)


@pytest.fixture(scope="session")
def dataset(curated: Curated) -> Dataset:
    """The fixture dataset with the ontology graph. Do not modify."""
    return build(curated)


@pytest.fixture(scope="session")
def dataset_without_ontology(curated: Curated) -> Dataset:
    return build(curated, with_ontology=False)


@pytest.fixture(scope="session")
def repo(dataset: Dataset) -> EmbeddedRepo:
    return EmbeddedRepo.from_dataset(dataset)


@pytest.fixture(scope="session")
def dist(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dist/ written by :func:`cica_graph.export.write_dist` from the fixture dataset."""
    target = tmp_path_factory.mktemp("export") / "dist"
    write_dist(dataset, target)
    return target


@pytest.fixture(scope="session")
def client(dist: Path) -> TestClient:
    """The app as it is served: the store from ``dist/``, queries on a worker pool."""
    return TestClient(create_app(settings=Settings(dist_dir=dist, limits=Limits(workers=2))))


@pytest.fixture(scope="session")
def cli_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dist/ built from the fixture by ``cica --data … --dist … build`` (the full pipeline).

    Shared: copy it before writing into it.
    """
    target = tmp_path_factory.mktemp("cli-build") / "dist"
    assert main(["--data", str(FIXTURE_DATA), "--dist", str(target), "build"]) == 0
    return target


def _tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def tree_hashes() -> Callable[[Path], dict[str, str]]:
    """SHA-256 of every file under a directory, by relative path."""
    return _tree_hashes
