"""Validation: SHACL shapes (pySHACL) plus the check queries in ``queries/checks/``.

pySHACL runs with ``inference="none"`` and the ontology as ``ont_graph``: pySHACL mixes the
ontology into the data graph, so ``sh:class`` follows ``rdfs:subClassOf`` without paying for
RDFS inference (7-9x slower) and without reasoning in the validator. Each
``*-violation.rq`` query must return no rows; every row it returns is a violation.

>>> from cica_graph.load import load
>>> from cica_graph.build import build
>>> from cica_graph.paths import DATA
>>> report = validate(build(load(DATA)))
>>> report.conforms, report.violations
(True, [])
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pyshacl import validate as shacl_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from cica_graph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from cica_graph.paths import QUERIES, SHAPES
from cica_graph.queries import discover
from cica_graph.store import EmbeddedRepo

CHECKS = QUERIES / "checks"

Triple = tuple[Node, Node, Node]
T = TypeVar("T")


@dataclass(frozen=True)
class Result:
    """One validation result: which rule, which node, which property, what to do."""

    severity: str  # Violation, Warning or Info
    rule: str  # the shape (or check query) that fired
    focus: str
    path: str | None
    message: str
    value: str | None = None

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value: {self.value})" if self.value else ""
        return f"[{self.severity}] {self.focus}{where}: {self.message}{value}"


@dataclass
class Report:
    """The outcome of :func:`validate`."""

    results: list[Result] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def text(self) -> str:
        """Readable report, grouped by rule and focus node."""
        if not self.results:
            return "conforms: no violations, no warnings\n"
        grouped: dict[str, dict[str, list[Result]]] = defaultdict(lambda: defaultdict(list))
        for result in self.results:
            grouped[result.rule][result.focus].append(result)
        lines = [f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)"]
        for rule in sorted(grouped):
            lines.append(f"\n{rule}")
            for focus in sorted(grouped[rule]):
                lines.append(f"  {focus}")
                for r in grouped[rule][focus]:
                    where = f"{r.path}: " if r.path else ""
                    value = f" (value: {r.value})" if r.value else ""
                    lines.append(f"    [{r.severity}] {where}{r.message}{value}")
        return "\n".join(lines) + "\n"


def _text(graph: Graph, node: Node, prop: URIRef) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def shape_name(shapes: Graph, shape: Node | None) -> str:
    """A readable name for a shape: its IRI, or for an anonymous property shape the IRI of the
    node shape that holds it."""
    if isinstance(shape, URIRef):
        return str(shape)
    if shape is None:
        return ""
    parents = sorted(str(s) for s in shapes.subjects(SH.property, shape) if isinstance(s, URIRef))
    return parents[0] if parents else str(shape)


def _shacl_results(report: Graph, shapes: Graph) -> list[Result]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = _text(report, node, SH.resultSeverity) or str(SH.Violation)
        shape = shape_name(shapes, report.value(node, SH.sourceShape))
        results.append(
            Result(
                severity=severity.rsplit("#", 1)[-1],
                rule=shape,
                focus=_text(report, node, SH.focusNode) or "",
                path=_text(report, node, SH.resultPath),
                message=_text(report, node, SH.resultMessage) or "",
                value=_text(report, node, SH.value),
            )
        )
    return sorted(results, key=lambda r: (r.rule, r.focus, r.path or "", r.message))


def data_graph(ds: Dataset) -> Graph:
    """The asserted data: every named graph except the ontology and the inferred graph."""
    graph = Graph()
    for triple in asserted_triples(ds):
        graph.add(triple)
    return graph


def asserted_triples(ds: Dataset) -> Iterator[Triple]:
    """Triples of every named graph except the ontology and the inferred graph (a triple
    stated by several sources comes once per source)."""
    for context in ds.graphs():
        if context.identifier not in (ONTOLOGY_GRAPH, INFERRED_GRAPH):
            yield from context  # type: ignore[misc]


def record_of(node: Node) -> str:
    """The record a node belongs to: its IRI without the ``#part``."""
    return str(node).split("#", 1)[0]


