"""`panelbot fetch`: read a committee's meetings from its ModernGov site and download the PDFs not yet fetched into
the corpus folder, politely (one request at a time, paced, an honest User-Agent), losing nothing on a bad answer."""
from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from indexer.download import FetchError, PoliteClient, safe_name
from indexer.locks import exclusive
from indexer.sources.moderngov import (MINUTES, MalformedPage, MeetingLink, PublishedDocument, meetings_url,
                                       papers_to_fetch, parse_meeting_page, parse_meetings)
from panelbot.errors import PanelbotError
from panelbot.fetched import FetchedPaper, FetchRecord

log = logging.getLogger(__name__)

# Printed minutes come a month or two after a meeting, once the next meeting approves them: a meeting's page is read
# again on later runs until its minutes are fetched, or until it was last read this many days after the meeting.
REVISIT_DAYS = 180
EMPTY_YEARS_TO_STOP = 2   # a first backfill without --since walks back a year at a time until this many are empty
OLDEST_YEAR = 2000


@dataclass(frozen=True)
class FetchSettings:
    base_url: str            # "https://democracy.peterborough.gov.uk", may carry a path ("…/ecminutes")
    committee_id: int
    corpus_dir: Path
    data_dir: Path
    user_agent: str
    pause_seconds: float = 2.0       # between two requests: at most one every 2 s, as site guides ask
    timeout_seconds: float = 60.0    # council-hosted sites can take most of a minute to answer
    max_bytes: int = 100 * 1024 * 1024
    since: date | None = None


@dataclass(frozen=True)
class FetchFailure:
    meeting: str             # "meeting of 14 September 2022 (MId 5124)", or "meetings list Year=2022"
    document: str            # "Public reports pack", or "documents page"
    url: str
    reason: str

    def __str__(self) -> str:
        return f"{self.meeting}, {self.document}: {self.reason} ({self.url}); nothing saved."


@dataclass
class FetchSummary:
    meetings_listed: int = 0
    meetings_read: int = 0
    fetched: list[FetchedPaper] = field(default_factory=list)
    already_fetched: int = 0
    failed: list[FetchFailure] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0

    def as_json(self) -> dict:
        return {"meetings_listed": self.meetings_listed, "meetings_read": self.meetings_read,
                "fetched": [{"file": p.file, "url": p.url, "title": p.title, "meeting_id": p.meeting_id,
                             "meeting_date": p.meeting_date.isoformat()} for p in self.fetched],
                "already_fetched": self.already_fetched, "requests": self.requests,
                "failed": [vars(f) for f in self.failed], "seconds": round(self.seconds, 2)}


@dataclass(frozen=True)
class FetchProgress:
    """Callbacks a face draws progress with; the fetch itself prints nothing."""
    meetings_found: Callable[[int], None] = lambda total: None
    reading: Callable[[str], None] = lambda label: None
    meeting_done: Callable[[], None] = lambda: None


def _slug(text: str, most: int) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:most].strip("-")


def paper_file_name(day: date, committee: str, title: str) -> str:
    """`2022-09-14-cambridgeshire-police-and-crime-panel-public-reports-pack.pdf`: date, committee, title."""
    return "-".join(filter(None, (day.isoformat(), _slug(committee, 60), _slug(title, 80) or "paper"))) + ".pdf"


def fetch_lock(data_dir: Path):
    """One fetch run at a time per data folder; a second one is told a fetch is running."""
    return exclusive(data_dir, "fetch")


def wait_for_fetch(data_dir: Path) -> None:
    """Return once no `panelbot fetch` is running on this data folder, so that a re-index takes a run's papers at once
    (and announces them in one message) rather than one by one as they arrive."""
    with exclusive(data_dir, "fetch", wait=True):
        pass


def check_source(base_url: str, committee_id: int) -> None:
    """Refuse a missing or malformed site before any request."""
    if not base_url or not committee_id:
        raise PanelbotError("no ModernGov site set; set [sources] moderngov_url and committee_id in "
                            "config/panelbot.toml, or PANELBOT_MODERNGOV_URL and PANELBOT_COMMITTEE_ID.")
    if not base_url.startswith(("http://", "https://")):
        raise PanelbotError(f"moderngov_url {base_url!r} is not a web address; give it as "
                            "https://democracy.example.gov.uk (with its path, if any).")


def fetch_papers(settings: FetchSettings, progress: FetchProgress = FetchProgress()) -> FetchSummary:
    """Download the committee's public papers not yet in the corpus folder; each failure is recorded, not raised."""
    check_source(settings.base_url, settings.committee_id)
    started = time.perf_counter()
    settings.corpus_dir.mkdir(parents=True, exist_ok=True)
    summary = FetchSummary()
    record = FetchRecord(settings.data_dir)
    client = PoliteClient(settings.user_agent, settings.pause_seconds, settings.timeout_seconds, settings.max_bytes)
    try:
        with fetch_lock(settings.data_dir):
            meetings = _listed_meetings(client, settings, record, summary)
            summary.meetings_listed = len(meetings)
            read = record.meetings_read()
            to_read = [m for m in meetings if _needs_reading(m, read)]
            progress.meetings_found(len(to_read))
            for meeting in to_read:
                progress.reading(_label(meeting))
                _fetch_meeting(client, meeting, settings, record, summary)
                summary.meetings_read += 1
                progress.meeting_done()
    finally:
        client.close()
        summary.requests = client.requests
        summary.seconds = time.perf_counter() - started
    return summary


