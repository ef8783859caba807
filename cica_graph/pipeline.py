"""The build pipeline: load → build → validate → reason → write ``dist/``.

Nothing is written unless every step succeeds: bad records, a SHACL violation or an
inconsistent graph stop the build and leave the previous ``dist/`` as it was.

>>> from cica_graph.paths import DATA
>>> result = run_build(DATA, write=False)
>>> result.report.conforms, len(result.inference.triples) > 0
(True, True)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from cica_graph.build import build
from cica_graph.export import write_dist
from cica_graph.load import Curated, load
from cica_graph.paths import DIST
from cica_graph.reason import Inference, add_inferred, reason
from cica_graph.validate import Report, validate


class ValidationFailed(Exception):
    """The data does not conform to the shapes or the check queries."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(report.text())


@dataclass
class BuildResult:
    curated: Curated
    dataset: Dataset
    report: Report
    inference: Inference
    triples: int
    files: dict[str, bytes]


def run_build(data_dir: Path, dist: Path = DIST, *, write: bool = True) -> BuildResult:
    """Load, build, validate and reason; then (unless ``write`` is false) write ``dist``.

    Raises :class:`cica_graph.load.DataError`, :class:`ValidationFailed` or
    :class:`cica_graph.reason.InconsistentGraph` before anything is written.
    """
    curated = load(data_dir)
    ds = build(curated)
    report = validate(ds)
    if not report.conforms:
        raise ValidationFailed(report)
    inference = reason(ds)
    add_inferred(ds, inference)
    triples = sum(1 for _ in ds.quads((None, None, None, None)))
    files = {}
    if write:
        extra = {"validation-report.ttl": report.graph.serialize(format="turtle").encode()}
        files = write_dist(ds, dist, extra)
    return BuildResult(curated, ds, report, inference, triples, files)
