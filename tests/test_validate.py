"""Validation: every SHACL shape and every check query fires on its negative fixture, and only
there; the real data and the valid fixture conform."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from cica_graph.build import build
from cica_graph.load import load
from cica_graph.namespaces import CICA, ID, ONTOLOGY_GRAPH
from cica_graph.paths import DATA, ROOT, SHAPES
from cica_graph.store import write_store
from cica_graph.validate import (
    CHECKS,
    Neighbourhoods,
    Report,
    Result,
    Targets,
    asserted_triples,
    validate,
)

from fixture_graphs import FIXTURES, broken, fixture_dataset

INVALID = sorted((FIXTURES / "invalid" / "shacl").glob("*.ru")) + sorted(
    (FIXTURES / "invalid" / "checks").glob("*.ru")
)
SHAPES_NS = "https://w3id.org/cica/shapes#"
CURIES = {
    "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
    "prov:": "http://www.w3.org/ns/prov#",
    "org:": "http://www.w3.org/ns/org#",
    "dcterms:": "http://purl.org/dc/terms/",
    "cica:": "https://w3id.org/cica/ontology#",
}


def expectations(path: Path) -> set[tuple[str, str, str | None]]:
    """``# expect: rule | focus | path`` lines, expanded to full IRIs."""
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^# expect: (.+?) \| (.+?) \| (.+)$", line)
        if not match:
            continue
        rule, focus, prop = (m.strip() for m in match.groups())
        rule = rule if rule.startswith("queries/") else SHAPES_NS + rule
        expanded: str | None = None
        if prop != "-":
            inverse = prop.startswith("^")
            prop = prop.lstrip("^")
            for curie, iri in CURIES.items():
                prop = prop.replace(curie, iri) if prop.startswith(curie) else prop
            expanded = f"^{prop}" if inverse else prop
        found.add((rule, str(ID) + focus, expanded))
    assert found, f"{path.name} has no '# expect:' line"
    return found


def observed(report: Report) -> set[tuple[str, str, str | None]]:
    out = set()
    for r in report.violations:
        path = r.path
        if path is not None and not path.startswith("http"):
            path = None  # a blank-node path: only inverse paths here
        out.add((r.rule, r.focus, path))
    return out


def test_real_data_conforms() -> None:
    report = validate(build(load(DATA)))
    assert report.conforms, report.text()


def test_valid_fixture_conforms() -> None:
    report = validate(fixture_dataset())
    assert report.conforms, report.text()


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_negative_fixture_fires_exactly_its_rule(path: Path) -> None:
    report = validate(broken(path))
    want = expectations(path)
    got = observed(report)
    # inverse paths come back as blank nodes: compare them by rule and focus only
    want_cmp = {(r, f, None if p and p.startswith("^") else p) for r, f, p in want}
    assert got == want_cmp, report.text()


