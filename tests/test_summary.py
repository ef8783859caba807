"""The summary ABox: a homomorphic image of the data (every triple kept under the map), much
smaller than the data, with no functional property given two values by merging."""

from __future__ import annotations

import pytest
from rdflib import Graph

from cica_graph.build import build
from cica_graph.load import load
from cica_graph.namespaces import ONTOLOGY_GRAPH
from cica_graph.paths import DATA
from cica_graph.reason import _entity_triples, _is_entity
from cica_graph.summary import SUMMARY, functional_clashes, summarise
from cica_graph.tbox import TBox
from cica_graph.validate import asserted_triples


@pytest.fixture(scope="module")
def real() -> tuple[TBox, list[tuple[str, str, str]]]:
    ds = build(load(DATA))
    abox = sorted(set(_entity_triples(asserted_triples(ds))))
    return TBox.of(ds.graph(ONTOLOGY_GRAPH)), abox


def test_every_triple_maps_to_a_summary_triple(real: tuple[TBox, list]) -> None:
    tbox, abox = real
    summary = summarise(tbox, abox, _is_entity)
    image = set(summary.triples)
    for s, p, o in abox:
        assert (summary.node.get(s, s), p, summary.node.get(o, o)) in image
    assert all(t[0].startswith(SUMMARY) for t in summary.triples)


def test_the_summary_is_smaller_and_keeps_ontology_individuals(real: tuple[TBox, list]) -> None:
    tbox, abox = real
    summary = summarise(tbox, abox, _is_entity)
    entities = {n for t in abox for n in (t[0], t[2]) if _is_entity(n)}
    assert len(set(summary.node.values())) < len(entities) / 2
    assert any(o == "https://w3id.org/cica/ontology#memberRole" for _, _, o in summary.triples)


def test_merging_never_gives_a_functional_property_two_values(real: tuple[TBox, list]) -> None:
    tbox, abox = real
    assert functional_clashes(tbox, summarise(tbox, abox, _is_entity).triples) == set()


def test_the_partition_is_refined_where_merging_would_clash() -> None:
    tbox = TBox.of(
        Graph().parse(
            data="""@prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
            :A a owl:Class . :B a owl:Class . :C a owl:Class .
            :f a owl:ObjectProperty , owl:FunctionalProperty .""",
            format="turtle",
        )
    )
    t = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    triples = [
        ("http://e/x1", t, "http://e/A"),
        ("http://e/x2", t, "http://e/A"),
        ("http://e/y1", t, "http://e/B"),
        ("http://e/y2", t, "http://e/C"),
        ("http://e/x1", "http://e/f", "http://e/y1"),
        ("http://e/x2", "http://e/f", "http://e/y2"),
    ]
    summary = summarise(tbox, triples, lambda n: True)
    assert summary.node["http://e/x1"] != summary.node["http://e/x2"]
    assert functional_clashes(tbox, summary.triples) == set()
