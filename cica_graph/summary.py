"""A summary ABox: one representative individual per kind of entity, for HermiT.

Entities with the same asserted classes, the same properties going out (to entities of the
same classes, or to the same ontology individual such as ``cica:memberRole``) and the same
properties coming in (from entities of the same classes) become one summary individual, and
every asserted triple becomes a triple between summary individuals. The map from entities to
summary individuals preserves every assertion, so any model of the summary is a model of
the whole graph: **if HermiT finds the summary consistent, the graph is consistent**
(Dolby et al., "Scalable highly expressive reasoner (SHER)", summarisation).

Merging can make a summary individual have two values of a functional property where no
entity does; the partition is then refined by the (summary) values of functional properties
until no such clash is left.

>>> from rdflib import Graph
>>> from cica_graph.tbox import TBox
>>> tbox = TBox.of(Graph().parse(data='''
...   @prefix : <http://e/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
...   :A a owl:Class . :p a owl:ObjectProperty .''', format="turtle"))
>>> T = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
>>> triples = [(f"http://e/x{i}", T, "http://e/A") for i in range(100)]
>>> triples += [(f"http://e/x{i}", "http://e/p", "http://e/x0") for i in range(1, 100)]
>>> summary = summarise(tbox, triples, lambda node: True)
>>> len(set(summary.node.values())), len(summary.triples)
(2, 3)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from cica_graph.rules import TYPE, Triple, close_edges, split
from cica_graph.tbox import TBox

SUMMARY = "urn:cica:summary:"
"""Prefix of summary individuals."""

ROUNDS = 8
"""Refinements of the partition before giving up on a clash-free summary."""


@dataclass
class Summary:
    triples: list[Triple]
    node: dict[str, str]
    """Entity → its summary individual."""


def _numbered(keys: dict[str, Hashable]) -> dict[str, int]:
    ids: dict[Hashable, int] = {}
    return {node: ids.setdefault(key, len(ids)) for node, key in keys.items()}


def _build(triples: list[Triple], part: dict[str, int]) -> Summary:
    node = {n: f"{SUMMARY}{i}" for n, i in part.items()}
    out = {(node.get(s, s), p, node.get(o, o)) for s, p, o in triples}
    return Summary(sorted(out), node)


def functional_clashes(tbox: TBox, triples: list[Triple]) -> set[str]:
    """Subjects with two values of a functional property in the closure of ``triples``."""
    _, asserted = split(tbox, triples)
    edges = close_edges(tbox, asserted)
    found: set[str] = set()
    for prop in tbox.functional:
        value: dict[str, str] = {}
        for s, o in edges.get(prop, ()):
            if value.setdefault(s, o) != o:
                found.add(s)
    return found


def summarise(tbox: TBox, triples: list[Triple], entity: Callable[[str], bool]) -> Summary:
    """The summary of the asserted IRI ``triples``; ``entity`` says which nodes are entities
    to summarise (the others, the ontology's own individuals, stay as they are)."""
    types: dict[str, set[str]] = defaultdict(set)
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    into: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in triples:
        if p == TYPE:
            types[s].add(o)
        else:
            out[s].append((p, o))
            into[o].append((p, s))
    nodes = {n for n in (*types, *out, *into) if entity(n)}
    kind = {n: frozenset(types.get(n, ())) for n in nodes}

    part = _numbered(
        {
            n: (
                kind[n],
                frozenset((p, "" if o in nodes else o) for p, o in out.get(n, ())),
                frozenset(p for p, _ in into.get(n, ())),
            )
            for n in nodes
        }
    )
    for _ in range(ROUNDS):
        summary = _build(triples, part)
        if not functional_clashes(tbox, summary.triples):
            return summary
        part = _refine(part, out, into, tbox)
    return _build(triples, {n: i for i, n in enumerate(sorted(nodes))})


def _refine(
    part: dict[str, int],
    out: dict[str, list[tuple[str, str]]],
    into: dict[str, list[tuple[str, str]]],
    tbox: TBox,
) -> dict[str, int]:
    """Split each class of the partition by the classes of the values it has of functional
    properties (through sub-properties and inverses)."""
    forward = {
        p
        for p in tbox.prop_supers
        if any(q in tbox.functional and not inv for q, inv in tbox.supers_of((p, False)))
    }
    backward = {
        p
        for p in tbox.prop_supers
        if any(q in tbox.functional and inv for q, inv in tbox.supers_of((p, False)))
    }
    return _numbered(
        {
            n: (
                i,
                frozenset((p, part.get(o, o)) for p, o in out.get(n, ()) if p in forward),
                frozenset((p, part.get(s, s)) for p, s in into.get(n, ()) if p in backward),
            )
            for n, i in part.items()
        }
    )
