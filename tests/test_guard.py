"""The read-only guard refuses updates, SERVICE and LOAD, and only those: keywords inside
comments, strings, IRIs, prefixed names and variables do not count."""

from __future__ import annotations

import re

import pytest

from cica_graph.guard import ForbiddenQuery, check_read_only, keywords, query_form


@pytest.mark.parametrize(
    "text,message",
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT is an update operation"),
        ("insert data { <a:b> <a:c> <a:d> }", "INSERT is an update operation"),
        ("PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }", "DELETE is an update operation"),
        ("DELETE DATA { <a:b> <a:c> <a:d> }", "DELETE is an update operation"),
        ("WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH is an update"),
        ("CLEAR ALL", "CLEAR is an update operation"),
        ("DROP GRAPH <http://x/g>", "DROP is an update operation"),
        ("CREATE GRAPH <http://x/g>", "CREATE is an update operation"),
        ("ADD <http://x/a> TO <http://x/b>", "ADD is an update operation"),
        ("MOVE DEFAULT TO <http://x/b>", "MOVE is an update operation"),
        ("COPY DEFAULT TO <http://x/b>", "COPY is an update operation"),
        ("LOAD <http://x/data.ttl>", "LOAD is an update operation"),
        ("# comment\nLOAD <http://x/data.ttl> INTO GRAPH <http://x/g>", "LOAD is an update"),
        ("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }", "SERVICE (federated query)"),
        ("select * where { service silent <http://x/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("ASK { SERVICE<http://x/sparql>{ ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_refused(text: str, message: str) -> None:
    with pytest.raises(ForbiddenQuery, match=re.escape(message)):
        check_read_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE and DROP' }",
        'SELECT * WHERE { ?s ?p "LOAD \\" INSERT" }',
        "SELECT * WHERE { ?s ?p '''multi\nline DELETE\n''' }",
        "# INSERT this later\nASK { ?s ?p ?o }",
        "SELECT ?service ?load WHERE { ?service <http://x/drop> ?load }",
        "SELECT $insert WHERE { ?s ?p $insert }",
        "PREFIX delete: <http://x/> SELECT * WHERE { ?s delete:insert ?o }",
        "PREFIX x: <http://x/> SELECT * WHERE { ?s x:SERVICE ?o }",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DESCRIBE <http://x/LOAD>",
    ],
)
def test_allowed(text: str) -> None:
    assert check_read_only(text) is None


def test_keywords_skip_comments_strings_iris_names_and_variables() -> None:
    text = (
        "PREFIX a: <http://x/SELECT/> # DROP\n"
        'SELECT ?drop WHERE { ?s a:load \'INSERT\' ; <http://x/y> """CLEAR""" } LIMIT 1'
    )
    assert keywords(text) == ["PREFIX", "SELECT", "WHERE", "LIMIT"]


@pytest.mark.parametrize(
    "text,form",
    [
        ("SELECT * {}", "SELECT"),
        ("ask {}", "ASK"),
        ("PREFIX s: <http://x/> CONSTRUCT WHERE { ?a ?b ?c }", "CONSTRUCT"),
        ("DESCRIBE <http://x/>", "DESCRIBE"),
        ("PREFIX a: <http://x/ASK> # CONSTRUCT\nSELECT * {}", "SELECT"),
        ("", "SELECT"),
    ],
)
def test_query_form(text: str, form: str) -> None:
    assert query_form(text) == form
