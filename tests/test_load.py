"""The loader: valid data loads; every named bad fixture under tests/fixtures/invalid/load/ gives
exactly one problem naming the file, the record and the field; problems are collected, not
cascaded; a failing ``cica build`` leaves an existing dist/ byte-for-byte as it was."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cica_graph import models as m
from cica_graph.cli import main
from cica_graph.load import Curated, DataError, Problem, load, normalise, read_yaml
from cica_graph.load import main as load_main
from cica_graph.paths import DATA

CASES = Path(__file__).parent / "fixtures" / "invalid" / "load"
CH = "chairmanship-kazakhstan-2020-2024"
KZ = "kazakhstan"
S002 = "002_9e60f0a7e69153b9.txt"

# case -> (file, record, field, fragments of the message)
EXPECTED: dict[str, tuple[str, str | None, str | None, tuple[str, ...]]] = {
    "yaml-syntax-error": ("states.yaml", None, None, ("YAML syntax error at line 5",)),
    "missing-required-field": ("states.yaml", KZ, "name", ("Field required",)),
    "duplicate-id": ("places.yaml", KZ, "id", ("duplicate id (also in states.yaml)",)),
    "unknown-reference": ("chairmanships.yaml", CH, "state", ("unknown id 'kazakstan'",)),
    "wrong-reference-kind": ("chairmanships.yaml", CH, "state", ("'baku' is a place",)),
    "quote-not-in-source": ("states.yaml", KZ, "evidence[0].quote", (f"not found in {S002}",)),
    "unknown-source": ("states.yaml", KZ, "evidence[0].source", ("'009_nowhere.txt'",)),
    "malformed-date": ("chairmanships.yaml", CH, "start", ("'2020-13' is not a valid date",)),
    "unsupported-field": ("chairmanships.yaml", CH, "end", ("no evidence supports",)),
    "duplicate-yaml-key": ("states.yaml", None, None, ("line 7", "duplicate key 'name'")),
    "not-a-list": ("states.yaml", None, None, ("expected a list of records",)),
    "unknown-field": ("states.yaml", KZ, "capital", ("Extra inputs are not permitted",)),
    "bad-slug": ("states.yaml", "Kazakhstan_Republic", "id", ("not a slug",)),
    "unknown-evidence-field": ("states.yaml", KZ, "evidence[0].fields", ("no field 'capital'",)),
    "claim-quote-not-in-source": (
        "conflicts.yaml",
        "conflict-kazakhstan-chairmanship-end",
        "claims[1].quote",
        (f"not found in {S002}",),
    ),
    "record-not-a-mapping": ("states.yaml", "#1", None, ("not a mapping",)),
    "unsupported-zero-value": (
        "figures.yaml",
        "kazakhstan-chairmanships-2024",
        "value",
        ("no evidence supports",),
    ),
}


def write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def state(quote: str = "Kazakhstan (2020-2024)") -> str:
    return f"- id: {KZ}\n  evidence:\n  - source: {S002}\n    quote: {quote}\n  name: Kazakhstan\n"


CHAIR = (
    f"- id: {CH}\n  evidence:\n  - source: {S002}\n    quote: Kazakhstan (2020-2024)\n"
    "  state: kazakhstan\n  start: 2020\n  end: 2024\n"
)


# --- the valid fixture ------------------------------------------------------------------


def test_valid_fixture_loads_every_record(curated: Curated) -> None:
    counts = {kind: len(records) for kind, records in curated.records.items() if records}
    assert counts == {
        "state": 2,
        "organisation": 1,
        "place": 1,
        "chairmanship": 1,
        "meeting": 1,
        "conflict": 1,
    }
    assert set(curated.sources) == {p.name for p in (DATA / "sources").glob("*.txt")}
    assert curated.get("kazakhstan").name == "Kazakhstan"  # type: ignore[attr-defined]


def test_records_come_in_build_order(curated: Curated) -> None:
    kinds = [r.kind for r in curated.all()]
    order = [k.kind for k in m.KINDS]
    assert kinds == sorted(kinds, key=order.index)
    assert curated.kind_of()["seventh-ministerial-council-meeting"] == "meeting"
    with pytest.raises(KeyError):
        curated.get("atlantis")


def test_sources_default_to_the_data_directory(fixture_data: Path, tmp_path: Path) -> None:
    # tests/fixtures/data carries its own sources.yaml and sources/
    assert set(load(fixture_data).sources) == set(load(fixture_data, DATA).sources)
    data = write(tmp_path, {"states.yaml": state()})
    with pytest.raises(DataError) as caught:
        load(data)
    first = caught.value.problems[0]
    assert (first.file, first.record, first.field) == ("sources.yaml", None, None)
    assert first.message.startswith("cannot read")


def test_quotes_match_across_white_space(tmp_path: Path) -> None:
    data = write(tmp_path, {"states.yaml": state(quote='"Kazakhstan\\n   (2020-2024)"')})
    assert load(data, DATA).get(KZ).evidence[0].quote == "Kazakhstan\n   (2020-2024)"


def test_empty_file_has_no_records(tmp_path: Path) -> None:
    data = write(tmp_path, {"states.yaml": "# nothing yet\n"})
    assert list(load(data, DATA).all()) == []


# --- the named bad fixtures ---------------------------------------------------------------


def test_every_bad_fixture_has_an_expectation() -> None:
    assert {p.name for p in CASES.iterdir() if p.is_dir()} == set(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_bad_fixture_names_file_record_and_field(case: str) -> None:
    file, record, field, fragments = EXPECTED[case]
    with pytest.raises(DataError) as caught:
        load(CASES / case, DATA)
    problems = caught.value.problems
    assert [(p.file, p.record, p.field) for p in problems] == [(file, record, field)]
    line = str(problems[0])
    assert "\n" not in line
    assert line.startswith(f"{file}: ")
    if record is not None:
        assert f"record '{record}'" in line
    if field is not None:
        assert f"field '{field}'" in line
    for fragment in fragments:
        assert fragment in line
    assert line in str(caught.value)


# --- collecting problems --------------------------------------------------------------


def test_problems_in_several_files_are_reported_together(tmp_path: Path) -> None:
    chair = CHAIR.replace("start: 2020", "start: 2020-13")
    data = write(
        tmp_path,
        {"states.yaml": state(quote="Kazakhstan (2020-2025)"), "chairmanships.yaml": chair},
    )
    with pytest.raises(DataError) as caught:
        load(data, DATA)
    assert sorted((p.file, p.field) for p in caught.value.problems) == [
        ("chairmanships.yaml", "start"),
        ("states.yaml", "evidence[0].quote"),
    ]
    assert str(caught.value).startswith("2 problem(s) in the curated data:\n")


@pytest.mark.parametrize(
    "states",
    [
        pytest.param(f"- id: {KZ}\n  evidence: []\n  name: Kazakhstan\n", id="rejected-record"),
        pytest.param("- id: kazakhstan\n  name: [\n", id="unreadable-file"),
    ],
)
def test_references_to_a_broken_record_do_not_cascade(tmp_path: Path, states: str) -> None:
    data = write(tmp_path, {"states.yaml": states, "chairmanships.yaml": CHAIR})
    with pytest.raises(DataError) as caught:
        load(data, DATA)
    assert [p.file for p in caught.value.problems] == ["states.yaml"]


def test_a_reference_to_a_missing_record_still_fires(tmp_path: Path) -> None:
    # the negative case of the cascade rule: nothing was rejected, so the reference is reported
    data = write(tmp_path, {"chairmanships.yaml": CHAIR})
    with pytest.raises(DataError) as caught:
        load(data, DATA)
    assert [(p.file, p.record, p.field) for p in caught.value.problems] == [
        ("chairmanships.yaml", CH, "state")
    ]


def test_source_checksum_and_file_are_checked(tmp_path: Path) -> None:
    sources = tmp_path / "sources-dir"
    sources.mkdir()
    (sources / "sources").symlink_to(DATA / "sources")
    entries = read_yaml(DATA / "sources.yaml")
    entries[0]["sha256"] = "0" * 64
    entries[1]["file"] = "999_missing.txt"
    (sources / "sources.yaml").write_text(yaml.safe_dump(entries), encoding="utf-8")
    data = write(tmp_path / "data", {})
    with pytest.raises(DataError) as caught:
        load(data, sources)
    assert [(p.file, p.record, p.field) for p in caught.value.problems] == [
        ("sources.yaml", entries[0]["id"], "sha256"),
        ("sources.yaml", entries[1]["id"], "file"),
    ]


def test_long_problem_lists_are_cut_at_fifty() -> None:
    error = DataError([Problem("a.yaml", f"r{i}", "id", "bad") for i in range(53)])
    lines = str(error).splitlines()
    assert lines[0] == "53 problem(s) in the curated data:"
    assert len(lines) == 1 + 50 + 1
    assert lines[-1] == "… and 3 more"


def test_problem_is_one_line() -> None:
    assert str(Problem("a.yaml", "x", "start", "bad\n  value")) == (
        "a.yaml: record 'x', field 'start': bad value"
    )
    assert str(Problem("a.yaml", "x", None, "bad")) == "a.yaml: record 'x': bad"
    assert str(Problem("a.yaml", None, None, "bad")) == "a.yaml: bad"


def test_read_yaml_keeps_dates_as_text_and_refuses_duplicate_keys(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("- {id: a, start: 2024-06-27, month: 2024-06, year: 2024}\n")
    assert read_yaml(path) == [{"id": "a", "start": "2024-06-27", "month": "2024-06", "year": 2024}]
    path.write_text("- {id: a, id: b}\n")
    with pytest.raises(yaml.YAMLError, match="duplicate key 'id'"):
        read_yaml(path)


def test_normalise_folds_white_space() -> None:
    assert normalise(" a\n\n b\tc ") == "a b c"


def test_module_entry_point(fixture_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert load_main([str(fixture_data)]) == 0
    assert capsys.readouterr().out.startswith("OK: state: 2, organisation: 1")
    assert load_main([str(CASES / "malformed-date")]) == 1
    assert "field 'start'" in capsys.readouterr().out


# --- a failing build leaves dist/ alone ----------------------------------------------------


def bad_data_dir(case: str, target: Path) -> Path:
    """A bad case as ``cica --data`` reads it: the case's YAML plus the real sources."""
    shutil.copytree(CASES / case, target)
    shutil.copy(DATA / "sources.yaml", target / "sources.yaml")
    (target / "sources").symlink_to(DATA / "sources")
    return target


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_failing_cli_build_leaves_dist_unchanged(
    case: str,
    cli_dist: Path,
    tmp_path: Path,
    tree_hashes: Callable[[Path], dict[str, str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    dist = tmp_path / "out" / "dist"
    shutil.copytree(cli_dist, dist)
    before = tree_hashes(dist)
    assert "cica.nq" in before
    bad = bad_data_dir(case, tmp_path / "bad")
    assert main(["--data", str(bad), "--dist", str(dist), "build"]) == 1
    with pytest.raises(DataError) as expected:
        load(CASES / case, DATA)
    assert capsys.readouterr().err == f"{expected.value}\n"
    assert tree_hashes(dist) == before
    assert sorted(p.name for p in dist.parent.iterdir()) == ["dist"]


# --- properties: whatever a curator commits, the loader answers with a clear report ---------

KNOWN_FILES = ["states.yaml", "chairmanships.yaml", "meetings.yaml"]


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(
    file=st.sampled_from(KNOWN_FILES),
    text=st.one_of(
        st.text(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=10), inner, max_size=4)
            ),
            max_leaves=12,
        ).map(lambda value: yaml.safe_dump(value, allow_unicode=True)),
    ),
)
def test_any_yaml_gives_records_or_a_report_naming_the_file(
    tmp_path_factory: pytest.TempPathFactory, file: str, text: str
) -> None:
    directory = write(tmp_path_factory.mktemp("fuzz"), {file: text})
    try:
        load(directory, DATA)
    except DataError as error:
        assert error.problems
        assert all(p.file == file for p in error.problems), error


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(cut=st.integers(min_value=0, max_value=len(CHAIR)), junk=st.text(max_size=5))
def test_damaged_records_name_file_and_record(
    tmp_path_factory: pytest.TempPathFactory, cut: int, junk: str
) -> None:
    """A record truncated or spliced anywhere (an interrupted save, a bad merge)."""
    damaged = CHAIR[:cut] + junk + CHAIR[cut:][len(junk) :]
    directory = write(
        tmp_path_factory.mktemp("cut"), {"states.yaml": state(), "chairmanships.yaml": damaged}
    )
    try:
        curated = load(directory, DATA)
    except DataError as error:
        for problem in error.problems:
            assert problem.file == "chairmanships.yaml", problem
            assert str(problem).startswith("chairmanships.yaml")
    else:
        assert {r.id for r in curated.all()} <= {KZ, CH}
