"""Query results and RDF graphs in the negotiated media type.

The media type is chosen before the query runs (from its form), so a query whose result
cannot be served is not run at all. On the embedded store, queries run on the app's
:class:`cica_graph.executor.QueryPool` (time limit, result caps); a capped result says so in
``X-Result-Truncated``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from api.errors import NotAcceptable
from api.negotiation import FORMAT_ALIASES, GRAPH_TYPES, SELECT_TYPES, choose
from cica_graph.executor import Job, QueryPool
from cica_graph.guard import query_form
from cica_graph.render import serialise
from cica_graph.store import Repo


def negotiate(offered: dict[str, str], accept: str | None, fmt: str | None) -> str:
    """The media type for ``format=`` or the ``Accept`` header, among ``offered``; 406 if none."""
    if fmt:
        media = FORMAT_ALIASES.get(fmt.lower(), fmt)
        if media not in offered:
            raise NotAcceptable(
                f"format {fmt!r} cannot be served here: use one of {', '.join(offered)}"
            )
        return media
    chosen = choose(accept, list(offered))
    if chosen is None:
        raise NotAcceptable(f"none of {accept!r} can be served: use one of {', '.join(offered)}")
    return chosen


def graph_media_type(accept: str | None, fmt: str | None) -> str:
    return negotiate(GRAPH_TYPES, accept, fmt)


async def query_response(
    request: Request,
    text: str,
    accept: str | None,
    fmt: str | None,
    *,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    bindings: Mapping[str, Any] | None = None,
) -> Response:
    """Negotiate from the query form, then run the query where it can be stopped: on the
    app's query pool (embedded store) or the remote store (which enforces its own limits)."""
    offered = GRAPH_TYPES if query_form(text) in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES
    media = negotiate(offered, accept, fmt)
    headers = {"Vary": "Accept"}
    pool: QueryPool | None = request.app.state.pool
    if pool is None:
        repo: Repo = request.app.state.repo

        def execute() -> bytes:  # pyoxigraph results must not leave the thread that made them
            result = repo.query(
                text,
                bindings,
                default_graphs=default_graphs or None,
                named_graphs=named_graphs or None,
            )
            return serialise(result, offered[media])

        body = await run_in_threadpool(execute)
    else:
        job = Job(
            text,
            offered[media],
            tuple(default_graphs or ()),
            tuple(named_graphs or ()),
            tuple((bindings or {}).items()),
        )
        outcome = await run_in_threadpool(pool.run, job)
        body = outcome.body
        if outcome.truncated:
            cap = pool.limits.max_rows if outcome.truncated == "rows" else pool.limits.max_bytes
            headers["X-Result-Truncated"] = f"{outcome.truncated}; limit={cap}"
    return Response(body, media_type=media, headers=headers)
