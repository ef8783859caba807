"""Linked Data and human pages: landing page, entity pages, ontology, VoID, downloads,
named queries."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from rdflib import Graph

from api.deps import RepoDep, SettingsDep
from api.errors import NotFound
from api.negotiation import GRAPH_TYPES
from api.responses import negotiate, query_response
from api.templating import render
from cica_graph import describe
from cica_graph.paths import ONTOLOGY
from cica_graph.queries import bind, discover
from cica_graph.render import serialise
from cica_graph.service import serialise_graph, void_graph

router = APIRouter()
EXTENSIONS = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "html": "text/html",
}
PAGE_TYPES = ["text/html", *GRAPH_TYPES]
KIND = re.compile(r"[a-z]+(-[a-z]+)*")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
"""What entity IRIs look like (ontology/README.md): anything else is no entity of ours."""


def _manifest(dist: Path) -> dict[str, Any]:
    path = dist / "manifest.json"
    if not path.exists():
        return {"files": []}
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def _negotiate(request: Request, ext: str | None, fmt: str | None) -> str:
    """The media type of a page: its extension, else ``format=``, else ``Accept``."""
    if ext:
        if ext not in EXTENSIONS:
            raise NotFound(f"unknown extension .{ext}")
        return EXTENSIONS[ext]
    return negotiate(dict.fromkeys(PAGE_TYPES, ""), request.headers.get("accept"), fmt)


@router.get("/", response_class=HTMLResponse, summary="Dataset landing page with the query editor")
def landing(request: Request, settings: SettingsDep, repo: RepoDep) -> HTMLResponse:
    return HTMLResponse(
        render(
            request,
            "landing.html",
            manifest=_manifest(settings.dist_dir),
            queries=discover(),
            triples=repo.triple_count(),
        )
    )


@router.get(
    "/id/{kind}/{slug}",
    summary="An entity, by content negotiation (HTML, Turtle, JSON-LD, N-Triples, RDF/XML)",
)
def entity(
    request: Request,
    repo: RepoDep,
    settings: SettingsDep,
    kind: str,
    slug: str,
    format: Annotated[str | None, Query()] = None,
) -> Response:
    ext = None
    if "." in slug:
        slug, ext = slug.rsplit(".", 1)
    iri = f"{settings.base_iri}id/{kind}/{slug}"
    if not (KIND.fullmatch(kind) and SLUG.fullmatch(slug)) or not describe.exists(repo, iri):
        raise NotFound(f"no entity {iri}")
    media = _negotiate(request, ext, format)
    headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
    if media == "text/html":
        page = render(request, "entity.html", view=describe.view(repo, iri), base=settings.base_iri)
        return HTMLResponse(page, headers=headers)
    data = serialise(describe.graph(repo, iri), GRAPH_TYPES[media])
    return Response(data, media_type=media, headers=headers)


@router.get(
    "/graph/{name:path}",
    summary="A named graph: 303 See Other to what describes it",
    status_code=303,
    response_class=RedirectResponse,
)
def named_graph(request: Request, repo: RepoDep, settings: SettingsDep, name: str) -> Response:
    """``graph/source/{id}`` is described by its source document's page, ``graph/ontology`` by
    the ontology, ``graph/inferred`` by the VoID description (which lists every graph)."""
    if name == "ontology":
        target = str(request.url_for("ontology"))
    elif name == "inferred":
        target = str(request.url_for("void"))
    elif name.startswith("source/") and f"{settings.base_iri}graph/{name}" in repo.graphs():
        target = str(request.url_for("entity", kind="source", slug=name.removeprefix("source/")))
    else:
        raise NotFound(f"no named graph {settings.base_iri}graph/{name}")
    return RedirectResponse(target, status_code=303, headers={"Vary": "Accept"})


@router.get("/ontology", summary="The ontology (Turtle, or other RDF by content negotiation)")
def ontology(request: Request, format: Annotated[str | None, Query()] = None) -> Response:
    media = _negotiate(request, None, format)
    if media in ("text/html", "text/turtle"):
        return Response(ONTOLOGY.read_bytes(), media_type="text/turtle", headers={"Vary": "Accept"})
    data = serialise_graph(Graph().parse(ONTOLOGY), media)
    return Response(data, media_type=media, headers={"Vary": "Accept"})


@router.get("/.well-known/void", summary="VoID description of the dataset")
def void(
    request: Request,
    repo: RepoDep,
    settings: SettingsDep,
    format: Annotated[str | None, Query()] = None,
) -> Response:
    media = _negotiate(request, None, format)
    media = "text/turtle" if media == "text/html" else media
    files = _manifest(settings.dist_dir)["files"]
    downloads = [(str(request.url_for("download", file=f["file"])), f["media_type"]) for f in files]
    graph = void_graph(repo, str(request.url_for("sparql_get")), downloads)  # type: ignore[arg-type]
    return Response(serialise_graph(graph, media), media_type=media, headers={"Vary": "Accept"})


@router.get("/downloads/{file}", summary="A dump from dist/")
def download(file: str, settings: SettingsDep) -> FileResponse:
    entries = {f["file"]: f for f in _manifest(settings.dist_dir)["files"]}
    if file not in entries:
        raise NotFound(f"no download {file!r}")
    entry = entries[file]
    return FileResponse(
        settings.dist_dir / file,
        media_type=entry["media_type"],
        headers={"Digest": f"sha-256={entry['sha256']}", "X-Checksum-SHA256": entry["sha256"]},
    )


@router.get("/queries", summary="The named queries with their metadata")
def list_queries() -> list[dict[str, Any]]:
    return [
        {
            "name": q.name,
            "summary": q.summary,
            "tags": list(q.tags),
            "form": q.form,
            "params": [p.__dict__ for p in q.params],
            "text": q.text,
        }
        for q in discover().values()
    ]


@router.get("/queries/{name:path}", summary="Run a named query; parameters as query parameters")
async def run_named(request: Request, name: str) -> Response:
    queries = discover()
    if name not in queries:
        raise NotFound(f"no query named {name!r}")
    query = queries[name]
    values = {k: v for k, v in request.query_params.items() if k != "format"}
    bindings = bind(query, values)  # parameter errors before anything runs
    return await query_response(
        request,
        query.text,
        request.headers.get("accept"),
        request.query_params.get("format"),
        bindings=bindings,
    )
