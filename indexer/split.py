"""Structure-aware splitting: a `Document` becomes chunks along its own parts, items, headings and rows.

An agenda pack holds several parts (the previous meeting's minutes, each agenda item's report, appendices);
each part has numbered items or headings. A chunk never straddles two sections, carries the date of the
meeting its part belongs to, and is windowed by sentences so the embedding model reads every word.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from indexer.furniture import clean_lines
from indexer.headings import (BLOCK_START, PAGE_RANGE_END, heading_at, is_upper_title, merge_minute_numbers,
                              title_lines)
from indexer.minutes import (MINUTES_LABEL, NUMBERED_TITLE, SUMMARY_OF_DECISIONS, is_decision_table_header,
                             minute_key, opens_minutes)
from panelbot.models import ACTION_LOG, MINUTES_TITLE, Chunk, Document
from panelbot.text.dates import find_date
from panelbot.text.sentences import sentence_spans

CountTokens = Callable[[str], int]

# A number before a small letter or a bracketed acronym opens a block only after a line that ends a sentence:
# else it is a wrapped line ("... in accordance with Part | 1 of schedule 12A", "... Justice Board | (CCJB) and")
SOFT_BLOCK_START = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?\s|\([A-Z]{2,4}\)\s)")
# "Agenda Item No. 6", "Item 6": the line over a report that says which item of the agenda it is
AGENDA_ITEM = re.compile(r"^(?:agenda\s+item|item(?=\s+(?:no\.?\s*)?\d))(?:\s+no\.?)?\s*(\d+)?\s*$", re.IGNORECASE)
REPORT_KIND = re.compile(r"^(?:public|exempt|confidential|restricted)(?: report)?$", re.IGNORECASE)
# "Report of Joy Allen, Police and Crime Commissioner": not "Report of: Jane Webb", a header's label
REPORT_BY = re.compile(r"^Report (?:of|by|from) (?!the meeting)[A-Z\w]")
REPORT_FRONT_LINES = 6
TABLE_ROW = " | "   # between the cells of a table's row, as the readers write it: each row is a block   # a report's title block, down to its "Report of ..." line


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


def find_sections(document: Document) -> list[Section]:
    """Walk the lines, opening a new section at every part boundary and heading."""
    lines = merge_minute_numbers(clean_lines(document))
    part_title, part_date, last_key = "", document.meeting_date, (0,)
    # A front page in capitals ("CAMBRIDGESHIRE POLICE AND CRIME PANEL / WEDNESDAY 12 SEPTEMBER 2018")
    # says which meeting the pack is for: keep it in the title of what follows it.
    front = title_lines([line for _, line in lines[:3]])
    sections = [Section(f"{document.title} — {front}" if front else document.title, part_date)]
    headers, skip_to, heading = set(), 0, ""   # table header rows seen in this part; lines being skipped
    for i, (page, line) in enumerate(lines):
        if i < skip_to:
            continue
        in_minutes = part_title.startswith(MINUTES_TITLE)
        header = table_header(lines, i)
        # A table's header row repeated on each page is noise; minutes restating their decisions in an action
        # table ("ACTION", "Item | Decision", "Summary of decisions") open a section of their own, so the minute
        # itself stays the first place a decision is found.
        table_start = in_minutes and (("ACTION" in header) or SUMMARY_OF_DECISIONS.match(line)
                                      or is_decision_table_header([text for p, text in lines[i:i + 2] if p == page]))
        if table_start or (header and header in headers):
            if table_start and not sections[-1].title.endswith(ACTION_LOG):
                sections.append(Section(f"{part_title} — {ACTION_LOG}", part_date))
            headers.add(header)
            skip_to = i + (len(header) or (1 if SUMMARY_OF_DECISIONS.match(line) else 2))
            continue
        if header:
            headers.add(header)
        if MINUTES_LABEL.match(line) and heading and not sections[-1].lines and not in_minutes:
            # "Minutes:" under an item's heading: these are minutes, of the meeting the paper is for.
            part_title = f"{MINUTES_TITLE}{format_date(part_date)}"
            sections[-1].title = f"{part_title} — {heading}"
            continue
        part = part_header(lines, i, document.meeting_date)
        following = [text for p, text in lines[i + 1:i + 4] if p == page]
        heading, used = (None, 0) if part else heading_at(line, following, last_key)
        if part:
            part_title, part_date = part
            if part_title.startswith("Agenda item") and ":" not in part_title:
                part_title = f"{part_title}: {document.title}"   # an untitled report: the file says what it is
            last_key, headers = (0,), set()
            sections.append(Section(part_title, part_date))
            if part_title.startswith("Agenda item"):
                # "CAMBRIDGESHIRE POLICE AND CRIME PANEL / Agenda Item No. 6 / 14th September 2022 / Public Report":
                # the section's title and date say it (and the document its body); quoted, it answers any question
                # about the item
                skip_to = title_block_end(lines, i if AGENDA_ITEM.match(line) else i + 1)
                continue
        elif heading:
            if number := NUMBERED_TITLE.match(heading):
                last_key = minute_key(number[1])
            title = f"{part_title} — {heading}" if part_title else heading
            sections.append(Section(title, part_date))
            skip_to = i + 1 + used
            continue   # the heading is the section's title, not a sentence to quote
        sections[-1].lines.append((page, line))
    return [s for s in sections if s.lines]


def section_text(section: Section) -> tuple[str, list[tuple[int, int]], list[int]]:
    """Join a section's lines: wrapped lines with spaces, new blocks (bullets, numbered points) on new lines.

    Returns the text, the (start, end) of each block, and the offsets where a new page begins."""
    parts, blocks, breaks = [], [], []
    offset, block_start, page = 0, 0, section.lines[0][0]
    for n, (line_page, line) in enumerate(section.lines):
        last = section.lines[n - 1][1] if n else ""
        ends_sentence = last.rstrip()[-1:] in ".:;!?"
        new_block = n > 0 and (section.line_per_block or BLOCK_START.match(line) or is_upper_title(line)
                               or TABLE_ROW in line or TABLE_ROW in last
                               or is_upper_title(last) or (SOFT_BLOCK_START.match(line) and ends_sentence))
        if n > 0:
            separator = "\n" if new_block else " "
            if new_block:
                blocks.append((block_start, offset))
                block_start = offset + 1
            parts.append(separator)
            offset += 1
        if line_page != page:   # one break per page turned: a skipped blank page still counts
            breaks.extend([offset] * (line_page - page))
            page = line_page
        parts.append(line)
        offset += len(line)
    blocks.append((block_start, offset))
    return "".join(parts), blocks, breaks


def split_long(text: str, start: int, end: int, budget: int, count_tokens: CountTokens) -> list[tuple[int, int]]:
    """Cut one over-long sentence at word boundaries into pieces of at most `budget` word pieces."""
    pieces, piece_start, position = [], start, start
    for match in re.finditer(r"\S+", text[start:end]):
        word_end = start + match.end()
        if count_tokens(text[piece_start:word_end]) > budget and position > piece_start:
            pieces.append((piece_start, position))
            piece_start = start + match.start()
        position = word_end
    pieces.append((piece_start, end))
    return pieces


def window(text: str, spans: list[tuple[int, int]], budget: int, count_tokens: CountTokens) -> list[tuple[int, int]]:
    """Group consecutive sentence spans into windows of at most `budget` word pieces."""
    units = []
    for start, end in spans:
        if count_tokens(text[start:end]) > budget:
            units.extend((s, e, count_tokens(text[s:e])) for s, e in split_long(text, start, end, budget, count_tokens))
        else:
            units.append((start, end, count_tokens(text[start:end])))
    windows, current, used = [], None, 0
    for start, end, tokens in units:
        if current and used + tokens <= budget:
            current = (current[0], end)
            used += tokens
        else:
            if current:
                windows.append(current)
            current, used = (start, end), tokens
    if current:
        windows.append(current)
    return windows


def chunks_of_section(document: Document, section: Section, count_tokens: CountTokens,
                      max_tokens: int, chunk_tokens: int) -> list[Chunk]:
    text, blocks, breaks = section_text(section)
    first_page = section.lines[0][0]
    title = section.title
    # The title is embedded with every window; keep it from eating the window.
    while count_tokens(title) > max_tokens // 4:
        title = title[: int(len(title) * 0.8)].rstrip() + "…"
    budget = max(16, min(chunk_tokens, max_tokens - count_tokens(title) - 1))
    spans = [span for start, end in blocks for span in sentence_spans(text, start, end)]
    windows = window(text, spans, budget, count_tokens)
    # Word pieces do not always add up across a join (a run of symbols, say): check, and tighten if needed.
    while budget > 16 and any(count_tokens(f"{title}\n{text[s:e]}") > max_tokens for s, e in windows):
        budget -= 8
        windows = window(text, spans, budget, count_tokens)
    chunks = []
    for start, end in windows:
        page_start = first_page + sum(1 for b in breaks if b <= start)
        page_end = first_page + sum(1 for b in breaks if b < end)
        inner = tuple(b - start for b in breaks if start < b < end)
        chunks.append(Chunk(document.file, section.meeting_date, title, page_start, page_end,
                            text[start:end], inner))
    return chunks


def table_sections(document: Document) -> list[Section]:
    """One section per table row, titled by the row's short cells (ids, leads, themes) so every window keeps them."""
    sections = []
    for n, row in enumerate(document.pages[0].text.split("\n"), 1):
        cells = [cell for cell in row.split(" | ") if cell]
        short = [cell for cell in cells if len(cell) <= 40]
        title = f"{document.title}, row {n}" + (f" ({'; '.join(short)})" if short else "")
        lines = [(1, cell) for cell in cells]
        sections.append(Section(title, document.meeting_date, lines, line_per_block=True))
    return sections


def split_document(document: Document, count_tokens: CountTokens, max_tokens: int = 254,
                   chunk_tokens: int = 200) -> list[Chunk]:
    """All chunks of a document; `count_tokens` counts the embedding model's word pieces, and no chunk's
    section title plus text exceeds `max_tokens` of them."""
    sections = table_sections(document) if document.kind == "table" else find_sections(document)
    return [chunk for section in sections
            for chunk in chunks_of_section(document, section, count_tokens, max_tokens, chunk_tokens)]
