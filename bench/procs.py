"""Memory of a process tree, from ``/proc``.

>>> import os
>>> usage = memory(os.getpid())
>>> usage["processes"] >= 1 and usage["pss"] <= usage["rss"]
True
>>> rss = status("VmRSS")
>>> status("VmHWM") >= rss > 0
True
"""

from __future__ import annotations

from pathlib import Path


def status(field: str, pid: int | str = "self") -> int:
    """A memory field of ``/proc/<pid>/status`` (``VmRSS``, ``VmHWM`` …) in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def tree(root: int) -> list[int]:
    """``root`` and every process descending from it (none if ``root`` is not running)."""
    if not Path(f"/proc/{root}").exists():
        return []
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def memory(root: int) -> dict[str, int]:
    """Processes, and RSS and PSS in bytes (PSS: shared pages divided among the processes
    sharing them), summed over ``root`` and its descendants."""
    pids = tree(root)
    sums = {"processes": len(pids), "rss": 0, "pss": 0}
    for pid in pids:
        try:
            lines = Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            key = line.split(":", 1)[0].lower()
            if key in ("rss", "pss"):
                sums[key] += int(line.split()[1]) * 1024
    return sums
