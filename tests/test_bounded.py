"""The bounded-query recogniser accepts only one triple pattern with an IRI subject whose
every triple is a row, and refuses everything else, whatever it looks like."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cica_graph.bounded import is_bounded, tokens
from cica_graph.store import EmbeddedRepo

KZ = "<https://w3id.org/cica/id/state/kazakhstan>"
CICA = "PREFIX cica: <https://w3id.org/cica/ontology#> "


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o }}",
        f"SELECT ?p ?o {{ {KZ} ?p ?o . }}",
        f"select * where {{ {KZ} ?p ?o }}",
        f"SELECT ?o ?p WHERE {{ {KZ} ?p ?o }} LIMIT 10",
        f"SELECT $p $o WHERE {{ {KZ} $p $o }}",
        f"SELECT ?type WHERE {{ {KZ} a ?type }}",
        f"{CICA}SELECT ?x WHERE {{ {KZ} cica:memberOf ?x }}",
        f"{CICA}SELECT * WHERE {{ cica:x ?p cica:y }}",
        "PREFIX st: <https://w3id.org/cica/id/state/> SELECT * { st:kazakhstan ?p ?o }",
        f"# a comment {{ ?s ?p ?o }} UNION\nSELECT ?p ?o WHERE {{ {KZ} ?p ?o }} # trailing",
        f"SELECT ?p ?o ?unbound WHERE {{ {KZ} ?p ?o }}",  # an unbound column is still a row each
        f"SELECT * WHERE {{ {KZ} {KZ} {KZ} }}",
        f"SELECT*{{{KZ}?p?o}}",
        "SELECT ?p ?o WHERE { <http://x/é> ?p ?o }",  # IRIs may hold any IRI character
    ],
)
def test_bounded(text: str) -> None:
    assert is_bounded(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?p ?o WHERE { ?s ?p ?o }",  # the subject is a variable
        f"SELECT DISTINCT ?p ?o WHERE {{ {KZ} ?p ?o }}",
        f"SELECT REDUCED ?p ?o WHERE {{ {KZ} ?p ?o }}",
        f"SELECT ?o WHERE {{ {KZ} ?p ?o }}",  # ?p dropped: rows read but not returned
        f"SELECT ?p WHERE {{ {KZ} ?p ?p }}",  # repeated variable: a filter
        f"SELECT ?p ?p WHERE {{ {KZ} ?p ?o }}",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o }} OFFSET 5",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o }} ORDER BY ?p",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o }} LIMIT ?x",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o }} LIMIT 1 LIMIT 2",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o FILTER(true) }}",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o . ?o ?q ?r }}",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o ; ?q ?r }}",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o , ?r }}",
        f"SELECT ?p ?o WHERE {{ {{ {KZ} ?p ?o }} }}",
        f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ {KZ} ?p ?o }} }}",
        f"SELECT ?p ?o FROM <http://example.org/g> WHERE {{ {KZ} ?p ?o }}",
        f"SELECT ?p ?o WHERE {{ SERVICE <http://x/sparql> {{ {KZ} ?p ?o }} }}",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p 'literal' }}",
        f'SELECT ?p WHERE {{ {KZ} ?p "}}" }}',
        f"SELECT ?p ?o WHERE {{ {KZ} ?p 42 }}",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p+ ?o }}",  # a property path
        f"SELECT ?p ?o WHERE {{ {KZ} A ?o }}",  # 'a' is lower case only
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {KZ} ?p ?o }}",
        f"ASK {{ {KZ} ?p ?o }}",
        f"CONSTRUCT WHERE {{ {KZ} ?p ?o }}",
        f"DESCRIBE {KZ}",
        "BASE <http://x/> SELECT ?p ?o WHERE { <s> ?p ?o }",
        f"PREFIX x <http://x/> SELECT ?p ?o WHERE {{ {KZ} ?p ?o }}",
        "SELECT ?p ?o WHERE { _:b ?p ?o }",
        "SELECT ?p ?o WHERE { [] ?p ?o }",
        "SELECT ?p ?o WHERE { <http://x/a b> ?p ?o }",
        "SELECT ?p ?o WHERE { x:é ?p ?o }",  # a non-ASCII name: not this lexer's
        "SELECT ?p ?o WHERE { x:a\\.b ?p ?o }",  # an escape in a local name
        "SELECT ?p ?o WHERE { <http://x/a> ?p ?o }\u00a0",  # not SPARQL white space
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "SELECT ?p ?o WHERE",
        "SELECT",
        "",
        f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o }} }}",
    ],
)
def test_not_bounded(text: str) -> None:
    assert not is_bounded(text)


def test_tokens_tile_the_text() -> None:
    assert tokens("SELECT ?p ?o { <a:s> ?p ?o } # c") is not None
    assert tokens("SELECT ?p ?o { <a:s> ?p ?o } %") is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "SELECT",
                "*",
                "?p",
                "?o",
                "?s",
                "{",
                "}",
                ".",
                "WHERE",
                "LIMIT",
                "3",
                "a",
                KZ,
                "cica:x",
                "DISTINCT",
                "FILTER",
                "(",
                ")",
                ";",
                ",",
                "'x'",
                "PREFIX",
                "cica:",
                "<https://w3id.org/cica/ontology#>",
                "#",
                "\n",
                "OFFSET",
                "UNION",
            ]
        ),
        max_size=14,
    )
)
def test_whatever_it_accepts_reads_one_row_per_triple(words: list[str]) -> None:
    """Any text it accepts, pyoxigraph either rejects or answers with exactly the triples of
    one index range: never more rows than the subject has triples."""
    text = " ".join(words)
    if not is_bounded(text):
        return
    store = REPO.store
    try:
        result = REPO.query(text)
    except ValueError:  # the engine rejects it (an unknown prefix, say): the worker's error
        return
    rows = list(result)
    subject = next(w for w in words if w in (KZ, "cica:x"))
    iri = KZ[1:-1] if subject == KZ else "https://w3id.org/cica/ontology#x"
    triples = list(store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph()))
    assert len(rows) <= len(triples)


REPO = EmbeddedRepo.from_nquads(
    b"<https://w3id.org/cica/id/state/kazakhstan> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    b" <https://w3id.org/cica/ontology#State> <https://w3id.org/cica/graph/x> .\n"
    b"<https://w3id.org/cica/id/state/kazakhstan> <https://w3id.org/cica/ontology#memberOf>"
    b" <https://w3id.org/cica/id/organisation/cica> <https://w3id.org/cica/graph/x> .\n"
)


def test_accepted_queries_run_on_the_store() -> None:
    rows = list(REPO.query(f"SELECT ?p ?o WHERE {{ {KZ} ?p ?o }}"))
    assert len(rows) == 2
