"""``cica``: the command line. Argument parsing only; the commands are in
:mod:`cica_graph.commands`, imported when one runs.

This module imports nothing of the library: ``cica serve``'s server processes and their
query workers are spawned from the ``cica`` script, and each imports it again, so what is
imported here is resident in every one of them.

>>> main(["--help"])  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
SystemExit: 0
"""

from __future__ import annotations

import argparse
import copy
import os
from pathlib import Path

from cica_graph import paths


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
    sub.add_parser("check", help="load and check the curated data only")
    va = sub.add_parser("validate", help="SHACL shapes and check queries; exit 1 on violations")
    va.add_argument("--report", type=Path, default=Path("validation-report.ttl"))
    re_ = sub.add_parser("reason", help="consistency check (rules + HermiT) and inferred triples")
    re_.add_argument(
        "--method",
        choices=["rules", "hermit"],
        default="rules",
        help="rules on the whole graph with HermiT on a summary (default), or HermiT on the "
        "whole graph (slow on large graphs)",
    )
    re_.add_argument("--output", type=Path, help="write the inferred triples as Turtle")
    f = sub.add_parser("fmt", help="rewrite data/*.yaml in canonical form")
    f.add_argument("--check", action="store_true", help="only report files not canonical")
    q = sub.add_parser("query", help="run SPARQL against the built graph")
    q.add_argument("sparql", nargs="?", help="query text")
    q.add_argument("--file", help="a .rq file")
    q.add_argument("--name", help="a named query from queries/, e.g. competency/cq01-member-states")
    q.add_argument("--param", action="append", default=[], help="NAME=VALUE for --name")
    q.add_argument("--list", action="store_true", help="list the named queries")
    q.add_argument(
        "--format", choices=["table", "csv", "tsv", "json", "xml", "ttl", "nt"], default="table"
    )
    s = sub.add_parser("stats", help="counts per kind, source, class and graph")
    s.add_argument("--json", action="store_true")
    pu = sub.add_parser("push", help="upload dist/ to a SPARQL store (Graph Store Protocol PUT)")
    pu.add_argument("--endpoint", help="Graph Store Protocol endpoint (or CICA_GSP_ENDPOINT)")
    pu.add_argument("--query-endpoint", help="SPARQL query endpoint (or CICA_SPARQL_ENDPOINT)")
    d = sub.add_parser("docs", help="regenerate docs/data-dictionary.md and docs/queries.md")
    d.add_argument("--check", action="store_true", help="only report out-of-date documents")
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
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "serve":
        return cmd_serve(args)
    from cica_graph import commands

    return commands.run(args)


if __name__ == "__main__":
    raise SystemExit(main())
