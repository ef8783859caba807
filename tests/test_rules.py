"""The rules, one at a time, on small graphs; and the real graph's closure is what the
ontology says."""

from __future__ import annotations

import pytest
from rdflib import Graph

from cica_graph.rules import TYPE, materialise
from cica_graph.tbox import TBox, UnsupportedAxiom

E = "http://e/"
TBOX = TBox.of(
    Graph().parse(
        data="""
@prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:Agent a owl:Class . :State a owl:Class ; rdfs:subClassOf :Agent .
:Membership a owl:Class . :Role a owl:Class . :member-role a :Role , owl:NamedIndividual .
:Member a owl:Class ; owl:equivalentClass [ a owl:Class ; owl:intersectionOf ( :State
    [ a owl:Restriction ; owl:onProperty :hasMembership ;
      owl:someValuesFrom [ a owl:Restriction ; owl:onProperty :role ; owl:hasValue :member-role ] ] ) ] .
:member a owl:ObjectProperty ; rdfs:domain :Membership ; rdfs:range :Agent .
:hasMembership a owl:ObjectProperty ; owl:inverseOf :member .
:role a owl:ObjectProperty .
:holder a owl:ObjectProperty . :post a owl:ObjectProperty . :holds a owl:ObjectProperty .
:heldPost a owl:ObjectProperty ; rdfs:subPropertyOf :holds ;
    owl:propertyChainAxiom ( [ owl:inverseOf :holder ] :post ) .
:sub a owl:ObjectProperty ; rdfs:subPropertyOf :part .
:part a owl:ObjectProperty , owl:TransitiveProperty .
""",
        format="turtle",
    )
)


def e(name: str) -> str:
    return E + name


def test_inverse_and_defined_class_with_a_value() -> None:
    closure = materialise(
        TBOX,
        [
            (e("m"), e("member"), e("kuwait")),
            (e("m"), e("role"), e("member-role")),
            (e("kuwait"), TYPE, e("State")),
        ],
    )
    assert (e("kuwait"), e("m")) in closure.edges[e("hasMembership")]
    assert closure.direct_types(e("kuwait")) == {e("Member")}
    assert closure.types[e("m")] == {e("Membership")}


def test_the_defined_class_needs_every_part() -> None:
    closure = materialise(
        TBOX,
        [(e("m"), e("member"), e("acme")), (e("m"), e("role"), e("member-role"))],
    )
    assert closure.direct_types(e("acme")) == {e("Agent")}  # not a State, so not a Member


def test_a_member_asserted_gets_what_its_definition_implies() -> None:
    closure = materialise(TBOX, [(e("x"), TYPE, e("Member"))])
    assert closure.types[e("x")] == {e("Member"), e("State"), e("Agent")}


def test_chain_then_super_property() -> None:
    closure = materialise(TBOX, [(e("h"), e("holder"), e("ann")), (e("h"), e("post"), e("chair"))])
    assert closure.edges[e("heldPost")] == {(e("ann"), e("chair"))}
    assert closure.edges[e("holds")] == {(e("ann"), e("chair"))}


def test_transitive_through_a_sub_property() -> None:
    closure = materialise(TBOX, [(e("a"), e("sub"), e("b")), (e("b"), e("sub"), e("c"))])
    assert closure.edges[e("part")] == {(e("a"), e("b")), (e("b"), e("c")), (e("a"), e("c"))}
    assert closure.edges[e("sub")] == {(e("a"), e("b")), (e("b"), e("c"))}


def test_a_property_the_ontology_does_not_declare_is_refused() -> None:
    with pytest.raises(UnsupportedAxiom, match="does not declare it an object property"):
        materialise(TBOX, [(e("a"), e("unknown"), e("b"))])
