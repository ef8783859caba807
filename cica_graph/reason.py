"""OWL reasoning with owlready2 + HermiT: a consistency check and inferred facts.

The reasoner sees the ontology plus the entity-level data: class memberships and object
property values between entities. Literal values are left out: HermiT supports only the
OWL 2 datatype map, which has no ``xsd:gYear`` / ``xsd:gYearMonth`` (the precision at which
the sources give most dates), and no axiom of the ontology depends on a literal. Evidence,
claim and plan nodes (``#`` IRIs) are left out as well: nothing is inferred about them.

Inferred triples go into their own named graph (``graph/inferred``), so analysts can query
with or without them. owlready2 reads N-Triples, not Turtle, so the input is written as
N-Triples to a temporary file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cica_graph.namespaces import ID, INFERRED_GRAPH, ONTOLOGY_GRAPH
from cica_graph.validate import data_graph

Triple = tuple[URIRef, URIRef, URIRef]

UNINTERESTING = {OWL.Thing, OWL.NamedIndividual, RDFS.Resource}


class InconsistentGraph(Exception):
    """The ontology and the data contradict each other; ``reasons`` says where."""

    def __init__(self, reasons: list[str], detail: str) -> None:
        self.reasons = reasons
        self.detail = detail
        lines = "\n".join(f"- {r}" for r in reasons) or "- (the reasoner gave no further detail)"
        super().__init__(f"the graph is logically inconsistent:\n{lines}\nreasoner: {detail}")


@dataclass
class Inference:
    """What reasoning added: triples that were not asserted."""

    triples: set[Triple]

    def graph(self) -> Graph:
        graph = Graph()
        for triple in sorted(self.triples):
            graph.add(triple)
        return graph


def _is_part(node: object) -> bool:
    """Evidence, claim and plan nodes: ``{base}id/...#part``."""
    return str(node).startswith(str(ID)) and "#" in str(node)


def reasoner_input(ds: Dataset) -> Graph:
    """The TBox plus the entity-level ABox (no literals, no evidence / claim / plan nodes)."""
    graph = Graph()
    for triple in ds.graph(ONTOLOGY_GRAPH):
        graph.add(triple)
    for s, p, o in data_graph(ds):
        if isinstance(o, Literal) or isinstance(s, BNode):
            continue
        if _is_part(s) or _is_part(o):
            continue
        graph.add((s, p, o))
    return graph


def _iri_triples(graph: Iterable[tuple[object, object, object]]) -> set[Triple]:
    out: set[Triple] = set()
    for s, p, o in graph:
        if isinstance(s, URIRef) and isinstance(p, URIRef) and isinstance(o, URIRef):
            out.add((s, p, o))
    return out


def explain(graph: Graph) -> list[str]:
    """Curator-readable reasons for an inconsistency: entities that belong to two classes the
    ontology declares disjoint (directly, or through a property's domain or range)."""
    types: dict[URIRef, set[URIRef]] = {}

    def add(node: object, cls: object) -> None:
        if isinstance(node, URIRef) and isinstance(cls, URIRef) and str(node).startswith(str(ID)):
            types.setdefault(node, set()).add(cls)

    for s, _, o in graph.triples((None, RDF.type, None)):
        add(s, o)
    for prop, dom in graph.subject_objects(RDFS.domain):
        for s, _ in graph.subject_objects(prop):  # type: ignore[arg-type]
            add(s, dom)
    for prop, rng in graph.subject_objects(RDFS.range):
        for _, o in graph.subject_objects(prop):  # type: ignore[arg-type]
            add(o, rng)
    supers: dict[object, set[object]] = {}
    for c in {c for cs in types.values() for c in cs}:
        supers[c] = set(graph.transitive_objects(c, RDFS.subClassOf))
    disjoint: set[frozenset[object]] = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        disjoint.add(frozenset((a, b)))
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        head = graph.value(axiom, OWL.members)
        members = list(graph.items(head)) if head is not None else []
        disjoint |= {frozenset((a, b)) for a in members for b in members if a != b}
    reasons = []
    for node, classes in sorted(types.items()):
        closure = {s for c in classes for s in supers.get(c, {c})}
        for pair in sorted(disjoint, key=sorted):
            if pair <= closure:
                first, second = sorted(str(x).rsplit("#", 1)[-1] for x in pair)
                slug = str(node)[len(str(ID)) :]
                reasons.append(
                    f"{slug} is both a {first} and a {second}, "
                    "which the ontology declares disjoint: check its record and the fields that "
                    "refer to it"
                )
    return reasons


def reason(ds: Dataset) -> Inference:
    """Check consistency with HermiT and return the inferred triples.

    Raises :class:`InconsistentGraph` with an explanation if the graph is inconsistent.
    """
    import owlready2

    graph = reasoner_input(ds)
    asserted = _iri_triples(graph)
    with tempfile.TemporaryDirectory(prefix="cica-reason-") as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with world.get_ontology("https://w3id.org/cica/graph/inferred#"):
                owlready2.sync_reasoner_hermit(
                    world, infer_property_values=True, debug=0, keep_tmp_file=False
                )
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            raise InconsistentGraph(explain(graph), str(exc).strip()) from exc
        after = _iri_triples(world.as_rdflib_graph())
    inferred = {
        t for t in after - asserted if t[2] not in UNINTERESTING and str(t[0]).startswith(str(ID))
    }
    return Inference(inferred)


def add_inferred(ds: Dataset, inference: Inference) -> None:
    """Put the inferred triples into the inferred named graph."""
    graph = ds.graph(INFERRED_GRAPH)
    for triple in inference.triples:
        graph.add(triple)
