"""The ontology compiler: the real ontology compiles, and every axiom kind the rules do not
implement is refused with the axiom named."""

from __future__ import annotations

import pytest
from rdflib import Graph

from cica_graph.namespaces import CICA
from cica_graph.paths import ONTOLOGY
from cica_graph.tbox import TBox, UnsupportedAxiom

PREFIXES = """
@prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:A a owl:Class . :B a owl:Class . :p a owl:ObjectProperty . :q a owl:ObjectProperty .
"""


def compile_(text: str) -> TBox:
    return TBox.of(Graph().parse(data=PREFIXES + text, format="turtle"))


@pytest.fixture(scope="module")
def tbox() -> TBox:
    return TBox.of(Graph().parse(ONTOLOGY))


def test_the_ontology_compiles_into_every_kind_of_rule(tbox: TBox) -> None:
    assert str(CICA.State) in tbox.supers[str(CICA.MemberState)]
    assert set(tbox.defined) >= {str(CICA.MemberState), str(CICA.ChairState)}
    assert tbox.chains == [
        ([(str(CICA.holder), True), (str(CICA.post), False)], str(CICA.heldPost))
    ]
    assert str(CICA.locatedIn) in tbox.transitive
    assert str(CICA.format) in tbox.functional
    assert frozenset((str(CICA.State), str(CICA.Person))) in tbox.disjoint
    assert (str(CICA.chairState), True) in tbox.supers_of((str(CICA.chaired), False))
    assert tbox.individuals[str(CICA.memberRole)] == {"http://www.w3.org/ns/org#Role"}


@pytest.mark.parametrize(
    "axiom",
    [
        ":p a owl:SymmetricProperty .",
        ":p a owl:AsymmetricProperty .",
        ":p a owl:IrreflexiveProperty .",
        ":p a owl:ReflexiveProperty .",
        ":p a owl:InverseFunctionalProperty .",
        ":p owl:equivalentProperty :q .",
        ":p owl:propertyDisjointWith :q .",
        ":A owl:complementOf :B .",
        ":A owl:disjointUnionOf ( :B ) .",
        ":A owl:hasKey ( :p ) .",
        ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:allValuesFrom :B ] .",
        ":A rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :p ; owl:maxCardinality 1 ] .",
        ":A owl:equivalentClass [ a owl:Class ; owl:unionOf ( :A :B ) ] .",
        ":A owl:equivalentClass [ a owl:Class ; owl:oneOf ( :x :y ) ] .",
        ":x owl:sameAs :y .",
        ":x owl:differentFrom :y .",
        ":p rdfs:domain [ a owl:Class ; owl:unionOf ( :A :B ) ] .",
    ],
)
def test_an_axiom_kind_the_rules_do_not_implement_is_refused(axiom: str) -> None:
    with pytest.raises(UnsupportedAxiom, match="do not implement"):
        compile_(axiom)


def test_annotations_and_data_property_ranges_are_accepted() -> None:
    tbox = compile_(
        """:A rdfs:label "a"@en ; rdfs:comment "c" .
        :d a owl:DatatypeProperty ; rdfs:domain :A ; rdfs:range xsd:string ."""
    )
    assert tbox.domain == {}


def test_a_defined_class_keeps_both_halves() -> None:
    tbox = compile_(
        """:C a owl:Class ; owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( :A
            [ a owl:Restriction ; owl:onProperty :p ; owl:someValuesFrom :B ] ) ] ."""
    )
    assert tbox.defined["http://e/C"] == (
        "and",
        [("class", "http://e/A"), ("some", ("http://e/p", False), ("class", "http://e/B"))],
    )
    assert "http://e/A" in tbox.supers["http://e/C"]
    assert tbox.existential["http://e/C"] == [(("http://e/p", False), ("class", "http://e/B"))]
