"""Every path of the project in one place.

>>> (ROOT / "pyproject.toml").is_file()
True
>>> DATA.name, SOURCES.name
('data', 'sources')
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("CICA_DATA_DIR", ROOT / "data"))
SOURCES = DATA / "sources"
SOURCES_YAML = DATA / "sources.yaml"
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY = ONTOLOGY_DIR / "cica.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
QUERIES = ROOT / "queries"
DIST = Path(os.environ.get("CICA_DIST_DIR", ROOT / "dist"))
NQUADS = "cica.nq"
"""The N-Quads dump in a build's directory (its checksum names the build)."""
STORE = "store"
"""The on-disk store in a build's directory."""
