"""The record of papers fetched from a council's site (fetched.sqlite in the data folder): each file's public URL and
meeting, and the meetings' pages read. `panelbot fetch` writes it; citations and announcements read it."""
from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

FETCHED_FILE = "fetched.sqlite"


@dataclass(frozen=True)
class FetchedPaper:
    file: str              # file name under the corpus folder
    url: str               # the council's public URL of the PDF
    title: str             # "Public reports pack"
    meeting_id: int
    meeting_date: date
    committee: str


class FetchRecord:
    """Opened for each use: `serve` reads it while a scheduled fetch writes it."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / FETCHED_FILE

    def _db(self) -> sqlite_utils.Database:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(sqlite3.connect(self.path, timeout=30))
        db["papers"].create({"url": str, "file": str, "title": str, "meeting_id": int, "meeting_date": str,
                             "committee": str, "bytes": int, "fetched_at": str}, pk="url", if_not_exists=True)
        db["meetings"].create({"id": int, "meeting_date": str, "read_at": str, "has_minutes": int}, pk="id",
                              if_not_exists=True)
        return db

    def papers(self) -> list[FetchedPaper]:
        if not self.path.exists():
            return []
        with closing(self._db().conn) as connection:
            rows = sqlite_utils.Database(connection)["papers"].rows
            return [FetchedPaper(r["file"], r["url"], r["title"], r["meeting_id"],
                                 date.fromisoformat(r["meeting_date"]), r["committee"]) for r in rows]

    def by_file(self) -> dict[str, FetchedPaper]:
        """The fetched papers by file name; the last fetched wins when a file was replaced."""
        return {paper.file: paper for paper in self.papers()}

    def by_url(self) -> dict[str, FetchedPaper]:
        return {paper.url: paper for paper in self.papers()}

    def add(self, paper: FetchedPaper, size: int) -> None:
        with closing(self._db().conn) as connection:
            sqlite_utils.Database(connection)["papers"].upsert(
                {"url": paper.url, "file": paper.file, "title": paper.title, "meeting_id": paper.meeting_id,
                 "meeting_date": paper.meeting_date.isoformat(), "committee": paper.committee, "bytes": size,
                 "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%S")}, pk="url")
            connection.commit()

    def meetings_read(self) -> dict[int, tuple[date, bool]]:
        """Meeting id -> (the day its page was last read, whether printed minutes were among its papers)."""
        if not self.path.exists():
            return {}
        with closing(self._db().conn) as connection:
            return {r["id"]: (date.fromisoformat(r["read_at"][:10]), bool(r["has_minutes"]))
                    for r in sqlite_utils.Database(connection)["meetings"].rows}

    def read_meeting(self, meeting_id: int, meeting_date: date, has_minutes: bool) -> None:
        with closing(self._db().conn) as connection:
            sqlite_utils.Database(connection)["meetings"].upsert(
                {"id": meeting_id, "meeting_date": meeting_date.isoformat(),
                 "read_at": time.strftime("%Y-%m-%dT%H:%M:%S"), "has_minutes": int(has_minutes)}, pk="id")
            connection.commit()
