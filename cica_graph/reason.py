"""Reasoning: a consistency check and the inferred facts, kept in their own named graph.

The reasoner sees the ontology plus the entity-level data: class memberships and object
property values between entities. Literal values are left out (HermiT supports only the OWL 2
datatype map, which has no ``xsd:gYear`` / ``xsd:gYearMonth``, and no axiom of the ontology
depends on a literal), and so are evidence, claim and plan nodes (``#`` IRIs): nothing is
inferred about them.

How (decision 8):

- :mod:`cica_graph.rules` computes what the ontology entails, set at a time, on the whole
  graph: the direct classes of every entity and every object-property value between
  entities. :mod:`cica_graph.tbox` refuses an ontology with an axiom kind the rules do not
  implement.
- The rules check what makes this ontology inconsistent (an entity in two disjoint classes)
  and refuse a functional property with two values.
- HermiT checks the ontology with a :mod:`cica_graph.summary` of the data (one individual per
  kind of entity): if the summary is consistent, so is the graph. On the summary, the rules
  and HermiT must infer exactly the same, or the build stops: a rule missing for a new axiom
  cannot go unnoticed.

``method="hermit"`` runs HermiT on the whole graph instead (slow above ~50k triples; the
tests compare the two methods).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, Literal, URIRef

from cica_graph import hermit
from cica_graph.namespaces import ID, INFERRED_GRAPH, ONTOLOGY_GRAPH
from cica_graph.rules import TYPE, Closure, materialise
from cica_graph.summary import SUMMARY, summarise
from cica_graph.tbox import TBox
from cica_graph.validate import asserted_triples

Triple = tuple[URIRef, URIRef, URIRef]
StrTriple = tuple[str, str, str]

UNINTERESTING = {
    "http://www.w3.org/2002/07/owl#Thing",
    "http://www.w3.org/2002/07/owl#NamedIndividual",
    "http://www.w3.org/2000/01/rdf-schema#Resource",
}


class InconsistentGraph(Exception):
    """The ontology and the data contradict each other; ``reasons`` says where."""

    def __init__(self, reasons: list[str], detail: str) -> None:
        self.reasons = reasons
        self.detail = detail
        lines = "\n".join(f"- {r}" for r in reasons) or "- (the reasoner gave no further detail)"
        super().__init__(f"the graph is logically inconsistent:\n{lines}\nreasoner: {detail}")


class RulesDisagree(Exception):
    """The rules and HermiT infer different things from the same summary: the ontology has
    something the rules do not implement."""


@dataclass
class Inference:
    """What reasoning added: triples that were not asserted."""

    triples: set[Triple]

    def graph(self) -> Graph:
        graph = Graph()
        for triple in sorted(self.triples):
            graph.add(triple)
        return graph


def _is_entity(node: str) -> bool:
    return node.startswith(str(ID))


def _entity_triples(triples: Iterable[tuple[object, object, object]]) -> Iterator[StrTriple]:
    """IRI triples between entities (no literals, blank nodes, evidence / claim / plan nodes)."""
    for s, p, o in triples:
        if isinstance(o, Literal) or isinstance(s, BNode) or isinstance(o, BNode):
            continue
        subject, obj = str(s), str(o)
        if ("#" in subject and _is_entity(subject)) or ("#" in obj and _is_entity(obj)):
            continue
        yield (subject, str(p), obj)


def reasoner_input(ds: Dataset) -> Graph:
    """The TBox plus the entity-level ABox, as one graph (what HermiT reads)."""
    graph = Graph()
    for triple in ds.graph(ONTOLOGY_GRAPH):
        graph.add(triple)
    for s, p, o in _entity_triples(asserted_triples(ds)):
        graph.add((URIRef(s), URIRef(p), URIRef(o)))
    return graph


def project(
    types: dict[str, set[str]],
    edges: dict[str, set[tuple[str, str]]],
    properties: set[str],
    asserted: set[StrTriple],
    keep: Iterable[str] | None = None,
) -> set[StrTriple]:
    """The inferred triples: direct types and object-property values of the kept subjects
    (default: entities) that are not asserted."""
    wanted = set(keep) if keep is not None else None

    def kept(node: str) -> bool:
        return node in wanted if wanted is not None else _is_entity(node)

    out = {
        (x, TYPE, c)
        for x, classes in types.items()
        if kept(x)
        for c in classes
        if c not in UNINTERESTING
    }
    for prop in properties & set(edges):
        out |= {(s, prop, o) for s, o in edges[prop] if kept(s)}
    return out - asserted


def _of_closure(
    closure: Closure, asserted: set[StrTriple], keep: Iterable[str] | None = None
) -> set[StrTriple]:
    direct = {x: closure.direct_types(x) for x in closure.types}
    return project(direct, closure.edges, closure.tbox.object_properties, asserted, keep)


def clashes(closure: Closure) -> list[str]:
    """Curator-readable reasons the closure is inconsistent (or refused): entities in two
    classes the ontology declares disjoint, directly or through a property's domain or range,
    and functional properties with two values."""
    tbox = closure.tbox
    disjoint_classes = {c for pair in tbox.disjoint for c in pair}
    reasons = []
    for node in sorted(n for n in closure.types if _is_entity(n)):
        found = closure.types[node] & disjoint_classes
        for pair in sorted((p for p in tbox.disjoint if p <= found), key=sorted):
            first, second = sorted(c.rsplit("#", 1)[-1] for c in pair)
            reasons.append(
                f"{node[len(str(ID)) :]} is both a {first} and a {second}, "
                "which the ontology declares disjoint: check its record and the fields that "
                "refer to it"
            )
    for prop in sorted(tbox.functional):
        values: dict[str, set[str]] = {}
        for s, o in closure.edges.get(prop, ()):
            values.setdefault(s, set()).add(o)
        for node, objects in sorted(values.items()):
            if len(objects) > 1 and _is_entity(node):
                names = ", ".join(
                    o[len(str(ID)) :] if _is_entity(o) else o for o in sorted(objects)
                )
                reasons.append(
                    f"{node[len(str(ID)) :]} has {len(objects)} values of "
                    f"{prop.rsplit('#', 1)[-1]} ({names}), which the ontology allows only one "
                    "of: check its record"
                )
    return reasons


def _hermit_on_summary(tbox_graph: Graph, tbox: TBox, abox: list[StrTriple]) -> str | None:
    """HermiT's verdict on the summary (``None``: consistent), after checking that the rules
    infer on the summary exactly what HermiT does."""
    summary = summarise(tbox, abox, _is_entity)
    found = hermit.entail(tbox_graph, summary.triples)
    closure = materialise(tbox, summary.triples)
    if isinstance(found, str):
        if not clashes(closure):
            raise RulesDisagree(f"HermiT finds the summary inconsistent, the rules do not: {found}")
        return found
    nodes = set(summary.node.values())
    asserted = set(summary.triples)
    ours = _of_closure(closure, asserted, nodes)
    theirs = project(found.types, found.edges, tbox.object_properties, asserted, nodes)
    missing = [(a, b) for a, b in found.subclasses if b not in tbox.supers.get(a, {b})]
    if ours != theirs or missing:
        sample = sorted(theirs - ours)[:5], sorted(ours - theirs)[:5], missing[:5]
        raise RulesDisagree(
            "the rules and HermiT infer different things from the summary of the data "
            "(an axiom of the ontology the rules do not implement?): only HermiT: "
            f"{sample[0]}; only the rules: {sample[1]}; sub-classes the rules miss: {sample[2]}"
        )
    return None


def reason(ds: Dataset, *, method: str = "rules") -> Inference:
    """Check consistency and return the inferred triples (``method``: ``"rules"`` or
    ``"hermit"``). Raises :class:`InconsistentGraph` with an explanation if the graph is
    inconsistent, :class:`cica_graph.tbox.UnsupportedAxiom` if the ontology has an axiom the
    rules do not implement.

    The cyclic garbage collector is paused meanwhile: the rules allocate hundreds of
    thousands of tuples and sets that form no cycles, and its passes over them cost a third
    of the time at x100.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _reason(ds, method)
    finally:
        if paused:
            gc.enable()