def test_every_shape_has_a_negative_fixture() -> None:
    shapes = Graph().parse(SHAPES)
    named = {str(s) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    named |= {str(s) for s in shapes.subjects(RDF.type, SH.PropertyShape)}
    covered = {rule for path in INVALID for rule, _, _ in expectations(path)}
    assert named - covered == set(), f"shapes without a negative fixture: {named - covered}"


def test_every_check_query_has_a_negative_fixture() -> None:
    checks = {f"queries/checks/{p.name}" for p in CHECKS.glob("*-violation.rq")}
    covered = {rule for path in INVALID for rule, _, _ in expectations(path)}
    assert checks <= covered, f"check queries without a negative fixture: {checks - covered}"


def test_report_text_groups_by_rule_and_focus() -> None:
    report = validate(broken(FIXTURES / "invalid" / "shacl" / "place-category-unknown.ru"))
    text = report.text()
    assert text.startswith("1 violation(s), 0 warning(s)")
    assert f"{SHAPES_NS}PlaceShape\n  {ID}place/baku\n    [Violation]" in text
    assert not report.conforms
    assert (None, SH.conforms, None) in report.graph


def test_incremental_validation_checks_only_affected_nodes() -> None:
    ds = broken(FIXTURES / "invalid" / "shacl" / "place-category-unknown.ru")
    baku, kazakhstan = f"{ID}place/baku", f"{ID}state/kazakhstan"
    assert not validate(ds, changed={baku}).conforms
    assert validate(ds, changed={kazakhstan}).conforms  # baku is not affected
    assert validate(ds, changed=set()).conforms
    assert not validate(ds, changed=None).conforms


def test_neighbourhood_holds_parts_referrers_and_target_types() -> None:
    from cica_graph.validate import Neighbourhoods, asserted_triples

    hoods = Neighbourhoods.of(asserted_triples(fixture_dataset()))
    azerbaijan = f"{ID}state/azerbaijan"
    assert f"{ID}place/baku" in hoods.referrers({azerbaijan})  # baku's country
    assert f"{ID}state/kazakhstan" not in hoods.referrers({azerbaijan})
    graph, focus = hoods.graph([f"{ID}place/baku"])
    assert {str(n) for n in focus} == {f"{ID}place/baku", f"{ID}place/baku#evidence-1"}
    # the country's type (for sh:class) comes along, its other triples do not
    assert (URIRef(azerbaijan), RDF.type, CICA.State) in graph
    assert not set(graph.triples((URIRef(azerbaijan), RDFS.label, None)))


PARALLEL = """
import dataclasses, json, multiprocessing, sys
sys.path.insert(0, sys.argv[1])
import cica_graph.validate as v
from fixture_graphs import FIXTURES, broken

forks = []
real = multiprocessing.get_context
v.multiprocessing.get_context = lambda method: forks.append(method) or real(method)
ds = broken(FIXTURES / "invalid" / "shacl" / "place-category-unknown.ru")
v.CHUNK_RECORDS = 3  # many chunks
report = v.validate(ds, workers=2)
assert forks == ["fork"], forks
assert len(list(report.graph.subjects(v.RDF.type, v.SH.ValidationReport))) == 1
print(json.dumps([dataclasses.astuple(r) for r in report.results]))
"""


def test_chunks_in_parallel_give_the_same_report_as_one_process() -> None:
    """In a fresh, single-threaded interpreter the chunks run in forked workers; the report
    is the one a single process gives."""
    args = [sys.executable, "-c", PARALLEL, str(Path(__file__).parent)]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    parallel = [Result(*row) for row in json.loads(out.splitlines()[-1])]
    serial = validate(
        broken(FIXTURES / "invalid" / "shacl" / "place-category-unknown.ru"), workers=1
    )
    assert parallel == serial.results and not serial.conforms


def test_a_process_with_threads_validates_without_forking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fork copies only the calling thread (a lock another thread holds stays locked in
    the child), so a process with threads runs the chunks itself, with the same report."""
    import cica_graph.validate as v

    ds = broken(FIXTURES / "invalid" / "shacl" / "place-category-unknown.ru")
    serial = validate(ds, workers=1)

    def no_fork(method: str) -> None:
        raise AssertionError(f"{method}: a process with threads was forked")

    monkeypatch.setattr(v.multiprocessing, "get_context", no_fork)
    monkeypatch.setattr(v, "CHUNK_RECORDS", 3)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not v.single_threaded()
        threaded = validate(ds, workers=2)
    finally:
        stop.set()
        thread.join()
    assert threaded.results == serial.results and not threaded.conforms


def test_rocksdb_threads_make_a_process_multi_threaded(tmp_path: Path) -> None:
    """Why the rule matters here: opening an on-disk store starts RocksDB's background
    threads, which outlive the store; ``threading`` does not see them."""
    nquads = tmp_path / "g.nq"
    nquads.write_text('<http://x/a> <http://x/p> "1" <http://x/g> .\n')
    write_store(nquads, tmp_path / "store")
    script = (
        "import sys, threading; from pathlib import Path; "
        "from cica_graph.store import EmbeddedRepo; from cica_graph.validate import single_threaded; "
        "before = single_threaded(); repo = EmbeddedRepo.open(Path(sys.argv[1])); "
        "print(before, single_threaded(), threading.active_count())"
    )
    args = [sys.executable, "-c", script, str(tmp_path / "store")]
    out = subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    assert out.split() == ["True", "False", "1"]


def test_incremental_validation_applies_nested_shapes_to_values() -> None:
    """``sh:or`` on `start` fires when only the changed record is revalidated."""
    ds = broken(FIXTURES / "invalid" / "shacl" / "start-not-a-date.ru")
    focus = f"{ID}chairmanship/chairmanship-kazakhstan-2020-2024"
    report = validate(ds, changed={focus})
    assert {(r.rule, r.focus) for r in report.violations} == {(SHAPES_NS + "StartProperty", focus)}


def test_shapes_target_only_the_chunks_own_nodes() -> None:
    """Referenced nodes carry their types in a chunk but are not checked (their results
    would be dropped); the chunk's own nodes are targeted through their classes' supers."""
    ds = fixture_dataset()
    hoods = Neighbourhoods.of(asserted_triples(ds))
    ontology = Graph()
    for triple in ds.graph(ONTOLOGY_GRAPH):
        ontology.add(triple)
    baku, azerbaijan = ID["place/baku"], ID["state/azerbaijan"]
    data, focus = hoods.graph([str(baku)])
    assert (azerbaijan, RDF.type, CICA.State) in data  # referenced, with its type
    shapes = Targets.of(Graph().parse(SHAPES), ontology).for_nodes(focus, hoods.types)
    cicash = "https://w3id.org/cica/shapes#"
    assert (URIRef(cicash + "PlaceShape"), SH.targetNode, baku) in shapes
    assert (URIRef(cicash + "EnglishLabelShape"), SH.targetNode, baku) in shapes
    assert not list(shapes.subjects(SH.targetNode, azerbaijan))
    assert not list(shapes.triples((None, SH.targetClass, None)))
