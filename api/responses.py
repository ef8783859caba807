"""Query results and RDF graphs in the negotiated media type.

The media type is chosen before the query runs (from its form), so a query whose result
cannot be served is not run at all, and results never leave the thread that made them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Response

from api.errors import NotAcceptable
from api.negotiation import FORMAT_ALIASES, GRAPH_TYPES, SELECT_TYPES, choose
from cica_graph.guard import query_form
from cica_graph.render import serialise


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


def query_response(
    text: str, accept: str | None, fmt: str | None, execute: Callable[[], Any]
) -> Response:
    """Negotiate from the query form, run ``execute`` and serialise on this thread."""
    offered = GRAPH_TYPES if query_form(text) in ("CONSTRUCT", "DESCRIBE") else SELECT_TYPES
    media = negotiate(offered, accept, fmt)
    body = serialise(execute(), offered[media])
    return Response(body, media_type=media, headers={"Vary": "Accept"})
