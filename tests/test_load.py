"""The loader: valid data loads; each named bad fixture yields exactly one one-line problem
naming the file, the record and the field; the CLI exits non-zero and leaves dist/ unchanged."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from cica_graph.cli import main
from cica_graph.load import DataError, Problem, load, normalise, read_yaml
from cica_graph.paths import DATA

from fixture_graphs import FIXTURES

CASES = FIXTURES / "invalid" / "load"
CH = "chairmanship-kazakhstan-2020-2024"
EXPECTED: dict[str, tuple[str, str | None, str | None]] = {
    "yaml-syntax-error": ("states.yaml", None, None),
    "missing-required-field": ("states.yaml", "kazakhstan", "name"),
    "duplicate-id": ("places.yaml", "kazakhstan", "id"),
    "unknown-reference": ("chairmanships.yaml", CH, "state"),
    "wrong-reference-kind": ("chairmanships.yaml", CH, "state"),
    "quote-not-in-source": ("chairmanships.yaml", CH, "evidence[0].quote"),
    "unknown-source": ("chairmanships.yaml", CH, "evidence[0].source"),
    "malformed-date": ("chairmanships.yaml", CH, "start"),
    "unsupported-field": ("chairmanships.yaml", CH, "end"),
    "duplicate-yaml-key": ("chairmanships.yaml", None, None),
    "not-a-list": ("chairmanships.yaml", None, None),
    "unknown-field": ("chairmanships.yaml", CH, "begin"),
    "bad-slug": ("chairmanships.yaml", "Chairmanship_Kazakhstan", "id"),
}


def overlay(case: str, target: Path) -> Path:
    """The valid fixture data with the files of one bad case laid over it."""
    shutil.copytree(FIXTURES / "data", target)
    for path in (CASES / case).iterdir():
        shutil.copy(path, target / path.name)
    return target


def test_valid_fixture_loads() -> None:
    curated = load(FIXTURES / "data", DATA)
    assert curated.get("kazakhstan").name == "Kazakhstan"
    assert curated.kind_of()["seventh-ministerial-council-meeting"] == "meeting"


def test_every_case_has_an_expectation() -> None:
    assert {p.name for p in CASES.iterdir()} == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_fixture_names_file_record_and_field(case: str, tmp_path: Path) -> None:
    with pytest.raises(DataError) as caught:
        load(overlay(case, tmp_path / "data"), DATA)
    problems = caught.value.problems
    assert [(p.file, p.record, p.field) for p in problems] == [EXPECTED[case]], problems
    line = str(problems[0])
    assert "\n" not in line and line.startswith(EXPECTED[case][0])
    for part in EXPECTED[case][1:]:
        if part:
            assert part in line


@pytest.mark.parametrize("case", ["quote-not-in-source", "malformed-date", "yaml-syntax-error"])
def test_cli_build_fails_and_leaves_dist_unchanged(case: str, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    assert main(["--data", str(FIXTURES / "data"), "--dist", str(dist), "build"]) == 0
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in dist.iterdir()}
    bad = overlay(case, tmp_path / "bad")
    assert main(["--data", str(bad), "--dist", str(dist), "build"]) == 1
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in dist.iterdir()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dist")] == []


def test_problem_text() -> None:
    assert str(Problem("a.yaml", "x", "start", "bad")) == "a.yaml: record 'x', field 'start': bad"
    assert str(Problem("a.yaml", None, None, "bad")) == "a.yaml: bad"


def test_read_yaml_keeps_dates_as_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("- {id: a, start: 2024-06-27, end: 2024}\n")
    assert read_yaml(path) == [{"id": "a", "start": "2024-06-27", "end": 2024}]


def test_normalise_folds_white_space() -> None:
    assert normalise(" a\n\n b\tc ") == "a b c"
