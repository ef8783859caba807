"""Query results and RDF graphs in the negotiated media type.

The media type is chosen before the query runs (from its form), so a query whose result
cannot be served is not run at all. On the embedded store, queries run on the app's
:class:`cica_graph.executor.QueryPool` (time limit, result caps); a capped result says so in
``X-Result-Truncated``.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from fastapi import Request, Response
from starlette.concurrency import run_in_threadpool

from api.caching import Answer, Key, ResponseCache, matches, request_key
from api.errors import NotAcceptable
from api.negotiation import FORMAT_ALIASES, GRAPH_TYPES, SELECT_TYPES, choose
from api.settings import Settings
from cica_graph.executor import Job, Limits, Outcome, QueryPool
from cica_graph.guard import check_dataset, check_read_only, query_form
from cica_graph.render import serialise
from cica_graph.store import Repo


def negotiate(offered: dict[str, str], accept: str | None, fmt: str | None) -> str:
    """The media type for ``format=`` or the ``Accept`` header, among ``offered``; 406 if none.

    Among the query result types (the usual case) the choice is kept for the few ``Accept``
    headers clients send."""
    if offered is SELECT_TYPES or offered is GRAPH_TYPES:
        chosen = _known_choice(offered is GRAPH_TYPES, accept, fmt)
        if chosen is not None:
            return chosen
    return _negotiate(offered, accept, fmt)  # raises NotAcceptable


@lru_cache(maxsize=512)
def _known_choice(graph: bool, accept: str | None, fmt: str | None) -> str | None:
    try:
        return _negotiate(GRAPH_TYPES if graph else SELECT_TYPES, accept, fmt)
    except NotAcceptable:
        return None


def _negotiate(offered: dict[str, str], accept: str | None, fmt: str | None) -> str:
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


def query_job(
    text: str,
    accept: str | None,
    fmt: str | None,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    bindings: Mapping[str, Any] | None = None,
) -> tuple[str, Job]:
    """The media type to serve (from the query form, ``format=`` and ``Accept``; 406 if none)
    and the job to run."""
    offered = GRAPH_TYPES if query_form(text) in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES
    media = negotiate(offered, accept, fmt)
    job = Job(
        text,
        offered[media],
        tuple(default_graphs or ()),
        tuple(named_graphs or ()),
        tuple((bindings or {}).items()),
    )
    return media, job


def validators(cache: ResponseCache, key: Key, max_age: int) -> dict[str, str]:
    """The headers of every cached answer (and of its 304)."""
    return {
        "Vary": "Accept",
        "ETag": cache.etag(key),
        "Cache-Control": f"public, max-age={max_age}",
    }


def cached_response(
    cache: ResponseCache, key: Key, media: str, max_age: int, if_none_match: str | None
) -> tuple[Response | None, dict[str, str]]:
    """304 if ``If-None-Match`` names the answer, the cached answer if there is one, else
    ``None``; and the validators of the answer."""
    headers = validators(cache, key, max_age)
    if matches(if_none_match, headers["ETag"]):
        return Response(status_code=304, headers=headers), headers
    cached = cache.get(key)
    if cached is None:
        return None, headers
    return answer_response(cached, media, headers), headers


def answer_response(answer: Answer, media: str, headers: Mapping[str, str]) -> Response:
    return Response(answer.body, media_type=media, headers={**headers, **answer.headers})


def stated(outcome: Outcome, limits: Limits) -> Answer:
    """An answer from a worker's outcome: a cut result says which cap cut it."""
    if not outcome.truncated:
        return Answer(outcome.body)
    cap = limits.max_rows if outcome.truncated == "rows" else limits.max_bytes
    return Answer(outcome.body, {"X-Result-Truncated": f"{outcome.truncated}; limit={cap}"})


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
    """Negotiate from the query form, check the query (read-only, graphs of this dataset),
    then run it where it can be stopped: on the app's query pool (embedded store) or the
    remote store (which enforces its own limits).

    On the embedded store, answers are cached and validated (:mod:`api.caching`): a known
    ``If-None-Match`` gets 304 and a repeated request its cached bytes, neither running the
    query nor checking it again (only a query that passed the checks gets an answer).
    :mod:`api.fastpath` answers the same way before the routing, with the same functions.
    """
    media, job = query_job(text, accept, fmt, default_graphs, named_graphs, bindings)
    cache: ResponseCache | None = request.app.state.cache
    if cache is None:
        answer = await _run(request, job)
        return Response(answer.body, media_type=media, headers={"Vary": "Accept", **answer.headers})
    key = request_key(media, job)
    settings: Settings = request.app.state.settings
    max_age = settings.cache_max_age
    response, headers = cached_response(
        cache, key, media, max_age, request.headers.get("if-none-match")
    )
    if response is not None:
        return response
    answer = await _run(request, job)
    cache.put(key, answer)
    return answer_response(answer, media, headers)


async def _run(request: Request, job: Job) -> Answer:
    """Check ``job``, then run it on the pool, or on the remote store from a thread."""
    repo: Repo = request.app.state.repo
    check_read_only(job.query)
    if job.default_graphs or job.named_graphs or "FROM" in job.query.upper():
        graphs = list(job.default_graphs), list(job.named_graphs)
        check_dataset(job.query, *graphs, repo.graphs())  # only when graphs are named
    pool: QueryPool | None = request.app.state.pool
    if pool is None:

        def execute() -> bytes:  # pyoxigraph results must not leave the thread that made them
            result = repo.query(
                job.query,
                dict(job.bindings),
                default_graphs=list(job.default_graphs) or None,
                named_graphs=list(job.named_graphs) or None,
            )
            return serialise(result, job.fmt)

        return Answer(await run_in_threadpool(execute))
    return stated(await pool.run_async(job), pool.limits)
