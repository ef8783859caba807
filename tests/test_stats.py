"""Counts: records per kind and per cited source, instances per class, triples per graph."""

from __future__ import annotations

from rdflib import Dataset

from cica_graph.load import Curated
from cica_graph.models import KINDS
from cica_graph.namespaces import CICA
from cica_graph.stats import class_counts, graph_counts, record_coverage
from cica_graph.store import EmbeddedRepo

S000, S001, S002, S003, S004 = (
    "000_fc1504d59b448358.txt",
    "001_e0297087f7da6332.txt",
    "002_9e60f0a7e69153b9.txt",
    "003_4aba305f2201c2ed.txt",
    "004_5b95cf3fe424038c.txt",
)


def row(total: int, **cited: int) -> dict[str, int]:
    files = {"s000": S000, "s001": S001, "s002": S002, "s003": S003, "s004": S004}
    return {"total": total, **{f: cited.get(k, 0) for k, f in files.items()}}


def test_record_coverage(curated: Curated) -> None:
    table = record_coverage(curated)
    assert list(table) == [k.kind for k in KINDS]
    assert table["state"] == row(2, s002=2)
    assert table["organisation"] == row(1, s003=1)
    assert table["chairmanship"] == row(1, s002=1)
    assert table["membership"] == row(0)
    # a record citing one source twice counts once; claims count as citations
    assert table["meeting"]["total"] == 1 and table["meeting"][S001] == 1
    assert table["conflict"] == row(1, s001=1, s002=1)


def test_record_coverage_counts_planned_quotes(curated: Curated) -> None:
    assert record_coverage(curated)["meeting"] == row(1, s001=1, s002=1)


def test_class_counts(repo: EmbeddedRepo) -> None:
    counts = class_counts(repo)
    as_dict = dict(counts)
    assert as_dict[str(CICA.State)] == 2
    assert as_dict[str(CICA.SourceDocument)] == 5
    assert as_dict[str(CICA.Evidence)] == 10
    assert as_dict[str(CICA.Claim)] == 2
    assert as_dict[str(CICA.PlannedOccurrence)] == 1
    # most instances first, then by class IRI
    assert counts == sorted(counts, key=lambda c: (-c[1], c[0]))


def test_graph_counts(repo: EmbeddedRepo, dataset: Dataset) -> None:
    expected = sorted((str(g.identifier), len(g)) for g in dataset.graphs() if len(g))
    assert graph_counts(repo) == expected
