"""The command line: each subcommand on the fixture data, its output and its exit code.

Every command gets ``--data`` and ``--dist`` explicitly; the project's own dist/ is never used.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from cica_graph import cli, commands, paths, pipeline
from cica_graph.paths import ROOT
from cica_graph.queries import discover
from cica_graph.reason import Inference
from cica_graph.remote import RemoteError
from cica_graph.validate import Report

from servers import free_port

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No remote store from the environment, and a default dist/ that is not the project's."""
    monkeypatch.delenv("CICA_SPARQL_ENDPOINT", raising=False)
    monkeypatch.setattr(paths, "DIST", tmp_path / "default-dist")


def run(data: Path, dist: Path, *args: str) -> int:
    return cli.main(["--data", str(data), "--dist", str(dist), *args])


# --- build ------------------------------------------------------------------------------------


def test_build_writes_every_dump(cli_dist: Path) -> None:
    names = {p.name for p in cli_dist.iterdir()}
    assert names == {
        "cica.ttl",
        "cica.nt",
        "cica.jsonld",
        "cica.trig",
        "cica.nq",
        "manifest.json",
        "validation-report.ttl",
        "validation-cache.json",
        "store",
    }


@pytest.mark.parametrize("extra,full", [([], False), (["--full"], True)])
def test_build_calls_the_pipeline(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture, tmp_path: Path, extra: list[str], full: bool
) -> None:
    calls: list[tuple[Path, Path, bool]] = []

    class Result:
        triples = 1234

    def fake(data: Path, dist: Path, *, full: bool = False) -> Result:
        calls.append((data, dist, full))
        return Result()

    monkeypatch.setattr(commands, "run_build", fake)
    assert run(tmp_path / "d", tmp_path / "out", "build", *extra) == 0
    assert calls == [(tmp_path / "d", tmp_path / "out", full)]
    assert capsys.readouterr().out == f"built 1234 quads into {tmp_path / 'out'}\n"


def test_build_hashes_the_data_it_was_given(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # validation and reasoning are beside the point here (and slow): skip them
    monkeypatch.setattr(pipeline, "validate", lambda ds, changed=None: Report())
    monkeypatch.setattr(pipeline, "reason", lambda ds: Inference(set()))
    assert run(data_copy, tmp_path / "a", "build") == 0
    states = data_copy / "states.yaml"
    states.write_text(
        states.read_text().replace("name: Azerbaijan", "name: Republic of Azerbaijan")
    )
    assert run(data_copy, tmp_path / "b", "build") == 0
    first, second = (
        json.loads((tmp_path / d / "manifest.json").read_text())["inputs_sha256"] for d in "ab"
    )
    assert first != second


# --- check ----------------------------------------------------------------------------------


def test_check(fixture_data: Path, tmp_path: Path, capsys: Capture) -> None:
    assert run(fixture_data, tmp_path, "check") == 0
    assert capsys.readouterr().out == "OK: 7 records\n"


def test_check_reports_bad_data(data_copy: Path, tmp_path: Path, capsys: Capture) -> None:
    path = data_copy / "states.yaml"
    path.write_text(path.read_text().replace("name: Azerbaijan", "name: [Azerbaijan"))
    assert run(data_copy, tmp_path, "check") == 1
    err = capsys.readouterr().err
    assert err.startswith("1 problem(s) in the curated data:\nstates.yaml: YAML syntax error")


# --- query ------------------------------------------------------------------------------


def test_query_table(fixture_data: Path, cli_dist: Path, capsys: Capture) -> None:
    query = "SELECT ?s WHERE { ?s a cica:State } ORDER BY ?s"
    assert run(fixture_data, cli_dist, "query", query) == 0
    assert capsys.readouterr().out.splitlines() == [
        "s",
        "-" * len("https://w3id.org/cica/id/state/kazakhstan"),
        "https://w3id.org/cica/id/state/azerbaijan",
        "https://w3id.org/cica/id/state/kazakhstan",
    ]


@pytest.mark.parametrize(
    "fmt,check",
    [
        ("json", lambda out: json.loads(out)["results"]["bindings"][0]["n"]["value"] == "2"),
        ("csv", lambda out: list(csv.reader(io.StringIO(out))) == [["n"], ["2"]]),
        ("tsv", lambda out: out.splitlines() == ["?n", "2"]),
        ("xml", lambda out: "<sparql" in out and ">2</literal>" in out),
    ],
)
def test_query_result_formats(
    fixture_data: Path, cli_dist: Path, capsys: Capture, fmt: str, check: Any
) -> None:
    query = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a cica:State }"
    assert run(fixture_data, cli_dist, "query", "--format", fmt, query) == 0
    assert check(capsys.readouterr().out)


def test_query_ask_and_construct(fixture_data: Path, cli_dist: Path, capsys: Capture) -> None:
    assert run(fixture_data, cli_dist, "query", "ASK { ?s a cica:State }") == 0
    assert capsys.readouterr().out == "true\n"
    construct = "CONSTRUCT { ?s a cica:State } WHERE { ?s a cica:State }"
    assert run(fixture_data, cli_dist, "query", "--format", "ttl", construct) == 0
    assert len(Graph().parse(data=capsys.readouterr().out, format="turtle")) == 2


