"""Pipeline benchmark: time and peak Python memory per stage, at the real size and at
synthetic multiples, with the growth exponent between sizes. Prints a Markdown table.

    python bench/pipeline.py 1 3 10          # factors of the real data

Stages: load YAML, build RDF, validate (pySHACL + checks), reason (rules + HermiT), write
the on-disk store (in a child process, as the build does), export each dump format. "MB" is
the peak resident memory of the process during the stage (child processes, such as the
HermiT JVM, validation's workers and the store writer, are not counted); the store's and
the N-Quads dump's sizes on disk per quad. Resident memory of the store as served:
``bench/store_memory.py``.
"""

from __future__ import annotations

import math
import shutil
import sys
import tempfile
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
from cica_graph.store import write_store
from cica_graph.validate import validate

from bench.procs import status
from bench.synthetic import write


def measure(fn: Callable[[], Any]) -> tuple[Any, float, int]:
    """Run ``fn``: its value, seconds, and the peak resident memory of this process during
    the call (the kernel's peak, reset before the call; the processes the stage starts,
    such as validation's forked workers or the reasoner's JVM, are not counted). No sampling
    thread: a process with threads would validate without forking."""
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    t0 = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t0, status("VmHWM")


def run(factor: int) -> dict[str, Any]:
    data = DATA if factor == 1 else write(Path(tempfile.mkdtemp(prefix=f"cica-x{factor}-")), factor)
    row: dict[str, Any] = {"factor": factor}
    curated, row["load s"], row["load MB"] = measure(lambda: load(data, DATA))
    ds, row["build s"], row["build MB"] = measure(lambda: build(curated))
    row["quads"] = sum(1 for _ in ds.quads((None, None, None, None)))
    report, row["validate s"], row["validate MB"] = measure(lambda: validate(ds))
    assert report.conforms, report.text()[:2000]
    _, row["reason s"], row["reason MB"] = measure(lambda: reason(ds))
    work = Path(tempfile.mkdtemp(prefix="cica-store-"))
    try:
        nquads = work / "cica.nq"
        nquads.write_bytes(serialise(ds, "nq", build_info()))
        _, row["store s"], _ = measure(lambda: write_store(nquads, work / "store"))
        size = sum(p.stat().st_size for p in (work / "store").iterdir())
        row["store B/quad on disk"] = size / max(1, row["quads"])
        row["N-Quads B/quad on disk"] = nquads.stat().st_size / max(1, row["quads"])
    finally:
        shutil.rmtree(work, ignore_errors=True)
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
            if key in ("quads", "store B/quad on disk", "N-Quads B/quad on disk") or len(rows) < 2
            else f"{exponent(rows[0], rows[-1], key):.2f}"
        )
        print(f"| {key} | " + " | ".join(cells) + f" | {growth} |")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 3, 10])
