"""The embedded repository: the default graph is the union of the named graphs (each triple
once), default-graph-uri and named-graph-uri restrict the dataset, prefixes are predeclared,
values are bound as terms, and parser errors become QueryError."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from cica_graph.store import EmbeddedRepo, QueryError, term_text, to_term

XSD = "http://www.w3.org/2001/XMLSchema#"
A, B = "https://w3id.org/cica/id/state/a", "https://w3id.org/cica/id/state/b"
G1, G2 = "https://w3id.org/cica/graph/source/one", "https://w3id.org/cica/graph/source/two"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
STATE = "https://w3id.org/cica/ontology#State"
NQUADS = f"""
<{A}> <{LABEL}> "A"@en <{G1}> .
<{A}> <{LABEL}> "A"@en <{G2}> .
<{A}> <{TYPE}> <{STATE}> <{G1}> .
<{B}> <{LABEL}> "B"@en <{G2}> .
""".encode()


@pytest.fixture(scope="module")
def small() -> EmbeddedRepo:
    return EmbeddedRepo.from_nquads(NQUADS)


def test_default_graph_is_the_union_with_each_triple_once(small: EmbeddedRepo) -> None:
    rows = small.select("SELECT ?s ?l WHERE { ?s rdfs:label ?l } ORDER BY ?l")
    assert rows == [{"s": A, "l": "A"}, {"s": B, "l": "B"}]
    assert small.triple_count() == 3
    assert small.graphs() == [G1, G2]


def test_named_graphs_keep_their_own_triples(small: EmbeddedRepo) -> None:
    rows = small.select("SELECT ?g WHERE { GRAPH ?g { ?s rdfs:label 'A'@en } } ORDER BY ?g")
    assert [r["g"] for r in rows] == [G1, G2]


def test_default_graphs_restrict_the_default_graph(small: EmbeddedRepo) -> None:
    query = "SELECT ?s WHERE { ?s rdfs:label 'B'@en }"
    assert [term_text(r["s"]) for r in small.query(query, default_graphs=[G2])] == [B]
    assert list(small.query(query, default_graphs=[G1])) == []
    both = small.query("SELECT ?s WHERE { ?s ?p ?o }", default_graphs=[G1, G2])
    assert len(list(both)) == 4  # a merge of the two graphs, not the materialised union


def test_named_graphs_restrict_graph_patterns(small: EmbeddedRepo) -> None:
    result = small.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[G2])
    assert [term_text(r["g"]) for r in result] == [G2]


def test_prefixes_are_predeclared(small: EmbeddedRepo) -> None:
    assert small.select("SELECT ?s WHERE { ?s a cica:State }") == [{"s": A}]
    assert small.ask("ASK { state:a rdfs:label 'A'@en }")
    assert not small.ask("ASK { state:b a cica:State }")


def test_bindings_are_terms_not_text(small: EmbeddedRepo) -> None:
    query = "SELECT ?s ?l WHERE { ?s rdfs:label ?l }"
    rows = small.select(query, {"s": ox.NamedNode(B)})
    assert rows == [{"s": B, "l": "B"}]
    # a string that looks like SPARQL stays a string
    assert small.select(query, {"l": "'B'@en } UNION { ?s ?p ?l"}) == []


@pytest.mark.parametrize(
    "value,lexical,datatype",
    [
        (True, "true", XSD + "boolean"),  # not an integer, although True == 1
        (False, "false", XSD + "boolean"),
        (7, "7", XSD + "integer"),
        ("kazakhstan", "kazakhstan", XSD + "string"),
    ],
)
def test_to_term(value: object, lexical: str, datatype: str) -> None:
    term = to_term(value)
    assert (term.value, term.datatype.value) == (lexical, datatype)


def test_to_term_keeps_terms() -> None:
    for term in (ox.NamedNode(A), ox.Literal("x", language="en"), ox.BlankNode("b")):
        assert to_term(term) is term


def test_term_text() -> None:
    assert term_text(None) is None
    assert term_text(ox.NamedNode(A)) == A
    assert term_text(ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))) == "7"


def test_syntax_errors_become_query_errors(small: EmbeddedRepo) -> None:
    with pytest.raises(QueryError) as caught:
        small.query("SELECT ?s WHERE { ?s")
    with pytest.raises(SyntaxError) as direct:
        ox.Store().query("SELECT ?s WHERE { ?s")
    assert str(caught.value) == str(direct.value)
    with pytest.raises(QueryError):
        small.select("SELECT ?s WHERE { ?s undeclared:p ?o }")


def test_loading_from_a_dataset_and_from_the_dump_agree(
    repo: EmbeddedRepo, dataset: Dataset, dist: Path
) -> None:
    from_file = EmbeddedRepo.from_file(dist / "cica.nq")
    assert from_file.triple_count() == repo.triple_count()
    assert from_file.graphs() == repo.graphs()
    named = [q for q in from_file.quads() if not isinstance(q.graph_name, ox.DefaultGraph)]
    assert len(named) == sum(1 for _ in dataset.quads((None, None, None, None)))
