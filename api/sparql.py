"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from api.deps import RepoDep, SettingsDep
from api.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType
from api.negotiation import choose
from api.responses import graph_media_type, query_response
from api.templating import render
from cica_graph.guard import check_read_only
from cica_graph.queries import discover
from cica_graph.service import serialise_graph, service_graph

router = APIRouter(tags=["sparql"])


async def run_query(
    request: Request,
    text: str,
    accept: str | None,
    fmt: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
) -> Response:
    limit = request.app.state.settings.max_query_chars
    if len(text) > limit:
        raise PayloadTooLarge(f"the query is longer than {limit} characters")
    return await query_response(
        request,
        text,
        accept,
        fmt,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
    )


@router.get("/sparql", summary="SPARQL query (GET), or the service description without a query")
async def sparql_get(
    request: Request,
    repo: RepoDep,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description="SPARQL query")] = None,
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],  # noqa: B006
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = [],  # noqa: B006
    format: Annotated[
        str | None, Query(description="json, xml, csv, tsv, ttl, nt, jsonld, rdfxml, trig, nq")
    ] = None,
) -> Response:
    accept = request.headers.get("accept")
    if len(request.query_params.getlist("query")) > 1:
        raise BadRequest("give exactly one 'query' parameter")
    if query is None:
        if choose(accept, ["text/html", "text/turtle"]) == "text/html" and format is None:
            return HTMLResponse(
                render(request, "query.html", queries=discover()), headers={"Vary": "Accept"}
            )
        media = graph_media_type(accept, format)
        data = serialise_graph(service_graph(repo, str(request.url_for("sparql_get"))), media)
        return Response(data, media_type=media, headers={"Vary": "Accept"})
    return await run_query(request, query, accept, format, default_graph_uri, named_graph_uri)


@router.post("/sparql", summary="SPARQL query (POST form or application/sparql-query)")
async def sparql_post(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = request.query_params
    fmt = params.get("format")
    default_graphs = params.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri")
    if content_type == "application/sparql-query":
        try:
            text = (await request.body()).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(f"the query is not valid UTF-8: {exc}") from exc
    elif content_type == "application/x-www-form-urlencoded":
        form = await request.form()
        if "update" in form:
            check_read_only("INSERT")
        queries = form.getlist("query")
        if len(queries) != 1:
            raise BadRequest("give exactly one 'query' parameter")
        text = str(queries[0])
        fmt = str(form.get("format") or fmt or "") or None
        default_graphs += [str(v) for v in form.getlist("default-graph-uri")]
        named_graphs += [str(v) for v in form.getlist("named-graph-uri")]
    elif content_type == "application/sparql-update":
        check_read_only("INSERT")
        text = ""
    else:
        raise UnsupportedMediaType(
            "POST needs application/sparql-query or application/x-www-form-urlencoded"
        )
    return await run_query(
        request, text, request.headers.get("accept"), fmt, default_graphs, named_graphs
    )
