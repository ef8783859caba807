"""Reasoning benchmark: the reason stage at synthetic multiples of the real data, phase by
phase, with the growth exponent; optionally the previous method (HermiT module by module, from
a file) and whole-graph HermiT side by side, checking that they infer the same.

    python bench/reason.py 1 10 100                        # the rules + summary method
    python bench/reason.py 1 10 --hermit-upto 1 --old old_reason.py --old-upto 10

Prints a Markdown table. Load and build are timed too (the reason stage's input).
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cica_graph import hermit
from cica_graph.build import build
from cica_graph.load import load
from cica_graph.namespaces import ONTOLOGY_GRAPH
from cica_graph.paths import DATA
from cica_graph.reason import (
    _entity_triples,
    _is_entity,
    _of_closure,
    clashes,
    reason,
)
from cica_graph.rules import materialise
from cica_graph.summary import summarise
from cica_graph.tbox import TBox
from cica_graph.validate import asserted_triples

from bench.synthetic import write


def timed(row: dict[str, Any], key: str, fn: Any) -> Any:
    t0 = time.perf_counter()
    value = fn()
    row[key] = time.perf_counter() - t0
    return value


def run(factor: int, args: argparse.Namespace) -> dict[str, Any]:
    data = DATA if factor == 1 else Path(args.data_dir) / f"x{factor}"
    if factor != 1 and not data.exists():
        write(data if args.data_dir else Path(tempfile.mkdtemp()) / f"x{factor}", factor)
    row: dict[str, Any] = {"factor": factor}
    curated = timed(row, "load s", lambda: load(data, DATA))
    ds = timed(row, "build s", lambda: build(curated))
    row["quads"] = sum(1 for _ in ds.quads((None, None, None, None)))
    inference = timed(row, "reason s (rules + summary)", lambda: reason(ds))
    row["inferred"] = len(inference.triples)
    # the same, phase by phase
    tbox_graph = ds.graph(ONTOLOGY_GRAPH)
    tbox = timed(row, "  compile ontology s", lambda: TBox.of(tbox_graph))
    abox = timed(
        row,
        "  read entity triples s",
        lambda: sorted(set(_entity_triples(asserted_triples(ds)))),
    )
    row["entity triples"] = len(abox)
    closure = timed(row, "  rules s", lambda: materialise(tbox, abox))
    timed(row, "  consistency rules s", lambda: clashes(closure))
    summary = timed(row, "  summarise s", lambda: summarise(tbox, abox, _is_entity))
    row["summary individuals"] = len(set(summary.node.values()))
    timed(row, "  HermiT on summary s", lambda: hermit.entail(tbox_graph, summary.triples))
    timed(row, "  inferred triples s", lambda: _of_closure(closure, set(abox)))
    if factor <= args.hermit_upto:
        whole = timed(row, "reason s (HermiT, whole graph)", lambda: reason(ds, method="hermit"))
        row["same as HermiT"] = whole.triples == inference.triples
    if args.old and factor <= args.old_upto:
        spec = importlib.util.spec_from_file_location("old_reason", args.old)
        assert spec and spec.loader
        old = importlib.util.module_from_spec(spec)
        sys.modules["old_reason"] = old
        spec.loader.exec_module(old)
        timed(row, "reason s (previous: HermiT modules)", lambda: old.reason(ds))
    return row


def exponent(rows: list[dict[str, Any]], key: str) -> str:
    """Growth exponent b in t ~ quads^b between the smallest and largest size measured."""
    have = [r for r in rows if isinstance(r.get(key), float) and r[key] > 0]
    if len(have) < 2:
        return ""
    small, large = have[0], have[-1]
    ratio = large["quads"] / small["quads"]
    return f"{math.log(large[key] / small[key]) / math.log(ratio):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("factors", type=int, nargs="*", default=[1, 10])
    parser.add_argument("--data-dir", default="", help="where synthetic data is (or goes)")
    parser.add_argument("--hermit-upto", type=int, default=0)
    parser.add_argument("--old", default="", help="a file with the previous reason()")
    parser.add_argument("--old-upto", type=int, default=0)
    args = parser.parse_args()
    rows = []
    for factor in args.factors:
        rows.append(run(factor, args))
        print(rows[-1], file=sys.stderr, flush=True)
    keys = list(dict.fromkeys(k for r in rows for k in r if k != "factor"))
    print("| measure | " + " | ".join(f"x{r['factor']}" for r in rows) + " | exponent |")
    print("|---|" + "---:|" * len(rows) + "---:|")
    for key in keys:
        cells = []
        for r in rows:
            value = r.get(key, "")
            cells.append(
                f"{value:.2f}"
                if isinstance(value, float)
                else f"{value:,}"
                if isinstance(value, int) and not isinstance(value, bool)
                else str(value)
            )
        growth = exponent(rows, key)
        print(f"| {key} | " + " | ".join(cells) + f" | {growth} |")


if __name__ == "__main__":
    main()
