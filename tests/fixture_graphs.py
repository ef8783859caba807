"""Graphs the tests share: the valid fixture dataset, and the same with a SPARQL Update applied
(the negative fixtures under tests/fixtures/invalid/ are updates)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from cica_graph.build import build
from cica_graph.load import load
from cica_graph.paths import DATA

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_dataset() -> Dataset:
    """The dataset built from tests/fixtures/data (with the ontology graph)."""
    return build(load(FIXTURES / "data", DATA))


def broken(update: Path) -> Dataset:
    """The fixture dataset with the update in ``update`` applied by pyoxigraph."""
    store = ox.Store()
    store.load(fixture_dataset().serialize(format="nquads").encode(), format=ox.RdfFormat.N_QUADS)
    store.update(update.read_text(encoding="utf-8"))
    ds = Dataset()
    ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    return ds
