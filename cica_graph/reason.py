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

import multiprocessing
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cica_graph.namespaces import ID, INFERRED_GRAPH, ONTOLOGY_GRAPH
from cica_graph.validate import chunks, data_graph

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


def _hermit(graph: Graph) -> set[Triple] | str:
    """Run HermiT on ``graph``: every IRI triple it entails, or the reasoner's message if the
    graph is inconsistent."""
    import owlready2

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
            return str(exc).strip()
        return _iri_triples(world.as_rdflib_graph())


def lookback_properties(tbox: Graph) -> set[URIRef]:
    """Properties an inference about their object can follow backwards: both sides of
    ``owl:inverseOf`` (which also marks inverse steps in property chains) and their
    sub-properties."""
    found: set[URIRef] = set()
    for a, b in tbox.subject_objects(OWL.inverseOf):
        for prop in (a, b):
            if isinstance(prop, URIRef):
                found |= {
                    sub
                    for sub in tbox.transitive_subjects(RDFS.subPropertyOf, prop)
                    if isinstance(sub, URIRef)
                }
    return found


@dataclass
class Modules:
    """The entity graph cut into modules a reasoner can check one at a time.

        A module has root entities and holds what an inference about a root can depend on in
        this ontology: the roots' own triples; one triple per property that points at a root (what
    a range says about the root; hubs such as the source documents are pointed at by every
    record); the whole
        record of an entity that points at a root through a property with an inverse (a
        membership names its state with ``org:member``, a holding its person with
        ``cica:holder``: inverses, the defined classes and the ``heldPost`` chain look one step
        back); the chains of transitive properties going out of the roots; the types of every
        node mentioned. Only inferences about the roots are kept, so each entity's inferences
        come from the one module that has it as a root.
    """

    tbox: Graph
    out: dict[URIRef, list[Triple]]
    pointing: dict[URIRef, list[Triple]]
    transitive: set[URIRef]
    lookback: set[URIRef]

    @classmethod
    def of(cls, graph: Graph) -> Modules:
        tbox = Graph()
        out: dict[URIRef, list[Triple]] = defaultdict(list)
        pointing: dict[URIRef, list[Triple]] = defaultdict(list)
        for triple in _iri_triples(graph):
            s, p, o = triple
            if str(s).startswith(str(ID)):
                out[s].append(triple)
                if p != RDF.type:
                    pointing[o].append(triple)
            else:
                tbox.add(triple)
        for other in graph:
            if not all(isinstance(t, URIRef) for t in other):
                tbox.add(other)  # literals and blank nodes are TBox (restrictions, labels)
        transitive: set[URIRef] = set()
        for prop in tbox.subjects(RDF.type, OWL.TransitiveProperty):
            for sub in tbox.transitive_subjects(RDFS.subPropertyOf, prop):
                if isinstance(sub, URIRef):
                    transitive.add(sub)
        return cls(tbox, dict(out), dict(pointing), transitive, lookback_properties(tbox))

    def module(self, roots: Iterable[URIRef]) -> Graph:
        graph = Graph()
        for triple in self.tbox:
            graph.add(triple)
        roots = list(roots)
        subjects = set(roots)
        for root in roots:
            seen: set[URIRef] = set()
            for triple in self.pointing.get(root, ()):
                if triple[1] in self.lookback:
                    subjects.add(triple[0])
                elif triple[1] not in seen:  # one is enough for what a range gives the root
                    seen.add(triple[1])
                    graph.add(triple)
        frontier = list(subjects)
        while frontier:  # transitive chains going out
            node = frontier.pop()
            for _, p, o in self.out.get(node, ()):
                if p in self.transitive and o not in subjects:
                    subjects.add(o)
                    frontier.append(o)
        for subject in subjects:
            for triple in self.out.get(subject, ()):
                graph.add(triple)
        for node in {n for t in list(graph) for n in (t[0], t[2]) if isinstance(n, URIRef)}:
            for triple in self.out.get(node, ()):
                if triple[1] == RDF.type:
                    graph.add(triple)
        return graph


MODULE_ROOTS = 1500
"""Entities per module once the entity graph is cut (HermiT grows faster than linearly with
the individuals it realises; a module's cost does not grow with the graph)."""

CUT_ABOVE = 40000
"""Entity-graph triples above which reasoning is done module by module; below it, HermiT
sees the whole graph at once."""

_MODULES: Modules | None = None
"""What forked reasoning workers inherit."""


def _reason_module(roots: list[URIRef]) -> set[Triple] | str:
    assert _MODULES is not None
    entailed = _hermit(_MODULES.module(roots))
    if isinstance(entailed, str):
        return entailed
    keep = set(roots)
    return {t for t in entailed if t[0] in keep}


def reason(
    ds: Dataset, *, roots_per_module: int | None = None, workers: int | None = None
) -> Inference:
    """Check consistency with HermiT and return the inferred triples.

    Up to :data:`CUT_ABOVE` entity-graph triples (or with ``roots_per_module=0``) HermiT sees
    everything at once; above it, or with ``roots_per_module`` set, it sees one
    :class:`Modules` module at a time, on ``workers`` forked processes (default: one per
    CPU). Raises :class:`InconsistentGraph` with an explanation if the graph is
    inconsistent.
    """
    global _MODULES
    graph = reasoner_input(ds)
    asserted = _iri_triples(graph)
    size = roots_per_module
    if size is None:
        size = MODULE_ROOTS if len(graph) > CUT_ABOVE else 0
    if size:
        _MODULES = Modules.of(graph)
        groups = chunks(sorted(_MODULES.out), size)
        try:
            if (workers or os.cpu_count() or 1) > 1 and len(groups) > 1:
                context = multiprocessing.get_context("fork")
                with context.Pool(min(workers or os.cpu_count() or 1, len(groups))) as pool:
                    parts = pool.map(_reason_module, groups, chunksize=1)
            else:
                parts = [_reason_module(group) for group in groups]
        finally:
            _MODULES = None
    else:
        parts = [_hermit(graph)]
    after: set[Triple] = set()
    for part in parts:
        if isinstance(part, str):
            raise InconsistentGraph(explain(graph), part)
        after |= part
    inferred = {
        t for t in after - asserted if t[2] not in UNINTERESTING and str(t[0]).startswith(str(ID))
    }
    return Inference(inferred)


def add_inferred(ds: Dataset, inference: Inference) -> None:
    """Put the inferred triples into the inferred named graph."""
    graph = ds.graph(INFERRED_GRAPH)
    for triple in inference.triples:
        graph.add(triple)
