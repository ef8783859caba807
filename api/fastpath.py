"""A fast path for ``GET /sparql`` in front of FastAPI's routing
([decision 9](../docs/decisions/0009-fast-path.md)).

It sits inside the app's own middlewares (access log, security headers, request limits,
``HEAD``, CORS), so every request it answers is logged, limited and headed like any other,
and answers two kinds of request before the routing, parameter parsing and dependency
machinery run:

- **a cached answer**: the response cache (:mod:`api.caching`) is keyed by the decoded
  query text, the graph parameters and the negotiated media type; a hit is sent from its
  bytes, a matching ``If-None-Match`` gets 304. Only answers to requests that passed the
  read-only guard are ever cached, so a hit needs no check.
- **a bounded query on a miss**: a query that :func:`cica_graph.bounded.is_bounded`
  recognises (one triple pattern with an IRI subject, every triple read is a row) without
  graph parameters, after the read-only guard, is evaluated on the web process's own copy of
  the pinned build, on the event loop, reading at most :data:`FAST_ROWS` rows and
  :data:`FAST_BYTES` bytes: no worker round trip. A result that would go past either is
  handed to a worker after all (so the time limit still holds for anything that can run
  long), as is anything the guard or the engine refuses.

Everything else (POST, other parameters, remote stores, other queries, errors, refusals)
goes on to the app unchanged, which answers exactly as it would without this layer.
The bytes and headers are the same either way: both build the response with the functions
of :mod:`api.responses` and both fill the same cache.
"""

from __future__ import annotations

from fastapi import Response
from starlette.datastructures import State
from starlette.types import ASGIApp, Receive, Scope, Send

from api.caching import ResponseCache, request_key
from api.errors import NotAcceptable
from api.middleware import HttpMiddleware
from api.responses import answer_response, cached_response, query_job, stated
from api.settings import Settings
from api.urlencoded import pairs
from cica_graph.bounded import is_bounded
from cica_graph.executor import Limits, QueryPool, evaluate
from cica_graph.guard import ForbiddenQuery, check_read_only
from cica_graph.store import EmbeddedRepo

FAST_ROWS = 1000
"""Rows a bounded query may read on the event loop (a point lookup reads 20 to 100);
at about 3 µs a row that is a few milliseconds at most."""

FAST_BYTES = 1_000_000
"""Bytes of a result serialised on the event loop."""

PARAMETERS = {"query", "format", "default-graph-uri", "named-graph-uri"}


def _header(scope: Scope, name: bytes) -> str | None:
    """The first value of a request header, as Starlette's ``Headers.get`` gives it."""
    for key, value in scope["headers"]:
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


class FastPath(HttpMiddleware):
    """ASGI middleware answering cache hits and bounded queries of ``GET /sparql``."""

    def __init__(self, app: ASGIApp, state: State) -> None:
        super().__init__(app)
        self.state = state

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = None
        if scope["method"] == "GET" and scope["path"] == "/sparql":
            response = self.answer(scope)
        if response is None:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)

    def answer(self, scope: Scope) -> Response | None:
        """The response to ``scope`` if this path can give it, else ``None``."""
        cache: ResponseCache | None = self.state.cache
        settings: Settings = self.state.settings
        if cache is None or not settings.fast_path:
            return None
        decoded = pairs(scope["query_string"])
        if decoded is None:
            return None
        params: dict[str, list[str]] = {}
        for name, value in decoded:
            if name not in PARAMETERS:
                return None
            params.setdefault(name, []).append(value)
        queries, formats = params.get("query", []), params.get("format", [])
        if len(queries) != 1 or len(formats) > 1 or len(queries[0]) > settings.max_query_chars:
            return None
        text = queries[0]
        default_graphs = params.get("default-graph-uri", [])
        named_graphs = params.get("named-graph-uri", [])
        try:
            media, job = query_job(
                text,
                _header(scope, b"accept"),
                formats[0] if formats else None,
                default_graphs,
                named_graphs,
            )
        except NotAcceptable:
            return None
        key = request_key(media, job)
        max_age = settings.cache_max_age
        response, headers = cached_response(
            cache, key, media, max_age, _header(scope, b"if-none-match")
        )
        if response is not None or default_graphs or named_graphs:
            return response
        pool: QueryPool | None = self.state.pool
        repo = self.state.repo
        if pool is None or not isinstance(repo, EmbeddedRepo) or not is_bounded(text):
            return None
        try:
            check_read_only(text)
        except ForbiddenQuery:
            return None
        limits = pool.limits
        budget = Limits(
            max_rows=min(FAST_ROWS, limits.max_rows), max_bytes=min(FAST_BYTES, limits.max_bytes)
        )
        outcome = evaluate(repo, job, budget)
        if outcome.error is not None:
            return None
        if outcome.truncated == "rows" and budget.max_rows < limits.max_rows:
            return None  # longer than the event loop may read: a worker's job
        if outcome.truncated == "bytes" and budget.max_bytes < limits.max_bytes:
            return None
        answer = stated(outcome, limits)
        cache.put(key, answer)
        return answer_response(answer, media, headers)
