"""Queries run in worker processes that can be killed: an enforced time limit, result caps.

pyoxigraph's ``Store.query`` has no timeout and cannot be interrupted from another thread, so
a query that runs for hours would hold a thread (and a core) for hours. Here every query runs
in one of a small pool of pre-started worker processes, each holding its own read-only copy
of the store. The worker evaluates the query *and* serialises the result, so only bytes cross
the pipe. If no answer arrives within the time limit, the worker is killed (SIGKILL, which
also gives its memory back) and a fresh one is started in the background; the other workers
keep serving. A worker's address space can be capped (``max_memory_mb``) so a query that
builds a huge intermediate result dies alone.

Workers open the build's on-disk store read-only instead of loading the data: a worker holds
RocksDB's caches, not a copy of the graph, and the workers share the page cache. The pool
pins the build it serves (:mod:`cica_graph.pinning`) when it is made, and every worker,
including one started to replace a killed worker, opens the pinned store. A new ``dist/``
swapped in meanwhile is never mixed with the old one; it is served after a reload.
``build`` (the SHA-256 of the build's N-Quads dump) names what is served.

Results are capped by rows (solutions, or triples of a graph result) and by bytes; a capped
result is still a valid document of its format, and the outcome says which cap was hit.

>>> import tempfile, pathlib
>>> from rdflib import Dataset, Literal, URIRef
>>> from cica_graph.export import write_dist
>>> ds = Dataset()
>>> ds.graph(URIRef("http://x/g")).add((URIRef("http://x/a"), URIRef("http://x/p"), Literal("1")))
<Graph identifier=http://x/g (<class 'rdflib.graph.Graph'>)>
>>> dist = pathlib.Path(tempfile.mkdtemp()) / "dist"
>>> _ = write_dist(ds, dist)
>>> with QueryPool(dist, Limits(workers=1)) as pool:
...     outcome = pool.run(Job("SELECT ?o WHERE { ?s ?p ?o }", "csv"))
>>> outcome.body, outcome.truncated
(b'o\\r\\n1\\r\\n', None)
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import Any

import pyoxigraph as ox

from cica_graph.pinning import pin
from cica_graph.render import GRAPH_FORMATS, RESULT_FORMATS
from cica_graph.results import footer, header, row_writer
from cica_graph.store import EmbeddedRepo, QueryError


class QueryTimeout(RuntimeError):
    """The query ran past the time limit; its worker was killed."""


class PoolBusy(RuntimeError):
    """Every worker stayed busy for longer than the wait allowed."""


class WorkerCrashed(RuntimeError):
    """The worker died while evaluating the query (for instance, out of memory)."""


@dataclass(frozen=True)
class Limits:
    """How the pool runs queries (the API reads these from ``CICA_*`` settings)."""

    workers: int = 2
    timeout: float = 10.0  # seconds per query
    max_rows: int = 100_000  # solutions, or triples of a CONSTRUCT / DESCRIBE
    max_bytes: int = 50_000_000  # of the serialised result
    wait: float = 5.0  # seconds to wait for a free worker before answering busy
    max_memory_mb: int = 0  # address-space cap of a worker; 0: none


@dataclass(frozen=True)
class Job:
    """One query: its text, the result format (a key of ``render.RESULT_FORMATS`` or
    ``render.GRAPH_FORMATS``), the protocol's dataset and bound parameters."""

    query: str
    fmt: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    bindings: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Outcome:
    """A serialised result; ``truncated`` names the cap that cut it (``rows`` or ``bytes``)."""

    body: bytes
    truncated: str | None = None
    error: str | None = None


