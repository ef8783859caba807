"""Refuse what a public read-only endpoint must not run: updates, SERVICE, LOAD, and
graphs from elsewhere (FROM, FROM NAMED and the protocol's graph parameters).

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

from cica_graph.prefixes import PREFIXES


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


def dataset_iris(text: str) -> list[str]:
    """The IRIs of the query's ``FROM`` and ``FROM NAMED`` clauses (prefixed names expanded
    with the query's own ``PREFIX`` declarations and the predeclared prefixes).

    >>> dataset_iris("PREFIX g: <http://g/> SELECT * FROM <http://a> FROM NAMED g:b { ?s ?p ?o }")
    ['http://a', 'http://g/b']
    """
    prefixes = dict(PREFIXES)
    tokens = [(m.lastgroup, m.group()) for m in _TOKENS.finditer(text)]
    found = []
    for i, (kind, value) in enumerate(tokens):
        upper = value.upper() if kind == "word" else ""
        if upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2][0] == "iri":
            prefixes[tokens[i + 1][1].rstrip(":")] = tokens[i + 2][1][1:-1]
        if upper != "FROM":
            continue
        j = i + 1
        if j < len(tokens) and tokens[j][1].upper() == "NAMED":
            j += 1
        if j >= len(tokens):
            continue
        kind, value = tokens[j]
        if kind == "iri":
            found.append(value[1:-1])
        elif kind == "pname":
            prefix, _, local = value.partition(":")
            found.append(prefixes[prefix] + local if prefix in prefixes else value)
    return found


def check_dataset(
    text: str, default_graphs: list[str], named_graphs: list[str], known: list[str]
) -> None:
    """Raise :class:`ForbiddenQuery` if ``FROM``, ``FROM NAMED``, ``default-graph-uri`` or
    ``named-graph-uri`` name a graph this dataset does not hold: nothing is fetched from
    elsewhere.

    >>> check_dataset("SELECT * FROM <http://evil/x> {}", [], [], ["http://g/1"])
    Traceback (most recent call last):
    ...
    cica_graph.guard.ForbiddenQuery: <http://evil/x> is not a graph of this dataset (graphs: <http://g/1>)
    """
    for iri in [*dataset_iris(text), *default_graphs, *named_graphs]:
        if iri not in known:
            listed = ", ".join(f"<{g}>" for g in known)
            raise ForbiddenQuery(f"<{iri}> is not a graph of this dataset (graphs: {listed})")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword (SELECT if none).

    >>> query_form("PREFIX s: <http://x/> CONSTRUCT WHERE { ?a ?b ?c }")
    'CONSTRUCT'
    """
    for match in _TOKENS.finditer(text):  # stops at the first: the prologue is short
        word = match.group("word")
        if word and word.upper() in QUERY_FORMS:
            return word.upper()
    return "SELECT"