@dataclass
class Neighbourhoods:
    """The asserted triples grouped by record, with the ``rdf:type`` triples of every node.

    A record's shapes only look at the record's own nodes (entity, evidence, plans, claims)
    and the classes of the nodes they refer to, so each group of records is validated on its
    own small graph: total work grows linearly with the data.
    """

    by_record: dict[str, set[Triple]]
    types: dict[Node, set[Triple]]

    @classmethod
    def of(cls, triples: Iterable[Triple]) -> Neighbourhoods:
        by_record: dict[str, set[Triple]] = defaultdict(set)
        types: dict[Node, set[Triple]] = defaultdict(set)
        for triple in triples:
            s, p, _ = triple
            by_record[record_of(s)].add(triple)
            if p == RDF.type:
                types[s].add(triple)
        return cls(dict(by_record), dict(types))

    def referrers(self, records: set[str]) -> set[str]:
        """Records with a triple whose object belongs to one of ``records``."""
        return {
            record
            for record, triples in self.by_record.items()
            if any(isinstance(o, URIRef) and record_of(o) in records for _, _, o in triples)
        }

    def graph(self, records: Iterable[str]) -> tuple[Graph, list[URIRef]]:
        """The records' triples plus the types of what they refer to, and their focus nodes."""
        graph = Graph()
        focus: set[URIRef] = set()
        for record in records:
            for triple in self.by_record.get(record, ()):
                graph.add(triple)
                s, _, o = triple
                if isinstance(s, URIRef):
                    focus.add(s)
                for typed in self.types.get(o, ()):
                    graph.add(typed)
        return graph, sorted(focus)


def chunks(items: list[T], size: int) -> list[list[T]]:
    """``items`` in consecutive groups of at most ``size``.

    >>> chunks(["a", "b", "c"], 2)
    [['a', 'b'], ['c']]
    """
    return [items[i : i + size] for i in range(0, len(items), size)]


CHUNK_RECORDS = 400
"""Records validated per pySHACL call: small enough that a call's cost does not depend on
the size of the graph, large enough that the per-call set-up (mixing in the ontology) is
paid rarely."""


@dataclass
class Targets:
    """The shapes with their class targets (``sh:targetClass``) replaced, chunk by chunk, by
    the chunk's own nodes of those classes (``sh:targetNode``).

    A chunk's graph holds the types of the nodes its records refer to, which makes them
    instances of the target classes too: pySHACL would check every referenced node against
    the shapes of its class (and fail it, having only its types), only for the results to be
    dropped. Naming the targets avoids that work and keeps every result about the chunk's
    nodes: the same shapes reach the same nodes, and nested shapes still see every value.
    """

    shapes: Graph
    classes: dict[Node, set[Node]]
    """Shape → its target classes."""
    supers: dict[Node, set[Node]]
    """Class → its super-classes in the ontology (itself included)."""

    @classmethod
    def of(cls, shapes: Graph, ontology: Graph) -> Targets:
        rest = Graph()
        classes: dict[Node, set[Node]] = defaultdict(set)
        for triple in shapes:
            if triple[1] == SH.targetClass:
                classes[triple[0]].add(triple[2])
            else:
                rest.add(triple)
        supers: dict[Node, set[Node]] = {}
        for c in {*ontology.subjects(RDFS.subClassOf), *ontology.objects(None, RDFS.subClassOf)}:
            supers[c] = {x for x in ontology.transitive_objects(c, RDFS.subClassOf) if x}
        return cls(rest, dict(classes), supers)

    def for_nodes(self, nodes: Iterable[Node], types: dict[Node, set[Triple]]) -> Graph:
        """The shapes, targeting those of ``nodes`` that are instances of a target class."""
        graph = Graph()
        for triple in self.shapes:
            graph.add(triple)
        for node in nodes:
            classes: set[Node] = set()
            for _, _, cls in types.get(node, ()):
                classes |= self.supers.get(cls, {cls})
            for shape, targets in self.classes.items():
                if classes & targets:
                    graph.add((shape, SH.targetNode, node))
        return graph


_WORK: tuple[Neighbourhoods, Targets, Graph] | None = None
"""What forked validation workers inherit: the neighbourhoods, the shapes, the ontology."""


def _validate_chunk(records: list[str]) -> list[Triple]:
    """The ``sh:ValidationResult`` descriptions for the focus nodes of ``records``.

    pySHACL validates the whole chunk graph, whose referenced nodes carry only their types
    (they fail shapes they would pass with all their triples), and the results about them
    are dropped. pySHACL's ``focus_nodes`` option is not used: it also filters the value
    nodes of nested shapes (``sh:or``, ``sh:qualifiedValueShape``), which then always
    conform.
    """
    assert _WORK is not None
    hoods, targets, ontology = _WORK
    data, focus = hoods.graph(records)
    _, report, _ = shacl_validate(
        data,
        shacl_graph=targets.for_nodes(focus, hoods.types),
        ont_graph=ontology,
        inference="none",
        allow_warnings=True,
        advanced=False,
    )
    assert isinstance(report, Graph)
    keep = set(focus)
    out: list[Triple] = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.focusNode) in keep:
            out += report.cbd(result)  # type: ignore[arg-type]
    return out


