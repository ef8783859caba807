"""Query results as text: a table for people, or a standard format for programs.

>>> import io
>>> from cica_graph.store import EmbeddedRepo
>>> repo = EmbeddedRepo()
>>> out = io.StringIO()
>>> print_result(repo.query("SELECT ?x WHERE { VALUES ?x { 1 2 } }"), "table", out)
>>> print(out.getvalue(), end="")
x
-
1
2
"""

from __future__ import annotations

from typing import IO, Any

import pyoxigraph as ox

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}


def table(result: ox.QuerySolutions) -> str:
    names = [v.value for v in result.variables]
    body = [["" if row[n] is None else str(row[n].value) for n in names] for row in result]
    widths = [max([len(n), *(len(r[i]) for r in body)]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    return "\n".join(lines) + "\n"


def is_graph(result: Any) -> bool:
    """True for CONSTRUCT / DESCRIBE results."""
    return isinstance(result, ox.QueryTriples)


def serialise(result: Any, fmt: str) -> bytes:
    """Serialise a query result in ``fmt`` (a key of RESULT_FORMATS or GRAPH_FORMATS)."""
    if isinstance(result, ox.QueryTriples):
        data = result.serialize(format=GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE))
    else:
        data = result.serialize(format=RESULT_FORMATS.get(fmt, ox.QueryResultsFormat.JSON))
    return data if isinstance(data, bytes) else b""


def print_result(result: Any, fmt: str, out: IO[str]) -> None:
    if isinstance(result, ox.QuerySolutions) and fmt == "table":
        out.write(table(result))
    elif isinstance(result, ox.QueryBoolean) and fmt == "table":
        out.write(f"{'true' if bool(result) else 'false'}\n")
    else:
        out.write(serialise(result, fmt).decode("utf-8"))
