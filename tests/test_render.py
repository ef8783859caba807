"""Rendering query results: the text table, and the standard result and RDF formats."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Literal, URIRef

from cica_graph.render import GRAPH_FORMATS, is_graph, print_result, serialise, table
from cica_graph.store import EmbeddedRepo

A = "https://w3id.org/cica/id/state/a"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SELECT = "SELECT ?name ?n WHERE { VALUES (?name ?n) { ('Kazakhstan' 1) ('Baku' UNDEF) } }"
CONSTRUCT = f"CONSTRUCT {{ <{A}> <{LABEL}> 'Ä'@en }} WHERE {{}}"
RDFLIB = {
    "ttl": "turtle",
    "nt": "nt",
    "jsonld": "json-ld",
    "xml": "xml",
    "rdfxml": "xml",
    "trig": "trig",
    "nq": "nquads",
}


@pytest.fixture
def empty() -> EmbeddedRepo:
    return EmbeddedRepo()


def test_table_pads_columns_and_leaves_unbound_empty(empty: EmbeddedRepo) -> None:
    assert table(empty.query(SELECT)) == ("name        n\n----------  -\nKazakhstan  1\nBaku\n")


def test_select_formats(empty: EmbeddedRepo) -> None:
    as_json = json.loads(serialise(empty.query(SELECT), "json"))
    assert as_json["head"]["vars"] == ["name", "n"]
    assert as_json["results"]["bindings"][1] == {"name": {"type": "literal", "value": "Baku"}}
    rows = list(csv.reader(io.StringIO(serialise(empty.query(SELECT), "csv").decode())))
    assert rows == [["name", "n"], ["Kazakhstan", "1"], ["Baku", ""]]
    tsv = serialise(empty.query(SELECT), "tsv").decode().splitlines()
    assert tsv == ["?name\t?n", '"Kazakhstan"\t1', '"Baku"\t']
    root = ET.fromstring(serialise(empty.query(SELECT), "xml"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert [v.get("name") for v in root.iter(f"{ns}variable")] == ["name", "n"]
    assert len(list(root.iter(f"{ns}result"))) == 2


def test_unknown_result_format_falls_back_to_json(empty: EmbeddedRepo) -> None:
    assert json.loads(serialise(empty.query("ASK {}"), "table")) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("fmt", sorted(GRAPH_FORMATS))
def test_graph_formats_parse_back(empty: EmbeddedRepo, fmt: str) -> None:
    data = serialise(empty.query(CONSTRUCT), fmt)
    graph = Graph().parse(data=data, format=RDFLIB[fmt])
    assert set(graph) == {(URIRef(A), URIRef(LABEL), Literal("Ä", lang="en"))}


def test_is_graph(empty: EmbeddedRepo) -> None:
    assert is_graph(empty.query(CONSTRUCT))
    assert not is_graph(empty.query(SELECT))
    assert not is_graph(empty.query("ASK {}"))


def test_print_result(empty: EmbeddedRepo) -> None:
    out = io.StringIO()
    print_result(empty.query("ASK { ?s ?p ?o }"), "table", out)
    print_result(empty.query("ASK {}"), "table", out)
    print_result(empty.query(SELECT), "csv", out)
    assert out.getvalue() == "false\ntrue\nname,n\r\nKazakhstan,1\r\nBaku,\r\n"
    # a graph has no table: it prints as Turtle
    turtle = io.StringIO()
    print_result(empty.query(CONSTRUCT), "table", turtle)
    assert len(Graph().parse(data=turtle.getvalue(), format="turtle")) == 1
