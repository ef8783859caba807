"""The build pipeline: load → build → validate → reason → write. Nothing is written unless every
step succeeds, and validation is incremental between builds that conformed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset

from cica_graph import pipeline
from cica_graph.export import DUMPS, STORE
from cica_graph.load import DataError, load
from cica_graph.namespaces import INFERRED_GRAPH, entity_iri
from cica_graph.paths import SHAPES
from cica_graph.reason import InconsistentGraph, Inference
from cica_graph.validate import Report, Result

Hashes = Callable[[Path], dict[str, str]]
TWIN = (
    "- id: azerbaijan-republic\n  evidence:\n  - source: 002_9e60f0a7e69153b9.txt\n"
    "    quote: Azerbaijan (2024-2026)\n  name: Azerbaijan\n"
)
"""A second state named 'Azerbaijan': loads, but the duplicate-English-label check fires."""


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> list[set[str] | None]:
    """Replace validation and reasoning with stand-ins; returns the ``changed`` arguments."""
    seen: list[set[str] | None] = []

    def validate(ds: Dataset, changed: set[str] | None = None) -> Report:
        seen.append(changed)
        return Report()

    monkeypatch.setattr(pipeline, "validate", validate)
    monkeypatch.setattr(pipeline, "reason", lambda ds: Inference(set()))
    return seen


def test_build_writes_dumps_report_and_cache(data_copy: Path, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    result = pipeline.run_build(data_copy, dist)
    assert result.report.conforms
    assert result.inference.triples
    assert set(result.dataset.graph(INFERRED_GRAPH)) == result.inference.triples
    assert result.triples == sum(1 for _ in result.dataset.quads((None, None, None, None)))
    expected = {d.file for d in DUMPS.values()} | {
        "manifest.json",
        "validation-report.ttl",
        pipeline.CACHE,
    }
    assert set(result.files) == expected
    assert {p.name: p.read_bytes() for p in dist.iterdir() if p.is_file()} == result.files
    assert sorted(p.name for p in dist.iterdir() if p.is_dir()) == [STORE]
    cache = json.loads((dist / pipeline.CACHE).read_text())
    assert cache == {
        "rules": pipeline.rules_hash(),
        "records": pipeline.record_hashes(load(data_copy)),
    }


def test_write_false_writes_nothing(data_copy: Path, tmp_path: Path, fast: list[Any]) -> None:
    result = pipeline.run_build(data_copy, tmp_path / "dist", write=False)
    assert result.files == {}
    assert not (tmp_path / "dist").exists()


def test_bad_data_stops_before_anything_is_written(
    data_copy: Path, cli_dist: Path, tmp_path: Path, tree_hashes: Hashes
) -> None:
    dist = tmp_path / "out" / "dist"
    shutil.copytree(cli_dist, dist)
    before = tree_hashes(dist)
    (data_copy / "places.yaml").write_text("- id: baku\n  name: Baku\n")
    with pytest.raises(DataError):
        pipeline.run_build(data_copy, dist)
    assert tree_hashes(dist) == before


def test_validation_failure_stops_the_build(
    data_copy: Path,
    cli_dist: Path,
    tmp_path: Path,
    tree_hashes: Hashes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reasoned: list[Dataset] = []
    monkeypatch.setattr(pipeline, "reason", lambda ds: reasoned.append(ds) or Inference(set()))
    dist = tmp_path / "out" / "dist"
    shutil.copytree(cli_dist, dist)
    before = tree_hashes(dist)
    (data_copy / "states.yaml").write_text((data_copy / "states.yaml").read_text() + TWIN)
    with pytest.raises(pipeline.ValidationFailed) as caught:
        pipeline.run_build(data_copy, dist, full=True)
    report = caught.value.report
    focus = str(entity_iri("state", "azerbaijan-republic"))
    rules = {(r.rule, r.focus) for r in report.violations}
    assert ("queries/checks/duplicate-english-label-violation.rq", focus) in rules
    assert str(caught.value) == report.text()
    assert reasoned == []
    assert tree_hashes(dist) == before
    assert sorted(p.name for p in dist.parent.iterdir()) == ["dist"]


def test_inconsistent_graph_stops_the_build(
    data_copy: Path,
    cli_dist: Path,
    tmp_path: Path,
    tree_hashes: Hashes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def inconsistent(ds: Dataset) -> Inference:
        raise InconsistentGraph(["baku is both a Place and a State"], "HermiT says no")

    monkeypatch.setattr(pipeline, "validate", lambda ds, changed=None: Report())
    monkeypatch.setattr(pipeline, "reason", inconsistent)
    dist = tmp_path / "out" / "dist"
    shutil.copytree(cli_dist, dist)
    before = tree_hashes(dist)
    with pytest.raises(InconsistentGraph):
        pipeline.run_build(data_copy, dist)
    assert tree_hashes(dist) == before


def test_warnings_do_not_stop_the_build(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warning = Result("Warning", "rule", "https://w3id.org/cica/id/state/x", None, "hm")
    monkeypatch.setattr(pipeline, "validate", lambda ds, changed=None: Report(results=[warning]))
    monkeypatch.setattr(pipeline, "reason", lambda ds: Inference(set()))
    result = pipeline.run_build(data_copy, tmp_path / "dist")
    assert result.report.warnings == [warning]
    assert (tmp_path / "dist" / "manifest.json").exists()


# --- incremental validation -------------------------------------------------------------


def test_validation_is_incremental(data_copy: Path, tmp_path: Path, fast: list[Any]) -> None:
    dist = tmp_path / "dist"
    pipeline.run_build(data_copy, dist)  # no cache yet: everything
    pipeline.run_build(data_copy, dist)  # nothing changed
    states = data_copy / "states.yaml"
    states.write_text(
        states.read_text().replace("name: Azerbaijan", "name: Republic of Azerbaijan")
    )
    pipeline.run_build(data_copy, dist, write=False)  # one record changed
    pipeline.run_build(data_copy, dist, full=True)  # --full: everything
    assert fast == [None, set(), {str(entity_iri("state", "azerbaijan"))}, None]


def test_a_rule_change_forces_full_validation(
    data_copy: Path, tmp_path: Path, fast: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "dist"
    pipeline.run_build(data_copy, dist)
    hashes = pipeline.record_hashes(load(data_copy))
    assert pipeline.changed_records(dist, hashes) == set()
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(SHAPES.read_text() + "\n# a new rule\n")
    monkeypatch.setattr(pipeline, "SHAPES", shapes)
    assert pipeline.changed_records(dist, hashes) is None


@pytest.mark.parametrize("cache", [None, "not json", '{"rules": "x"}'])
def test_no_usable_cache_means_full_validation(
    data_copy: Path, tmp_path: Path, cache: str | None
) -> None:
    if cache is not None:
        (tmp_path / pipeline.CACHE).write_text(cache)
    assert pipeline.changed_records(tmp_path, pipeline.record_hashes(load(data_copy))) is None


def test_record_hashes_change_only_for_the_changed_record(data_copy: Path) -> None:
    before = pipeline.record_hashes(load(data_copy))
    assert set(before) == {str(entity_iri(r.kind, r.id)) for r in load(data_copy).all()}
    assert before == pipeline.record_hashes(load(data_copy))
    places = data_copy / "places.yaml"
    places.write_text(places.read_text().replace("category: city", "category: other"))
    after = pipeline.record_hashes(load(data_copy))
    assert {k for k in before if before[k] != after[k]} == {str(entity_iri("place", "baku"))}
