"""What each ``cica`` command does (:mod:`cica_graph.cli` parses the arguments).

>>> from cica_graph.cli import parser
>>> run(parser().parse_args(["check"]))  # doctest: +ELLIPSIS
OK: ... records
0
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from cica_graph.build import build
from cica_graph.canonical import canonicalise
from cica_graph.dictionary import write_docs
from cica_graph.export import write_atomic
from cica_graph.load import DataError, load
from cica_graph.paths import NQUADS, STORE
from cica_graph.pipeline import ValidationFailed, run_build
from cica_graph.queries import ParameterError, discover
from cica_graph.queries import run as run_query
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
        result = run_query(repo, queries[args.name], values)
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
    report = push(remote, (args.dist / NQUADS).read_bytes())
    print(report.text(), end="")
    return 0 if report.ok else 1


EXIT_CODES: tuple[tuple[tuple[type[Exception], ...], int, str], ...] = (
    ((DataError, ValidationFailed, InconsistentGraph, UnsupportedAxiom, RulesDisagree), 1, ""),
    ((QueryError, ParameterError), 2, "query error: "),
    ((RemoteError,), 3, "remote store: "),
)
"""Errors a command reports on standard error with an exit code, instead of a traceback."""


def run(args: argparse.Namespace) -> int:
    """Run the command ``args.command`` with its parsed arguments; its exit code."""
    command = globals()[f"cmd_{args.command}"]
    try:
        return int(command(args))
    except Exception as exc:
        for kinds, code, prefix in EXIT_CODES:
            if isinstance(exc, kinds):
                print(f"{prefix}{exc}", file=sys.stderr)
                return code
        raise
