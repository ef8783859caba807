"""Endpoint benchmark: this project's server side by side with ``oxigraph serve-read-only``
and ``rdflib-endpoint`` on the same data, driven by wrk with the same bounded load.

    python bench/endpoint.py                      # x1 and x6 (17k and ~100k triples), 10 s each
    python bench/endpoint.py --factors 1 --duration 2      # the CI smoke run
    python bench/endpoint.py --factors 60 --only "point lookup"   # ~1M triples (slow to build)

For each size the synthetic data (``bench/synthetic.py``) is loaded and built into a dist
directory without validation or reasoning (the copies are renamed replicas of the curated
records, which conform). Then, on free loopback ports:

- this project's server as the README runs it (``cica serve``, settings at their defaults);
- ``oxigraph serve-read-only`` over a store loaded with the same triples (the union graph);
- ``rdflib-endpoint serve`` over the same triples (from the ``bench`` extra).

Before timing, every query is sent once to every server and the number of results compared:
a mismatch stops the run. Then wrk (2 threads, 8 connections, fixed duration) drives each
server with each query of the mix; point lookups and entity pages go round-robin over every
entity. Prints, per size and query, throughput, p50 and p99 latency and non-2xx responses for
each server, and the ratios of this project's server to both peers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cica_graph.build import build
from cica_graph.export import STORE, write_dist
from cica_graph.load import load
from cica_graph.paths import DATA
from cica_graph.store import EmbeddedRepo

from bench.procs import memory
from bench.synthetic import write

BIN = Path(sys.executable).parent
WRK = ["wrk", "-t2", "-c8", "--timeout", "30s"]
OXIGRAPH_SERVE = [str(BIN / "oxigraph"), "serve-read-only"]
RDFLIB_SERVE = [str(BIN / "rdflib-endpoint"), "serve"]
LUA = Path(__file__).with_name("wrk_paths.lua")
ID = "https://w3id.org/cica/id/"
PREFIXES = (
    "PREFIX cica: <https://w3id.org/cica/ontology#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "PREFIX prov: <http://www.w3.org/ns/prov#> "
    "PREFIX org: <http://www.w3.org/ns/org#> "
)
MIX = {
    "2-hop join": "SELECT ?m ?place ?country WHERE { ?m a cica:Meeting ; prov:atLocation ?place . "
    "?place cica:country ?country }",
    "group by": "SELECT ?c (COUNT(?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
    "date range": "SELECT ?m ?d WHERE { ?m a cica:Meeting ; cica:start ?d "
    'FILTER(STR(?d) >= "2024-01" && STR(?d) < "2024-07") }',
    "property path": "SELECT ?b ?top WHERE { ?b org:subOrganizationOf+ ?top }",
    "label search": "SELECT ?s ?l WHERE { ?s rdfs:label ?l "
    'FILTER(CONTAINS(LCASE(STR(?l)), "council")) }',
    "construct": "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a cica:State ; rdfs:label ?l }",
}
POINT = "SELECT ?p ?o WHERE {{ <{e}> ?p ?o }}"
PAGE = "CONSTRUCT {{ <{e}> ?p ?o . ?s ?q <{e}> }} WHERE {{ {{ <{e}> ?p ?o }} UNION {{ ?s ?q <{e}> }} }}"
SELECT_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    base: str  # http://127.0.0.1:port
    query_path: str  # where SPARQL queries go
    pid: int = 0  # once started

    def url(self, query: str) -> str:
        return f"{self.query_path}?query={quote(query)}"


def wait_until_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args} exited with {proc.returncode}")
        try:
            if httpx.get(url, timeout=5).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


@contextmanager
def running(
    command: list[str], env: dict[str, str], probe: str
) -> Iterator[subprocess.Popen[bytes]]:
    """The server ``command`` started, once ``probe`` answers; stopped (SIGTERM) at the end."""
    proc = subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(probe, proc)
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def servers(dist: Path, work: Path, peers: list[str]) -> Iterator[list[Server]]:
    """This project's server and the ``peers`` over the same data; stopped at the end."""
    ours, oxi, rdfl = free_port(), free_port(), free_port()
    store = work / "oxigraph"
    subprocess.run(
        [str(BIN / "oxigraph"), "load", "--location", str(store), "--file", str(dist / "cica.nt")],
        check=True,
        capture_output=True,
    )
    ask = quote("ASK {}")
    commands = {
        "cica": (
            [str(BIN / "cica"), "serve", "--host", "127.0.0.1", "--port", str(ours)],
            {"CICA_DIST_DIR": str(dist)},
            f"http://127.0.0.1:{ours}/sparql?query={ask}",
            Server("cica", f"http://127.0.0.1:{ours}", "/sparql"),
        ),
        "oxigraph": (
            [*OXIGRAPH_SERVE, "--location", str(store), "--bind", f"127.0.0.1:{oxi}"],
            {},
            f"http://127.0.0.1:{oxi}/query?query={ask}",
            Server("oxigraph", f"http://127.0.0.1:{oxi}", "/query"),
        ),
        "rdflib-endpoint": (
            [*RDFLIB_SERVE, str(dist / "cica.nt"), "--host", "127.0.0.1", "--port", str(rdfl)],
            {},
            f"http://127.0.0.1:{rdfl}/?query={ask}",
            Server("rdflib-endpoint", f"http://127.0.0.1:{rdfl}", "/"),
        ),
    }
    chosen = ["cica", *[p for p in commands if p in peers]]
    with ExitStack() as stack:
        started = []
        for name in chosen:
            command, env, probe, server = commands[name]
            proc = stack.enter_context(running(command, env, probe))
            started.append(replace(server, pid=proc.pid))
        yield started