def _reason(ds: Dataset, method: str) -> Inference:
    tbox_graph = ds.graph(ONTOLOGY_GRAPH)
    tbox = TBox.of(tbox_graph)
    abox = sorted(set(_entity_triples(asserted_triples(ds))))
    asserted = set(abox)
    closure = materialise(tbox, abox)
    reasons = clashes(closure)
    if method == "hermit":
        found = hermit.entail(tbox_graph, abox)
        if isinstance(found, str):
            raise InconsistentGraph(reasons, found)
        triples = project(found.types, found.edges, tbox.object_properties, asserted)
    else:
        if reasons:
            raise InconsistentGraph(reasons, "found by the rules")
        verdict = _hermit_on_summary(tbox_graph, tbox, abox)
        if verdict is not None:  # the summary merged what the graph keeps apart
            found = hermit.entail(tbox_graph, abox)
            if isinstance(found, str):
                raise InconsistentGraph(reasons, found)
        triples = _of_closure(closure, asserted)
    return Inference({(URIRef(s), URIRef(p), URIRef(o)) for s, p, o in triples})


def add_inferred(ds: Dataset, inference: Inference) -> None:
    """Put the inferred triples into the inferred named graph."""
    graph = ds.graph(INFERRED_GRAPH)
    for triple in inference.triples:
        graph.add(triple)


__all__ = ["SUMMARY", "InconsistentGraph", "Inference", "RulesDisagree", "reason"]
