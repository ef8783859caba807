"""Soak run: the server under a steady mixed load for a few minutes, memory sampled.

    python bench/soak.py --minutes 3

Builds the real graph into a temporary dist/, starts ``cica serve`` on a free loopback port
with a short query time limit, and keeps 8 clients busy with a mix of point lookups, entity
pages, aggregates, malformed queries and runaway queries (which hit the time limit and get
their worker killed). Every 10 seconds it samples the resident memory of the server's
processes (uvicorn workers and query workers: the process tree) and prints a Markdown table:
memory should stay flat, and no answer may be a 500.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from cica_graph.build import build
from cica_graph.export import write_dist
from cica_graph.load import load
from cica_graph.paths import DATA

from bench.endpoint import BIN, free_port, wait_until_up

QUERIES = [
    "SELECT ?p ?o WHERE { <https://w3id.org/cica/id/state/kazakhstan> ?p ?o }",
    "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), 'council')) }",
    "SELECT WHERE {",  # malformed: 400
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",  # runaway: 503
]
PAGES = ["/id/state/kazakhstan", "/id/organisation/cica", "/.well-known/void", "/"]


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError, IndexError, ValueError):
            total += int((Path("/proc") / str(current) / "statm").read_text().split()[1]) * 4096
        todo += children.get(current, [])
    return total


async def client(base: str, stop: float, codes: Counter[int], offset: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        i = offset
        while time.monotonic() < stop:
            i += 1
            if i % 3 == 0:
                response = await http.get(PAGES[i % len(PAGES)])
            else:
                query = QUERIES[i % len(QUERIES)]
                if (
                    "COUNT(*)" in query and i % 40 != 4
                ):  # one time in eight that it comes up: a runaway
                    query = QUERIES[0]
                response = await http.get("/sparql", params={"query": query})
            codes[response.status_code] += 1


async def load_for(base: str, seconds: float, codes: Counter[int]) -> None:
    stop = time.monotonic() + seconds
    await asyncio.gather(*(client(base, stop, codes, k * 7) for k in range(8)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=3.0)
    args = parser.parse_args()
    dist = Path(tempfile.mkdtemp(prefix="cica-soak-")) / "dist"
    write_dist(build(load(DATA)), dist)
    port = free_port()
    env = {**os.environ, "CICA_DIST_DIR": str(dist), "CICA_QUERY_TIMEOUT": "2"}
    command = [str(BIN / "cica"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    rows = []
    codes: Counter[int] = Counter()
    try:
        wait_until_up(f"{base}/sparql?query=ASK%7B%7D", proc)
        asyncio.run(load_for(base, 10, codes))  # warm up: workers started, caches filled
        started = time.monotonic()
        rows.append((0, tree_rss(proc.pid), sum(codes.values())))
        while time.monotonic() - started < args.minutes * 60:
            asyncio.run(load_for(base, 10, codes))
            rows.append(
                (round(time.monotonic() - started), tree_rss(proc.pid), sum(codes.values()))
            )
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    print("| seconds | server RSS MB (all processes) | requests so far |")
    print("|---:|---:|---:|")
    for seconds, rss, done in rows:
        print(f"| {seconds} | {rss / 1e6:.1f} | {done:,} |")
    first, middle, last = rows[0][1], rows[len(rows) // 2][1], rows[-1][1]
    print(
        f"\nanswers: {dict(sorted(codes.items()))}; RSS change over the run "
        f"{100 * (last - first) / first:+.1f}%, over its second half "
        f"{100 * (last - middle) / middle:+.1f}%"
    )
    if codes.get(500):
        raise SystemExit("500 answers during the soak")


if __name__ == "__main__":
    main()
