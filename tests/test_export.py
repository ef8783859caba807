"""Export: dumps are byte-identical across runs and hash seeds, parse back to the same triples,
carry a header naming version, date and inputs, are listed with sizes and checksums in
manifest.json, and a failure in the middle of write_dist leaves the previous dist/ untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import cica_graph.export as export
from cica_graph.load import Curated
from cica_graph.namespaces import ONTOLOGY_GRAPH, source_graph
from cica_graph.paths import DATA, ROOT
from cica_graph.store import EmbeddedRepo

Hashes = Callable[[Path], dict[str, str]]
DUMP_FILES = {d.file for d in export.DUMPS.values()}
SCRIPT = (
    "import sys; from pathlib import Path; from cica_graph.build import build; "
    "from cica_graph.load import load; import cica_graph.export as export; "
    # the inputs digest is tested elsewhere; fixed here, so edits to data/ cannot interfere
    "export.input_files = lambda data=None: []; "
    "export.write_dist(build(load(Path(sys.argv[1]), Path(sys.argv[2]))), Path(sys.argv[3]))"
)
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig", "nq": "nquads"}


def dumps(hashes: dict[str, str]) -> dict[str, str]:
    """The files of a tree's hashes but the store's (an index, not byte-identical)."""
    return {name: digest for name, digest in hashes.items() if not name.startswith("store/")}


def union(ds: Dataset) -> Graph:
    graph = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def test_two_runs_are_byte_identical(
    dataset: Dataset, tmp_path: Path, tree_hashes: Hashes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        export, "input_files", lambda data=None: []
    )  # edits to data/ cannot interfere
    export.write_dist(dataset, tmp_path / "a")
    export.write_dist(dataset, tmp_path / "b")
    assert dumps(tree_hashes(tmp_path / "a")) == dumps(tree_hashes(tmp_path / "b"))
    assert set(dumps(tree_hashes(tmp_path / "a"))) == DUMP_FILES | {"manifest.json"}


def test_builds_are_byte_identical_across_hash_seeds(
    dataset: Dataset,
    fixture_data: Path,
    tmp_path: Path,
    tree_hashes: Hashes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outputs = []
    for seed in ("1", "4242"):
        # with the session's SOURCE_DATE_EPOCH, so the dates agree too
        env = {**os.environ, "PYTHONHASHSEED": seed}
        assert env["SOURCE_DATE_EPOCH"]
        target = tmp_path / f"dist-{seed}"
        args = [sys.executable, "-c", SCRIPT, str(fixture_data), str(DATA), str(target)]
        subprocess.run(args, check=True, cwd=ROOT, env=env)
        outputs.append(dumps(tree_hashes(target)))
    assert outputs[0] == outputs[1]
    assert set(outputs[0]) == DUMP_FILES | {"manifest.json"}
    # and the same as this process writes (with its own random seed)
    monkeypatch.setattr(export, "input_files", lambda data=None: [])
    export.write_dist(dataset, tmp_path / "here")
    assert dumps(tree_hashes(tmp_path / "here")) == outputs[0]


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_triple_dumps_parse_back_to_the_union(dataset: Dataset, dist: Path, fmt: str) -> None:
    parsed = Graph().parse(dist / export.DUMPS[fmt].file, format=RDFLIB_FORMATS[fmt])
    expected = union(dataset)
    assert len(parsed) == len(expected)
    assert isomorphic(parsed, expected)


@pytest.mark.parametrize("fmt", ["trig", "nq"])
def test_quad_dumps_keep_one_graph_per_source(
    dataset: Dataset, dist: Path, fmt: str, curated: Curated
) -> None:
    parsed = Dataset()
    parsed.parse(dist / export.DUMPS[fmt].file, format=RDFLIB_FORMATS[fmt])
    got = {str(g.identifier): g for g in parsed.graphs() if len(g)}
    sources = {str(source_graph(s.id)) for s in curated.sources.values()}
    assert set(got) == sources | {str(ONTOLOGY_GRAPH)}
    for name, graph in got.items():
        original = Graph()
        for triple in dataset.graph(graph.identifier):
            original.add(triple)
        assert isomorphic(Graph() + graph, original), name


def test_headers_name_version_date_and_inputs(dist: Path) -> None:
    manifest = json.loads((dist / "manifest.json").read_text())
    digest = manifest["inputs_sha256"]
    assert manifest["version"] == version("cica-graph")
    assert manifest["built"] == "2023-11-14"  # SOURCE_DATE_EPOCH of the tests
    assert len(digest) == 64 and int(digest, 16) >= 0
    for fmt, dump in export.DUMPS.items():
        text = (dist / dump.file).read_text(encoding="utf-8")
        if not dump.comment:
            assert json.loads(text)  # JSON has no comments: the manifest carries the header
            continue
        head = text.splitlines()[:3]
        assert all(line.startswith("# ") for line in head), fmt
        assert "generated file, do not edit" in head[0]
        assert head[1] == (
            f"# version: {version('cica-graph')}; built: 2023-11-14; inputs sha256: {digest}"
        )
        assert head[2].startswith("# inputs: data/*.yaml")


def test_inputs_sha256_is_the_digest_of_the_input_files(
    dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = [tmp_path / "states.yaml", tmp_path / "cica.ttl"]
    for path in inputs:
        path.write_text(path.name)
    monkeypatch.setattr(export, "input_files", lambda data=None: inputs)
    export.write_dist(dataset, tmp_path / "dist")
    manifest = json.loads((tmp_path / "dist" / "manifest.json").read_text())
    assert manifest["inputs_sha256"] == export.inputs_digest(inputs)
    assert (
        f"inputs sha256: {export.inputs_digest(inputs)}"
        in (tmp_path / "dist" / "cica.nt").read_text()
    )


def test_input_files_are_the_data_sources_and_ontology() -> None:
    files = export.input_files()
    assert {p.name for p in DATA.glob("*.yaml")} <= {p.name for p in files}
    assert {"cica.ttl", "shapes.ttl"} <= {p.name for p in files}
    assert sum(1 for p in files if p.parent == DATA / "sources") == len(
        list((DATA / "sources").glob("*"))
    )


def test_manifest_lists_every_dump_with_size_and_checksum(dataset: Dataset, dist: Path) -> None:
    manifest = json.loads((dist / "manifest.json").read_text())
    assert [(e["file"], e["format"], e["media_type"]) for e in manifest["files"]] == [
        (d.file, fmt, d.media_type) for fmt, d in export.DUMPS.items()
    ]
    for entry in manifest["files"]:
        data = (dist / entry["file"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["triples"] == len(union(dataset))


def test_inputs_digest_depends_on_names_and_contents(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("x")
    b.write_text("y")
    digest = export.inputs_digest([a, b])
    assert digest == export.inputs_digest([a, b])
    assert export.inputs_digest([a, tmp_path / "missing.yaml", b]) == digest
    b.write_text("z")
    assert export.inputs_digest([a, b]) != digest
    renamed = tmp_path / "c.yaml"
    b.rename(renamed)
    renamed.write_text("y")
    assert export.inputs_digest([a, renamed]) != digest


def test_build_date_comes_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert export.build_date() == "1970-01-01"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719446400")
    assert export.build_date() == "2024-06-27"


def test_write_dist_replaces_the_whole_directory(dataset: Dataset, tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "stale.ttl").write_text("old")
    files = export.write_dist(dataset, dist, extra={"notes.txt": b"extra"})
    assert sorted(p.name for p in dist.iterdir()) == sorted([*files, export.STORE])
    assert not (dist / "stale.ttl").exists()
    assert (dist / "notes.txt").read_bytes() == b"extra"
    listed = {e["file"] for e in json.loads((dist / "manifest.json").read_text())["files"]}
    assert listed == DUMP_FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


# --- failures leave the previous dist/ --------------------------------------------------------


@pytest.fixture
def old_dist(dist: Path, tmp_path: Path) -> Path:
    """A copy of a good dist/ in an otherwise empty directory."""
    target = tmp_path / "site" / "dist"
    shutil.copytree(dist, target)
    return target


def test_failed_serialisation_leaves_old_dist(
    dataset: Dataset, old_dist: Path, tree_hashes: Hashes, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_hashes(old_dist)
    real = export.serialise_quads

    def failing(quads: list[Any], fmt: str, info: export.BuildInfo, union: Any = None) -> bytes:
        if fmt == "trig":
            raise RuntimeError("serialiser crashed")
        return real(quads, fmt, info, union)

    monkeypatch.setattr(export, "serialise_quads", failing)
    with pytest.raises(RuntimeError, match="serialiser crashed"):
        export.write_dist(dataset, old_dist)
    assert tree_hashes(old_dist) == before
    assert sorted(p.name for p in old_dist.parent.iterdir()) == ["dist"]


def test_failed_write_leaves_old_dist(
    dataset: Dataset, old_dist: Path, tree_hashes: Hashes, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_hashes(old_dist)
    real = export.write_atomic
    written: list[str] = []

    def failing(path: Path, data: bytes) -> None:
        if len(written) == 3:
            raise OSError("disk full")
        written.append(path.name)
        real(path, data)

    monkeypatch.setattr(export, "write_atomic", failing)
    with pytest.raises(OSError, match="disk full"):
        export.write_dist(dataset, old_dist)
    assert len(written) == 3  # it failed in the middle, after some files were written
    assert tree_hashes(old_dist) == before
    assert sorted(p.name for p in old_dist.parent.iterdir()) == ["dist"]


def test_failed_swap_leaves_old_dist(
    dataset: Dataset, old_dist: Path, tree_hashes: Hashes, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_hashes(old_dist)
    real = os.replace

    def failing(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == old_dist:
            raise OSError("rename failed")
        real(src, dst)

    monkeypatch.setattr(export.os, "replace", failing)
    with pytest.raises(OSError, match="rename failed"):
        export.write_dist(dataset, old_dist)
    monkeypatch.undo()
    assert tree_hashes(old_dist) == before
    assert sorted(p.name for p in old_dist.parent.iterdir()) == ["dist"]


def test_write_atomic_writes_and_cleans_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "deep" / "file.ttl"
    export.write_atomic(target, b"one")
    assert target.read_bytes() == b"one"

    def failing(src: str | Path, dst: str | Path) -> None:
        raise OSError("rename failed")

    monkeypatch.setattr(export.os, "replace", failing)
    with pytest.raises(OSError, match="rename failed"):
        export.write_atomic(target, b"two")
    monkeypatch.undo()
    assert target.read_bytes() == b"one"
    assert [p.name for p in target.parent.iterdir()] == ["file.ttl"]


def test_dumps_are_readable_like_any_other_file(dataset: Dataset, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        export.write_dist(dataset, tmp_path / "dist")
    finally:
        os.umask(old)
    dist = tmp_path / "dist"
    assert {p.stat().st_mode & 0o777 for p in [dist, dist / export.STORE]} == {0o755}
    files = [p for p in dist.rglob("*") if p.is_file()]
    assert {p.stat().st_mode & 0o777 for p in files} == {0o644}


def graph_of(repo: EmbeddedRepo, name: str | None) -> Graph:
    """One graph of ``repo`` (``None``: the default graph) as an rdflib graph."""
    graph_name = ox.NamedNode(name) if name else ox.DefaultGraph()
    triples = [q.triple for q in repo.store.quads_for_pattern(None, None, None, graph_name)]
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def test_the_store_holds_the_quads_and_their_union(dataset: Dataset, dist: Path) -> None:
    """The on-disk store answers as the N-Quads dump loaded in memory does: the same named
    graphs and the same union as the default graph, each triple once."""
    disk = EmbeddedRepo.open(dist / export.STORE)
    memory = EmbeddedRepo.from_file(dist / export.DUMPS["nq"].file)
    assert disk.graphs() == memory.graphs()
    assert disk.triple_count() == memory.triple_count() == len(union(dataset))
    for name in [None, *memory.graphs()]:  # blank node labels differ between stores
        assert isomorphic(graph_of(disk, name), graph_of(memory, name)), name
    manifest = json.loads((dist / "manifest.json").read_text())
    assert manifest["store"] == {
        "directory": export.STORE,
        "engine": f"pyoxigraph {version('pyoxigraph')}",
    }


def test_failed_store_write_leaves_old_dist(
    dataset: Dataset, old_dist: Path, tree_hashes: Hashes, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree_hashes(old_dist)

    def failing(nquads: Path, target: Path) -> None:
        target.mkdir()
        (target / "CURRENT").write_text("half written")
        raise RuntimeError("writing the store failed")

    monkeypatch.setattr(export, "write_store", failing)
    with pytest.raises(RuntimeError, match="writing the store failed"):
        export.write_dist(dataset, old_dist)
    assert tree_hashes(old_dist) == before
    assert sorted(p.name for p in old_dist.parent.iterdir()) == ["dist"]
