"""SELECT results written from a list of rows, so that a result can be cut at a row or byte
cap and still be a valid document (pyoxigraph serialises only whole results).

The formats are the SPARQL 1.1 Query Results JSON, XML, CSV and TSV formats.

>>> import pyoxigraph as ox
>>> rows = [{"x": ox.NamedNode("http://a"), "y": ox.Literal("b", language="en")}, {"x": None}]
>>> write_solutions(["x", "y"], rows, "csv").decode().splitlines()
['x,y', 'http://a,b', ',']
>>> write_solutions(["x"], rows[:1], "json")
b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"http://a"}}]}}'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from json.encoder import encode_basestring  # what json.dumps(..., ensure_ascii=False) uses
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
Row = Mapping[str, Any]


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    triple = {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")}
    return {"type": "triple", "value": triple}


def _json_term_text(term: Any) -> str:
    """``json.dumps(_json_term(term), ensure_ascii=False, separators=(",", ":"))``, written
    directly (the serialiser's hot loop: a point lookup spends most of its time here).

    >>> _json_term_text(ox.Literal("Астана", language="ru"))
    '{"type":"literal","value":"Астана","xml:lang":"ru"}'
    """
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + encode_basestring(term.value) + "}"
    if isinstance(term, ox.Literal):
        value = encode_basestring(term.value)
        if term.language:
            return (
                '{"type":"literal","value":'
                + value
                + ',"xml:lang":'
                + (encode_basestring(term.language) + "}")
            )
        datatype = term.datatype.value
        if datatype != XSD_STRING:
            return (
                '{"type":"literal","value":'
                + value
                + ',"datatype":'
                + (encode_basestring(datatype) + "}")
            )
        return '{"type":"literal","value":' + value + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + encode_basestring(term.value) + "}"
    return json.dumps(_json_term(term), ensure_ascii=False, separators=(",", ":"))


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value != XSD_STRING:
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{escape(term.value)}</literal>"
    parts = "".join(
        f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object")
    )
    return f"<triple>{parts}</triple>"


def _csv_cell(term: Any) -> str:
    text = "" if term is None else str(term.value) if hasattr(term, "value") else str(term)
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def header(variables: Sequence[str], fmt: str) -> str:
    """The text before the first row."""
    if fmt == "json":
        return json.dumps({"head": {"vars": list(variables)}}, separators=(",", ":"))[:-1] + (
            ',"results":{"bindings":['
        )
    if fmt == "xml":
        names = "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
        return (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{names}</head><results>"
        )
    if fmt == "tsv":
        return "\t".join(f"?{v}" for v in variables) + "\n"
    return ",".join(variables) + "\r\n"


RowWriter = Callable[[Sequence[Any], bool], str]
"""Writes one row given its values in the order of the variables (``None``: unbound) and
whether it is the first row."""


def row_writer(variables: Sequence[str], fmt: str) -> RowWriter:
    """A function writing rows of ``variables`` in ``fmt``, with the separator each needs
    after the previous one; the same text as :func:`row_text`.

    >>> write = row_writer(["x", "y"], "json")
    >>> write((ox.NamedNode("http://a"), None), True) + write((None, ox.Literal("b")), False)
    '{"x":{"type":"uri","value":"http://a"}},{"y":{"type":"literal","value":"b"}}'
    """
    if fmt != "json":
        names = list(variables)
        return lambda values, first: row_text(
            names, dict(zip(names, values, strict=True)), fmt, first
        )
    keys = [encode_basestring(v) + ":" for v in variables]

    def json_row(values: Sequence[Any], first: bool) -> str:
        cells = [
            key + _json_term_text(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        ]
        return ("{" if first else ",{") + ",".join(cells) + "}"

    return json_row


def row_text(variables: Sequence[str], row: Row, fmt: str, first: bool) -> str:
    """One row, with the separator it needs after the previous one."""
    if fmt == "json":
        bound = {v: _json_term(row[v]) for v in variables if row.get(v) is not None}
        return ("" if first else ",") + json.dumps(bound, ensure_ascii=False, separators=(",", ":"))
    if fmt == "xml":
        cells = "".join(
            f"<binding name={quoteattr(v)}>{_xml_term(row[v])}</binding>"
            for v in variables
            if row.get(v) is not None
        )
        return f"<result>{cells}</result>"
    if fmt == "tsv":
        return "\t".join("" if row.get(v) is None else str(row[v]) for v in variables) + "\n"
    return ",".join(_csv_cell(row.get(v)) for v in variables) + "\r\n"


def footer(fmt: str) -> str:
    return {"json": "]}}", "xml": "</results></sparql>"}.get(fmt, "")


def write_solutions(variables: Sequence[str], rows: Sequence[Row], fmt: str) -> bytes:
    """A whole result document for ``rows``."""
    body = [header(variables, fmt)]
    body += [row_text(variables, row, fmt, i == 0) for i, row in enumerate(rows)]
    body.append(footer(fmt))
    return "".join(body).encode("utf-8")
