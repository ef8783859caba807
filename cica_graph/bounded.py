"""Recognise queries whose cost is bounded by construction: a ``SELECT`` of one triple
pattern whose subject is an IRI, each of whose variables is projected, such as the point
lookup ``SELECT ?p ?o WHERE { <https://w3id.org/cica/id/state/kazakhstan> ?p ?o }``.

Such a query is answered by one index range of the store (the triples of one subject), and
every triple in that range is one row of the result: no join, no filter, no ``DISTINCT``,
no repeated variable, no ``ORDER BY`` or ``OFFSET``, nothing that reads a triple without
emitting a row. So the work of evaluating it is proportional to the rows it returns, and a
row cap is also a cap on the work: the endpoint may run it in the web process (no worker,
no time limit needed) while it reads at most a few hundred rows, and hands it to a killable
worker otherwise (:mod:`api.fastpath`).

The check is a strict lexer and a parser of that one shape, not a pattern search: the
whole text must be tokens of the small grammar below (ASCII names only), or the answer is
no. A query it refuses is not wrong, it just goes the normal way (the worker pool)::

    Query   := ('PREFIX' PNAME_NS IRIREF)* 'SELECT' ('*' | Var+) 'WHERE'?
               '{' Subject Verb Object '.'? '}' ('LIMIT' INTEGER)?
    Subject := IRIREF | PrefixedName
    Verb    := Var | IRIREF | PrefixedName | 'a'
    Object  := Var | IRIREF | PrefixedName

>>> is_bounded("SELECT ?p ?o WHERE { <http://x/s> ?p ?o }")
True
>>> is_bounded("PREFIX c: <http://x/> select * { c:s a ?type . } LIMIT 5")
True
>>> is_bounded("SELECT ?p ?o WHERE { ?s ?p ?o }")  # the subject is not bound
False
>>> is_bounded("SELECT DISTINCT ?p WHERE { <http://x/s> ?p ?o }")  # reads more than it returns
False
>>> is_bounded("SELECT ?o WHERE { <http://x/s> ?p ?o }")  # ?p is not projected
False
"""

from __future__ import annotations

import re

_TOKEN = re.compile(
    r"""(?P<ws>[ \t\r\n]+)
      | (?P<comment>\#[^\r\n]*)
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_]+)
      | (?P<pname>(?:[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?
                  :(?:[A-Za-z0-9_:](?:[A-Za-z0-9_.:-]*[A-Za-z0-9_:-])?)?)
      | (?P<word>[A-Za-z]+)
      | (?P<integer>[0-9]+)
      | (?P<punct>[{}.*])
      | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
"""SPARQL's terminals restricted to ASCII (IRIREF, VAR1/VAR2, PNAME_NS/PNAME_LN without
escapes, INTEGER), its white space and comments; any other character is ``other``, which
stops the lexer (every position matches some alternative, so the matches tile the text)."""

Token = tuple[str, str]  # (kind, text); keywords upper-cased, 'a' kept as is


def tokens(text: str) -> list[Token] | None:
    """The tokens of ``text`` without white space and comments; ``None`` if some part of it
    is not a token of the grammar.

    >>> tokens("SELECT * { <a:s> ?p x:o } # note")
    [('word', 'SELECT'), ('punct', '*'), ('punct', '{'), ('iri', '<a:s>'), ('var', '?p'), ('pname', 'x:o'), ('punct', '}')]
    >>> tokens("SELECT * { <a:s> ?p 'x' }") is None
    True
    """
    out: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "ws" or kind == "comment":
            continue
        if kind == "other":
            return None
        value = match.group()
        out.append((kind, value.upper() if kind == "word" and value != "a" else value))
    return out


def is_bounded(text: str) -> bool:
    """Whether ``text`` is a query of the bounded shape above (see the module)."""
    found = tokens(text)
    if found is None:
        return False
    parser = _Parser(found)
    try:
        return parser.query()
    except IndexError:  # the text ended early
        return False


class _Parser:
    def __init__(self, found: list[Token]) -> None:
        self.tokens = found
        self.i = 0

    def peek(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def accept(self, kind: str, value: str) -> bool:
        if self.i < len(self.tokens) and self.tokens[self.i] == (kind, value):
            self.i += 1
            return True
        return False

    def query(self) -> bool:
        while self.accept("word", "PREFIX"):
            kind, name = self.take()
            if kind != "pname" or not name.endswith(":") or name.count(":") != 1:
                return False
            if self.take()[0] != "iri":
                return False
        if not self.accept("word", "SELECT"):
            return False
        projected: list[str] | None = None  # None: '*'
        if not self.accept("punct", "*"):
            projected = []
            while self.i < len(self.tokens) and self.peek()[0] == "var":
                projected.append(self.take()[1][1:])
            if not projected or len(set(projected)) != len(projected):
                return False
        self.accept("word", "WHERE")
        if not self.accept("punct", "{"):
            return False
        subject, verb, obj = self.take(), self.take(), self.take()
        if subject[0] not in ("iri", "pname"):
            return False
        if verb[0] not in ("var", "iri", "pname") and verb != ("word", "a"):
            return False
        if obj[0] not in ("var", "iri", "pname"):
            return False
        self.accept("punct", ".")
        if not self.accept("punct", "}"):
            return False
        if self.accept("word", "LIMIT") and self.take()[0] != "integer":
            return False
        if self.i != len(self.tokens):
            return False
        variables = [t[1][1:] for t in (verb, obj) if t[0] == "var"]
        if len(set(variables)) != len(variables):  # ?x ?x: reads triples it drops
            return False
        return projected is None or set(variables) <= set(projected)
