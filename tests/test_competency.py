"""Competency questions: each named query in queries/competency/ against its expected answer.

The expected answers in tests/competency/*.yaml were written by reading the source documents,
not by running the queries. Values are compared as text; entity IRIs are written without the
``https://w3id.org/cica/id/`` base. Rows are compared as sets unless ``ordered: true``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from cica_graph.build import build
from cica_graph.load import load
from cica_graph.namespaces import ID
from cica_graph.paths import DATA
from cica_graph.queries import discover, rows, run
from cica_graph.store import EmbeddedRepo

EXPECTED = Path(__file__).parent / "competency"
CASES = sorted(EXPECTED.glob("*.yaml"))
QUERIES = discover()


def _short(value: str | None) -> str:
    text = "" if value is None else value
    return text[len(str(ID)) :] if text.startswith(str(ID)) else text


@pytest.fixture(scope="module")
def repo() -> EmbeddedRepo:
    return EmbeddedRepo.from_dataset(build(load(DATA)))


def test_every_competency_query_has_an_expected_answer() -> None:
    names = {n for n in QUERIES if n.startswith("competency/")}
    expected = {yaml.safe_load(p.read_text())["query"] for p in CASES}
    assert names == expected
    assert len(names) >= 46


@pytest.mark.parametrize("case", CASES, ids=[p.stem for p in CASES])
def test_competency_answer(case: Path, repo: EmbeddedRepo) -> None:
    spec: dict[str, Any] = yaml.safe_load(case.read_text())
    query = QUERIES[spec["query"]]
    params = {k: str(v) for k, v in (spec.get("params") or {}).items()}
    columns: list[str] = spec["columns"]
    got = [tuple(_short(r[c]) for c in columns) for r in rows(run(repo, query, params))]
    want = [tuple(str(v) for v in row) for row in spec["rows"]]
    if spec.get("ordered"):
        assert got == want, f"{spec['query']}: {got}"
    else:
        assert sorted(set(got)) == sorted(set(want)), f"{spec['query']}: {sorted(set(got))}"
