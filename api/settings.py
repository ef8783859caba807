"""Settings of the web app, from the environment.

| variable | default | meaning |
|---|---|---|
| ``CICA_HOST`` | ``127.0.0.1`` | address ``cica serve`` listens on |
| ``CICA_PORT`` | ``8000`` | port ``cica serve`` listens on |
| ``CICA_BASE_IRI`` | ``https://w3id.org/cica/`` | base of entity IRIs |
| ``CICA_DIST_DIR`` | ``dist/`` | the build served (its on-disk store, dumps, manifest) |
| ``CICA_CORS_ORIGINS`` | ``*`` | comma-separated origins allowed to read (``*``: any) |
| ``CICA_QUERY_TIMEOUT`` | ``10`` | seconds a query may run before its worker is killed (503) |
| ``CICA_QUERY_WORKERS`` | CPUs, at least 2 | query worker processes per server process (each opens the store read-only) |
| ``CICA_MAX_ROWS`` | ``100000`` | rows (or triples) of a result; more are cut, and the response says so |
| ``CICA_MAX_RESULT_BYTES`` | ``50000000`` | bytes of a result; more are cut, and the response says so |
| ``CICA_QUEUE_WAIT`` | ``5`` | seconds a query waits for a free worker before a 503 with Retry-After |
| ``CICA_WORKER_MEMORY_MB`` | ``0`` | address-space cap of a query worker in MiB (0: none) |
| ``CICA_MAX_QUERY_CHARS`` | ``100000`` | characters of a query (413 above) |
| ``CICA_MAX_BODY_BYTES`` | ``1000000`` | bytes of a request body (413 above) |
| ``CICA_MAX_URL_BYTES`` | ``8192`` | bytes of path and query string (414 above) |
| ``CICA_MAX_CONCURRENT`` | ``64`` | requests in flight; more get 503 with ``Retry-After`` |
| ``CICA_CACHE_BYTES`` | ``64000000`` | query answers kept in memory per server process (0: none) |
| ``CICA_CACHE_MAX_AGE`` | ``60`` | ``Cache-Control: max-age`` of query answers, in seconds |
| ``CICA_FAST_PATH`` | ``1`` | answer cache hits and bounded queries before the routing (``0``: off) |

>>> s = Settings.from_env({"CICA_DIST_DIR": "/tmp/d", "CICA_CORS_ORIGINS": "https://a.org, https://b.org"})
>>> s.dist_dir.as_posix(), s.cors_origins, s.port, s.limits.timeout
('/tmp/d', ('https://a.org', 'https://b.org'), 8000, 10.0)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cica_graph import paths
from cica_graph.executor import Limits, default_workers
from cica_graph.prefixes import BASE


@dataclass(frozen=True)
class Settings:
    dist_dir: Path = paths.DIST
    base_iri: str = BASE
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: tuple[str, ...] = ("*",)
    limits: Limits = field(default_factory=lambda: Limits(workers=default_workers()))
    max_query_chars: int = 100_000
    max_body: int = 1_000_000
    max_url: int = 8192
    max_concurrent: int = 64
    cache_bytes: int = 64_000_000
    cache_max_age: int = 60
    fast_path: bool = True

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            dist_dir=Path(env.get("CICA_DIST_DIR", str(paths.DIST))),
            base_iri=env.get("CICA_BASE_IRI", BASE),
            host=env.get("CICA_HOST", "127.0.0.1"),
            port=int(env.get("CICA_PORT", "8000")),
            cors_origins=tuple(
                o.strip() for o in env.get("CICA_CORS_ORIGINS", "*").split(",") if o.strip()
            ),
            limits=Limits(
                workers=int(env.get("CICA_QUERY_WORKERS", default_workers())),
                timeout=float(env.get("CICA_QUERY_TIMEOUT", "10")),
                max_rows=int(env.get("CICA_MAX_ROWS", "100000")),
                max_bytes=int(env.get("CICA_MAX_RESULT_BYTES", "50000000")),
                wait=float(env.get("CICA_QUEUE_WAIT", "5")),
                max_memory_mb=int(env.get("CICA_WORKER_MEMORY_MB", "0")),
            ),
            max_query_chars=int(env.get("CICA_MAX_QUERY_CHARS", "100000")),
            max_body=int(env.get("CICA_MAX_BODY_BYTES", "1000000")),
            max_url=int(env.get("CICA_MAX_URL_BYTES", "8192")),
            max_concurrent=int(env.get("CICA_MAX_CONCURRENT", "64")),
            cache_bytes=int(env.get("CICA_CACHE_BYTES", "64000000")),
            cache_max_age=int(env.get("CICA_CACHE_MAX_AGE", "60")),
            fast_path=env.get("CICA_FAST_PATH", "1").strip().lower() not in ("0", "false", "no"),
        )
