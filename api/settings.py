"""Settings of the web app, from the environment (``CICA_*``).

>>> Settings.from_env({"CICA_DIST_DIR": "/tmp/d"}).dist_dir.as_posix()
'/tmp/d'
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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        return cls(
            dist_dir=Path(env.get("CICA_DIST_DIR", str(paths.DIST))),
            base_iri=env.get("CICA_BASE_IRI", BASE),
        )