def evaluate(repo: EmbeddedRepo, job: Job, limits: Limits) -> Outcome:
    """Run ``job`` on ``repo`` and serialise it within the caps (what a worker does).

    >>> repo = EmbeddedRepo()
    >>> evaluate(repo, Job("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", "csv"), Limits(max_rows=2))
    Outcome(body=b'x\\r\\n1\\r\\n2\\r\\n', truncated='rows', error=None)
    >>> evaluate(repo, Job("SELEC nothing", "json"), Limits()).error[:20]
    'error at 1:10: expec'
    """
    try:
        result = repo.query(
            job.query,
            dict(job.bindings) or None,
            default_graphs=list(job.default_graphs) or None,
            named_graphs=list(job.named_graphs) or None,
        )
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, job.fmt, limits)
        if isinstance(result, ox.QueryTriples):
            return _triples(result, job.fmt, limits)
        data = result.serialize(format=RESULT_FORMATS.get(job.fmt, ox.QueryResultsFormat.JSON))
        return Outcome(data or b"")
    except QueryError as exc:
        return Outcome(b"", error=str(exc))
    except (OSError, RuntimeError, ValueError, SyntaxError) as exc:  # evaluation errors
        return Outcome(b"", error=str(exc))


def _solutions(result: ox.QuerySolutions, fmt: str, limits: Limits) -> Outcome:
    names = [v.value for v in result.variables]
    write = row_writer(names, fmt)
    parts = [header(names, fmt)]
    size = len(parts[0])
    truncated = None
    for count, solution in enumerate(result):
        if count >= limits.max_rows:
            truncated = "rows"
            break
        text = write(tuple(solution), count == 0)
        size += len(text)
        if size > limits.max_bytes:
            truncated = "bytes"
            break
        parts.append(text)
    parts.append(footer(fmt))
    return Outcome("".join(parts).encode("utf-8"), truncated)


def _triples(result: ox.QueryTriples, fmt: str, limits: Limits) -> Outcome:
    triples = []
    size = 0
    truncated = None
    for count, triple in enumerate(result):
        if count >= limits.max_rows:
            truncated = "rows"
            break
        size += len(str(triple))  # the N-Triples size: a bound for every graph format
        if size > limits.max_bytes:
            truncated = "bytes"
            break
        triples.append(triple)
    data = ox.serialize(triples, format=GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE))
    return Outcome(data or b"", truncated)


def _work(conn: Connection, store: Path, limits: Limits) -> None:
    """A worker: open the store, say ready, then answer jobs until the pipe closes."""
    if limits.max_memory_mb:
        import resource

        cap = limits.max_memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    repo = EmbeddedRepo.open(store)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(evaluate(repo, job, limits))
        except MemoryError:
            conn.send(Outcome(b"", error="the query needed more memory than a worker may use"))


START_ATTEMPTS = 5
"""Tries to start a worker before the pool runs with one worker fewer."""

STARTUP = 120.0
"""Seconds a first query may wait for the workers to open the store."""


@dataclass(eq=False)  # hashed by identity, kept in a set
class _Worker:
    process: BaseProcess
    conn: Connection


