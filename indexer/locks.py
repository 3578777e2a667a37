"""One run at a time per data folder: `panelbot index` and `panelbot fetch` each hold a lock file there."""
from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from panelbot.errors import PanelbotError


@contextmanager
def exclusive(data_dir: Path, command: str, wait: bool = False) -> Iterator[None]:
    """Hold `data_dir/<command>.lock` while the block runs; a second run of the command is told it is busy, or,
    with `wait`, waits for the first to end."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / f"{command}.lock", "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise PanelbotError(f"{data_dir}: another `panelbot {command}` is running; try again when it ends.")
        yield
