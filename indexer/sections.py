"""Finding a document's sections: the parts of an agenda pack (the previous meeting's minutes, each agenda item's
report, appendices) and the numbered minutes and headings within each, each section dated by the meeting its
part belongs to. `indexer.split` joins each section's lines and cuts them into chunks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from indexer.furniture import clean_lines
from indexer.headings import PAGE_RANGE_END, heading_at, is_upper_title, merge_markers, title_lines
from indexer.minutes import (ATTENDANCE, ATTENDANCE_PAGES, BARE_NUMBERED_TITLE, MINUTES_ALONE, MINUTES_LABEL,
                             NUMBERED_TITLE, SUMMARY_OF_DECISIONS, is_decision_table_header, minute_key,
                             opens_minutes)
from panelbot.models import ACTION_LOG, MINUTES_TITLE, Document
from panelbot.text.dates import find_date

# "Agenda Item No. 6", "Item 6": the line over a report that says which item of the agenda it is
AGENDA_ITEM = re.compile(r"^(?:agenda\s+item|item(?=\s+(?:no\.?\s*)?\d))(?:\s+no\.?)?\s*(\d+)?\s*$", re.IGNORECASE)
REPORT_KIND = re.compile(r"^(?:public|exempt|confidential|restricted)(?: report)?$", re.IGNORECASE)
# "Report of Joy Allen, Police and Crime Commissioner": not "Report of: Jane Webb", a header's label
REPORT_BY = re.compile(r"^Report (?:of|by|from) (?!the meeting)[A-Z\w]")
REPORT_FRONT_LINES = 6   # a report's title block, down to its "Report of ..." line
# "Item 3" alone on its line, over the item's title; narrower than AGENDA_ITEM, whose "Agenda Item No. 6" opens a
# pack's next report even after minutes
ITEM_LINE = re.compile(r"^Item\s+(\d{1,3})$", re.IGNORECASE)


@dataclass
class Section:
    """A run of lines under one title, before it is cut into chunks."""
    title: str
    meeting_date: date | None
    lines: list[tuple[int, str]] = field(default_factory=list)   # (page number, line)
    line_per_block: bool = False      # table cells: never run one into the next


def table_header(lines: list[tuple[int, str]], i: int) -> tuple[str, ...]:
    """The cells of a table's header row starting at line i ("DATE OF", "MEETING", "ITEM", "ACTION"): three
    or more short capitalised lines on one page; else ()."""
    cells = []
    for page, line in lines[i:i + 8]:
        if page != lines[i][0] or not line.isupper() or len(line.split()) > 3:
            break
        cells.append(line)
    return tuple(cells) if len(cells) >= 3 else ()


def part_header(lines: list[tuple[int, str]], i: int, default: date | None) -> tuple[str, date | None] | None:
    """A new part of a pack starting at line i: (title, meeting date), else None."""
    line = lines[i][1]
    upper = line.upper()
    ahead = [text for _, text in lines[i + 1:i + 14]]
    first_on_page = i == 0 or lines[i - 1][0] != lines[i][0]
    after_title = i > 0 and not first_on_page and is_upper_title(lines[i - 1][1])
    if opens_minutes(line, ahead, first_on_page, after_title) and not PAGE_RANGE_END.search(line):
        when = find_date(" ".join([line] + ahead[:6]))
        hearing = ", confirmation hearing" if "CONFIRMATION HEARING" in " ".join([upper] + ahead[:2]).upper() else ""
        if when or is_upper_title(line):
            return f"{MINUTES_TITLE}{format_date(when)}{hearing}", when or default
    if AGENDA_ITEM.match(line) or (ahead and AGENDA_ITEM.match(ahead[0]) and is_upper_title(line)):
        number_line = line if AGENDA_ITEM.match(line) else ahead[0]
        number = AGENDA_ITEM.match(number_line)[1]
        skip = {upper, number_line.upper()}
        start = next((n for n, t in enumerate(ahead[1:], 1) if is_upper_title(t) and t.upper() not in skip), None)
        title = title_lines(ahead[start:]) if start else ""
        when = find_date(" ".join(ahead[:3])) or default
        label = f"Agenda item {number}" if number else "Agenda item"
        return (f"{label}: {title}" if title else label), when
    if line.startswith("To:") and ahead and ahead[0].startswith("From:"):
        start = next((n for n, t in enumerate(ahead[1:6], 1) if is_upper_title(t)), None)
        title = title_lines(ahead[start:]) if start else "Report"
        return title, find_date(" ".join(ahead[:3])) or default
    # The second line of a title does not open another part, unless the first is the page's running header
    # ("CAMBRIDGESHIRE POLICE AND CRIME PANEL" above "DRAFT AGENDA FORWARD PLAN 2018-2019").
    page_header = i == 1 or (i > 1 and lines[i - 2][0] != lines[i - 1][0])
    continues_title = (i > 0 and lines[i - 1][0] == lines[i][0] and is_upper_title(lines[i - 1][1])
                       and not page_header)
    if is_upper_title(line) and not continues_title and (
            upper.startswith("REPORT OF THE") or "DECISION RECORD" in upper or "FORWARD PLAN" in upper):
        return title_lines([line] + ahead), default
    if first_on_page:
        return report_front(lines, i, default)
    return None


def report_front(lines: list[tuple[int, str]], i: int, default: date | None) -> tuple[str, date | None] | None:
    """A report starting on a new page under its meeting, date and title: "Police and Crime Panel / 3 February
    2025 / Police and Crime Commissioner's Proposed Precept / 2025/26 / Report of Joy Allen, ..."."""
    page = lines[i][0]
    top = [text for p, text in lines[i:i + REPORT_FRONT_LINES] if p == page]
    by = next((n for n, text in enumerate(top) if REPORT_BY.match(text)), None)
    if not by:
        return None
    dated = [n for n, text in enumerate(top[:by]) if find_date(text)]
    title = " ".join(top[dated[-1] + 1 if dated else max(0, by - 3):by])
    if not title:
        return None
    return title, (find_date(top[dated[-1]]) if dated else None) or default


