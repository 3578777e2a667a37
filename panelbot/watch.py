"""Keeping a serving panelbot current in background threads: re-index when the corpus folder changes, and fetch new
papers on a schedule. The jobs are passed in (cli.py wires them); the engine follows a new build by itself."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from panelbot.errors import PanelbotError

log = logging.getLogger(__name__)

# A copy into the folder arrives as many writes: wait until the folder has been quiet this long, then re-index once.
QUIET_MS = 2000


def _paper_or_sidecar(change: watchfiles.Change, path: str) -> bool:
    """Hidden files are a fetch's partial downloads or an editor's; everything else may change what is indexed."""
    return not Path(path).name.startswith(".")


class Background:
    """The serve loop's helper threads; `stop()` ends them."""

    def __init__(self):
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _start(self, name: str, target: Callable[[], None]) -> None:
        thread = threading.Thread(target=target, name=name, daemon=True)
        thread.start()
        self._threads.append(thread)

    def watch(self, folder: Path, reindex: Callable[[], None], quiet_ms: int = QUIET_MS) -> None:
        """Run `reindex` after files in `folder` are added, changed or removed (and have stopped changing)."""
        def loop() -> None:
            for changes in watchfiles.watch(folder, watch_filter=_paper_or_sidecar, debounce=quiet_ms, step=200,
                                            stop_event=self._stop, raise_interrupt=False, recursive=True):
                log.info("%d changes in %s: re-indexing", len(changes), folder)
                _run_safely("re-index", reindex)
        self._start("panelbot-watch", loop)

    def every(self, hours: float, job: Callable[[], None], name: str) -> None:
        """Run `job` now and then every `hours` hours."""
        def loop() -> None:
            while True:
                _run_safely(name, job)
                if self._stop.wait(hours * 3600):
                    return
        self._start(f"panelbot-{name}", loop)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)


def _run_safely(name: str, job: Callable[[], None]) -> None:
    """A failed run is logged and the next change or period tries again: serving goes on meanwhile."""
    try:
        job()
    except PanelbotError as e:   # says what to do in one line
        log.error("%s failed: %s", name, e)
    except Exception:
        log.exception("%s failed", name)
