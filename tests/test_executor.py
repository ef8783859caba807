"""The query pool: runaway queries are killed at the time limit while other queries are
served, results are capped into valid documents, a busy or broken pool answers clearly."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from cica_graph.executor import (
    Job,
    Limits,
    Outcome,
    PoolBusy,
    QueryPool,
    QueryTimeout,
    WorkerCrashed,
    evaluate,
)
from cica_graph.export import STORE, write_dist
from cica_graph.store import EmbeddedRepo, QueryError

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
"""10^12 combinations over the 1,000-triple store: hours of work."""
CHEAP = "SELECT ?o WHERE { <http://x/s1> ?p ?o }"


def write_build(dist: Path, nquads: str) -> Path:
    """A build of the quads ``nquads`` written into ``dist`` as ``cica build`` writes one."""
    write_dist(Dataset().parse(data=nquads, format="nquads"), dist)
    return dist


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    lines = [f'<http://x/s{i}> <http://x/p> "{i}" <http://x/g> .' for i in range(1000)]
    return write_build(tmp_path_factory.mktemp("build") / "dist", "\n".join(lines) + "\n")


@pytest.fixture
def pool(source: Path) -> Iterator[QueryPool]:
    with QueryPool(source, Limits(workers=2, timeout=1.0, wait=2.0)) as pool:
        pool.run(Job(CHEAP, "csv"))  # started and warm
        assert wait_for(lambda: pool.idle() == 2)  # both loaded: none is killed while starting
        yield pool


def wait_for(condition: object, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def test_runaway_query_is_killed_while_others_are_served(pool: QueryPool) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        try:
            pool.run(Job(CARTESIAN, "json"))
        except QueryTimeout as exc:
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.2)
    started = time.monotonic()
    assert pool.run(Job(CHEAP, "csv")).body == b"o\r\n1\r\n"
    assert time.monotonic() - started < 0.9  # answered while the runaway query runs
    thread.join(timeout=10)
    assert isinstance(outcome["error"], QueryTimeout)
    assert "longer than 1 s" in str(outcome["error"])
    assert 0.9 < outcome["seconds"] < 5  # type: ignore[operator]
    # the killed worker is replaced: the pool is back to full strength
    assert wait_for(lambda: pool.idle() == 2 and pool.alive() == 2)
    assert pool.run(Job("ASK { ?s ?p ?o }", "json")).body.startswith(b'{"head"')


def test_killed_worker_process_is_gone(pool: QueryPool) -> None:
    before = {w.process.pid for w in pool._workers}
    with pytest.raises(QueryTimeout):
        pool.run(Job(CARTESIAN, "json"))
    after = {w.process.pid for w in pool._workers}
    killed = before - after
    assert len(killed) == 1
    pid = killed.pop()
    assert pid is not None and not Path(f"/proc/{pid}").exists()  # its memory is given back


def test_busy_pool_answers_busy_instead_of_queueing(source: Path) -> None:
    with QueryPool(source, Limits(workers=1, timeout=3.0, wait=0.3)) as pool:
        pool.run(Job(CHEAP, "csv"))
        errors: list[Exception] = []

        def runaway() -> None:
            try:
                pool.run(Job(CARTESIAN, "json"))
            except QueryTimeout as exc:
                errors.append(exc)

        thread = threading.Thread(target=runaway)
        thread.start()
        time.sleep(0.2)
        with pytest.raises(PoolBusy, match="busy"):
            pool.run(Job(CHEAP, "csv"))
        thread.join(timeout=10)
        assert len(errors) == 1


def test_dead_idle_workers_are_replaced_transparently(pool: QueryPool) -> None:
    for worker in list(pool._workers):
        worker.process.kill()
        worker.process.join()
    assert pool.run(Job(CHEAP, "csv")).body == b"o\r\n1\r\n"
    assert wait_for(lambda: pool.alive() == 2)


def test_worker_dying_mid_query_is_reported(source: Path) -> None:
    """A query that needs more memory than a worker may have kills only that worker."""
    limits = Limits(workers=1, timeout=20.0, max_memory_mb=1024)
    with QueryPool(source, limits) as pool:
        pool.run(Job(CHEAP, "csv"))
        sort_all = "SELECT ?a ?d ?g WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
        with pytest.raises(WorkerCrashed):
            pool.run(Job(sort_all, "json"))
        assert pool.run(Job(CHEAP, "csv")).body == b"o\r\n1\r\n"


def test_bad_query_is_a_query_error(pool: QueryPool) -> None:
    with pytest.raises(QueryError, match="error at"):
        pool.run(Job("SELECT WHERE", "json"))


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_row_cap_gives_a_valid_shorter_document(source: Path, fmt: str) -> None:
    repo = EmbeddedRepo.open(source / STORE)
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    whole = evaluate(repo, Job(query, fmt), Limits())
    capped = evaluate(repo, Job(query, fmt), Limits(max_rows=5))
    assert whole.truncated is None and capped.truncated == "rows"
    if fmt == "json":
        assert len(json.loads(capped.body)["results"]["bindings"]) == 5
    elif fmt == "xml":
        assert capped.body.count(b"<result>") == 5 and capped.body.endswith(b"</sparql>")
    else:
        assert len(capped.body.splitlines()) == 6  # header and five rows


def test_byte_cap_cuts_before_the_limit(source: Path) -> None:
    repo = EmbeddedRepo.open(source / STORE)
    capped = evaluate(repo, Job("SELECT * WHERE { ?s ?p ?o }", "json"), Limits(max_bytes=2000))
    assert capped.truncated == "bytes"
    assert len(capped.body) <= 2000 + 10
    assert json.loads(capped.body)["results"]["bindings"]


def test_graph_results_are_capped_too(source: Path) -> None:
    repo = EmbeddedRepo.open(source / STORE)
    capped = evaluate(repo, Job("CONSTRUCT WHERE { ?s ?p ?o }", "nt"), Limits(max_rows=7))
    assert capped.truncated == "rows"
    assert len(list(ox.parse(capped.body, format=ox.RdfFormat.N_TRIPLES))) == 7


def test_bindings_reach_the_worker(pool: QueryPool) -> None:
    job = Job(
        "SELECT ?s ?o WHERE { ?s ?p ?o }", "csv", bindings=(("s", ox.NamedNode("http://x/s7")),)
    )
    assert pool.run(job).body == b"s,o\r\nhttp://x/s7,7\r\n"


def test_worker_dying_while_it_loads_is_replaced(source: Path) -> None:
    with QueryPool(source, Limits(workers=1, wait=5.0)) as pool:
        pool.start()
        assert wait_for(lambda: bool(pool._workers))
        loading = next(iter(pool._workers))
        loading.process.kill()  # before it says ready
        assert pool.run(Job(CHEAP, "csv")).body == b"o\r\n1\r\n"
        assert loading not in pool._workers and pool.alive() == 1


def test_the_pool_serves_the_build_it_started_with(tmp_path: Path) -> None:
    """A new build swapped in (as ``cica build`` does, deleting the old one) reaches no
    worker of a running pool, not even one started to replace a killed worker: no answer
    mixes two builds."""
    dist = write_build(tmp_path / "dist", '<http://x/s> <http://x/p> "old" <http://x/g> .\n')
    count = "SELECT ?o WHERE { ?s ?p ?o }"
    with QueryPool(dist, Limits(workers=2)) as pool:
        assert pool.run(Job(count, "csv")).body == b"o\r\nold\r\n"
        assert wait_for(lambda: pool.idle() == 2)  # both workers opened the store
        write_build(dist, '<http://x/s> <http://x/p> "new" <http://x/g> .\n')
        for worker in list(pool._workers):
            worker.process.kill()
            worker.process.join()
        assert pool.run(Job(count, "csv")).body == b"o\r\nold\r\n"  # replacements: old build
        assert wait_for(lambda: pool.alive() == 2)
        pinned = pool.store
        assert EmbeddedRepo.open(pinned).select(count) == [{"o": "old"}]
    assert not pinned.exists()  # the pinned store goes with the pool
    with QueryPool(dist, Limits(workers=1)) as restarted:
        assert restarted.run(Job(count, "csv")).body == b"o\r\nnew\r\n"
        assert restarted.build != pool.build
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # nothing pinned is left


def test_run_async_kills_a_runaway_query_while_the_loop_serves_others(pool: QueryPool) -> None:
    async def both() -> tuple[float, BaseException | Outcome]:
        runaway = asyncio.ensure_future(pool.run_async(Job(CARTESIAN, "json")))
        await asyncio.sleep(0.2)
        started = time.monotonic()
        cheap = await pool.run_async(Job(CHEAP, "csv"))
        fast = time.monotonic() - started
        assert cheap.body == b"o\r\n1\r\n"
        return fast, (await asyncio.gather(runaway, return_exceptions=True))[0]

    fast, runaway = asyncio.run(both())
    assert fast < 0.9  # answered on the same loop while the runaway query ran
    assert isinstance(runaway, QueryTimeout)
    assert wait_for(lambda: pool.idle() == 2 and pool.alive() == 2)


def test_cancelled_async_query_kills_its_worker(pool: QueryPool) -> None:
    before = {w.process.pid for w in pool._workers}

    async def cancelled() -> None:
        task = asyncio.ensure_future(pool.run_async(Job(CARTESIAN, "json")))
        await asyncio.sleep(0.2)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled())
    assert len(before - {w.process.pid for w in pool._workers}) == 1  # killed, not left running
    assert wait_for(lambda: pool.idle() == 2 and pool.alive() == 2)
    assert asyncio.run(pool.run_async(Job(CHEAP, "csv"))).body == b"o\r\n1\r\n"


def test_run_async_callers_do_not_overtake_those_waiting(source: Path) -> None:
    """Two clients sending queries back to back through one worker both get through: a new
    call does not grab the worker a waiting call was promised (else the waiting one starves
    until the busy wait runs out)."""
    with QueryPool(source, Limits(workers=1, wait=0.5)) as pool:
        pool.run(Job(CHEAP, "csv"))

        async def client() -> int:
            for _ in range(600):
                await pool.run_async(Job(CHEAP, "csv"))
            return 600

        async def both() -> list[int]:
            return list(await asyncio.gather(client(), client()))

        assert asyncio.run(both()) == [600, 600]


@pytest.mark.parametrize("loop", ["asyncio", "uvloop"])
def test_run_async_reads_results_longer_than_a_pipe_buffer(pool: QueryPool, loop: str) -> None:
    """uvloop leaves a pipe it watched non-blocking: a result over the pipe's 64 KiB buffer,
    still being written, must be read whole, not taken for a dead worker."""
    import uvloop

    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"  # 1,000 rows, about 100 KB of JSON
    run = uvloop.run if loop == "uvloop" else asyncio.run
    for _ in range(5):
        outcome = run(pool.run_async(Job(query, "json")))
        assert len(outcome.body) > 70_000
        assert len(json.loads(outcome.body)["results"]["bindings"]) == 1000