def title_block_end(lines: list[tuple[int, str]], start: int) -> int:
    """The line after the run of an agenda item's title block furniture from `start` on its page: its "Agenda
    Item No. 6" line, the date under it and "Public Report"."""
    end = start
    while end < min(start + 3, len(lines)) and lines[end][0] == lines[start][0]:
        text = lines[end][1]
        if not (AGENDA_ITEM.match(text) or REPORT_KIND.match(text)
                or (end > start and find_date(text) and len(text.split()) <= 4)):
            break
        end += 1
    return end


def format_date(when: date | None) -> str:
    return f"{when.day} {when:%B %Y}" if when else "an unknown date"


@dataclass
class Walk:
    """Where find_sections is in a document: the part it is in, the sections so far, and what it has seen."""
    sections: list[Section]
    part_date: date | None
    part_title: str = ""
    last_key: tuple[int, ...] = (0,)     # the last minute number, to see whether headings count up
    headers: set = field(default_factory=set)   # table header rows seen in this part
    heading: str | None = ""             # the heading of the line before, if it was one

    def skip_table_header(self, lines: list[tuple[int, str]], i: int) -> int:
        """The line after a table's header row repeated on a page, which is noise, or after the header of a table
        restating the minutes' decisions ("ACTION", "Item | Decision", "Summary of decisions"), which opens a
        section of its own so the minute itself stays the first place a decision is found; else 0."""
        page, line = lines[i]
        header = table_header(lines, i)
        table_start = self.part_title.startswith(MINUTES_TITLE) and (
            "ACTION" in header or SUMMARY_OF_DECISIONS.match(line)
            or is_decision_table_header([text for p, text in lines[i:i + 2] if p == page]))
        repeated = header and header in self.headers
        if header:
            self.headers.add(header)
        if not (table_start or repeated):
            return 0
        if table_start and not self.sections[-1].title.endswith(ACTION_LOG):
            self.sections.append(Section(f"{self.part_title} — {ACTION_LOG}", self.part_date))
        return i + (len(header) or (1 if SUMMARY_OF_DECISIONS.match(line) else 2))

    def label_minutes(self, line: str) -> bool:
        """Whether the line is "Minutes:" under an item's heading: the paper is minutes, of the meeting it is for."""
        if not (MINUTES_LABEL.match(line) and self.heading and not self.sections[-1].lines
                and not self.part_title.startswith(MINUTES_TITLE)):
            return False
        self.part_title = f"{MINUTES_TITLE}{format_date(self.part_date)}"
        self.sections[-1].title = f"{self.part_title} — {self.heading}"
        return True

    def attendance_minutes(self, page: int, line: str) -> bool:
        """Whether the line opens minutes by saying who was present ("PRESENT: Councillor Haydon, in the Chair") or
        by a title block's "Minutes" alone, on a paper's first pages, where no line has opened minutes yet."""
        titled = MINUTES_ALONE.match(line)   # the title block's "Minutes", a title and not text
        if not ((ATTENDANCE.match(line) or titled) and page <= ATTENDANCE_PAGES
                and not any(s.title.startswith(MINUTES_TITLE) for s in self.sections)):   # no minutes opened yet
            return False
        self.part_title = f"{MINUTES_TITLE}{format_date(self.part_date)}"
        self.last_key, self.headers = (0,), set()
        self.sections.append(Section(self.part_title, self.part_date, [] if titled else [(page, line)]))
        return True

    def item_heading(self, lines: list[tuple[int, str]], i: int) -> int:
        """In a set of minutes, "Item 3" over its title ("Minutes of the meeting held on 28 November 2023") heads an
        item, not a new part of a pack: the line after the title, else 0."""
        page, line = lines[i]
        number = ITEM_LINE.match(line)
        # atop a page it may be a pack's next report, unless it is the minutes' next item
        first_on_page = i == 0 or lines[i - 1][0] != page
        if not (number and self.part_title.startswith(MINUTES_TITLE) and i + 1 < len(lines)
                and (not first_on_page or int(number[1]) == self.last_key[0] + 1)
                and lines[i + 1][0] == page and lines[i + 1][1][:1].isupper()):
            return 0
        self.heading = f"Item {number[1]} {lines[i + 1][1]}"
        self.open_heading(self.heading)
        self.last_key = (int(number[1]),)
        return i + 2

    def open_part(self, part: tuple[str, date | None], lines: list[tuple[int, str]], i: int, document: Document) -> int:
        """A new part of the pack opened at line i; the line after an agenda item's title block, else 0 (the line
        is text of the part)."""
        self.part_title, self.part_date = part
        if self.part_title.startswith("Agenda item") and ":" not in self.part_title:
            self.part_title = f"{self.part_title}: {document.title}"   # an untitled report: the file says what it is
        self.last_key, self.headers = (0,), set()
        self.sections.append(Section(self.part_title, self.part_date))
        if not self.part_title.startswith("Agenda item"):
            return 0
        # "CAMBRIDGESHIRE POLICE AND CRIME PANEL / Agenda Item No. 6 / 14th September 2022 / Public Report": the
        # section's title and date say it (and the document its body); quoted, it answers any question about the item
        return title_block_end(lines, i if AGENDA_ITEM.match(lines[i][1]) else i + 1)

    def open_heading(self, heading: str) -> None:
        """A section under a heading of the part: the heading is its title, not a sentence to quote."""
        if number := NUMBERED_TITLE.match(heading) or BARE_NUMBERED_TITLE.match(heading):
            self.last_key = minute_key(number[1])
        self.sections.append(Section(f"{self.part_title} — {heading}" if self.part_title else heading,
                                     self.part_date))


