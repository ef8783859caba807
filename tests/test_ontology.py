"""Ontology hygiene: every term has an English label and a definition, the data uses no
undeclared term, and nothing is imported."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cica_graph.build import build
from cica_graph.load import load
from cica_graph.paths import DATA, ONTOLOGY
from cica_graph.validate import data_graph

from fixture_graphs import FIXTURES

ONT = Graph().parse(ONTOLOGY)
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
TERMS = {s for k in KINDS for s in ONT.subjects(RDF.type, k) if isinstance(s, URIRef)}


def test_every_term_has_label_and_definition() -> None:
    missing = [
        str(t)
        for t in TERMS
        if t != OWL.versionInfo
        and not (
            any(getattr(x, "language", None) == "en" for x in ONT.objects(t, RDFS.label))
            and any(True for _ in ONT.objects(t, SKOS.definition))
        )
    ]
    assert missing == []


def _used(graph: Graph) -> set[URIRef]:
    used = {p for _, p, _ in graph if isinstance(p, URIRef)}
    used |= {o for _, _, o in graph.triples((None, RDF.type, None)) if isinstance(o, URIRef)}
    return used


def test_data_uses_no_undeclared_term() -> None:
    builtin = {RDF.type, RDFS.label}  # built into OWL 2
    declared = TERMS | builtin | set(ONT.subjects(RDF.type, OWL.NamedIndividual))
    for data in (FIXTURES / "data", DATA):
        used = _used(data_graph(build(load(data))))
        undeclared = {
            str(u) for u in used - declared if not str(u).startswith(str(SKOS.ConceptScheme))
        }
        assert undeclared == set(), data


def test_no_imports() -> None:
    assert list(ONT.objects(None, OWL.imports)) == []
