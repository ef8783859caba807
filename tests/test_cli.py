"""The command line, end to end on the fixture data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cica_graph.cli import main

from fixture_graphs import FIXTURES


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("cli")
    data, dist = root / "data", root / "dist"
    shutil.copytree(FIXTURES / "data", data)
    assert main(["--data", str(data), "--dist", str(dist), "build"]) == 0
    return data, dist


def run(built: tuple[Path, Path], *args: str) -> int:
    data, dist = built
    return main(["--data", str(data), "--dist", str(dist), *args])


def test_build_writes_every_dump(built: tuple[Path, Path]) -> None:
    names = {p.name for p in built[1].iterdir()}
    assert {
        "cica.ttl",
        "cica.nt",
        "cica.jsonld",
        "cica.trig",
        "cica.nq",
        "manifest.json",
        "validation-report.ttl",
    } <= names


def test_check(built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "check") == 0
    assert capsys.readouterr().out.startswith("OK: 7 records")


def test_query_formats(built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "query", "SELECT ?s WHERE { ?s a cica:State } ORDER BY ?s") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "s" and "state/azerbaijan" in out
    assert run(built, "query", "--format", "json", "ASK { ?s a cica:State }") == 0
    assert json.loads(capsys.readouterr().out)["boolean"] is True
    assert run(built, "query", "SELECT ?s WHERE { ?s") == 2
    assert "query error" in capsys.readouterr().err


def test_named_query_with_parameter(
    built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            built,
            "query",
            "--name",
            "competency/cq08-chair-in-year",
            "--param",
            "year=2021",
            "--format",
            "csv",
        )
        == 0
    )
    assert "Kazakhstan" in capsys.readouterr().out
    assert (
        run(built, "query", "--name", "competency/cq08-chair-in-year", "--param", "year=soon") == 2
    )


def test_stats(built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "stats", "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["records"]["state"]["total"] == 2
    assert stats["classes"]["https://w3id.org/cica/ontology#State"] == 2


def test_validate_and_reason(
    built: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.ttl"
    assert run(built, "validate", "--report", str(report)) == 0
    assert "conforms" in capsys.readouterr().out and report.exists()
    assert run(built, "reason") == 0
    assert capsys.readouterr().out.startswith("consistent;")


def test_fmt_check(built: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(built, "fmt", "--check") == 0
    path = built[0] / "states.yaml"
    original = path.read_text()
    path.write_text(original.replace("  name: Azerbaijan\n", "  name: 'Azerbaijan'\n"))
    try:
        assert run(built, "fmt", "--check") == 1
        assert "not canonical" in capsys.readouterr().out
    finally:
        path.write_text(original)
