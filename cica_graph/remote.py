"""A remote SPARQL 1.1 store: queries over the Protocol (SPARQLWrapper), loading over the
Graph Store HTTP Protocol. Works with Oxigraph server, Apache Jena Fuseki, QLever, GraphDB.

Results come back as the same pyoxigraph result objects as the embedded store's, so everything
above the repository (CLI, named queries, API, entity pages) works unchanged. Parameters are
bound as a ``VALUES`` block placed first in the query's outer group: the values are RDF terms
serialised by pyoxigraph (never raw text), and a filter anywhere in the group sees them.

>>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": ox.NamedNode("https://a.org/b")})
'SELECT ?x WHERE { VALUES (?x) { (<https://a.org/b>) } ?x ?p ?o }'
"""

from __future__ import annotations

import base64
import re
import socket
import urllib.error
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyoxigraph as ox
from SPARQLWrapper import SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from cica_graph.guard import query_form
from cica_graph.store import QueryError, RowsMixin, to_term

_SKIP = re.compile(
    r"""\#[^\n]*|'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|<[^<>"{}|^`\\\s]*>""",
    re.DOTALL,
)


class RemoteError(RuntimeError):
    """The remote store answered with an error or with something that is not SPARQL results."""


class RemoteUnavailable(RemoteError):
    """The remote store cannot be reached."""


class RemoteTimeout(RemoteError):
    """The remote store did not answer in time."""


def bind_values(sparql: str, bindings: Mapping[str, Any]) -> str:
    """Insert ``VALUES (?a ?b) { (t1 t2) }`` right after the first ``{`` that is not inside a
    comment, a string or an IRI."""
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(to_term(value)) for value in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }}"
    position = 0
    while True:
        skip = _SKIP.search(sparql, position)
        brace = sparql.find("{", position)
        if brace < 0:
            raise QueryError("the query has no group pattern to bind parameters in")
        if skip is None or brace < skip.start():
            return sparql[: brace + 1] + block + sparql[brace + 1 :]
        position = skip.end()


@dataclass(frozen=True)
class Auth:
    """Basic (user and password) or bearer (token) credentials for the remote store."""

    user: str | None = None
    password: str | None = None
    token: str | None = None

    def header(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user is not None:
            raw = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode()}
        return {}