def count(server: Server, query: str, accept: str) -> int:
    response = httpx.get(server.base + server.url(query), headers={"Accept": accept}, timeout=600)
    response.raise_for_status()
    if accept == SELECT_JSON:
        return len(response.json()["results"]["bindings"])
    return len([line for line in response.text.splitlines() if line.strip()])


def wrk(
    server: Server, paths: list[str], accept: str, seconds: float, work: Path
) -> dict[str, float]:
    listing = work / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    out = subprocess.run(
        [*WRK, f"-d{seconds:g}s", "-s", str(LUA), server.base, "--", str(listing), accept],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("{"))
    stats = json.loads(line)
    return {
        "rps": stats["requests"] / (stats["duration_us"] / 1e6),
        "p50": stats["p50_us"] / 1000,
        "p99": stats["p99_us"] / 1000,
        "bad": stats["non2xx"] + stats["errors"],
    }


def dataset(factor: int, work: Path) -> tuple[Path, list[str], int]:
    """Build the synthetic size into a dist directory: its path, entity IRIs, triples."""
    data = DATA if factor == 1 else write(work / "data", factor)
    ds = build(load(data, DATA))
    dist = work / "dist"
    write_dist(ds, dist, data=data)
    repo = EmbeddedRepo.open(dist / STORE)
    entities = sorted(
        row["s"] or ""
        for row in repo.select(
            f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{ID}") '
            '&& !CONTAINS(STR(?s), "#")) }'
        )
    )
    return dist, entities, repo.triple_count()


PEERS = ["oxigraph", "rdflib-endpoint"]


def run(
    factor: int, seconds: int, only: list[str] | None = None, peers: list[str] = PEERS
) -> list[str]:
    work = Path(tempfile.mkdtemp(prefix=f"cica-endpoint-x{factor}-"))
    try:
        dist, entities, triples = dataset(factor, work)
        lines = [
            f"\n### x{factor}: {triples:,} triples, {len(entities):,} entities, "
            f"wrk 2 threads / 8 connections / {seconds:g} s per cell\n",
            "| query | server | req/s | p50 ms | p99 ms | non-2xx | cica / server (req/s) |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        with servers(dist, work, peers) as all_servers:
            cases: list[tuple[str, dict[str, list[str]], str]] = []
            point = [PREFIXES + POINT.format(e=e) for e in entities]
            cases.append(
                (
                    "point lookup",
                    {s.name: [s.url(q) for q in point] for s in all_servers},
                    SELECT_JSON,
                )
            )
            page_paths = {
                s.name: [s.url(PREFIXES + PAGE.format(e=e)) for e in entities] for s in all_servers
            }
            page_paths["cica"] = ["/id/" + e[len(ID) :] for e in entities]
            cases.append(("entity page", page_paths, NTRIPLES))
            for name, query in MIX.items():
                accept = NTRIPLES if query.startswith("CONSTRUCT") else SELECT_JSON
                cases.append(
                    (name, {s.name: [s.url(PREFIXES + query)] for s in all_servers}, accept)
                )
            cases = [c for c in cases if only is None or c[0] in only]
            for name, _, accept in cases:  # same answers first
                if name in ("point lookup", "entity page"):
                    continue
                query = PREFIXES + MIX[name]
                counts = {s.name: count(s, query, accept) for s in all_servers}
                if len(set(counts.values())) != 1:
                    raise SystemExit(f"x{factor} {name}: servers disagree: {counts}")
            sample = PREFIXES + POINT.format(e=entities[len(entities) // 2])
            counts = {s.name: count(s, sample, SELECT_JSON) for s in all_servers}
            if len(set(counts.values())) != 1:
                raise SystemExit(f"x{factor} point lookup: servers disagree: {counts}")
            for name, paths, accept in cases:
                results = {
                    s.name: wrk(s, paths[s.name], accept, seconds, work) for s in all_servers
                }
                ours = results["cica"]["rps"]
                for server, r in results.items():
                    ratio = (
                        "" if server == "cica" else f"{ours / r['rps']:.2f}" if r["rps"] else "inf"
                    )
                    lines.append(
                        f"| {name} | {server} | {r['rps']:,.0f} | {r['p50']:.2f} | {r['p99']:.2f} "
                        f"| {r['bad']:.0f} | {ratio} |"
                    )
                print(f"x{factor} {name}: done", file=sys.stderr, flush=True)
            lines += ["", "Resident memory of each server's process tree after the runs:", ""]
            lines += [
                "| server | processes | RSS MB | PSS MB | PSS B / triple |",
                "|---|---:|---:|---:|---:|",
            ]
            for server in all_servers:
                used = memory(server.pid)
                lines.append(
                    f"| {server.name} | {used['processes']} | {used['rss'] / 1e6:.0f} "
                    f"| {used['pss'] / 1e6:.0f} | {used['pss'] / triples:.0f} |"
                )
        return lines
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 6])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--only", nargs="+", help='queries to run, e.g. "point lookup"')
    parser.add_argument("--peers", nargs="*", default=PEERS, choices=PEERS)
    args = parser.parse_args()
    for tool in ["wrk", str(BIN / "oxigraph"), str(BIN / "rdflib-endpoint")]:
        if shutil.which(tool) is None:
            raise SystemExit(
                f"{tool} not found: apt-get install wrk; pip install -e '.[dev,bench]'"
            )
    out = []
    for factor in args.factors:
        out += run(factor, args.duration, args.only, args.peers)
    print("\n".join(out))


if __name__ == "__main__":
    main()