def test_query_from_file(
    fixture_data: Path, cli_dist: Path, tmp_path: Path, capsys: Capture
) -> None:
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?l WHERE { state:kazakhstan rdfs:label ?l FILTER(LANG(?l) = 'ru') }")
    assert run(fixture_data, cli_dist, "query", "--file", str(path)) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Казахстан"


def test_query_syntax_error_exits_2(fixture_data: Path, cli_dist: Path, capsys: Capture) -> None:
    assert run(fixture_data, cli_dist, "query", "SELECT ?s WHERE { ?s") == 2
    assert capsys.readouterr().err.startswith("query error: ")


def test_query_list(fixture_data: Path, cli_dist: Path, capsys: Capture) -> None:
    assert run(fixture_data, cli_dist, "query", "--list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{name}\t{q.summary}" for name, q in discover().items()]


@pytest.fixture
def chair_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A named query of our own, served by --name instead of those in queries/."""
    root = tmp_path / "queries"
    (root / "demo").mkdir(parents=True)
    (root / "demo" / "chair-in-year.rq").write_text(
        "#+ summary: Who chaired CICA in a year?\n"
        "#+ param: year (year): The year.\n"
        "SELECT ?year ?c WHERE {\n"
        "  ?c a cica:Chairmanship ; cica:start ?s ; cica:end ?e FILTER(?s <= ?year && ?year <= ?e)\n"
        "}\n"
    )
    monkeypatch.setattr(commands, "discover", lambda: discover(root))
    return "demo/chair-in-year"


def test_named_query_with_parameter(
    fixture_data: Path, cli_dist: Path, capsys: Capture, chair_query: str
) -> None:
    chair = "https://w3id.org/cica/id/chairmanship/chairmanship-kazakhstan-2020-2024"
    query = ["query", "--name", chair_query, "--format", "csv"]
    assert run(fixture_data, cli_dist, *query, "--param", "year=2021") == 0
    assert capsys.readouterr().out.splitlines() == ["year,c", f"2021,{chair}"]
    assert run(fixture_data, cli_dist, *query, "--param", "year=2030") == 0
    assert capsys.readouterr().out.splitlines() == ["year,c"]
    assert run(fixture_data, cli_dist, *query, "--param", "year=soon") == 2
    assert capsys.readouterr().err == "query error: parameter 'year': 'soon' is not a valid year\n"
    assert run(fixture_data, cli_dist, *query) == 2
    assert "parameter 'year' is required" in capsys.readouterr().err


def test_query_refuses_unknown_name_and_empty_query(fixture_data: Path, cli_dist: Path) -> None:
    with pytest.raises(SystemExit, match="no query named 'nope'"):
        run(fixture_data, cli_dist, "query", "--name", "nope")
    with pytest.raises(SystemExit, match="give a query"):
        run(fixture_data, cli_dist, "query")


def test_query_needs_a_build(fixture_data: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="run `cica build` first"):
        run(fixture_data, tmp_path / "empty", "query", "ASK {}")


def test_remote_errors_exit_3(
    fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    class Down:
        def query(self, *args: object, **kwargs: object) -> None:
            raise RemoteError("connection refused")

    monkeypatch.setattr(commands, "remote_from_env", lambda env: Down())
    assert run(fixture_data, tmp_path, "query", "ASK {}") == 3
    assert capsys.readouterr().err == "remote store: connection refused\n"


# --- stats ----------------------------------------------------------------------------------


def test_stats_json(fixture_data: Path, cli_dist: Path, capsys: Capture) -> None:
    assert run(fixture_data, cli_dist, "stats", "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["records"]["state"] == {
        "total": 2,
        "000_fc1504d59b448358.txt": 0,
        "001_e0297087f7da6332.txt": 0,
        "002_9e60f0a7e69153b9.txt": 2,
        "003_4aba305f2201c2ed.txt": 0,
        "004_5b95cf3fe424038c.txt": 0,
    }
    assert stats["classes"]["https://w3id.org/cica/ontology#State"] == 2
    assert "https://w3id.org/cica/graph/inferred" in stats["graphs"]
    assert stats["graphs"]["https://w3id.org/cica/graph/source/digest-2024-q2"] == 6


def test_stats_table(fixture_data: Path, cli_dist: Path, capsys: Capture) -> None:
    assert run(fixture_data, cli_dist, "stats") == 0
    out = capsys.readouterr().out
    assert "records per kind and per source (000-004):" in out
    state_row = next(line for line in out.splitlines() if line.startswith("state "))
    assert state_row.split() == ["state", "2", "0", "0", "2", "0", "0"]
    assert "instances per class:" in out and "triples per named graph:" in out


# --- fmt ------------------------------------------------------------------------------------


def test_fmt_check_and_rewrite(data_copy: Path, tmp_path: Path, capsys: Capture) -> None:
    assert run(data_copy, tmp_path, "fmt", "--check") == 0
    path = data_copy / "states.yaml"
    original = path.read_text()
    path.write_text(original.replace("  name: Azerbaijan\n", "  name: 'Azerbaijan'\n"))
    assert run(data_copy, tmp_path, "fmt", "--check") == 1
    assert capsys.readouterr().out == f"not canonical: {path}\n"
    assert path.read_text() != original  # --check does not write
    assert run(data_copy, tmp_path, "fmt") == 0
    assert capsys.readouterr().out == f"rewrote: {path}\n"
    assert path.read_text() == original
    assert run(data_copy, tmp_path, "fmt", "--check") == 0


# --- validate and reason ----------------------------------------------------------------------


def test_validate_conforming_data(fixture_data: Path, tmp_path: Path, capsys: Capture) -> None:
    report = tmp_path / "report.ttl"
    assert run(fixture_data, tmp_path, "validate", "--report", str(report)) == 0
    assert capsys.readouterr().out.startswith("conforms: no violations")
    Graph().parse(report, format="turtle")


def test_validate_reports_violations(data_copy: Path, tmp_path: Path, capsys: Capture) -> None:
    states = data_copy / "states.yaml"
    twin = (
        "- id: azerbaijan-republic\n  evidence:\n  - source: 002_9e60f0a7e69153b9.txt\n"
        "    quote: Azerbaijan (2024-2026)\n  name: Azerbaijan\n"
    )
    states.write_text(states.read_text() + twin)
    report = tmp_path / "report.ttl"
    assert run(data_copy, tmp_path, "validate", "--report", str(report)) == 1
    out = capsys.readouterr().out
    assert "queries/checks/duplicate-english-label-violation.rq" in out
    assert "https://w3id.org/cica/id/state/azerbaijan-republic" in out
    assert report.exists()


def test_reason(fixture_data: Path, tmp_path: Path, capsys: Capture) -> None:
    output = tmp_path / "inferred.ttl"
    assert run(fixture_data, tmp_path, "reason", "--output", str(output)) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("consistent; ") and first.endswith(" inferred triples")
    count = int(first.split()[1])
    assert count > 0
    assert len(Graph().parse(output, format="turtle")) == count


# --- serve and push -------------------------------------------------------------------------


def test_serve_runs_the_app_factory_under_the_reloading_supervisor(
    fixture_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.supervisor import ReloadingSupervisor

    configs: list[dict[str, object]] = []

    def fake_run(self: ReloadingSupervisor) -> None:
        for sock in self.sockets:
            sock.close()
        c = self.config
        configs.append(
            {
                "app": c.app,
                "factory": c.factory,
                "host": c.host,
                "port": c.port,
                "workers": c.workers,
                "loop": c.loop,
                "http": c.http,
                "access_log": c.access_log,
                "timeout": c.timeout_worker_healthcheck,
                "access_logger": c.log_config["loggers"]["cica.access"],  # type: ignore[index]
            }
        )

    monkeypatch.setattr(ReloadingSupervisor, "run", fake_run)
    # the supervisor installs its signal handlers when made: not in the test process
    monkeypatch.setattr(signal, "signal", lambda *args: None)
    port = free_port()
    assert run(fixture_data, tmp_path, "serve", "--host", "127.0.0.2", "--port", str(port)) == 0
    assert run(fixture_data, tmp_path, "serve", "--workers", "1", "--port", str(port)) == 0
    fast = {
        "app": "api.app:create_app",
        "factory": True,
        "loop": "uvloop",
        "http": "httptools",
        "access_log": False,
        "timeout": 60,
        "access_logger": {"handlers": ["default"], "level": "INFO"},
    }
    assert configs == [
        {**fast, "host": "127.0.0.2", "port": port, "workers": os.cpu_count() or 1},
        {**fast, "host": "127.0.0.1", "port": port, "workers": 1},
    ]


def test_push_needs_a_query_endpoint(fixture_data: Path, cli_dist: Path) -> None:
    with pytest.raises(SystemExit, match="give --query-endpoint"):
        run(fixture_data, cli_dist, "push")


def test_unknown_command_is_a_usage_error(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["frobnicate"])
    assert caught.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_reason_with_hermit_on_the_whole_graph_says_the_same(
    fixture_data: Path, tmp_path: Path, capsys: Capture
) -> None:
    assert run(fixture_data, tmp_path, "reason") == 0
    rules = sorted(capsys.readouterr().out.splitlines())
    assert run(fixture_data, tmp_path, "reason", "--method", "hermit") == 0
    assert sorted(capsys.readouterr().out.splitlines()) == rules


def test_the_cli_module_imports_no_library() -> None:
    """``cica serve``'s server processes and query workers are spawned from the ``cica``
    script and import this module again: whatever it imports is resident in each of them.
    A query worker holds the store's code, not rdflib, pydantic or pySHACL."""
    script = (
        "import sys, cica_graph.cli, cica_graph.executor; "
        "print(sorted(m for m in ('rdflib', 'pydantic', 'pyshacl', 'yaml', 'owlready2') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr
