"""Counts of the built graph: instances per class, records per kind and per source.

>>> from cica_graph.load import load
>>> from cica_graph.paths import DATA
>>> table = record_coverage(load(DATA))
>>> table["state"]["total"] >= 1
True
"""

from __future__ import annotations

from collections import Counter

from cica_graph.load import Curated, cited_sources
from cica_graph.models import KINDS
from cica_graph.store import Repo

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?n) ?class
"""
GRAPH_COUNTS = """
SELECT ?graph (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } }
GROUP BY ?graph ORDER BY ?graph
"""


def record_coverage(curated: Curated) -> dict[str, dict[str, int]]:
    """For each kind: how many records, and how many cite each source file."""
    table: dict[str, dict[str, int]] = {}
    for kind in KINDS:
        records = curated.records.get(kind.kind, [])
        per_source: Counter[str] = Counter()
        for record in records:
            per_source.update(cited_sources(record))
        row = {"total": len(records)}
        row.update({f: per_source.get(f, 0) for f in sorted(curated.sources)})
        table[kind.kind] = row
    return table


def class_counts(repo: Repo) -> list[tuple[str, int]]:
    return [(r["class"] or "", int(r["n"] or 0)) for r in repo.select(CLASS_COUNTS)]


def graph_counts(repo: Repo) -> list[tuple[str, int]]:
    return [(r["graph"] or "", int(r["n"] or 0)) for r in repo.select(GRAPH_COUNTS)]
