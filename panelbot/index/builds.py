"""The data folder's builds: each written in full in a folder of its own, and a `current` link naming the one that
serves, swapped in one rename, so a crash mid-index leaves the previous build serving."""
from __future__ import annotations

import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from panelbot.errors import PanelbotError

CURRENT = "current"


def serving_build(data_dir: Path) -> str | None:
    """The name of the build `current` points to; None when there is none yet."""
    link = data_dir / CURRENT
    if link.exists() and not link.is_symlink():
        raise PanelbotError(f"{link}: a folder, not the link to the serving build (was the index copied?); "
                            f"move it away and run `panelbot index` to build the index again.")
    return os.readlink(link) if link.is_symlink() and link.exists() else None


@contextmanager
def new_build(data_dir: Path) -> Iterator[Path]:
    """A new folder of `data_dir` to write a build into (the caller holds the index lock). When the block ends
    the folder is flushed and made the serving build; a build that fails, a full disk say, is removed at once
    rather than left to fill the disk."""
    data_dir.mkdir(parents=True, exist_ok=True)
    for leftover in data_dir.glob("build-*.partial"):   # of a run killed outright
        shutil.rmtree(leftover, ignore_errors=True)
    name = f"build-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    partial = data_dir / f"{name}.partial"
    partial.mkdir()
    try:
        yield partial
        _fsync_folder(partial)
        partial.rename(data_dir / name)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    _point_current(data_dir, name)
    _fsync(data_dir)   # the rename and the swap reach the disk before any older build is removed
    _remove_stale_builds(data_dir)


def _fsync_folder(folder: Path) -> None:
    """The folder's files and its own entries on disk."""
    for path in folder.iterdir():
        _fsync(path)
    _fsync(folder)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _point_current(data_dir: Path, target: str) -> None:
    """Swap the `current` link in one atomic rename."""
    temporary = data_dir / f"{CURRENT}.{os.getpid()}.tmp"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(target)
    os.replace(temporary, data_dir / CURRENT)


def _remove_stale_builds(data_dir: Path, keep: int = 1) -> None:
    """Drop half-written builds and all but the newest `keep` earlier builds; never the serving one."""
    serving = os.readlink(data_dir / CURRENT) if (data_dir / CURRENT).is_symlink() else None
    builds = sorted((p for p in data_dir.glob("build-*") if p.is_dir() and p.name != serving),
                    key=lambda p: p.stat().st_mtime)
    finished = [p for p in builds if not p.name.endswith(".partial")]
    for path in [p for p in builds if p.name.endswith(".partial")] + finished[:-keep or None]:
        shutil.rmtree(path, ignore_errors=True)
    for link in data_dir.glob(f"{CURRENT}.*.tmp"):   # a run killed between making the new link and the swap
        link.unlink(missing_ok=True)