def _label(meeting: MeetingLink) -> str:
    return f"meeting of {meeting.day.day} {meeting.day:%B %Y} (MId {meeting.id})"


def _years(settings: FetchSettings, first_run: bool) -> Iterator[int]:
    """The Year= pages to read after Year=0: back to --since (a year early: a Year page may be a municipal year,
    May to April); on a first run without it, back until pages come empty; later runs, this year and last."""
    this_year = date.today().year
    if settings.since:
        yield from range(this_year, settings.since.year - 2, -1)
    elif first_run:
        yield from range(this_year, OLDEST_YEAR - 1, -1)
    else:
        yield from (this_year, this_year - 1)


def _listed_meetings(client: PoliteClient, settings: FetchSettings, record: FetchRecord,
                     summary: FetchSummary) -> list[MeetingLink]:
    first_run = not record.meetings_read()
    found: dict[int, MeetingLink] = {}
    empty = 0
    for year in (0, *_years(settings, first_run)):
        url = meetings_url(settings.base_url, settings.committee_id, year)
        try:
            listed = parse_meetings(client.text(url), url)
        except (FetchError, MalformedPage) as e:
            summary.failed.append(FetchFailure(f"meetings list Year={year}", "page", url, str(e)))
            continue
        empty = 0 if listed else empty + 1
        found.update((m.id, m) for m in listed)
        if year and not settings.since and empty >= EMPTY_YEARS_TO_STOP:
            break
    meetings = [m for m in found.values() if not settings.since or m.day >= settings.since]
    return sorted(meetings, key=lambda m: m.day)


def _needs_reading(meeting: MeetingLink, read: dict[int, tuple[date, bool]]) -> bool:
    """A meeting's page is read until its printed minutes are fetched or it has settled (REVISIT_DAYS)."""
    if meeting.cancelled:   # listed as cancelled: its page holds no papers (moderngov.md section 3)
        return False
    if meeting.id not in read:
        return True
    read_on, has_minutes = read[meeting.id]
    return not (has_minutes or meeting.cancelled) and (read_on - meeting.day).days < REVISIT_DAYS


def _fetch_meeting(client: PoliteClient, meeting: MeetingLink, settings: FetchSettings, record: FetchRecord,
                   summary: FetchSummary) -> None:
    try:
        page = parse_meeting_page(client.text(meeting.url), meeting.url)
    except (FetchError, MalformedPage) as e:
        summary.failed.append(FetchFailure(_label(meeting), "documents page", meeting.url, str(e)))
        return
    committee = page.committee or f"committee {settings.committee_id}"
    fetched = record.by_url()
    failures = len(summary.failed)
    for document in papers_to_fetch(page.documents):
        if document.url in fetched:   # never twice, even when deleted: a person may have removed it on purpose
            summary.already_fetched += 1
            continue
        try:
            paper = _download(client, document, meeting, committee, settings, fetched)
        except FetchError as e:
            summary.failed.append(FetchFailure(_label(meeting), document.title, document.url, str(e)))
            continue
        summary.fetched.append(paper)
        fetched[paper.url] = paper
    if len(summary.failed) == failures:   # a failed paper is tried again next run: its meeting is read again
        record.read_meeting(meeting.id, meeting.day, any(d.kind == MINUTES for d in page.documents))


def _download(client: PoliteClient, document: PublishedDocument, meeting: MeetingLink, committee: str,
              settings: FetchSettings, fetched: dict[str, FetchedPaper]) -> FetchedPaper:
    if document.site_name and not safe_name(document.site_name):
        raise FetchError(f"the site names the file {document.site_name!r}, outside the corpus folder")
    name = paper_file_name(meeting.day, committee, document.title)
    # two papers of one title, or a person's own file of that name (in any subfolder: citations name files)
    if name in {p.file for p in fetched.values()} or next(settings.corpus_dir.rglob(name), None):
        name = name.removesuffix(".pdf") + f"-{document.key}.pdf"
    target = settings.corpus_dir / name
    if target.resolve().parent != settings.corpus_dir.resolve():
        raise FetchError(f"the file name {name!r} leaves the corpus folder")
    size = client.download(document.url, target)
    paper = FetchedPaper(name, document.url, document.title, meeting.id, meeting.day, committee)
    FetchRecord(settings.data_dir).add(paper, size)
    log.info("fetched %s (%d bytes) from %s", name, size, document.url)
    return paper
