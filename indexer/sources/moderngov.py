"""Reading a ModernGov site's pages: the committee's meetings list and each meeting's documents page, as dataclasses.

Pure functions on HTML text; the shapes they expect are those gathered in ../shared/moderngov.md (sections 1-3):
`a.mgMeetingTableLnk` links dated "26 May 2026&nbsp;6.00 pm", `h2.mgSubTitleTxt` naming the committee, and document
links `documents/s<ID>/<name>.pdf` (an item's report) or `documents/g<MId>/<Kind> <date> <Committee>.pdf?T=<n>`
(a meeting-level paper: T=0 agenda frontsheet, T=1 printed minutes, T=10 public reports pack).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

MONTHS = {m: n for n, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                      "dec"), 1)}
# "26 May 2026 6.00 pm", "9 Sep 2026 1.00 pm", "Wednesday 25th September, 2024 1.30 pm"
LINK_DATE = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9}),?\s+(\d{4})")
DOCUMENT_PATH = re.compile(r"/documents/([gs])(\d+)/([^/]+)$", re.I)
CONVERTED_PATH = re.compile(r"/mgConvert2PDF\.aspx$", re.I)
SIZE_SUFFIX = re.compile(r"\s*(?:pdf icon\s*)?PDF\s*[\d.,]+\s*[KMG]B\s*$", re.I)   # "Minutes PDF 154 KB"
# "Annual General Meeting, Cambridgeshire Police and Crime Panel - Wednesday 31st July, 2024 1.30 pm": the committee
# is what comes before " - <weekday>", after any "<kind of meeting>, ".
HEADING = re.compile(r"(.+?) - (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b")
CANCELLED = re.compile(r"\b(CANCELLED|POSTPONED|WITHDRAWN)\b", re.I)
# Meeting-level kinds by their T code, and by the words their file names begin with when the code is missing.
PACK, AGENDA, MINUTES, REPORT, OTHER = "pack", "agenda", "minutes", "report", "other"
T_CODES = {"0": AGENDA, "1": MINUTES, "10": PACK}
NAME_KINDS = (("public reports pack", PACK), ("agenda frontsheet", AGENDA), ("printed minutes", MINUTES))
KIND_TITLES = {PACK: "Public reports pack", AGENDA: "Agenda frontsheet", MINUTES: "Printed minutes"}


class MalformedPage(ValueError):
    """A page that is not the ModernGov page asked for (a login form, a firewall's notice, a broken page)."""


@dataclass(frozen=True)
class MeetingLink:
    id: int                # MId
    committee_id: int
    day: date
    url: str               # the meeting's documents page, absolute
    cancelled: bool = False


@dataclass(frozen=True)
class PublishedDocument:
    url: str               # absolute, as the site links it (percent-encoded)
    title: str             # "Public reports pack", "10. Performance Monitoring"
    kind: str              # pack, agenda, minutes, report, other
    site_name: str         # the file name in the URL, decoded: what the site calls the file
    key: str               # "g5124-t10", "s31128": tells two papers of one meeting apart


@dataclass(frozen=True)
class MeetingPage:
    committee: str         # "Cambridgeshire Police and Crime Panel"
    documents: tuple[PublishedDocument, ...]
    cancelled: bool


@dataclass
class _Link:
    href: str
    classes: tuple[str, ...]
    text: str = ""
    tail: str = ""         # text after the link, up to the next link or list item


class _Links(HTMLParser):
    """Every <a href>, with its text and the text after it; the h2.mgSubTitleTxt and <title> texts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self.subtitle = ""
        self.title = ""
        self._in: str | None = None   # "a", "h2", "title" while inside one
        self._current: _Link | None = None
        self._after: _Link | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = tuple((attributes.get("class") or "").split())
        if tag == "a" and attributes.get("href"):
            self._current = _Link(attributes["href"], classes)
            self._in, self._after = "a", None
        elif tag == "h2" and "mgSubTitleTxt" in classes and not self.subtitle:
            self._in = "h2"
        elif tag == "title":
            self._in = "title"
        elif tag in ("li", "tr", "p", "div"):
            self._after = None

    def handle_endtag(self, tag):
        if tag == "a" and self._current:
            self.links.append(self._current)
            self._after, self._current = self._current, None
        if tag in ("a", "h2", "title"):
            self._in = None

    def handle_data(self, data):
        if self._in == "a" and self._current:
            self._current.text += data
        elif self._in == "h2":
            self.subtitle += data
        elif self._in == "title":
            self.title += data
        elif self._after:
            self._after.tail += data


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser


def _query(url: str) -> dict[str, str]:
    """Query parameters by lower-case name: ASP.NET reads `MId`, `Mid` and `mid` alike."""
    return {k.lower(): v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def _tidy(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def parse_day(text: str) -> date | None:
    """The date in a ModernGov link or heading: "26 May 2026 6.00 pm", "Wednesday 25th September, 2024 1.30 pm"."""
    match = LINK_DATE.search(_tidy(text))
    month = MONTHS.get(match[2][:3].lower()) if match else None
    if not month:
        return None
    try:
        return date(int(match[3]), month, int(match[1]))
    except ValueError:
        return None


def _is_moderngov(html: str) -> bool:
    return 'id="modgov"' in html or 'class="mg' in html


def parse_meetings(html: str, page_url: str) -> list[MeetingLink]:
    """The meetings an `ieListMeetings.aspx` page lists (newest first on the site); [] for a year without any."""
    page = _links(html)
    meetings = {}
    for link in page.links:
        if "mgMeetingTableLnk" not in link.classes:
            continue
        url = urljoin(page_url, link.href)
        query = _query(url)
        meeting_id = query.get("mid") or query.get("meetingid")
        day = parse_day(link.text)
        if not (meeting_id and meeting_id.isdigit() and day):
            continue
        committee = query.get("cid") or query.get("committeeid") or "0"
        meetings[int(meeting_id)] = MeetingLink(int(meeting_id), int(committee) if committee.isdigit() else 0, day,
                                                url, bool(CANCELLED.search(link.tail)))
    if not meetings and not _is_moderngov(html):
        raise MalformedPage("not a ModernGov meetings list (no mgMeetingTableLnk links, no ModernGov markup)")
    return list(meetings.values())


def parse_meeting_page(html: str, page_url: str) -> MeetingPage:
    """The committee's name and the PDFs an `ieListDocuments.aspx` page links to, each once."""
    page = _links(html)
    if not _is_moderngov(html):
        raise MalformedPage("not a ModernGov meeting page (no ModernGov markup)")
    documents: dict[str, PublishedDocument] = {}
    for link in page.links:
        document = _document(urljoin(page_url, link.href.strip()), _tidy(link.text))
        if document and document.url not in documents:   # a paper listed twice is fetched once
            documents[document.url] = document
    heading = _tidy(page.subtitle)
    committee = match[1].rsplit(", ", 1)[-1] if (match := HEADING.match(heading)) else ""
    cancelled = bool(CANCELLED.search(heading) or CANCELLED.search(_tidy(page.title)))
    return MeetingPage(committee, tuple(documents.values()), cancelled)


def _document(url: str, text: str) -> PublishedDocument | None:
    """The paper a link points to, or None for any other link."""
    # Hrefs may hold raw spaces (moderngov.md section 1): a request needs them encoded.
    url = url.replace(" ", "%20")
    parts = urlsplit(url)
    title = SIZE_SUFFIX.sub("", text).strip()
    if CONVERTED_PATH.search(parts.path) and (attachment := _query(url).get("id", "")).isdigit():
        return PublishedDocument(url, title or f"Document {attachment}", REPORT, "", f"a{attachment}")
    match = DOCUMENT_PATH.search(parts.path)
    if not match or not unquote(match[3]).lower().endswith(".pdf"):
        return None
    namespace, number, site_name = match[1].lower(), match[2], unquote(match[3])
    if namespace == "s":
        return PublishedDocument(url, title or site_name.rsplit(".", 1)[0], REPORT, site_name, f"s{number}")
    code = _query(url).get("t", "")
    kind = T_CODES.get(code) or next((k for words, k in NAME_KINDS if site_name.lower().startswith(words)), OTHER)
    title = KIND_TITLES.get(kind) or title or site_name.rsplit(".", 1)[0]
    return PublishedDocument(url, title, kind, site_name, f"g{number}-t{code or 'x'}")


def papers_to_fetch(documents: tuple[PublishedDocument, ...]) -> list[PublishedDocument]:
    """The papers worth indexing: a meeting with a public reports pack gets the pack and the other meeting-level
    papers (printed minutes, supplements) but not the agenda frontsheet or the items' reports, which the pack holds
    already (each passage indexed twice would be cited twice); a meeting without one gets everything."""
    if not any(d.kind == PACK for d in documents):
        return list(documents)
    return [d for d in documents if d.kind not in (AGENDA, REPORT)]


def meetings_url(base_url: str, committee_id: int, year: int = 0) -> str:
    """`ieListMeetings.aspx?CId=543&Year=0`: Year=0 the current year's meetings, else that year's."""
    return urljoin(base_url.rstrip("/") + "/", f"ieListMeetings.aspx?CId={committee_id}&Year={year}")
