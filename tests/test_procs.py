"""The benchmarks' process-tree memory: every descendant is found and counted."""

from __future__ import annotations

import subprocess
import sys
import time

from bench.procs import memory, tree

PARENT = (
    "import subprocess, sys, time; "
    "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)']); "
    "print(child.pid, flush=True); time.sleep(60)"
)


def test_a_tree_holds_children_and_grandchildren() -> None:
    proc = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        grandchild = int(proc.stdout.readline())
        assert set(tree(proc.pid)) == {proc.pid, grandchild}
        used = memory(proc.pid)
        alone = memory(grandchild)
        assert used["processes"] == 2 and alone["processes"] == 1
        assert used["rss"] > alone["rss"] > 0 and used["pss"] > alone["pss"] > 0
        assert used["pss"] <= used["rss"]
    finally:
        proc.kill()
        proc.wait()


def test_a_process_that_ended_counts_nothing() -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    time.sleep(0.1)
    assert tree(proc.pid) == []
    assert memory(proc.pid) == {"processes": 0, "rss": 0, "pss": 0}
