"""``cica``: the command line. No logic here, only calls into the library.

>>> main(["--help"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
SystemExit: 0
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
from collections import Counter
from pathlib import Path

from cica_graph import paths
from cica_graph.build import build
from cica_graph.canonical import canonicalise
from cica_graph.dictionary import write_docs
from cica_graph.export import STORE, write_atomic
from cica_graph.load import DataError, load
from cica_graph.pipeline import ValidationFailed, run_build
from cica_graph.queries import ParameterError, discover, run
from cica_graph.reason import InconsistentGraph, RulesDisagree, reason
from cica_graph.remote import RemoteError, RemoteRepo, push, remote_from_env
from cica_graph.render import print_result
from cica_graph.stats import class_counts, graph_counts, record_coverage
from cica_graph.store import EmbeddedRepo, QueryError, Repo
from cica_graph.tbox import UnsupportedAxiom
from cica_graph.validate import validate


def _repo(dist: Path) -> Repo:
    remote = remote_from_env(os.environ)
    if remote is not None:
        return remote
    try:
        return EmbeddedRepo.open(dist / STORE)
    except FileNotFoundError as exc:
        raise SystemExit(str(exc)) from None


def cmd_build(args: argparse.Namespace) -> int:
    result = run_build(args.data, args.dist, full=args.full)
    print(f"built {result.triples} quads into {args.dist}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    report = validate(build(load(args.data)))
    print(report.text(), end="")
    write_atomic(args.report, report.graph.serialize(format="turtle").encode())
    print(f"report written to {args.report}")
    return 0 if report.conforms else 1


def cmd_reason(args: argparse.Namespace) -> int:
    inference = reason(build(load(args.data)), method=args.method)
    counts = Counter(str(p) for _, p, _ in inference.triples)
    print(f"consistent; {len(inference.triples)} inferred triples")
    for predicate, n in counts.most_common():
        print(f"{n:>6}  {predicate}")
    if args.output:
        write_atomic(args.output, inference.graph().serialize(format="turtle").encode())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    curated = load(args.data)
    print(f"OK: {sum(len(v) for v in curated.records.values())} records")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    changed = canonicalise(args.data, check=args.check)
    for path in changed:
        print(f"{'not canonical' if args.check else 'rewrote'}: {path}")
    return 1 if (args.check and changed) else 0


def cmd_query(args: argparse.Namespace) -> int:
    repo = _repo(args.dist)
    if args.name:
        queries = discover()
        if args.name not in queries:
            raise SystemExit(f"no query named {args.name!r}; try `cica query --list`")
        values = dict(p.split("=", 1) for p in args.param)
        result = run(repo, queries[args.name], values)
    elif args.list:
        for name, q in discover().items():
            print(f"{name}\t{q.summary}")
        return 0
    else:
        text = Path(args.file).read_text(encoding="utf-8") if args.file else args.sparql
        if not text:
            raise SystemExit("give a query, --file, --name or --list")
        result = repo.query(text)
    print_result(result, args.format, sys.stdout)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    curated = load(args.data)
    coverage = record_coverage(curated)
    files = sorted(curated.sources)
    if args.json:
        repo = _repo(args.dist)
        out = {
            "records": coverage,
            "classes": dict(class_counts(repo)),
            "graphs": dict(graph_counts(repo)),
        }
        print(json.dumps(out, indent=2))
        return 0
    print("records per kind and per source (000-004):")
    print(f"{'kind':24} {'total':>6} " + " ".join(f"{f[:3]:>5}" for f in files))
    for kind, row in coverage.items():
        print(f"{kind:24} {row['total']:>6} " + " ".join(f"{row[f]:>5}" for f in files))
    repo = _repo(args.dist)
    print("\ninstances per class:")
    for cls, n in class_counts(repo):
        print(f"{n:>6}  {cls}")
    print("\ntriples per named graph:")
    for graph, n in graph_counts(repo):
        print(f"{n:>6}  {graph}")
    return 0


def cmd_docs(args: argparse.Namespace) -> int:
    stale = write_docs(check=args.check)
    for path in stale:
        print(f"{'out of date' if args.check else 'rewrote'}: {path}")
    return 1 if (args.check and stale) else 0


def cmd_push(args: argparse.Namespace) -> int:
    remote = remote_from_env(os.environ) or RemoteRepo(query_endpoint=args.query_endpoint or "")
    remote.gsp_endpoint = args.endpoint or remote.gsp_endpoint
    if args.query_endpoint:
        remote.query_endpoint = args.query_endpoint
    if not remote.query_endpoint:
        raise SystemExit("give --query-endpoint (or set CICA_SPARQL_ENDPOINT) to verify the push")
    report = push(remote, (args.dist / "cica.nq").read_bytes())
    print(report.text(), end="")
    return 0 if report.ok else 1


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    from api.supervisor import ReloadingSupervisor

    # the app writes one JSON access line per request (``cica.access``), so uvicorn's own
    # access line, which would double the logging cost per request, is off
    log_config = copy.deepcopy(LOGGING_CONFIG)
    log_config["loggers"]["cica.access"] = {"handlers": ["default"], "level": "INFO"}
    config = uvicorn.Config(
        "api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        loop="uvloop",
        http="httptools",
        access_log=False,
        log_config=log_config,
        timeout_worker_healthcheck=args.start_timeout,
    )
    # always supervised, one process or many, so that SIGHUP reloads the build
    ReloadingSupervisor(config, sockets=[config.bind_socket()]).run()
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cica", description="CICA knowledge graph")
    p.add_argument("--data", type=Path, default=paths.DATA, help="curated data directory")
    p.add_argument("--dist", type=Path, default=paths.DIST, help="build output directory")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="load, check, build, validate, reason; write dist/")
    b.add_argument(
        "--full", action="store_true", help="validate every record, not only changed ones"
    )
    b.set_defaults(func=cmd_build)
    sub.add_parser("check", help="load and check the curated data only").set_defaults(
        func=cmd_check
    )
    va = sub.add_parser("validate", help="SHACL shapes and check queries; exit 1 on violations")
    va.add_argument("--report", type=Path, default=Path("validation-report.ttl"))
    va.set_defaults(func=cmd_validate)
    re_ = sub.add_parser("reason", help="consistency check (rules + HermiT) and inferred triples")
    re_.add_argument(
        "--method",
        choices=["rules", "hermit"],
        default="rules",
        help="rules on the whole graph with HermiT on a summary (default), or HermiT on the "
        "whole graph (slow on large graphs)",
    )
    re_.add_argument("--output", type=Path, help="write the inferred triples as Turtle")
    re_.set_defaults(func=cmd_reason)
    f = sub.add_parser("fmt", help="rewrite data/*.yaml in canonical form")
    f.add_argument("--check", action="store_true", help="only report files not canonical")
    f.set_defaults(func=cmd_fmt)
    q = sub.add_parser("query", help="run SPARQL against the built graph")
    q.add_argument("sparql", nargs="?", help="query text")
    q.add_argument("--file", help="a .rq file")
    q.add_argument("--name", help="a named query from queries/, e.g. competency/cq01-member-states")
    q.add_argument("--param", action="append", default=[], help="NAME=VALUE for --name")
    q.add_argument("--list", action="store_true", help="list the named queries")
    q.add_argument(
        "--format", choices=["table", "csv", "tsv", "json", "xml", "ttl", "nt"], default="table"
    )
    q.set_defaults(func=cmd_query)
    s = sub.add_parser("stats", help="counts per kind, source, class and graph")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)
    pu = sub.add_parser("push", help="upload dist/ to a SPARQL store (Graph Store Protocol PUT)")
    pu.add_argument("--endpoint", help="Graph Store Protocol endpoint (or CICA_GSP_ENDPOINT)")
    pu.add_argument("--query-endpoint", help="SPARQL query endpoint (or CICA_SPARQL_ENDPOINT)")
    pu.set_defaults(func=cmd_push)
    d = sub.add_parser("docs", help="regenerate docs/data-dictionary.md and docs/queries.md")
    d.add_argument("--check", action="store_true", help="only report out-of-date documents")
    d.set_defaults(func=cmd_docs)
    v = sub.add_parser("serve", help="serve the SPARQL endpoint and Linked Data pages")
    v.add_argument("--host", default=os.environ.get("CICA_HOST", "127.0.0.1"))
    v.add_argument("--port", type=int, default=int(os.environ.get("CICA_PORT", "8000")))
    v.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="server processes, each with its own query pool (default: one per CPU)",
    )
    v.add_argument(
        "--start-timeout",
        type=int,
        default=60,
        help="seconds a server process may take to load the build (on start and on SIGHUP)",
    )
    v.set_defaults(func=cmd_serve)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except (DataError, ValidationFailed, InconsistentGraph, UnsupportedAxiom, RulesDisagree) as exc:
        print(exc, file=sys.stderr)
        return 1
    except (QueryError, ParameterError) as exc:
        print(f"query error: {exc}", file=sys.stderr)
        return 2
    except RemoteError as exc:
        print(f"remote store: {exc}", file=sys.stderr)
        return 3


if __name__ == "__main__":
    raise SystemExit(main())
