"""Resident memory of the embedded store per triple, each size loaded in a fresh process.

    python bench/store_memory.py 1 6 60      # the real data, ~100k and ~1M triples

For each factor the synthetic data (``bench/synthetic.py``) is built and written as
N-Quads (no validation or reasoning: the copies conform). Then a new Python process that has
already imported pyoxigraph reads its resident set size, loads the file the way the server
does (:meth:`cica_graph.store.EmbeddedRepo.from_file`: the named graphs, then their union
as the default graph) and reads it again. The difference, divided by the distinct triples,
is the store's resident bytes per triple; the peak (``VmHWM``) includes the N-Quads text
held while loading. One process per size, so nothing of a smaller size is counted in a
larger one (measuring in one process gave negative deltas).

For comparison, the same quads (and their union as the default graph) are written to an
on-disk pyoxigraph store (RocksDB), which a further fresh process opens read-only and queries
with a point lookup of 2,000 subjects: its resident growth per triple is what a process
serving from a shared on-disk store would hold (the rest is the operating system's page
cache, shared between processes).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _status(field: str) -> int:
    """A ``/proc/self/status`` field in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def measure(nquads: Path) -> dict[str, float]:
    """Load ``nquads`` in this process: resident bytes before and after, peak, seconds."""
    import gc

    from cica_graph.store import EmbeddedRepo

    gc.collect()
    before = _status("VmRSS")
    started = time.perf_counter()
    repo = EmbeddedRepo.from_file(nquads)
    seconds = time.perf_counter() - started
    gc.collect()
    after = _status("VmRSS")
    return {
        "triples": repo.triple_count(),
        "quads": len(repo.store),
        "rss_before": before,
        "rss_after": after,
        "peak": _status("VmHWM"),
        "load_s": seconds,
        "file_bytes": nquads.stat().st_size,
    }


def write_on_disk(nquads: Path, target: Path) -> None:
    """The quads of ``nquads`` and their union as the default graph, in a RocksDB store."""
    import pyoxigraph as ox

    store = ox.Store(str(target))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    union = (
        ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
        for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    )
    store.bulk_extend(union)
    store.flush()
    store.optimize()


def measure_on_disk(target: Path) -> dict[str, float]:
    """Open the on-disk store read-only and run point lookups: resident bytes before, after."""
    import gc

    import pyoxigraph as ox

    gc.collect()
    before = _status("VmRSS")
    store = ox.Store.read_only(str(target))
    subjects = []
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        named = isinstance(quad.subject, ox.NamedNode)
        if named and (not subjects or subjects[-1] != quad.subject):
            subjects.append(quad.subject)
    step = max(1, len(subjects) // 2000)
    started = time.perf_counter()
    for subject in subjects[::step]:
        list(store.query(f"SELECT ?p ?o WHERE {{ {subject} ?p ?o }}"))
    seconds = (time.perf_counter() - started) / len(subjects[::step])
    gc.collect()
    after = _status("VmRSS")
    return {"rss_before": before, "rss_after": after, "lookup_us": seconds * 1e6}


def nquads_file(factor: int, work: Path) -> Path:
    from cica_graph.build import build
    from cica_graph.export import build_info, serialise
    from cica_graph.load import load
    from cica_graph.paths import DATA

    from bench.synthetic import write

    data = DATA if factor == 1 else write(work / f"data-x{factor}", factor)
    path = work / f"x{factor}.nq"
    path.write_bytes(serialise(build(load(data, DATA)), "nq", build_info()))
    return path


def _in_fresh_process(*args: str) -> dict[str, Any]:
    """Run this script with ``args`` in a new interpreter; its last output line, as JSON."""
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    return result


def main(factors: list[int]) -> None:
    rows = []
    with tempfile.TemporaryDirectory(prefix="cica-store-memory-") as tmp:
        for factor in factors:
            path = nquads_file(factor, Path(tmp))
            row = _in_fresh_process("--measure", str(path))
            row["factor"] = factor
            disk = Path(tmp) / f"x{factor}.db"
            subprocess.run([sys.executable, __file__, "--write", str(path), str(disk)], check=True)
            row["disk"] = _in_fresh_process("--measure-disk", str(disk))
            rows.append(row)
            path.unlink()
            print(f"x{factor}: done", file=sys.stderr, flush=True)
    print(
        "| size | distinct triples | quads | in-memory store MB | bytes / triple | peak MB "
        "| load s | on-disk store, read-only, resident MB | bytes / triple | lookup µs |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        delta = r["rss_after"] - r["rss_before"]
        disk = r["disk"]["rss_after"] - r["disk"]["rss_before"]
        print(
            f"| x{r['factor']} | {r['triples']:,} | {r['quads']:,} | {delta / 1e6:.0f} "
            f"| {delta / r['triples']:.0f} | {r['peak'] / 1e6:.0f} | {r['load_s']:.1f} "
            f"| {disk / 1e6:.0f} | {disk / r['triples']:.0f} | {r['disk']['lookup_us']:.0f} |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        growth = math.log(last["load_s"] / first["load_s"]) / math.log(
            last["triples"] / first["triples"]
        )
        print(f"\nLoad time growth exponent x{first['factor']}→x{last['factor']}: {growth:.2f}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        __import__("pyoxigraph")  # imported before the first reading
        print(json.dumps(measure(Path(sys.argv[2]))))
    elif sys.argv[1:2] == ["--write"]:
        write_on_disk(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["--measure-disk"]:
        __import__("pyoxigraph")
        print(json.dumps(measure_on_disk(Path(sys.argv[2]))))
    else:
        main([int(a) for a in sys.argv[1:]] or [1, 6])