def find_sections(document: Document) -> list[Section]:
    """Walk the lines, opening a new section at every part boundary and heading."""
    lines = merge_markers(clean_lines(document))
    # A front page in capitals ("CAMBRIDGESHIRE POLICE AND CRIME PANEL / WEDNESDAY 12 SEPTEMBER 2018")
    # says which meeting the pack is for: keep it in the title of what follows it.
    front = title_lines([line for _, line in lines[:3]])
    walk = Walk([Section(f"{document.title} — {front}" if front else document.title, document.meeting_date)],
                document.meeting_date)
    skip_to = 0
    for i, (page, line) in enumerate(lines):
        if i < skip_to:
            continue
        if skip_to := walk.skip_table_header(lines, i):
            continue
        if walk.label_minutes(line) or walk.attendance_minutes(page, line):
            continue
        if skip_to := walk.item_heading(lines, i):
            continue
        part = part_header(lines, i, document.meeting_date)
        following = [text for p, text in lines[i + 1:i + 4] if p == page]
        walk.heading, used = (None, 0) if part else heading_at(line, following, walk.last_key,
                                                                walk.part_title.startswith(MINUTES_TITLE))
        if part and (skip_to := walk.open_part(part, lines, i, document)):
            continue
        if walk.heading:
            walk.open_heading(walk.heading)
            skip_to = i + 1 + used
            continue
        walk.sections[-1].lines.append((page, line))
    return [s for s in walk.sections if s.lines]
