"""Pinning a build: hard links of the build's store, named by its dump's checksum; a build
swapped in while pinning is never mixed with the old one; leftovers of dead processes go."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset

import cica_graph.pinning as pinning
from cica_graph.export import STORE, write_dist
from cica_graph.pinning import NoBuild, pin, remove_stale
from cica_graph.store import EmbeddedRepo

ASK_NEW = "ASK { ?s ?p 'new' }"


def write_build(dist: Path, value: str) -> str:
    """A build of one quad with ``value`` in ``dist``; the checksum of its N-Quads dump."""
    nquads = f'<http://x/s> <http://x/p> "{value}" <http://x/g> .\n'
    write_dist(Dataset().parse(data=nquads, format="nquads"), dist)
    files = json.loads((dist / "manifest.json").read_text())["files"]
    return str(next(f["sha256"] for f in files if f["file"] == "cica.nq"))


def test_a_pinned_store_is_hard_links_named_by_the_build(tmp_path: Path) -> None:
    build = write_build(tmp_path / "dist", "old")
    pinned = pin(tmp_path / "dist")
    assert pinned.build == build
    assert pinned.store.parent.name.startswith(f".dist.pinned-{os.getpid()}-")
    for path in (tmp_path / "dist" / STORE).iterdir():
        assert (pinned.store / path.name).stat().st_ino == path.stat().st_ino
    write_build(tmp_path / "dist", "new")  # the next build, and the old one deleted
    assert not EmbeddedRepo.open(pinned.store).ask(ASK_NEW)
    pinned.release()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


@pytest.mark.parametrize("prepare", ["missing", "empty", "no manifest", "no store"])
def test_no_build_is_a_clear_error_and_leaves_nothing(tmp_path: Path, prepare: str) -> None:
    dist = tmp_path / "dist"
    if prepare != "missing":
        dist.mkdir()
    if prepare in ("no manifest", "no store"):
        write_build(dist, "old")
        shutil.rmtree(dist / STORE) if prepare == "no store" else (dist / "manifest.json").unlink()
    with pytest.raises(NoBuild, match=r"holds no complete build .* run `cica build`"):
        pin(dist)
    assert not list(tmp_path.glob(".dist.pinned-*"))


def test_a_build_swapped_in_while_linking_is_pinned_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The old build's files vanish in the middle of linking: pinning starts over and pins
    the new build, every file of it (a mix of the two would be a corrupt store)."""
    dist = tmp_path / "dist"
    write_build(dist, "old")
    real = pinning._link_or_copy
    calls: list[str] = []

    def swap_on_second_file(name: str, dir_fd: int, target: Path) -> None:
        calls.append(name)
        if len(calls) == 2:
            swapped.append(write_build(dist, "new"))
        real(name, dir_fd, target)

    swapped: list[str] = []
    monkeypatch.setattr(pinning, "_link_or_copy", swap_on_second_file)
    pinned = pin(dist)
    assert pinned.build == swapped[0]
    assert sorted(p.name for p in pinned.store.iterdir()) == sorted(
        p.name for p in (dist / STORE).iterdir()
    )
    assert EmbeddedRepo.open(pinned.store).ask(ASK_NEW)
    assert len(list(tmp_path.glob(".dist.pinned-*"))) == 1  # the failed attempt is gone
    pinned.release()


def test_files_are_copied_where_links_are_impossible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_build(tmp_path / "dist", "new")

    def cross_device(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(pinning.os, "link", cross_device)
    pinned = pin(tmp_path / "dist")
    for path in (tmp_path / "dist" / STORE).iterdir():
        copy = pinned.store / path.name
        assert copy.read_bytes() == path.read_bytes()
        assert copy.stat().st_ino != path.stat().st_ino
    assert EmbeddedRepo.open(pinned.store).ask(ASK_NEW)
    pinned.release()


def test_pins_of_dead_processes_are_removed(tmp_path: Path) -> None:
    write_build(tmp_path / "dist", "old")
    dead = tmp_path / ".dist.pinned-999999999-abc"  # above any pid this kernel gives
    (dead / STORE).mkdir(parents=True)
    live = pin(tmp_path / "dist")  # removes the dead one on the way
    assert not dead.exists() and live.store.exists()
    assert remove_stale(tmp_path / "dist") == []  # a running process keeps its pin
    other = tmp_path / ".other.pinned-999999999-abc"  # another dist's pins are not touched
    other.mkdir()
    assert remove_stale(tmp_path / "dist") == [] and other.exists()
    live.release()


def test_a_read_only_parent_pins_into_the_temporary_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where nothing can be written beside ``dist/`` (a read-only mount), the pin goes to
    the system's temporary directory; it works the same and goes when released."""
    dist = tmp_path / "site" / "dist"
    write_build(dist, "new")
    spare = tmp_path / "tmp"
    spare.mkdir()
    real = pinning.tempfile.mkdtemp

    def read_only_beside(prefix: str, dir: object = None) -> str:
        if dir is not None:
            raise PermissionError(13, "Read-only file system")
        return real(prefix=prefix, dir=spare)

    monkeypatch.setattr(pinning.tempfile, "mkdtemp", read_only_beside)
    monkeypatch.setattr(pinning.tempfile, "gettempdir", lambda: str(spare))
    pinned = pin(dist)
    assert pinned.store.parent.parent == spare
    assert EmbeddedRepo.open(pinned.store).ask(ASK_NEW)
    assert sorted(p.name for p in dist.parent.iterdir()) == ["dist"]
    dead = spare / ".dist.pinned-999999999-abc"
    dead.mkdir()
    assert remove_stale(dist) == [dead]  # stale pins there are found too
    pinned.release()
    assert list(spare.iterdir()) == []


def test_a_missing_parent_is_no_build(tmp_path: Path) -> None:
    with pytest.raises(NoBuild, match="does not exist"):
        pin(tmp_path / "nowhere" / "dist")
