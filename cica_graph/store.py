"""Repositories the graph is queried through.

``Repo`` is the protocol everything above this module uses; ``EmbeddedRepo`` queries a
pyoxigraph store in process: in memory (tests, validation) or the on-disk store a build
writes beside its dumps, opened read-only (what the server and the CLI query). In both, the
default graph is the union of the named graphs, each triple once.

>>> repo = EmbeddedRepo.from_nquads(
...     b'<https://w3id.org/cica/id/state/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@en '
...     b'<https://w3id.org/cica/graph/source/x> .\\n')
>>> [row["l"] for row in repo.select("SELECT ?l WHERE { ?s ?p ?l }")]
['A']
>>> repo.ask("ASK { ?s ?p 'B'@en }")
False
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from cica_graph.prefixes import used_prefixes

if TYPE_CHECKING:  # rdflib only for type checking: a query worker does without it
    from rdflib import Dataset

UNION_INTO_DEFAULT = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


class QueryError(ValueError):
    """The query could not be parsed or evaluated; the message is the parser's."""


class Repo(Protocol):
    """What the CLI, the named queries and the API need from a store."""

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Any] | None = None,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> Any: ...

    def select(
        self, sparql: str, bindings: Mapping[str, Any] | None = None
    ) -> list[dict[str, str | None]]: ...

    def ask(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> bool: ...

    def triple_count(self) -> int: ...

    def graphs(self) -> list[str]: ...


def to_term(value: Any) -> Any:
    """Python value → pyoxigraph term (IRIs must already be ``NamedNode``)."""
    if isinstance(value, ox.NamedNode | ox.Literal | ox.BlankNode):
        return value
    if isinstance(value, bool):
        return ox.Literal(
            str(value).lower(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
        )
    if isinstance(value, int):
        return ox.Literal(
            str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
    return ox.Literal(str(value))


def term_text(term: Any) -> str | None:
    """The lexical value of a term (IRI text for named nodes)."""
    if term is None:
        return None
    return str(term.value)


class RowsMixin:
    """``select`` and ``ask`` on top of a repository's ``query``."""

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> Any:
        raise NotImplementedError

    def select(
        self, sparql: str, bindings: Mapping[str, Any] | None = None
    ) -> list[dict[str, str | None]]:
        """Rows of a SELECT as plain text values."""
        result = self.query(sparql, bindings)
        names = [v.value for v in result.variables]
        return [{n: term_text(row[n]) for n in names} for row in result]

    def ask(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> bool:
        return bool(self.query(sparql, bindings))


class EmbeddedRepo(RowsMixin):
    """pyoxigraph ``Store`` in process; read-only use after loading."""

    def __init__(self, store: ox.Store | None = None) -> None:
        self.store = store if store is not None else ox.Store()

    @classmethod
    def from_nquads(cls, data: bytes) -> EmbeddedRepo:
        """Load named graphs, then materialise their union (each triple once) as the
        default graph: pyoxigraph's ``use_default_graph_as_union`` repeats a triple once per
        graph that holds it, which multiplies rows in joins."""
        repo = cls()
        repo.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        repo.store.update(UNION_INTO_DEFAULT)
        return repo

    @classmethod
    def open(cls, path: Path) -> EmbeddedRepo:
        """The on-disk store at ``path`` (written by :func:`write_store`), read-only.

        Nothing is loaded: the process holds RocksDB's caches and indexes, not the data
        (about 100 bytes per triple at a million triples, against ~700 in memory), and
        processes opening the same files share the operating system's page cache."""
        if not (path / "CURRENT").is_file():
            raise FileNotFoundError(f"{path} is not a store: run `cica build` first")
        return cls(ox.Store.read_only(str(path)))

    @classmethod
    def from_dataset(cls, ds: Dataset) -> EmbeddedRepo:
        data = ds.serialize(format="nquads", encoding="utf-8")
        return cls.from_nquads(data)

    @classmethod
    def from_file(cls, path: Path) -> EmbeddedRepo:
        return cls.from_nquads(path.read_bytes())

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, Any] | None = None,
        *,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> Any:
        """Run a query. The default graph is the union of the named graphs (each triple
        once) unless ``default_graphs`` names some (SPARQL protocol ``default-graph-uri``);
        the prefixes of :data:`cica_graph.prefixes.PREFIXES` are predeclared
        (:func:`cica_graph.prefixes.used_prefixes`)."""
        substitutions = {ox.Variable(k): to_term(v) for k, v in (bindings or {}).items()}
        try:
            return self.store.query(
                sparql,
                prefixes=used_prefixes(sparql),
                use_default_graph_as_union=False,
                default_graph=[ox.NamedNode(g) for g in default_graphs] if default_graphs else None,
                named_graphs=[ox.NamedNode(g) for g in named_graphs] if named_graphs else None,
                substitutions=substitutions or None,
            )
        except (SyntaxError, ValueError, RuntimeError) as exc:
            raise QueryError(str(exc)) from exc

    def triple_count(self) -> int:
        """Distinct triples (the union graph), not quads."""
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def quads(self) -> Iterator[ox.Quad]:
        yield from self.store


def _write_store(nquads: Path, target: Path) -> None:
    store = ox.Store(str(target))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    union = (
        ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())
        for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    )
    store.bulk_extend(union)  # a store holds each quad once: the union, each triple once
    store.flush()
    store.optimize()


def write_store(nquads: Path, target: Path) -> None:
    """Write the quads of the file ``nquads`` and their union as the default graph into a
    new on-disk store at ``target`` (a directory that must not exist yet).

    The store is written by a fresh interpreter: RocksDB starts background threads that
    outlive the store, and a process with threads must not fork (validation forks).

    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "g.nq").write_bytes(b'<http://x/a> <http://x/p> "1" <http://x/g> .\\n')
    >>> write_store(tmp / "g.nq", tmp / "store")
    >>> EmbeddedRepo.open(tmp / "store").select("SELECT ?o WHERE { ?s ?p ?o }")
    [{'o': '1'}]
    """
    if target.exists():
        raise FileExistsError(f"{target} exists: a store is written once, into a new directory")
    process = multiprocessing.get_context("spawn").Process(
        target=_write_store, args=(nquads, target), name="cica-write-store"
    )
    process.start()
    process.join()
    if process.exitcode != 0:
        raise RuntimeError(f"writing the store {target} failed (exit code {process.exitcode})")
