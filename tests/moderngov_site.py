"""A fake ModernGov site on 127.0.0.1 (port 0), under a path as some councils' are (`/ecminutes`), for `panelbot fetch`.

Its pages are shaped from ../shared/moderngov.md, which cites each shape's sources:
- meetings list `ieListMeetings.aspx?CId=&Year=`: `ul.mgNonBulletTableList > li > a.mgMeetingTableLnk`, hrefs
  relative with `&amp;` between parameters, text "14 Sep 2022&nbsp;1.30 pm", " - CANCELLED" after the link, newest
  first (section 2: S13, S14, S15, S17); a Year page lists that year's meetings (its window is uncertain: section 7).
- meeting page `ieListDocuments.aspx?CId=&MId=`: `h2.mgSubTitleTxt` "Cambridgeshire Police and Crime Panel -
  Wednesday 14th September, 2022 1.30 pm" (S10), `table.mgItemTable`, `a.mgAiTitleLnk` with raw spaces in the href and
  text ending "PDF 82 KB" (S13, S10), a space before `>` (S18), meeting-level links
  `documents/g<MId>/<Kind> <dd>th-<Mon>-<yyyy> <hh.mm> <Committee>.pdf?T=<n>` (section 1: S9, S19).
- like a site behind a firewall, a request without a User-Agent gets 403 (section 5: S9).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import date
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from pypdf import PdfReader, PdfWriter

COMMITTEE = "Cambridgeshire Police and Crime Panel"
COMMITTEE_ID = 543
PREFIX = "/ecminutes"


def pdf_pages(source: Path, first: int, last: int) -> bytes:
    """A real PDF of pages first..last (1-based) of `source`: indexing it is real."""
    reader, writer = PdfReader(source), PdfWriter()
    for page in reader.pages[first - 1:last]:
        writer.add_page(page)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class Paper:
    href: str                 # as written in the page: "documents/s31128/10. Performance Monitoring.pdf"
    text: str                 # link text
    body: bytes | None = None # None: 404
    status: int = 200
    delay: float = 0.0        # seconds before answering
    headers: dict = field(default_factory=dict)
    item: str = ""            # "6." for an agenda item's report; "" for a meeting-level paper
    chunked_size: int = 0     # serve this many bytes of junk with no Content-Length


def meeting_paper(meeting_id: int, kind: str, code: int, day: date, body: bytes | None, **kwargs) -> Paper:
    """A meeting-level paper named as ModernGov names them: `Public reports pack 14th-Sep-2022 13.30 Committee.pdf`."""
    suffix = "th" if 10 <= day.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
    name = f"{kind} {day.day:02d}{suffix}-{day:%b-%Y} 13.30 {COMMITTEE}.pdf"
    return Paper(f"documents/g{meeting_id}/{name}?T={code}", kind, body, **kwargs)


@dataclass
class Meeting:
    id: int
    day: date
    papers: list[Paper] = field(default_factory=list)
    cancelled: bool = False
    page_status: int = 200
    page_html: str | None = None   # served instead of the meeting page (a malformed page)


class FakeModernGov:
    def __init__(self, meetings: list[Meeting]):
        self.meetings = meetings
        self.requests: list[tuple[float, str, str]] = []   # (time, path with query, User-Agent)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_port}{PREFIX}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def paths(self, part: str = "") -> list[str]:
        with self._lock:
            return [path for _, path, _ in self.requests if part in path]

    def meetings_page(self, year: int) -> str:
        if year == 0:
            year = max(m.day.year for m in self.meetings)
        rows = "\n".join(
            f'<li><a class="mgMeetingTableLnk" href="ieListDocuments.aspx?CId={COMMITTEE_ID}&amp;MId={m.id}&amp;'
            f'Ver=4" title="Meeting of {COMMITTEE}, {m.day:%d/%m/%Y} 1.30 pm">{m.day.day} {m.day:%b %Y}&nbsp;1.30 pm'
            f'</a>{" - CANCELLED" if m.cancelled else ""}</li>'
            for m in sorted(self.meetings, key=lambda m: m.day, reverse=True) if m.day.year == year)
        return (f'<html><head><title>Browse meetings - {COMMITTEE}</title></head><body><div id="modgov">'
                f'<h1 class="mgMainTitleTxt" >Browse meetings</h1><h2 class="mgSubTitleTxt" >{COMMITTEE}</h2>'
                f'<p>This page lists the meetings for {COMMITTEE}.</p>'
                f'<ul class="mgNonBulletTableList" >\n{rows}\n</ul></div></body></html>')

    def meeting_page(self, meeting: Meeting) -> str:
        day = meeting.day
        items = "\n".join(
            f'<tr><td class="mgItemNumberCell" ><p class="mgAiTitleTxt" >{p.item}</p></td><td>'
            f'<p class="mgAiTitleTxt" ><a class="mgAiTitleLnk" href="{escape(p.href)}" title="Link to document">'
            f'{escape(p.text)} <img src="images/pdf.gif" alt="pdf icon" /> PDF 82 KB</a></p>'
            f'<div class="mgWordPara" ><p>To note the report.</p></div></td></tr>'
            for p in meeting.papers if p.item)
        packs = "\n".join(f'<li><a href="{escape(p.href)}" title="Link to document">{escape(p.text)}'
                          f' <img src="images/pdf.gif" alt="pdf icon" /> PDF 1 MB</a></li>'
                          for p in meeting.papers if not p.item)
        status = " - CANCELLED" if meeting.cancelled else ""
        return (f'<html><head><title>Agenda for {COMMITTEE} on {day:%A}, {day.day} {day:%B %Y}, 1.30 pm{status}'
                f'</title></head><body><div id="modgov"><h1 class="mgMainTitleTxt" >Agenda and minutes</h1>'
                f'<h2 class="mgSubTitleTxt" >{COMMITTEE} - {day:%A} {day.day}th {day:%B}, {day.year} 1.30 pm{status}'
                f'</h2><p>Venue: Bourges/Viersen Room - Town Hall.</p><table class="mgItemTable" >{items}</table>'
                f'<h2 class="mgSubTitleTxt" >Documents</h2><ul class="mgBulletList" >{packs}</ul>'
                f'<a href="mgMeetingAttendance.aspx?ID={meeting.id}">Attendance details</a></div></body></html>')

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        user_agent = handler.headers.get("User-Agent", "")
        with self._lock:
            self.requests.append((time.monotonic(), handler.path, user_agent))
        if not user_agent:
            return _send(handler, 403, b"<html><body>Request blocked</body></html>")
        parts = urlsplit(handler.path)
        path = unquote(parts.path).removeprefix(PREFIX + "/")
        query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items()}
        if path == "ieListMeetings.aspx" and query.get("cid") == str(COMMITTEE_ID):
            return _send(handler, 200, self.meetings_page(int(query.get("year", "0"))).encode(), "text/html")
        if path == "ieListDocuments.aspx":
            meeting = next((m for m in self.meetings if str(m.id) == query.get("mid")), None)
            if meeting is None:
                return _send(handler, 404, b"<html><body>Not found</body></html>", "text/html")
            page = meeting.page_html if meeting.page_html is not None else self.meeting_page(meeting)
            return _send(handler, meeting.page_status, page.encode(), "text/html")
        wanted = unquote(handler.path.removeprefix(PREFIX + "/"))
        paper = next((p for m in self.meetings for p in m.papers if unquote(p.href) == wanted), None)
        if paper is None or (paper.body is None and not paper.chunked_size):
            return _send(handler, 404, b"<html><body>The page cannot be found</body></html>", "text/html")
        time.sleep(paper.delay)
        if paper.chunked_size:
            return _send_chunked(handler, paper.chunked_size)
        _send(handler, paper.status, paper.body, "application/pdf", paper.headers)

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                try:
                    fake._answer(self)
                except (BrokenPipeError, ConnectionResetError):   # the client gave up (a timeout, a size limit)
                    pass

            def log_message(self, format, *args):
                pass

        return Handler


def _send(handler, status: int, body: bytes, content_type: str = "text/html", headers: dict | None = None) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def _send_chunked(handler, size: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/pdf")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    block = b"%PDF-1.4\n" + b"0" * 65527
    for _ in range(size // len(block) + 1):
        handler.wfile.write(f"{len(block):x}\r\n".encode() + block + b"\r\n")
    handler.wfile.write(b"0\r\n\r\n")
