"""The pipeline: validation is incremental between builds and falls back to a full run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from cica_graph import pipeline
from cica_graph.load import load
from cica_graph.namespaces import ID

from fixture_graphs import FIXTURES


def test_changed_records_between_builds(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "data", data)
    dist = tmp_path / "dist"
    assert pipeline.changed_records(dist, {}) is None  # no cache: validate everything
    result = pipeline.run_build(data, dist)
    assert result.report.conforms
    hashes = pipeline.record_hashes(load(data))
    assert pipeline.changed_records(dist, hashes) == set()
    states = data / "states.yaml"
    states.write_text(
        states.read_text().replace("name: Azerbaijan", "name: Republic of Azerbaijan")
    )
    assert pipeline.changed_records(dist, pipeline.record_hashes(load(data))) == {
        f"{ID}state/azerbaijan"
    }


def test_rule_change_forces_full_validation(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    pipeline.run_build(FIXTURES / "data", dist)
    cache = json.loads((dist / pipeline.CACHE).read_text())
    cache["rules"] = "something else"
    (dist / pipeline.CACHE).write_text(json.dumps(cache))
    assert pipeline.changed_records(dist, pipeline.record_hashes(load(FIXTURES / "data"))) is None
