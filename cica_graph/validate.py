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

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from cica_graph.namespaces import INFERRED_GRAPH, ONTOLOGY_GRAPH
from cica_graph.paths import QUERIES, SHAPES
from cica_graph.queries import discover
from cica_graph.store import EmbeddedRepo

CHECKS = QUERIES / "checks"


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
    for context in ds.graphs():
        if context.identifier in (ONTOLOGY_GRAPH, INFERRED_GRAPH):
            continue
        for triple in context:
            graph.add(triple)
    return graph


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


def affected_nodes(data: Graph, changed: set[str]) -> set[URIRef]:
    """Focus nodes to revalidate when the records ``changed`` (entity IRIs) changed: those
    nodes, their parts (``#evidence-1``, ``#plan-1``, ``#claim-1``) and every node that refers
    to one of them (a class constraint on a reference depends on the target's type)."""
    nodes: set[URIRef] = set()
    for s, _, o in data:
        if not isinstance(s, URIRef):
            continue
        base = str(s).split("#", 1)[0]
        if base in changed or (isinstance(o, URIRef) and str(o).split("#", 1)[0] in changed):
            nodes.add(s)
    return nodes


def validate(
    ds: Dataset,
    shapes: Path = SHAPES,
    checks: Path = CHECKS,
    changed: set[str] | None = None,
) -> Report:
    """Validate the asserted data of ``ds`` against the shapes and the check queries.

    With ``changed`` (entity IRIs of records that changed since a build that conformed), the
    shapes are checked only on the affected focus nodes (:func:`affected_nodes`); the check
    queries always run on the whole graph.
    """
    ontology = Graph()
    for triple in ds.graph(ONTOLOGY_GRAPH):
        ontology.add(triple)
    shacl = Graph().parse(shapes, format="turtle")
    data = data_graph(ds)
    report_graph = Graph()
    focus: list[str | URIRef] | None = None
    if changed is not None:
        focus = sorted(affected_nodes(data, changed))
    if focus is None or focus:
        _, report_graph, _ = shacl_validate(
            data,
            shacl_graph=shacl,
            ont_graph=ontology,
            inference="none",
            allow_warnings=True,
            advanced=False,
            focus_nodes=focus,
        )
    assert isinstance(report_graph, Graph)
    results = _shacl_results(report_graph, shacl)
    results += check_queries(EmbeddedRepo.from_dataset(ds), checks)
    return Report(results=results, graph=report_graph)
