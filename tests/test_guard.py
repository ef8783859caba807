"""The read-only guard refuses updates, SERVICE and LOAD, and only those."""

from __future__ import annotations

import pytest

from cica_graph.guard import ForbiddenQuery, check_read_only, query_form


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "PREFIX x: <http://x/> DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <http://x/g>",
        "LOAD <http://x/data.ttl>",
        "SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://x/sparql> { ?s ?p ?o } }",
    ],
)
def test_refused(text: str) -> None:
    with pytest.raises(ForbiddenQuery):
        check_read_only(text)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p 'SERVICE and DROP' }",
        "# INSERT this later\nASK { ?s ?p ?o }",
        "SELECT ?service ?load WHERE { ?service <http://x/drop> ?load }",
        "PREFIX delete: <http://x/> SELECT * WHERE { ?s delete:insert ?o }",
    ],
)
def test_allowed(text: str) -> None:
    check_read_only(text)


def test_query_form() -> None:
    assert query_form("DESCRIBE <http://x/>") == "DESCRIBE"
    assert query_form("PREFIX a: <http://x/ASK> SELECT * {}") == "SELECT"
