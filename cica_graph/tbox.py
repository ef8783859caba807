"""The ontology compiled into the rules :mod:`cica_graph.rules` applies, refusing any axiom
kind the rules do not implement.

Every triple of the TBox is read. Annotations and declarations are accepted; each logical
axiom kind the rules implement (sub-classes, defined classes of the form ``A and (P some F)``,
sub-properties, inverses, transitive and functional properties, property chains, domains,
ranges, disjoint classes) is compiled; anything else (``owl:unionOf``, cardinalities,
``owl:allValuesFrom``, symmetric properties, keys, ...) raises :class:`UnsupportedAxiom`, so
a new kind of axiom in ``ontology/cica.ttl`` fails the build instead of being ignored.

>>> from rdflib import Graph
>>> tbox = TBox.of(Graph().parse(data='''
...   @prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...   :A a owl:Class . :B a owl:Class ; rdfs:subClassOf :A .
...   :p a owl:ObjectProperty ; owl:inverseOf :q ; rdfs:domain :B .
...   :q a owl:ObjectProperty , owl:TransitiveProperty .''', format="turtle"))
>>> sorted(tbox.supers["http://e/B"])
['http://e/A', 'http://e/B']
>>> sorted(tbox.prop_supers["http://e/p"])
[('http://e/p', False), ('http://e/q', True)]
>>> tbox.transitive
{'http://e/q'}
>>> TBox.of(Graph().parse(data='''@prefix owl: <http://www.w3.org/2002/07/owl#> .
...   <http://e/p> a owl:SymmetricProperty .''', format="turtle"))
Traceback (most recent call last):
...
cica_graph.tbox.UnsupportedAxiom: the reasoning rules do not implement this axiom of the ontology: http://e/p rdf:type owl:SymmetricProperty
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

PropExpr = tuple[str, bool]
T = TypeVar("T", bound=Hashable)
"""A named property, or its inverse when the flag is true."""

ClassExpr = tuple
"""``("class", iri)``, ``("and", [expr, ...])``, ``("some", prop, expr)`` or
``("value", prop, individual)``."""

DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
    OWL.Ontology,
    OWL.TransitiveProperty,
    OWL.FunctionalProperty,
}
"""Objects of ``rdf:type`` the rules understand on a named TBox subject (the last two are
compiled; any other ``rdf:type`` object must be a class of the ontology: an individual)."""

LOGICAL = {OWL, RDFS, RDF}
"""Namespaces whose predicates are axioms (unless they are :data:`ANNOTATIONS`)."""

ANNOTATIONS = {
    RDFS.label,
    RDFS.comment,
    RDFS.seeAlso,
    RDFS.isDefinedBy,
    OWL.versionInfo,
    OWL.versionIRI,
}
"""Predicates of the logical namespaces that are annotations; any other ``owl:``, ``rdfs:`` or
``rdf:`` triple the compiler did not read is an axiom it does not implement."""


class UnsupportedAxiom(Exception):
    """The ontology uses an axiom kind the reasoning rules do not implement."""


def _name(node: Node) -> str:
    prefixes = {str(OWL): "owl:", str(RDFS): "rdfs:", str(RDF): "rdf:"}
    text = str(node)
    for ns, prefix in prefixes.items():
        if text.startswith(ns):
            return prefix + text[len(ns) :]
    return text


def _refuse(s: Node, p: Node, o: Node) -> UnsupportedAxiom:
    return UnsupportedAxiom(
        "the reasoning rules do not implement this axiom of the ontology: "
        f"{_name(s)} {_name(p)} {_name(o)}"
    )


@dataclass
class TBox:
    """What the rules need from the ontology, as plain strings."""

    supers: dict[str, set[str]] = field(default_factory=dict)
    """Class → every named class it is a sub-class of (itself included)."""
    defined: dict[str, ClassExpr] = field(default_factory=dict)
    """Defined class → the expression whose instances it has (the ``⊒`` half)."""
    existential: dict[str, list[tuple[PropExpr, ClassExpr]]] = field(default_factory=dict)
    """Defined class → ``(property, filler)``: each instance has some value of the property
    in the filler (the ``⊑`` half of ``P some F``)."""
    prop_supers: dict[str, set[PropExpr]] = field(default_factory=dict)
    """Object property → every property expression it implies (itself included)."""
    transitive: set[str] = field(default_factory=set)
    functional: set[str] = field(default_factory=set)
    chains: list[tuple[list[PropExpr], str]] = field(default_factory=list)
    domain: dict[str, set[str]] = field(default_factory=dict)
    range: dict[str, set[str]] = field(default_factory=dict)
    disjoint: set[frozenset[str]] = field(default_factory=set)
    individuals: dict[str, set[str]] = field(default_factory=dict)
    """Named individuals of the ontology (roles, statuses) → their classes."""
    object_properties: set[str] = field(default_factory=set)
    annotation_properties: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, graph: Graph) -> TBox:
        return _Compiler(graph).compile()

    def supers_of(self, prop: PropExpr) -> set[PropExpr]:
        """Every property expression ``prop`` implies (an inverse implies the inverses)."""
        name, inverse = prop
        found = self.prop_supers.get(name, {(name, False)})
        return {(q, inv != inverse) for q, inv in found}

    def classes_of(self, classes: set[str]) -> set[str]:
        """``classes`` with every super-class."""
        out = set(classes)
        for c in classes:
            out |= self.supers.get(c, set())
        return out


class _Compiler:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.t = TBox()
        self.used: set[tuple[Node, Node, Node]] = set()

    def use(self, s: Node, p: Node, o: Node) -> None:
        self.used.add((s, p, o))

    def items(self, head: Node) -> list[Node]:
        out = []
        while head != RDF.nil:
            first, rest = self.g.value(head, RDF.first), self.g.value(head, RDF.rest)
            if first is None or rest is None:
                raise _refuse(head, RDF.first, RDF.nil)
            self.use(head, RDF.first, first)
            self.use(head, RDF.rest, rest)
            out.append(first)
            head = rest
        return out

    def prop(self, node: Node) -> PropExpr:
        if isinstance(node, URIRef):
            return (str(node), False)
        inner = self.g.value(node, OWL.inverseOf)
        if isinstance(node, BNode) and isinstance(inner, URIRef):
            self.use(node, OWL.inverseOf, inner)
            return (str(inner), True)
        raise _refuse(node, OWL.inverseOf, inner or RDF.nil)

    def expr(self, node: Node) -> ClassExpr:
        if isinstance(node, URIRef):
            return ("class", str(node))
        for kind in (OWL.Class, OWL.Restriction):
            if (node, RDF.type, kind) in self.g:
                self.use(node, RDF.type, kind)
        parts = list(self.g.predicate_objects(node))
        keys = {p for p, _ in parts} - {RDF.type}
        if keys == {OWL.intersectionOf}:
            head = self.g.value(node, OWL.intersectionOf)
            assert head is not None
            self.use(node, OWL.intersectionOf, head)
            return ("and", [self.expr(x) for x in self.items(head)])
        on = self.g.value(node, OWL.onProperty)
        if on is not None and keys in (
            {OWL.onProperty, OWL.someValuesFrom},
            {OWL.onProperty, OWL.hasValue},
        ):
            self.use(node, OWL.onProperty, on)
            if OWL.someValuesFrom in keys:
                filler = self.g.value(node, OWL.someValuesFrom)
                assert filler is not None
                self.use(node, OWL.someValuesFrom, filler)
                return ("some", self.prop(on), self.expr(filler))
            value = self.g.value(node, OWL.hasValue)
            if isinstance(value, URIRef):
                self.use(node, OWL.hasValue, value)
                return ("value", self.prop(on), str(value))
        p, o = next(((p, o) for p, o in parts if p != RDF.type), (RDF.type, RDF.nil))
        raise _refuse(node, p, o)

    def compile(self) -> TBox:
        g, t = self.g, self.t
        told: dict[str, set[str]] = defaultdict(set)
        prop_edges: dict[PropExpr, set[PropExpr]] = defaultdict(set)
        classes = {str(c) for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
        for s, p, o in g:
            if p == RDF.type and isinstance(s, URIRef):
                if o == OWL.ObjectProperty:
                    t.object_properties.add(str(s))
                elif o == OWL.AnnotationProperty:
                    t.annotation_properties.add(str(s))
                elif o == OWL.TransitiveProperty:
                    t.transitive.add(str(s))
                elif o == OWL.FunctionalProperty:
                    t.functional.add(str(s))
                elif o not in DECLARATIONS:
                    if str(o) not in classes:
                        raise _refuse(s, p, o)
                    t.individuals.setdefault(str(s), set()).add(str(o))
                self.use(s, p, o)
            elif p == RDFS.subClassOf and isinstance(s, URIRef) and isinstance(o, URIRef):
                told[str(s)].add(str(o))
                self.use(s, p, o)
            elif p == OWL.equivalentClass and isinstance(s, URIRef):
                self.use(s, p, o)
                definition = self.expr(o)
                t.defined[str(s)] = definition
                self.necessary(str(s), definition, told)
            elif p == RDFS.subPropertyOf and isinstance(s, URIRef) and isinstance(o, URIRef):
                for inv in (False, True):
                    prop_edges[(str(s), inv)].add((str(o), inv))
                self.use(s, p, o)
            elif p == OWL.inverseOf and isinstance(s, URIRef) and isinstance(o, URIRef):
                for inv in (False, True):
                    prop_edges[(str(s), inv)].add((str(o), not inv))
                    prop_edges[(str(o), inv)].add((str(s), not inv))
                self.use(s, p, o)
            elif p in (RDFS.domain, RDFS.range) and isinstance(s, URIRef):
                if str(s) in t.object_properties or (s, RDF.type, OWL.ObjectProperty) in g:
                    if not isinstance(o, URIRef):
                        raise _refuse(s, p, o)
                    (t.domain if p == RDFS.domain else t.range).setdefault(str(s), set()).add(
                        str(o)
                    )
                self.use(s, p, o)  # domains and ranges of data properties see no data
            elif p == OWL.propertyChainAxiom and isinstance(s, URIRef):
                self.use(s, p, o)
                t.chains.append(([self.prop(x) for x in self.items(o)], str(s)))
            elif p == OWL.disjointWith and isinstance(s, URIRef) and isinstance(o, URIRef):
                t.disjoint.add(frozenset((str(s), str(o))))
                self.use(s, p, o)
            elif p == RDF.type and o == OWL.AllDisjointClasses:
                self.use(s, p, o)
                head = g.value(s, OWL.members)
                assert head is not None
                self.use(s, OWL.members, head)
                members = [str(m) for m in self.items(head)]
                t.disjoint |= {frozenset((a, b)) for a in members for b in members if a != b}
        for s, p, o in g:
            if (s, p, o) in self.used or p in ANNOTATIONS or str(p) in t.annotation_properties:
                continue
            if any(str(p).startswith(str(ns)) for ns in LOGICAL):
                raise _refuse(s, p, o)
        t.supers = _closure(told, set(told) | classes | {c for cs in told.values() for c in cs})
        props = t.object_properties | {p for p, _ in prop_edges}
        t.prop_supers = {p: _reach((p, False), prop_edges) for p in props}
        return t

    def necessary(self, cls: str, definition: ClassExpr, told: dict[str, set[str]]) -> None:
        """What every instance of a defined class has: the named classes of its definition
        and a value of each property it is defined by (whose domain it then gets)."""
        parts = definition[1] if definition[0] == "and" else [definition]
        for part in parts:
            if part[0] == "class":
                told[cls].add(part[1])
            elif part[0] == "some":
                self.t.existential.setdefault(cls, []).append((part[1], part[2]))
            elif part[0] == "value":
                raise UnsupportedAxiom(
                    f"the reasoning rules do not implement a value restriction at the top of "
                    f"the definition of {cls}"
                )


def _reach(start: T, edges: Mapping[T, set[T]]) -> set[T]:
    """``start`` and everything reachable from it along ``edges``.

    >>> sorted(_reach("a", {"a": {"b"}, "b": {"c"}, "d": {"a"}}))
    ['a', 'b', 'c']
    """
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _closure(told: dict[str, set[str]], classes: set[str]) -> dict[str, set[str]]:
    return {c: _reach(c, told) for c in classes}
