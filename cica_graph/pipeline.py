"""The build pipeline: load → build → validate → reason → write ``dist/``.

Nothing is written unless every step succeeds: bad records, a SHACL violation or an
inconsistent graph stop the build and leave the previous ``dist/`` as it was.

>>> from cica_graph.paths import DATA
>>> result = run_build(DATA, write=False)
>>> result.report.conforms, len(result.inference.triples) > 0
(True, True)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from cica_graph.build import build
from cica_graph.export import write_dist
from cica_graph.load import Curated, load
from cica_graph.namespaces import entity_iri
from cica_graph.paths import DIST, ONTOLOGY, SHAPES
from cica_graph.reason import Inference, add_inferred, reason
from cica_graph.validate import CHECKS, Report, validate


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


CACHE = "validation-cache.json"
"""In dist/: a hash per record and of the rules, from the last build that conformed."""


def record_hashes(curated: Curated) -> dict[str, str]:
    """Entity IRI → SHA-256 of the record's content."""
    out = {}
    for record in curated.all():
        text = json.dumps(record.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        out[str(entity_iri(record.kind, record.id))] = hashlib.sha256(text.encode()).hexdigest()
    return out


def rules_hash() -> str:
    digest = hashlib.sha256()
    for path in [ONTOLOGY, SHAPES, *sorted(CHECKS.glob("*.rq"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def changed_records(dist: Path, hashes: dict[str, str]) -> set[str] | None:
    """Records changed since the last conforming build, or ``None`` (validate everything)
    when there is no cache or the rules changed."""
    try:
        cache = json.loads((dist / CACHE).read_text())
    except (OSError, ValueError):
        return None
    if cache.get("rules") != rules_hash():
        return None
    old = cache.get("records", {})
    return {iri for iri, digest in hashes.items() if old.get(iri) != digest}


def run_build(
    data_dir: Path, dist: Path = DIST, *, write: bool = True, full: bool = False
) -> BuildResult:
    """Load, build, validate and reason; then (unless ``write`` is false) write ``dist``.

    Validation is incremental: the shapes are checked only on records that changed since the
    last build that conformed (``full`` checks everything). Raises
    :class:`cica_graph.load.DataError`, :class:`ValidationFailed` or
    :class:`cica_graph.reason.InconsistentGraph` before anything is written.
    """
    curated = load(data_dir)
    ds = build(curated)
    hashes = record_hashes(curated)
    report = validate(ds, changed=None if full else changed_records(dist, hashes))
    if not report.conforms:
        raise ValidationFailed(report)
    inference = reason(ds)
    add_inferred(ds, inference)
    triples = sum(1 for _ in ds.quads((None, None, None, None)))
    files = {}
    if write:
        cache = {"rules": rules_hash(), "records": hashes}
        extra = {
            "validation-report.ttl": report.graph.serialize(format="turtle").encode(),
            CACHE: (json.dumps(cache, indent=1, sort_keys=True) + "\n").encode(),
        }
        files = write_dist(ds, dist, extra, data_dir)
    return BuildResult(curated, ds, report, inference, triples, files)
