"""The build pipeline: load → build → write ``dist/`` (validation and reasoning plug in here).

>>> from cica_graph.paths import DATA
>>> result = run_build(DATA, write=False)
>>> result.triples > 0
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from cica_graph.build import build
from cica_graph.export import write_dist
from cica_graph.load import Curated, load
from cica_graph.paths import DIST


@dataclass
class BuildResult:
    curated: Curated
    dataset: Dataset
    triples: int
    files: dict[str, bytes]


def run_build(data_dir: Path, dist: Path = DIST, *, write: bool = True) -> BuildResult:
    """Load and check the data, build the dataset and (unless ``write`` is false) write ``dist``.

    Raises :class:`cica_graph.load.DataError` before anything is written if the data is bad.
    """
    curated = load(data_dir)
    ds = build(curated)
    triples = sum(1 for _ in ds.quads((None, None, None, None)))
    files = write_dist(ds, dist) if write else {}
    return BuildResult(curated, ds, triples, files)
