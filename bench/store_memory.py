"""Resident memory per triple: of a store in one process, and of the whole server as served.

    python bench/store_memory.py 1 6 60      # the real data, ~100k and ~1M triples

For each factor the synthetic data (``bench/synthetic.py``) is built into a dist directory
the way ``cica build`` writes one (no validation or reasoning: the copies conform), with its
on-disk store. Then, each in a fresh process, so nothing of a smaller size counts in a
larger one:

- **in memory**: the N-Quads dump loaded into an in-memory store (named graphs, then their
  union as the default graph): the resident growth per distinct triple, and the peak
  (``VmHWM``, which includes the N-Quads text held while loading);
- **on disk, one process**: the build's store opened read-only, then point lookups of 2,000
  subjects: the resident growth per triple (RocksDB's caches and indexes; the data stays in
  the page cache, which processes share);
- **served**: ``cica serve`` with its defaults over the dist, after a point lookup of every
  entity (the fast path, in the server processes: every block of the subject index read
  once) and 1,000 queries that go to the query workers, from 8 concurrent connections; then the resident set (RSS) and the
  proportional set (PSS: shared pages divided among the processes sharing them) summed over
  the whole process tree.

The last line gives the served tree's growth per triple between the smallest and the largest
size: what a triple costs as served, without the interpreters' fixed cost.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.procs import status

SAMPLE = 2000
"""Subjects looked up in each measurement."""

CLIENTS = 8
"""Concurrent connections warming the served tree (as wrk's 8 in the endpoint benchmark)."""


def subjects(repo: Any, sample: int | None = SAMPLE) -> list[str]:
    """Entity IRIs of ``repo``: every one, or ``sample`` of them spread over all."""
    rows = repo.select(
        "SELECT DISTINCT ?s WHERE { ?s a ?c FILTER(isIRI(?s) && !CONTAINS(STR(?s), '#')) }"
    )
    names = sorted(str(r["s"]) for r in rows)
    return names if sample is None else names[:: max(1, len(names) // sample)]


def measure_memory(nquads: Path) -> dict[str, float]:
    """Load ``nquads`` into an in-memory store in this process: resident growth, peak."""
    import gc

    from cica_graph.store import EmbeddedRepo

    gc.collect()
    before = status("VmRSS")
    started = time.perf_counter()
    repo = EmbeddedRepo.from_file(nquads)
    seconds = time.perf_counter() - started
    gc.collect()
    return {
        "triples": repo.triple_count(),
        "quads": len(repo.store),
        "growth": status("VmRSS") - before,
        "peak": status("VmHWM"),
        "load_s": seconds,
    }


def measure_disk(store: Path) -> dict[str, float]:
    """Open the on-disk store read-only and run point lookups: resident growth, µs a lookup."""
    import gc

    from cica_graph.store import EmbeddedRepo

    gc.collect()
    before = status("VmRSS")
    repo = EmbeddedRepo.open(store)
    sample = subjects(repo)
    started = time.perf_counter()
    for subject in sample:
        list(repo.query(f"SELECT ?p ?o WHERE {{ <{subject}> ?p ?o }}"))
    seconds = (time.perf_counter() - started) / len(sample)
    gc.collect()
    return {"growth": status("VmRSS") - before, "lookup_us": seconds * 1e6}


def measure_served(dist: Path, entities: list[str]) -> dict[str, int]:
    """``cica serve`` (defaults) over ``dist``, warmed; RSS and PSS of its process tree."""
    from bench.endpoint import free_port, running
    from bench.procs import memory

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [str(Path(sys.executable).parent / "cica"), "serve", "--port", str(port)]
    probe = f"{base}/sparql?query=ASK%20%7B%7D"

    def client(share: list[str]) -> None:
        accept = {"Accept": "application/sparql-results+json"}
        with httpx.Client(base_url=base, headers=accept, timeout=60) as http:
            for subject in share:  # bounded: answered by the server processes
                query = f"SELECT ?p ?o WHERE {{ <{subject}> ?p ?o }}"
                http.get("/sparql", params={"query": query}).raise_for_status()
            for subject in share[:: max(1, len(share) // 125)]:  # to the query workers
                query = f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ <{subject}> ?p ?o }} GROUP BY ?p"
                http.get("/sparql", params={"query": query}).raise_for_status()

    with running(command, {"CICA_DIST_DIR": str(dist)}, probe) as proc:
        with ThreadPoolExecutor(CLIENTS) as pool:  # connections spread over the processes
            list(pool.map(client, [entities[i::CLIENTS] for i in range(CLIENTS)]))
        return memory(proc.pid)


def write_build(factor: int, work: Path) -> Path:
    """The dist of a synthetic size, as ``cica build`` writes it."""
    from cica_graph.build import build
    from cica_graph.export import write_dist
    from cica_graph.load import load
    from cica_graph.paths import DATA

    from bench.synthetic import write

    data = DATA if factor == 1 else write(work / f"data-x{factor}", factor)
    dist = work / f"dist-x{factor}"
    write_dist(build(load(data, DATA)), dist, data=data)
    return dist


def _in_fresh_process(*args: str) -> dict[str, Any]:
    """Run this script with ``args`` in a new interpreter; its last output line, as JSON."""
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, Any] = json.loads(out.splitlines()[-1])
    return result


def main(factors: list[int]) -> None:
    from cica_graph.export import STORE

    rows = []
    with tempfile.TemporaryDirectory(prefix="cica-store-memory-") as tmp:
        for factor in factors:
            dist = write_build(factor, Path(tmp))
            row = _in_fresh_process("--memory", str(dist / "cica.nq"))
            row["factor"] = factor
            row["disk"] = _in_fresh_process("--disk", str(dist / STORE))
            row["served"] = _in_fresh_process("--served", str(dist))
            rows.append(row)
            print(f"x{factor}: done", file=sys.stderr, flush=True)
    print(
        "| size | distinct triples | quads | in memory: MB | B / triple | peak MB | load s "
        "| on disk, one process: MB | B / triple | lookup µs "
        "| served: processes | RSS MB | PSS MB | PSS B / triple |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        t, disk, served = r["triples"], r["disk"], r["served"]
        print(
            f"| x{r['factor']} | {t:,} | {r['quads']:,} | {r['growth'] / 1e6:.0f} "
            f"| {r['growth'] / t:.0f} | {r['peak'] / 1e6:.0f} | {r['load_s']:.1f} "
            f"| {disk['growth'] / 1e6:.0f} | {disk['growth'] / t:.0f} | {disk['lookup_us']:.0f} "
            f"| {served['processes']} | {served['rss'] / 1e6:.0f} | {served['pss'] / 1e6:.0f} "
            f"| {served['pss'] / t:.0f} |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        added = last["triples"] - first["triples"]
        for key in ("rss", "pss"):
            grown = last["served"][key] - first["served"][key]
            print(
                f"\nServed, x{first['factor']} to x{last['factor']}: {key.upper()} of the process "
                f"tree grew {grown / 1e6:.0f} MB for {added:,} triples: {grown / added:.0f} B "
                "per triple"
            )


if __name__ == "__main__":
    command, *rest = sys.argv[1:] or [""]
    if command == "--memory":
        __import__("pyoxigraph")  # imported before the first reading
        print(json.dumps(measure_memory(Path(rest[0]))))
    elif command == "--disk":
        __import__("cica_graph.store")
        print(json.dumps(measure_disk(Path(rest[0]))))
    elif command == "--served":
        from cica_graph.export import STORE
        from cica_graph.store import EmbeddedRepo

        every = subjects(EmbeddedRepo.open(Path(rest[0]) / STORE), None)
        print(json.dumps(measure_served(Path(rest[0]), every)))
    else:
        main([int(a) for a in sys.argv[1:]] or [1, 6])
