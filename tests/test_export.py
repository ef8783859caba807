"""Export: deterministic across runs and hash seeds, parseable, with headers and a manifest;
a failure leaves the previous dist/ untouched."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

import cica_graph.export as export
from cica_graph.build import build
from cica_graph.load import load
from cica_graph.paths import ROOT

from fixture_graphs import FIXTURES

SCRIPT = (
    "import sys; from pathlib import Path; from cica_graph.build import build; "
    "from cica_graph.load import load; from cica_graph.export import write_dist; "
    f"write_dist(build(load(Path({str(FIXTURES / 'data')!r}))), Path(sys.argv[1]))"
)


def _hashes(dist: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(dist.iterdir())}


def test_two_builds_are_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"}
        target = tmp_path / f"dist-{seed}"
        subprocess.run([sys.executable, "-c", SCRIPT, str(target)], check=True, cwd=ROOT, env=env)
        outputs.append(_hashes(target))
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == {*(d.file for d in export.DUMPS.values()), "manifest.json"}


def test_dumps_parse_back_to_the_same_triples(tmp_path: Path) -> None:
    ds = build(load(FIXTURES / "data"))
    export.write_dist(ds, tmp_path / "dist")
    union = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    for name, fmt in [("cica.ttl", "turtle"), ("cica.nt", "nt"), ("cica.jsonld", "json-ld")]:
        graph = Graph().parse(tmp_path / "dist" / name, format=fmt)
        assert len(graph) == len(union), name
    for name, fmt in [("cica.trig", "trig"), ("cica.nq", "nquads")]:
        parsed = Dataset()
        parsed.parse(tmp_path / "dist" / name, format=fmt)
        names = {str(g.identifier) for g in parsed.graphs() if len(g)}
        assert names == {str(g.identifier) for g in ds.graphs() if len(g)}, name


def test_headers_and_manifest(tmp_path: Path) -> None:
    export.write_dist(build(load(FIXTURES / "data")), tmp_path / "dist")
    info = export.build_info()
    head = (tmp_path / "dist" / "cica.ttl").read_text().splitlines()[1]
    assert f"version: {info.version}" in head and f"inputs sha256: {info.inputs_sha256}" in head
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text())
    for entry in manifest["files"]:
        data = (tmp_path / "dist" / entry["file"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()


def test_failed_write_leaves_old_dist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = build(load(FIXTURES / "data"))
    dist = tmp_path / "dist"
    export.write_dist(ds, dist)
    before = _hashes(dist)
    calls = {"n": 0}
    real = export.write_atomic

    def failing(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        real(path, data)

    monkeypatch.setattr(export, "write_atomic", failing)
    with pytest.raises(OSError, match="disk full"):
        export.write_dist(ds, dist)
    assert _hashes(dist) == before
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]
