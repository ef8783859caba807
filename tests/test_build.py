"""Build: the fixture data gives exactly the expected named graphs (graph isomorphism), and the
routing of facts by evidence holds."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from cica_graph.build import build, date_literal
from cica_graph.load import load
from cica_graph.namespaces import CICA, ONTOLOGY_GRAPH, entity_iri, source_graph

from fixture_graphs import FIXTURES


@pytest.fixture(scope="module")
def built() -> Dataset:
    return build(load(FIXTURES / "data"), with_ontology=False)


def _graphs(ds: Dataset) -> dict[str, Graph]:
    out = {}
    for context in ds.graphs():
        if len(context):
            g = Graph()
            for t in context:
                g.add(t)
            out[str(context.identifier)] = g
    return out


def test_build_matches_expected_graphs(built: Dataset) -> None:
    expected = Dataset()
    expected.parse(FIXTURES / "expected" / "build.trig", format="trig")
    got, want = _graphs(built), _graphs(expected)
    assert sorted(got) == sorted(want)
    for name in want:
        assert isomorphic(got[name], want[name]), name


def test_scoped_evidence_routes_only_its_fields(built: Dataset) -> None:
    meeting = entity_iri("meeting", "seventh-ministerial-council-meeting")
    slides = built.graph(source_graph("achievements-2020-2024"))
    digest = built.graph(source_graph("digest-2024-q4"))
    assert (meeting, CICA.start, date_literal("2024-12-17")) in digest
    assert (meeting, CICA.start, None) not in slides
    plan = URIRef(f"{meeting}#plan-1")
    assert (plan, CICA.start, date_literal("2024-12-19")) in slides
    assert (plan, RDF.type, CICA.PlannedOccurrence) in slides
    evidence = URIRef(f"{meeting}#evidence-2")
    assert set(digest.objects(evidence, CICA.supportsProperty)) == {CICA.start}


def test_claims_carry_their_source_date(built: Dataset) -> None:
    claim = URIRef(
        f"{entity_iri('conflict', 'conflict-seventh-ministerial-council-meeting-date')}#claim-1"
    )
    slides = built.graph(source_graph("achievements-2020-2024"))
    assert (claim, CICA.sourceDate, Literal("2024-09", datatype=XSD.gYearMonth)) in slides


def test_ontology_graph_is_included_on_request() -> None:
    ds = build(load(FIXTURES / "data"))
    assert len(ds.graph(ONTOLOGY_GRAPH)) > 500


@pytest.mark.parametrize(
    "value,datatype", [("2019", XSD.gYear), ("2024-06", XSD.gYearMonth), ("2024-06-27", XSD.date)]
)
def test_dates_keep_their_precision(value: str, datatype: URIRef) -> None:
    assert date_literal(value).datatype == datatype
