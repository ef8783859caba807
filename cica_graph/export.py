"""Deterministic dumps of the dataset, written atomically.

Formats: Turtle and N-Triples (the union of all graphs, each triple once), JSON-LD, TriG and
N-Quads (one named graph per source document, plus the ontology and inferred graphs). Two
builds of the same inputs give byte-identical files. Every file starts with a header naming
the version, the build date and the SHA-256 of the inputs; ``manifest.json`` lists each file
with its size, checksum and media type.

Beside the dumps, ``store/`` holds the same quads (and their union as the default graph) in
an on-disk pyoxigraph store, which the server and the CLI open read-only instead of loading
a dump; it is an index for this build's engine version, not a dump, and its files are not
byte-identical between builds.

The whole ``dist/`` directory is written to a temporary sibling first and swapped in at the
end, so a failed build leaves the previous artefacts as they were.

>>> DUMPS["nt"].media_type
'application/n-triples'
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version as package_version
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from cica_graph.paths import DATA, NQUADS, ONTOLOGY, ONTOLOGY_DIR, ROOT, STORE
from cica_graph.prefixes import PREFIXES
from cica_graph.store import write_store


@dataclass(frozen=True)
class Dump:
    """One dump format."""

    file: str
    media_type: str
    comment: str  # line-comment marker; JSON has none


DUMPS: dict[str, Dump] = {
    "ttl": Dump("cica.ttl", "text/turtle", "#"),
    "nt": Dump("cica.nt", "application/n-triples", "#"),
    "jsonld": Dump("cica.jsonld", "application/ld+json", ""),
    "trig": Dump("cica.trig", "application/trig", "#"),
    "nq": Dump(NQUADS, "application/n-quads", "#"),
}


@dataclass(frozen=True)
class BuildInfo:
    """What a build was made from: version, date and a hash of every input file."""

    version: str
    date: str
    inputs_sha256: str

    def header(self, marker: str) -> str:
        lines = [
            "CICA knowledge graph - generated file, do not edit (regenerate with `cica build`).",
            f"version: {self.version}; built: {self.date}; inputs sha256: {self.inputs_sha256}",
            "inputs: data/*.yaml, data/sources/*, ontology/cica.ttl",
        ]
        return "".join(f"{marker} {line}\n" for line in lines)


def input_files(data: Path = DATA) -> list[Path]:
    """Every file a build of ``data`` reads."""
    files = sorted(data.glob("*.yaml")) + sorted((data / "sources").glob("*"))
    return [*files, ONTOLOGY, ONTOLOGY_DIR / "shapes.ttl"]


def inputs_digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def build_date() -> str:
    """``SOURCE_DATE_EPOCH`` if set, else the date of the last commit, else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return datetime.now(tz=UTC).date().isoformat()


def build_info(data: Path = DATA) -> BuildInfo:
    return BuildInfo(package_version("cica-graph"), build_date(), inputs_digest(input_files(data)))


def sorted_quads(ds: Dataset) -> list[ox.Quad]:
    """Every quad of ``ds`` once, in the order of their sorted N-Quads lines (graph last), so
    every dump written from them is deterministic."""
    lines = sorted({line for line in ds.serialize(format="nquads").splitlines() if line.strip()})
    return list(ox.parse("\n".join(lines).encode(), format=ox.RdfFormat.N_QUADS))


def _union(quads: list[ox.Quad]) -> list[ox.Triple]:
    """The triples of every graph, each once, sorted."""
    triples = {q.triple for q in quads}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def _by_graph(quads: list[ox.Quad]) -> list[ox.Quad]:
    return sorted(
        quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
    )


def serialise_quads(
    quads: list[ox.Quad], fmt: str, info: BuildInfo, union: list[ox.Triple] | None = None
) -> bytes:
    """One dump as bytes, header first (JSON-LD carries it in the manifest only), written by
    pyoxigraph from quads in a fixed order. ``union``: the triples of ``quads``, each once,
    sorted, if the caller already has them."""
    dump = DUMPS[fmt]
    out = io.BytesIO()
    if fmt == "nq":
        ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
    elif fmt == "trig":
        ox.serialize(_by_graph(quads), out, ox.RdfFormat.TRIG, prefixes=PREFIXES)
    else:
        triples = _union(quads) if union is None else union
        if fmt == "nt":
            ox.serialize(triples, out, ox.RdfFormat.N_TRIPLES)
        elif fmt == "ttl":
            ox.serialize(triples, out, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        else:
            ox.serialize(triples, out, ox.RdfFormat.JSON_LD)
            pretty = json.dumps(json.loads(out.getvalue()), ensure_ascii=False, indent=1) + "\n"
            out = io.BytesIO(pretty.encode())
    body = out.getvalue()
    header = info.header(dump.comment).encode() if dump.comment else b""
    return header + body


def serialise(ds: Dataset, fmt: str, info: BuildInfo) -> bytes:
    """One dump of ``ds`` as bytes (see :func:`serialise_quads`)."""
    return serialise_quads(sorted_quads(ds), fmt, info)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)  # published files are world-readable, unlike mkstemp's 0600
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def manifest(files: dict[str, bytes], info: BuildInfo, triples: int) -> bytes:
    entries = []
    for fmt, dump in DUMPS.items():
        if dump.file in files:
            data = files[dump.file]
            entries.append(
                {
                    "file": dump.file,
                    "format": fmt,
                    "media_type": dump.media_type,
                    "bytes": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                }
            )
    doc = {
        "version": info.version,
        "built": info.date,
        "inputs_sha256": info.inputs_sha256,
        "triples": triples,
        "files": entries,
        "store": {"directory": STORE, "engine": f"pyoxigraph {package_version('pyoxigraph')}"},
    }
    return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()


def write_dist(
    ds: Dataset, dist: Path, extra: dict[str, bytes] | None = None, data: Path = DATA
) -> dict[str, bytes]:
    """Serialise every dump of ``ds`` (built from ``data``), then replace ``dist`` with the new
    files in one swap."""
    info = build_info(data)
    quads = sorted_quads(ds)
    union = _union(quads)  # once, for three dumps and the count
    files = {dump.file: serialise_quads(quads, fmt, info, union) for fmt, dump in DUMPS.items()}
    files.update(extra or {})
    files["manifest.json"] = manifest(files, info, len(union))
    dist.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=dist.parent, prefix=f".{dist.name}.new-"))
    os.chmod(staging, 0o755)
    try:
        for name, content in files.items():
            write_atomic(staging / name, content)
        write_store(staging / NQUADS, staging / STORE)
        old = dist.with_name(f".{dist.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if dist.exists():
            os.replace(dist, old)
        try:
            os.replace(staging, dist)
        except BaseException:
            if old.exists():
                os.rename(old, dist)  # put the previous build back
            raise
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return files