@dataclass
class QueryPool:
    """A pool of query worker processes over the pinned store of the build in ``dist``.

    Workers start on first use. :meth:`run` blocks the calling thread until the answer, the
    time limit or the wait for a free worker runs out; an async server awaits
    :meth:`run_async` instead.
    """

    dist: Path
    limits: Limits = field(default_factory=Limits)

    def __post_init__(self) -> None:
        self._pinned = pin(self.dist)
        self.store = self._pinned.store
        self.build = self._pinned.build
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._ready = threading.Event()  # set once any worker has loaded the store
        self._waiting = 0  # run_async calls waiting in a thread for a free worker (loop only)

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _spawn(self, attempt: int = 1) -> None:
        """Start one worker and put it in the idle queue once its store is loaded; a worker
        that dies while loading is replaced (up to :data:`START_ATTEMPTS` times in a row)."""
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_work, args=(child, self.store, self.limits), daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            if self._closed:
                process.kill()
                return
            self._workers.add(worker)
        try:
            ready = parent.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if ready and not self._closed:
            self._idle.put(worker)
            self._ready.set()
            return
        self._discard(worker)
        if not self._closed and attempt < START_ATTEMPTS:
            time.sleep(0.5 * attempt)
            self._spawn(attempt + 1)

    def start(self) -> None:
        """Start the workers (and wait for the first one to be ready)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        for _ in range(self.limits.workers):
            threading.Thread(target=self._spawn, daemon=True).start()

    def _discard(self, worker: _Worker) -> None:
        """Stop a worker; safe to call twice (closing the pool races with a failed start)."""
        worker.process.kill()
        worker.process.join(timeout=5)
        with contextlib.suppress(OSError):
            worker.conn.close()
        with self._lock:
            self._workers.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        if not self._closed:
            threading.Thread(target=self._spawn, daemon=True).start()

    def alive(self) -> int:
        """Workers running (busy or idle)."""
        with self._lock:
            return sum(1 for w in self._workers if w.process.is_alive())

    def idle(self) -> int:
        return self._idle.qsize()

    def run(self, job: Job) -> Outcome:
        """Evaluate ``job`` on a free worker.

        Raises :class:`PoolBusy` if no worker frees up within ``limits.wait`` (plus
        :data:`STARTUP` on first use), :class:`QueryTimeout` after ``limits.timeout`` seconds
        (the worker is killed and replaced), :class:`WorkerCrashed` if the worker died, and
        :class:`cica_graph.store.QueryError` for a query the engine rejects.
        """
        worker = self._acquire()
        self._send(worker, job)
        if not worker.conn.poll(self.limits.timeout):
            raise self._stop(worker)
        return self._receive(worker)

    async def run_async(self, job: Job) -> Outcome:
        """:meth:`run` for an event loop: the answer is awaited on the loop, without a thread
        (only waiting for a free worker, when none is idle, takes one). If the awaiting task
        is cancelled, the worker is killed and replaced: nobody waits for its answer."""
        worker = None if self._waiting else self._idle_worker()  # no overtaking the waiting
        if worker is None:
            self._waiting += 1
            try:
                worker = await asyncio.to_thread(self._acquire)
            finally:
                self._waiting -= 1
        self._send(worker, job)
        loop = asyncio.get_running_loop()
        readable: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()

        def ready() -> None:
            if not readable.done():
                readable.set_result(None)

        loop.add_reader(fd, ready)
        try:
            await asyncio.wait_for(readable, self.limits.timeout)
        except TimeoutError:
            loop.remove_reader(fd)
            raise self._stop(worker) from None
        except asyncio.CancelledError:
            loop.remove_reader(fd)
            self._replace(worker)
            raise
        loop.remove_reader(fd)
        # uvloop's add_reader leaves the pipe non-blocking: a result longer than the pipe's
        # buffer (64 KiB) would then fail half-read, like a dead worker
        os.set_blocking(fd, True)
        return self._receive(worker)

    def _send(self, worker: _Worker, job: Job) -> None:
        try:
            worker.conn.send(job)
        except OSError:  # BrokenPipeError: it died between the queue and now
            self._replace(worker)
            raise WorkerCrashed("the query worker stopped while running the query") from None

    def _stop(self, worker: _Worker) -> QueryTimeout:
        """Kill and replace a worker past the time limit; the error to raise."""
        self._replace(worker)
        return QueryTimeout(
            f"the query ran longer than {self.limits.timeout:g} s and was stopped: "
            "narrow it down (add LIMIT, bind more variables) or run it on a dump"
        )

    def _receive(self, worker: _Worker) -> Outcome:
        """The answer of a worker whose pipe is readable; the worker goes back to idle."""
        try:
            outcome: Outcome = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker)
            raise WorkerCrashed("the query worker stopped while running the query") from None
        self._idle.put(worker)
        if outcome.error is not None:
            raise QueryError(outcome.error)
        return outcome

    def _idle_worker(self) -> _Worker | None:
        """A live idle worker if one is free now (dead ones are replaced on the way)."""
        self.start()
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                return None
            if worker.process.is_alive():
                return worker
            self._replace(worker)

    def _acquire(self) -> _Worker:
        """A live idle worker, waiting for one; dead ones (killed from outside) are replaced
        on the way."""
        self.start()
        deadline = time.monotonic() + self.limits.wait
        deadline += 0.0 if self._ready.is_set() else STARTUP
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise PoolBusy(
                    f"all {self.limits.workers} query workers are busy: try again shortly"
                ) from None
            if worker.process.is_alive():
                return worker
            self._replace(worker)

    def close(self) -> None:
        """Stop every worker and remove the pinned copy."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
        for worker in workers:
            self._discard(worker)
        self._pinned.release()


def default_workers() -> int:
    """One query worker per CPU, at least two (so one runaway query never blocks all)."""
    return max(2, os.cpu_count() or 1)
