"""Pipeline benchmark: time and peak Python memory per stage, at the real size and at
synthetic multiples, with the growth exponent between sizes. Prints a Markdown table.

    python bench/pipeline.py 1 3 10          # factors of the real data

Stages: load YAML, build RDF, validate (pySHACL + checks), reason (rules + HermiT), load the
pyoxigraph store, export each dump format. "MB" is the peak resident memory of the process
during the stage (the HermiT JVM runs in a child process and is not counted); the store's
size is reported as resident bytes per triple, and N-Quads bytes per quad on disk.
"""

from __future__ import annotations

import gc
import math
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cica_graph.build import build
from cica_graph.export import DUMPS, build_info, serialise, serialise_quads, sorted_quads
from cica_graph.load import load
from cica_graph.paths import DATA
from cica_graph.reason import reason
from cica_graph.store import EmbeddedRepo
from cica_graph.validate import validate

from bench.synthetic import write


def rss() -> int:
    """Resident set size of this process, in bytes."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096


def measure(fn: Callable[[], Any]) -> tuple[Any, float, int]:
    """Run ``fn``: its value, seconds, and the peak resident memory of this process during
    the call (sampled every 20 ms; Rust and the JVM's helper process are not Python heap,
    and the reasoner's Java process is not counted)."""
    peak = rss()
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.02):
            peak = max(peak, rss())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    try:
        value = fn()
    finally:
        seconds = time.perf_counter() - t0
        done.set()
        sampler.join()
    return value, seconds, max(peak, rss())


def run(factor: int) -> dict[str, Any]:
    data = DATA if factor == 1 else write(Path(tempfile.mkdtemp(prefix=f"cica-x{factor}-")), factor)
    row: dict[str, Any] = {"factor": factor}
    curated, row["load s"], row["load MB"] = measure(lambda: load(data, DATA))
    ds, row["build s"], row["build MB"] = measure(lambda: build(curated))
    row["quads"] = sum(1 for _ in ds.quads((None, None, None, None)))
    report, row["validate s"], row["validate MB"] = measure(lambda: validate(ds))
    assert report.conforms, report.text()[:2000]
    _, row["reason s"], row["reason MB"] = measure(lambda: reason(ds))
    nquads = serialise(ds, "nq", build_info())
    gc.collect()
    before = rss()
    repo, row["store s"], _ = measure(lambda: EmbeddedRepo.from_nquads(nquads))
    row["store B/triple resident"] = (rss() - before) / max(1, len(repo.store))
    row["N-Quads B/quad on disk"] = len(nquads) / max(1, row["quads"])
    info = build_info()
    quads = sorted_quads(ds)
    for fmt in DUMPS:
        _, row[f"export {fmt} s"], _ = measure(lambda fmt=fmt: serialise_quads(quads, fmt, info))
    return row


def exponent(small: dict[str, Any], large: dict[str, Any], key: str) -> float:
    """Growth exponent b in t ~ n^b between two sizes (1.0 is linear)."""
    ratio = large["quads"] / small["quads"]
    if small[key] <= 0 or large[key] <= 0 or ratio <= 1:
        return float("nan")
    return math.log(large[key] / small[key]) / math.log(ratio)


def main(factors: list[int]) -> None:
    rows = [run(f) for f in factors]
    keys = [k for k in rows[0] if k not in ("factor",)]
    print(
        "| measure | "
        + " | ".join(f"x{r['factor']}" for r in rows)
        + " | growth exponent (first→last) |"
    )
    print("|---|" + "---|" * (len(rows) + 1))
    for key in keys:
        cells = []
        for r in rows:
            value = r[key]
            cells.append(
                f"{value / 1e6:.1f}"
                if key.endswith("MB")
                else f"{value:.2f}"
                if isinstance(value, float)
                else str(value)
            )
        growth = (
            ""
            if key in ("quads", "store B/triple resident", "N-Quads B/quad on disk")
            or len(rows) < 2
            else f"{exponent(rows[0], rows[-1], key):.2f}"
        )
        print(f"| {key} | " + " | ".join(cells) + f" | {growth} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 3, 10])
