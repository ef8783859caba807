"""Refuse what a public read-only endpoint must not run: updates, SERVICE, LOAD, remote FROM.

The query text is lexed just enough to skip comments, strings and IRIs, so a keyword inside
a literal or an IRI does not count.

>>> check_read_only("SELECT * WHERE { ?s ?p 'SERVICE' }")
>>> check_read_only("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
cica_graph.guard.ForbiddenQuery: SERVICE (federated query) is not allowed on this endpoint
>>> check_read_only("INSERT DATA { <a:b> <a:c> <a:d> }")
Traceback (most recent call last):
...
cica_graph.guard.ForbiddenQuery: this endpoint is read-only: INSERT is an update operation
"""

from __future__ import annotations

import re


class ForbiddenQuery(ValueError):
    """The request asks for something this endpoint refuses."""


_TOKENS = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<var>[?$][A-Za-z_0-9]+)
      | (?P<pname>[A-Za-z_0-9-]*:[A-Za-z_0-9-]*(?:\.[A-Za-z_0-9-]+)*)
      | (?P<word>[A-Za-z_][A-Za-z_0-9]*)
    """,
    re.VERBOSE | re.DOTALL,
)
UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}


def keywords(text: str) -> list[str]:
    """Bare words of the query, upper-cased, outside comments, strings and IRIs.

    >>> keywords("PREFIX a: <http://SELECT/> # DROP\\nASK { ?service a:load 'LOAD' }")
    ['PREFIX', 'ASK']
    """
    return [m.group("word").upper() for m in _TOKENS.finditer(text) if m.group("word")]


def check_read_only(text: str) -> None:
    """Raise :class:`ForbiddenQuery` for updates, SERVICE and LOAD."""
    words = keywords(text)
    for word in words:
        if word in QUERY_FORMS:
            break
        if word in UPDATES:
            raise ForbiddenQuery(f"this endpoint is read-only: {word} is an update operation")
    if "SERVICE" in words:
        raise ForbiddenQuery("SERVICE (federated query) is not allowed on this endpoint")
    if "LOAD" in words:
        raise ForbiddenQuery("LOAD is not allowed on this endpoint")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword (SELECT if none).

    >>> query_form("PREFIX s: <http://x/> CONSTRUCT WHERE { ?a ?b ?c }")
    'CONSTRUCT'
    """
    return next((w for w in keywords(text) if w in QUERY_FORMS), "SELECT")