def _results_graph(parts: Iterable[list[Triple]]) -> Graph:
    """One ``sh:ValidationReport`` holding the results of every chunk; it conforms unless a
    result is a violation (warnings do not fail)."""
    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    for triples in parts:
        for triple in triples:
            graph.add(triple)
    for result in list(graph.subjects(RDF.type, SH.ValidationResult)):
        graph.add((report, SH.result, result))
    failed = (None, SH.resultSeverity, SH.Violation) in graph
    graph.add((report, SH.conforms, Literal(not failed)))
    return graph


def _default_signals() -> None:
    """In a forked worker: the default action for SIGTERM, SIGINT and SIGHUP. A fork inherits
    the parent's Python signal handlers (a server in the same process sets some); with them
    the pool's ``terminate()`` could not stop its workers and would wait forever."""
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)


def single_threaded() -> bool:
    """Whether this process runs one thread (native threads included, which ``threading``
    does not see).

    >>> stop = threading.Event()
    >>> thread = threading.Thread(target=stop.wait)
    >>> thread.start()
    >>> single_threaded()
    False
    >>> stop.set(); thread.join()
    """
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return threading.active_count() == 1


def shacl_report(
    hoods: Neighbourhoods, records: list[str], shacl: Graph, ontology: Graph, workers: int
) -> Graph:
    """Validate ``records`` in chunks, in ``workers`` forked processes when there is more
    than one chunk (the chunks are independent; workers inherit the data, nothing is
    pickled but the results). A process with other threads (a server, RocksDB's background
    threads) is never forked: a fork copies only the calling thread, and a lock another
    thread held stays locked in the child forever. There the chunks run one after another."""
    global _WORK
    groups = chunks(sorted(records), CHUNK_RECORDS)
    _WORK = (hoods, Targets.of(shacl, ontology), ontology)
    try:
        if workers > 1 and len(groups) > 1 and single_threaded():
            context = multiprocessing.get_context("fork")
            with context.Pool(min(workers, len(groups)), _default_signals) as pool:
                parts = pool.map(_validate_chunk, groups, chunksize=1)
        else:
            parts = [_validate_chunk(group) for group in groups]
    finally:
        _WORK = None
    return _results_graph(parts)


def check_queries(repo: EmbeddedRepo, root: Path = CHECKS) -> list[Result]:
    """Rows returned by ``*-violation.rq`` queries, one result per row (``?focus``, ``?message``)."""
    results = []
    for name, query in discover(root).items():
        if not name.endswith("-violation"):
            continue
        for row in repo.select(query.text):
            results.append(
                Result(
                    severity="Violation",
                    rule=f"queries/checks/{name}.rq",
                    focus=row.get("focus") or "",
                    path=row.get("path"),
                    message=row.get("message") or query.summary,
                    value=row.get("value"),
                )
            )
    return results


def validate(
    ds: Dataset,
    shapes: Path = SHAPES,
    checks: Path = CHECKS,
    changed: set[str] | None = None,
    workers: int | None = None,
) -> Report:
    """Validate the asserted data of ``ds`` against the shapes and the check queries.

    The shapes are checked record by record (:class:`Neighbourhoods`), in parallel on
    ``workers`` processes (default: one per CPU). With ``changed`` (entity IRIs of records
    that changed since a build that conformed), only those records and the records that
    refer to them are checked; the check queries always run on the whole graph.
    """
    ontology = Graph()
    for triple in ds.graph(ONTOLOGY_GRAPH):
        ontology.add(triple)
    shacl = Graph().parse(shapes, format="turtle")
    hoods = Neighbourhoods.of(asserted_triples(ds))
    records = set(hoods.by_record)
    if changed is not None:
        records = (changed & records) | hoods.referrers(changed)
    report_graph = shacl_report(
        hoods, sorted(records), shacl, ontology, workers or os.cpu_count() or 1
    )
    results = _shacl_results(report_graph, shacl)
    results += check_queries(EmbeddedRepo.from_dataset(ds), checks)
    return Report(results=results, graph=report_graph)
