"""Embedded pyoxigraph versus a remote Oxigraph server on loopback, measured side by side in
one run: push time and query latency (median of repeated runs) for a few queries, at the real
size and at a synthetic multiple. Prints a Markdown table with the remote/embedded ratio.

    python bench/remote.py 1 5
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cica_graph.build import build
from cica_graph.load import load
from cica_graph.paths import DATA
from cica_graph.remote import RemoteRepo, push
from cica_graph.store import EmbeddedRepo, Repo

from bench.synthetic import write

QUERIES = {
    "point lookup": "SELECT ?p ?o WHERE { <https://w3id.org/cica/id/state/kazakhstan> ?p ?o }",
    "2-hop join": """PREFIX cica: <https://w3id.org/cica/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?area ?state WHERE { ?c cica:priorityArea/rdfs:label ?area ; cica:state/rdfs:label ?state }""",
    "group by": """SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class""",
    "date filter": """PREFIX cica: <https://w3id.org/cica/ontology#>
        SELECT ?m WHERE { ?m a cica:Meeting ; cica:start ?d FILTER(YEAR(?d) = 2024) }""",
}
REPEAT = 30


def latency(repo: Repo, query: str) -> float:
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        list(repo.query(query))
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main(factors: list[int]) -> None:
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    print("| size | measure | embedded ms | remote ms | remote / embedded |\n|---|---|---|---|---|")
    for factor in factors:
        data = DATA if factor == 1 else write(Path(tempfile.mkdtemp()), factor)
        ds = build(load(data, DATA))
        nquads = ds.serialize(format="nquads").encode()
        t0 = time.perf_counter()
        embedded = EmbeddedRepo.from_nquads(nquads)
        load_ms = (time.perf_counter() - t0) * 1000
        location = tempfile.mkdtemp(prefix="oxbench-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = subprocess.Popen(
            [oxigraph, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(1.5)
            remote = RemoteRepo(f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/store")
            t0 = time.perf_counter()
            report = push(remote, nquads)
            push_ms = (time.perf_counter() - t0) * 1000
            assert report.ok, report.text()
            size = f"x{factor} ({embedded.triple_count()} triples)"
            print(
                f"| {size} | load / push | {load_ms:.0f} | {push_ms:.0f} | {push_ms / load_ms:.1f} |"
            )
            for name, query in QUERIES.items():
                e, r = latency(embedded, query), latency(remote, query)
                print(f"| {size} | {name} | {e:.2f} | {r:.2f} | {r / e:.1f} |")
        finally:
            proc.terminate()
            proc.wait()
            shutil.rmtree(location, ignore_errors=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1, 5])
