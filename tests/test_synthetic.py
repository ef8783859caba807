"""The benchmark's synthetic data: deterministic, and it conforms like the real data."""

from __future__ import annotations

from pathlib import Path

from cica_graph.build import build
from cica_graph.load import load
from cica_graph.paths import DATA
from cica_graph.validate import validate

from bench.synthetic import write


def test_two_copies_conform_and_double_the_records(tmp_path: Path) -> None:
    curated = load(write(tmp_path / "x2", 2), DATA)
    real = load(DATA)
    assert len(list(curated.all())) == 2 * len(list(real.all())) - 1  # `cica` is shared
    report = validate(build(curated))
    assert report.conforms, report.text()[:2000]


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first, second = write(tmp_path / "a", 2), write(tmp_path / "b", 2)
    files = sorted(p.name for p in first.glob("*.yaml"))
    assert files == sorted(p.name for p in second.glob("*.yaml")) and files
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
