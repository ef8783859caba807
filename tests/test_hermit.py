"""HermiT run directly: its printed classification parsed, property values closed under the
property hierarchy it prints (with inverses), and inconsistency reported."""

from __future__ import annotations

from rdflib import Graph

from cica_graph.hermit import entail, parse

OUTPUT = """
SubClassOf( <http://e/B> <http://e/A> )
EquivalentObjectProperties( <http://e/has> ObjectInverseOf( <http://e/of> ) )
SubObjectPropertyOf( <http://e/sub> <http://e/of> )
Type( <http://e/x> <http://e/B> )
<http://e/sub> (known instances: (<http://e/x>, <http://e/y>) | possible instances: )
<http://e/of> (known instances:  | possible instances: )
<http://e/has> (known instances:  | possible instances: )
"""


def test_parse_closes_values_under_the_printed_hierarchy() -> None:
    found = parse(OUTPUT)
    assert found.types["http://e/x"] == {"http://e/B"}
    assert found.subclasses == {("http://e/B", "http://e/A")}
    assert found.edges["http://e/of"] == {("http://e/x", "http://e/y")}
    assert found.edges["http://e/has"] == {("http://e/y", "http://e/x")}


TBOX = """@prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:A a owl:Class . :B a owl:Class . [] a owl:AllDisjointClasses ; owl:members ( :A :B ) .
:p a owl:ObjectProperty ; rdfs:range :B ."""


def test_hermit_entails_and_finds_inconsistency() -> None:
    tbox = Graph().parse(data=TBOX, format="turtle")
    t = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    found = entail(tbox, [("http://e/x", "http://e/p", "http://e/y")])
    assert not isinstance(found, str)
    assert found.types["http://e/y"] == {"http://e/B"}
    verdict = entail(
        tbox, [("http://e/x", "http://e/p", "http://e/y"), ("http://e/y", t, "http://e/A")]
    )
    assert isinstance(verdict, str) and "inconsistent" in verdict
