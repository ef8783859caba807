"""The ontology's rules applied set at a time: every class membership and property value the
ontology entails between named entities, and the checks that find an inconsistency.

Property values first (they do not depend on classes in this ontology): sub-properties and
inverses, transitive closure, property chains, repeated until nothing is added. Then classes:
asserted types, domains and ranges, super-classes, defined classes (``A and (P some F)``),
repeated until nothing is added. Each pass is a loop over sets, so the work grows with the
number of triples (times the depth of transitive chains).

>>> from rdflib import Graph
>>> from cica_graph.tbox import TBox
>>> tbox = TBox.of(Graph().parse(data='''
...   @prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
...   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
...   :Place a owl:Class . :in a owl:ObjectProperty , owl:TransitiveProperty ;
...     rdfs:domain :Place ; rdfs:range :Place .''', format="turtle"))
>>> closure = materialise(tbox, [("http://e/a", "http://e/in", "http://e/b"),
...                              ("http://e/b", "http://e/in", "http://e/c")])
>>> sorted(closure.edges["http://e/in"])
[('http://e/a', 'http://e/b'), ('http://e/a', 'http://e/c'), ('http://e/b', 'http://e/c')]
>>> sorted(closure.types["http://e/c"])
['http://e/Place']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib.namespace import OWL, RDF, RDFS

from cica_graph.tbox import ClassExpr, PropExpr, TBox, UnsupportedAxiom

TYPE = str(RDF.type)
NOT_CLASSES = {str(OWL.NamedIndividual), str(OWL.Thing), str(RDFS.Resource)}
"""``rdf:type`` objects that say nothing about an individual."""

Pairs = set[tuple[str, str]]
Triple = tuple[str, str, str]


@dataclass
class Closure:
    """Every entailed property value (per property) and class (per individual)."""

    tbox: TBox
    edges: dict[str, Pairs]
    types: dict[str, set[str]]

    def direct_types(self, node: str) -> set[str]:
        """The most specific classes of ``node`` (what a reasoner reports as its types)."""
        classes = self.types.get(node, set())
        supers = self.tbox.supers
        return {
            c
            for c in classes
            if not any(
                d != c and c in supers.get(d, ()) and d not in supers.get(c, ()) for d in classes
            )
        }


def _pairs(edges: dict[str, Pairs], prop: PropExpr) -> Iterable[tuple[str, str]]:
    name, inverse = prop
    pairs = edges.get(name, set())
    return ((o, s) for s, o in pairs) if inverse else pairs


def _transitive(pairs: Pairs) -> Pairs:
    succ: dict[str, set[str]] = defaultdict(set)
    for s, o in pairs:
        succ[s].add(o)
    out: Pairs = set()
    for start in succ:
        seen: set[str] = set()
        todo = list(succ[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(succ.get(node, ()))
        out |= {(start, o) for o in seen}
    return out


def _chain(edges: dict[str, Pairs], steps: list[PropExpr]) -> Pairs:
    current = set(_pairs(edges, steps[0]))
    for step in steps[1:]:
        succ: dict[str, set[str]] = defaultdict(set)
        for s, o in _pairs(edges, step):
            succ[s].add(o)
        current = {(a, c) for a, b in current for c in succ.get(b, ())}
    return current


def close_edges(tbox: TBox, asserted: dict[str, Pairs]) -> dict[str, Pairs]:
    """Property values under sub-properties, inverses, transitivity and chains."""
    edges = {p: set(pairs) for p, pairs in asserted.items()}
    size = -1
    while size != sum(map(len, edges.values())):
        size = sum(map(len, edges.values()))
        closed: dict[str, Pairs] = defaultdict(set)
        for p, pairs in edges.items():
            for q, inverse in tbox.supers_of((p, False)):
                closed[q] |= {(o, s) for s, o in pairs} if inverse else pairs
        for q in tbox.transitive:
            if q in closed:
                closed[q] = _transitive(closed[q])
        for steps, q in tbox.chains:
            closed[q] |= _chain(closed, steps)
        edges = dict(closed)
    return edges


def _values(expr: ClassExpr) -> list[tuple[PropExpr, str]]:
    """Value restrictions anywhere inside ``expr``."""
    if expr[0] == "value":
        return [(expr[1], expr[2])]
    if expr[0] == "and":
        return [v for part in expr[1] for v in _values(part)]
    if expr[0] == "some":
        return _values(expr[2])
    return []


class _Types:
    def __init__(self, tbox: TBox, edges: dict[str, Pairs]) -> None:
        self.tbox, self.edges = tbox, edges
        self.types: dict[str, set[str]] = defaultdict(set)
        self.members: dict[str, set[str]] = defaultdict(set)
        self._supers: dict[frozenset[str], set[str]] = {}

    def add(self, node: str, classes: set[str]) -> bool:
        key = frozenset(classes)
        closed = self._supers.get(key)
        if closed is None:
            closed = self._supers[key] = self.tbox.classes_of(classes)
        have = self.types[node]
        new = closed - have
        for c in new:
            have.add(c)
            self.members[c].add(node)
        return bool(new)

    def holds_on(self, prop: PropExpr, node: str) -> None:
        """``node`` has a value of ``prop``: the domains of what ``prop`` implies."""
        for q, inverse in self.tbox.supers_of(prop):
            classes = (self.tbox.range if inverse else self.tbox.domain).get(q)
            if classes:
                self.add(node, classes)

    def extension(self, expr: ClassExpr) -> set[str]:
        kind = expr[0]
        if kind == "class":
            return set(self.members.get(expr[1], ()))
        if kind == "and":
            parts = [self.extension(part) for part in expr[1]]
            return set.intersection(*parts) if parts else set()
        if kind == "some":
            filler = self.extension(expr[2])
            return {s for s, o in _pairs(self.edges, expr[1]) if o in filler}
        return {s for s, o in _pairs(self.edges, expr[1]) if o == expr[2]}

    def close(self) -> None:
        """Defined classes and what their instances must have, until nothing is added."""
        size = -1
        while size != sum(map(len, self.types.values())):
            size = sum(map(len, self.types.values()))
            for cls, definition in self.tbox.defined.items():
                for node in self.extension(definition) - self.members.get(cls, set()):
                    self.add(node, {cls})
            for cls, needs in self.tbox.existential.items():
                instances = list(self.members.get(cls, ()))
                for prop, filler in needs:
                    for node in instances:
                        self.holds_on(prop, node)
                    for value_prop, value in _values(filler) if instances else []:
                        self.holds_on((value_prop[0], not value_prop[1]), value)


def split(tbox: TBox, triples: Iterable[Triple]) -> tuple[dict[str, set[str]], dict[str, Pairs]]:
    """Asserted types per individual and property values per property; refuses a property
    between entities that the ontology does not declare an object property."""
    types: dict[str, set[str]] = defaultdict(set)
    edges: dict[str, Pairs] = defaultdict(set)
    for s, p, o in triples:
        if p == TYPE:
            types[s].add(o)
        elif p in tbox.object_properties:
            edges[p].add((s, o))
        elif p in tbox.annotation_properties:
            continue
        elif p in (str(OWL.sameAs), str(OWL.differentFrom)):
            raise UnsupportedAxiom(
                f"owl:{p.rsplit('#', 1)[-1]} links {s} to {o}: the reasoning rules do not "
                "implement equality between entities"
            )
        elif p not in tbox.prop_supers:
            raise UnsupportedAxiom(
                f"{p} links {s} to {o}, but the ontology does not declare it an object property "
                "(the reasoning rules would not know what it means)"
            )
        else:
            edges[p].add((s, o))
    return types, edges


def materialise(tbox: TBox, triples: Iterable[Triple]) -> Closure:
    """The closure of the asserted ``(s, p, o)`` IRI triples under the ontology."""
    asserted_types, asserted_edges = split(tbox, triples)
    edges = close_edges(tbox, asserted_edges)
    given: dict[str, set[str]] = defaultdict(set)
    for node, classes in (*tbox.individuals.items(), *asserted_types.items()):
        given[node] |= classes - NOT_CLASSES
    for p, pairs in edges.items():
        domain, range_ = tbox.domain.get(p), tbox.range.get(p)
        if domain:
            for s, _ in pairs:
                given[s] |= domain
        if range_:
            for _, o in pairs:
                given[o] |= range_
    state = _Types(tbox, edges)
    for node, classes in given.items():
        state.add(node, classes)
    state.close()
    return Closure(tbox, edges, dict(state.types))
