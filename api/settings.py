"""Settings of the web app, from the environment.

| variable | default | meaning |
|---|---|---|
| ``CICA_HOST`` | ``127.0.0.1`` | address ``cica serve`` listens on |
| ``CICA_PORT`` | ``8000`` | port ``cica serve`` listens on |
| ``CICA_BASE_IRI`` | ``https://w3id.org/cica/`` | base of entity IRIs |
| ``CICA_DIST_DIR`` | ``dist/`` | the build served (``cica.nq``, dumps, manifest) |
| ``CICA_CORS_ORIGINS`` | ``*`` | comma-separated origins allowed to read (``*``: any) |

>>> s = Settings.from_env({"CICA_DIST_DIR": "/tmp/d", "CICA_CORS_ORIGINS": "https://a.org, https://b.org"})
>>> s.dist_dir.as_posix(), s.cors_origins, s.port
('/tmp/d', ('https://a.org', 'https://b.org'), 8000)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from cica_graph import paths
from cica_graph.namespaces import BASE


@dataclass(frozen=True)
class Settings:
    dist_dir: Path = paths.DIST
    base_iri: str = BASE
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: tuple[str, ...] = ("*",)

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
        )
