"""Pinning a build: a private view of ``dist/store/`` that no later build changes.

A build replaces ``dist/`` as a whole (a rename) and then deletes the old directory. A
server must keep serving the build it started with, and start query workers over it at any
time, so it pins it: every file of ``dist/store/`` is hard-linked into a private directory
beside ``dist/`` (the same file system: nothing is copied unless links are impossible; where
nothing can be written beside ``dist/``, the directory is made in the system's temporary
directory). The files are reached through one open handle of the ``dist/`` directory, so a
build swapped in meanwhile is never mixed in; if the old build's files vanish while being
linked, pinning starts over on the new build.

A pinned build is named by the SHA-256 of its N-Quads dump, from its manifest. Its
directory carries the process id; one left behind by a process that died is removed the
next time a build is pinned.

>>> import tempfile, pathlib
>>> from rdflib import Dataset
>>> from cica_graph.export import write_dist
>>> dist = pathlib.Path(tempfile.mkdtemp()) / "dist"
>>> _ = write_dist(Dataset(), dist)
>>> pinned = pin(dist)
>>> sorted(p.name for p in pinned.store.iterdir()) == sorted(p.name for p in (dist / "store").iterdir())
True
>>> pinned.release()
>>> pinned.store.exists()
False
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cica_graph.paths import NQUADS, STORE

ATTEMPTS = 5
"""Tries before giving up on a ``dist/`` that keeps changing (or holds no build)."""


class NoBuild(FileNotFoundError):
    """``dist/`` holds no complete build (a manifest and a store)."""


@dataclass(frozen=True)
class Pinned:
    """A pinned store directory and the name of its build."""

    store: Path
    build: str

    def release(self) -> None:
        """Remove the pinned directory (the build's own files are untouched)."""
        shutil.rmtree(self.store.parent, ignore_errors=True)


def _prefix(dist: Path) -> str:
    return f".{dist.name}.pinned-"


def _homes(dist: Path) -> list[Path]:
    """Where pins of ``dist`` are made: beside it, or in the system's temporary directory."""
    return [dist.parent, Path(tempfile.gettempdir())]


def _new_home(dist: Path) -> Path:
    """A new private directory for a pin: beside ``dist`` (hard links need the same file
    system), else, where that is not writable (a read-only mount), in the system's
    temporary directory (where the files are copied if they cannot be linked)."""
    prefix = f"{_prefix(dist)}{os.getpid()}-"
    if not dist.parent.is_dir():
        raise NoBuild(f"{dist} does not exist: run `cica build`")
    try:
        return Path(tempfile.mkdtemp(dir=dist.parent, prefix=prefix))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=prefix))


def pin(dist: Path) -> Pinned:
    """Pin the build in ``dist``; raises :class:`NoBuild` if there is none."""
    remove_stale(dist)
    for _ in range(ATTEMPTS):
        home = _new_home(dist)
        try:
            return Pinned(home / STORE, _link(dist, home / STORE))
        except FileNotFoundError:
            shutil.rmtree(home, ignore_errors=True)  # swapped while linking, or no build
        except BaseException:
            shutil.rmtree(home, ignore_errors=True)
            raise
    raise NoBuild(f"{dist} holds no complete build (manifest.json and {STORE}/): run `cica build`")


def _link(dist: Path, target: Path) -> str:
    """Link every file of ``dist/store`` into ``target``; the build's checksum."""
    dist_fd = os.open(dist, os.O_RDONLY | os.O_DIRECTORY)
    try:
        manifest_fd = os.open("manifest.json", os.O_RDONLY, dir_fd=dist_fd)
        with open(manifest_fd, encoding="utf-8") as handle:
            files = json.load(handle)["files"]
        build = next(str(f["sha256"]) for f in files if f["file"] == NQUADS)
        store_fd = os.open(STORE, os.O_RDONLY | os.O_DIRECTORY, dir_fd=dist_fd)
        try:
            target.mkdir()
            for name in os.listdir(store_fd):
                _link_or_copy(name, store_fd, target / name)
        finally:
            os.close(store_fd)
    finally:
        os.close(dist_fd)
    return build


def _link_or_copy(name: str, dir_fd: int, target: Path) -> None:
    try:
        os.link(name, target, src_dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM):
            raise
        source = os.open(name, os.O_RDONLY, dir_fd=dir_fd)
        with open(source, "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst)


def remove_stale(dist: Path) -> list[Path]:
    """Remove pinned directories of ``dist`` whose process no longer runs; those removed."""
    removed = []
    for home in (h for place in _homes(dist) for h in place.glob(f"{_prefix(dist)}*")):
        pid = home.name.removeprefix(_prefix(dist)).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(home, ignore_errors=True)
            removed.append(home)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
