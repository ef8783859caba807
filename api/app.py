"""The web app: an app factory that takes the repository.

``uvicorn api.app:create_app --factory`` serves the graph built into ``dist/``.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from api import errors
from api.caching import ResponseCache
from api.fastpath import FastPath
from api.head import HeadAsGet
from api.headers import SecurityHeaders
from api.limits import RequestLimits
from api.logs import AccessLog
from api.pages import router as pages_router
from api.settings import Settings
from api.sparql import router as sparql_router
from cica_graph.executor import QueryPool
from cica_graph.remote import remote_from_env
from cica_graph.store import EmbeddedRepo, Repo

STATIC = Path(__file__).parent / "static"
VENDOR = STATIC / "node_modules"


def create_app(repo: Repo | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app around ``repo`` (default: the remote store if ``CICA_SPARQL_ENDPOINT`` is
    set, else the on-disk store of the build in ``dist/``, pinned and opened read-only).
    With the store from ``dist/``, SPARQL queries run on a pool of worker processes over
    the same pinned store (time limit, result caps); this process opens it too, for the
    entity pages' own queries and the bounded queries of the fast path. Raises
    :class:`cica_graph.pinning.NoBuild` if ``dist/`` holds no build."""
    settings = settings or Settings.from_env()
    pool = cache = None
    if repo is None:
        repo = remote_from_env(os.environ)
    if repo is None:
        pool = QueryPool(settings.dist_dir, settings.limits)
        repo = EmbeddedRepo.open(pool.store)  # the build the pool pinned
        caps = f"{settings.limits.max_rows}:{settings.limits.max_bytes}"
        cache = ResponseCache(f"{pool.build}:{caps}", settings.cache_bytes)
    app = FastAPI(
        title="CICA knowledge graph",
        description="SPARQL endpoint and Linked Data for the CICA knowledge graph.",
        version="0.1.0",
        # no OpenTelemetry here: otherwise FastAPI looks for providers on every request
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.repo = repo
    app.state.settings = settings
    app.state.pool = pool
    app.state.cache = cache
    if pool is not None:
        app.router.on_shutdown.append(pool.close)
    errors.install(app)
    app.add_middleware(FastPath, state=app.state)  # innermost: inside every middleware below
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["Accept", "Content-Type"],
    )
    app.add_middleware(HeadAsGet)
    app.add_middleware(
        RequestLimits,
        max_url=settings.max_url,
        max_body=settings.max_body,
        max_concurrent=settings.max_concurrent,
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    app.include_router(sparql_router)
    app.include_router(pages_router)
    app.mount("/static/vendor", StaticFiles(directory=VENDOR, check_dir=False), name="vendor")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
