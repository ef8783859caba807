"""Query answers kept in memory, with HTTP validators.

The served graph does not change while the server runs (the query pool pins the build it
started with), so the bytes answering one request stay right until a restart. They are kept
in a least-recently-used cache bounded in bytes, keyed by everything the answer depends on:
the query text, the negotiated media type, the graph parameters and the bound values.

Each answer's ``ETag`` is computed from the served build and that key alone (not from the
body), so every server process of the same build gives the same tag, and a client sending it
back in ``If-None-Match`` gets ``304 Not Modified`` without the query running again. The tag
is weak (``W/"…"``): the same answer, not always the same bytes, since pyoxigraph's in-memory
store orders the solutions of a query without ``ORDER BY``, and labels blank nodes,
differently in each process that loads the build (each server process and query worker).

>>> from cica_graph.executor import Job
>>> cache = ResponseCache(build="b1", max_bytes=10)
>>> key = request_key("application/sparql-results+json", Job("ASK {}", "json"))
>>> cache.get(key) is None
True
>>> cache.put(key, Answer(b"true"))
>>> cache.get(key).body
b'true'
>>> cache.etag(key) == ResponseCache("b1", 10).etag(key) != ResponseCache("b2", 10).etag(key)
True
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

from cica_graph.executor import Job

Key = tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]


def request_key(media: str, job: Job) -> Key:
    """What an answer depends on: the media type served and the job (bound terms by their
    N-Triples text, ``str`` of a term)."""
    bound = tuple(sorted((name, str(term)) for name, term in job.bindings))
    return (media, job.query, job.default_graphs, job.named_graphs, bound)


@dataclass(frozen=True)
class Answer:
    """A response body and the headers that go with it."""

    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison, RFC 9110 13.1.2).

    >>> matches('W/"x", "y"', 'W/"y"'), matches("*", '"y"'), matches('"x"', '"y"'), matches(None, '"y"')
    (True, True, False, False)
    """
    if not if_none_match:
        return False
    tags = [_opaque(t) for t in if_none_match.split(",")]
    return "*" in tags or _opaque(etag) in tags


def _opaque(tag: str) -> str:
    """The opaque part of an entity tag: weak comparison ignores the ``W/`` mark."""
    tag = tag.strip()
    while tag.startswith("W/"):
        tag = tag[2:]
    return tag


class ResponseCache:
    """Answers by request key, least recently used dropped first beyond ``max_bytes``
    (0 keeps nothing: only the validators remain). Used from the event loop only."""

    def __init__(self, build: str, max_bytes: int) -> None:
        self.build = build
        self.max_bytes = max_bytes
        self.size = 0
        self._answers: OrderedDict[Key, Answer] = OrderedDict()

    def etag(self, key: Key) -> str:
        digest = hashlib.sha256(f"{self.build}\0{key!r}".encode()).hexdigest()
        return f'W/"{digest[:32]}"'

    def get(self, key: Key) -> Answer | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: Key, answer: Answer) -> None:
        """Keep ``answer``, dropping the least recently used beyond the budget (an answer
        larger than the whole budget is not kept)."""
        if len(answer.body) > self.max_bytes or key in self._answers:
            return
        self._answers[key] = answer
        self.size += len(answer.body)
        while self.size > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self.size -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._answers)