@dataclass
class RemoteRepo(RowsMixin):
    """A SPARQL 1.1 endpoint (and optionally its Graph Store Protocol endpoint)."""

    query_endpoint: str
    gsp_endpoint: str | None = None
    auth: Auth = field(default_factory=Auth)
    timeout: float = 30.0

    def _request(
        self,
        sparql: str,
        accept: str,
        default_graphs: list[str] | None,
        named_graphs: list[str] | None,
    ) -> bytes:
        client = SPARQLWrapper(self.query_endpoint)
        client.setMethod("POST")
        client.setRequestMethod("postdirectly")
        client.setQuery(sparql)
        client.setTimeout(int(max(1, self.timeout)))
        client.addCustomHttpHeader("Accept", accept)
        for name, value in self.auth.header().items():
            client.addCustomHttpHeader(name, value)
        for graph in default_graphs or []:
            client.addDefaultGraph(graph)
        for graph in named_graphs or []:
            client.addNamedGraph(graph)
        try:
            response = client.query().response
            return bytes(response.read())
        except SPARQLWrapperException as exc:
            message = str(exc)
            if "QueryBadFormed" in type(exc).__name__ or "400" in message[:40]:
                raise QueryError(f"the remote store refused the query: {message}") from exc
            if type(exc).__name__ == "Unauthorized":
                raise RemoteError(f"the remote store rejected the credentials: {message}") from exc
            raise RemoteError(f"the remote store answered with an error: {message}") from exc
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise RemoteError(
                    f"the remote store rejected the credentials (HTTP {exc.code})"
                ) from exc
            raise RemoteError(f"the remote store answered HTTP {exc.code}") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise RemoteTimeout(
                    f"the remote store did not answer within {self.timeout} s"
                ) from exc
            raise RemoteUnavailable(f"cannot reach the remote store: {exc.reason}") from exc
        except TimeoutError as exc:
            raise RemoteTimeout(f"the remote store did not answer within {self.timeout} s") from exc
        except OSError as exc:
            raise RemoteUnavailable(f"cannot reach the remote store: {exc}") from exc

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Any] | None = None,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> Any:
        text = bind_values(sparql, bindings or {})
        if query_form(text) in ("CONSTRUCT", "DESCRIBE"):
            data = self._request(text, "application/n-triples", default_graphs, named_graphs)
            store = ox.Store()
            try:
                store.load(data, format=ox.RdfFormat.N_TRIPLES)
            except (SyntaxError, ValueError) as exc:
                raise RemoteError(
                    f"the remote store sent a graph that does not parse: {exc}"
                ) from exc
            return store.query("CONSTRUCT WHERE { ?s ?p ?o }")
        data = self._request(text, "application/sparql-results+json", default_graphs, named_graphs)
        try:
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise RemoteError(f"the remote store sent results that do not parse: {exc}") from exc

    def triple_count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(rows[0]["n"] or 0)

    def graphs(self) -> list[str]:
        return sorted(str(r["g"]) for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"))


@dataclass
class PushReport:
    """Which graphs landed (with their verified triple counts) and which did not."""

    landed: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed

    def text(self) -> str:
        lines = [f"landed  {n:>7}  {g}" for g, n in sorted(self.landed.items())]
        lines += [f"FAILED           {g}: {why}" for g, why in sorted(self.failed.items())]
        return "\n".join(lines) + "\n"


DEFAULT = "default"
"""Key of the default graph in push reports: the union of the named graphs, as served."""


def graphs_of(nquads: bytes) -> dict[str, bytes]:
    """N-Triples per named graph of an N-Quads dump, plus their union as the default graph."""
    store = ox.Store()
    store.load(nquads, format=ox.RdfFormat.N_QUADS)
    out: dict[str, bytes] = {}
    for graph in sorted(store.named_graphs(), key=str):
        if isinstance(graph, ox.NamedNode):
            out[graph.value] = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
    union = ox.Store()
    for quad in store:
        union.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    out[DEFAULT] = union.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
    return out


def _count(repo: RemoteRepo, graph: str) -> int:
    if graph == DEFAULT:
        return repo.triple_count()
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = repo.select(query, {"g": ox.NamedNode(graph)})
    return int(rows[0]["n"] or 0)


def push(repo: RemoteRepo, nquads: bytes) -> PushReport:
    """Replace each graph on the remote store (HTTP PUT, so re-running is safe), then verify
    the triple count of each. Graphs that fail are reported; the others stay replaced."""
    if not repo.gsp_endpoint:
        raise RemoteError("no Graph Store Protocol endpoint configured (CICA_GSP_ENDPOINT)")
    report = PushReport()
    headers = {"Content-Type": "application/n-triples", **repo.auth.header()}
    with httpx.Client(timeout=repo.timeout) as client:
        for graph, data in graphs_of(nquads).items():
            params = {"default": ""} if graph == DEFAULT else {"graph": graph}
            expected = sum(1 for line in data.splitlines() if line.strip())
            try:
                response = client.put(
                    repo.gsp_endpoint, params=params, content=data, headers=headers
                )
                if response.status_code >= 300:
                    report.failed[graph] = f"HTTP {response.status_code}: {response.text[:200]}"
                    continue
                found = _count(repo, graph)
            except (httpx.HTTPError, RemoteError) as exc:
                report.failed[graph] = str(exc)
                continue
            if found != expected:
                report.failed[graph] = f"{found} triples on the server, {expected} sent"
            else:
                report.landed[graph] = found
    return report


def remote_from_env(env: Mapping[str, str]) -> RemoteRepo | None:
    """The remote store configured by ``CICA_SPARQL_ENDPOINT`` (and ``CICA_GSP_ENDPOINT``,
    ``CICA_SPARQL_USER`` / ``CICA_SPARQL_PASSWORD`` or ``CICA_SPARQL_TOKEN``,
    ``CICA_SPARQL_TIMEOUT``), or ``None`` to use the embedded store.

    >>> remote_from_env({}) is None
    True
    >>> remote_from_env({"CICA_SPARQL_ENDPOINT": "http://127.0.0.1:7878/query"}).timeout
    30.0
    """
    endpoint = env.get("CICA_SPARQL_ENDPOINT")
    if not endpoint:
        return None
    auth = Auth(
        user=env.get("CICA_SPARQL_USER"),
        password=env.get("CICA_SPARQL_PASSWORD"),
        token=env.get("CICA_SPARQL_TOKEN"),
    )
    return RemoteRepo(
        query_endpoint=endpoint,
        gsp_endpoint=env.get("CICA_GSP_ENDPOINT"),
        auth=auth,
        timeout=float(env.get("CICA_SPARQL_TIMEOUT", "30")),
    )
