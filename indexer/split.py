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

from panelbot.models import ACTION_LOG, MINUTES_TITLE, Chunk, Document
from panelbot.text.dates import find_date
from panelbot.text.sentences import LABEL, sentence_spans

CountTokens = Callable[[str], int]

BLANK_PAGE = re.compile(r"this page is intentionally left blank", re.IGNORECASE)
# "46. Precept Report 2022/23", "1. PURPOSE", "## 45. Review of Complaints"
NUMBERED_HEADING = re.compile(r"^(\d{1,3})\.\s+([A-Z][^\n]{1,90})$")
# agenda list lines: "6. Review of Complaints 15 - 16", not a title's years: "Agenda Plan 2018-2019"
PAGE_RANGE_END = re.compile(r"(?<!\d)\d{1,3}\s*-\s*\d{1,3}$")
BLOCK_START = re.compile(r"^([•●▪◦*\-–]\s|\d{1,2}\)\s|[a-z]\)\s|\([a-z\d]{1,4}\)\s|\d{1,2}(\.\d{1,2})*\.?\s(?![a-z])"
                         rf"|{LABEL.pattern})")   # ... and labels: "Contact Officer – "
# A number before a small letter or a bracketed acronym opens a block only after a line that ends a sentence:
# else it is a wrapped line ("... in accordance with Part | 1 of schedule 12A", "... Justice Board | (CCJB) and")
SOFT_BLOCK_START = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?\s|\([A-Z]{2,4}\)\s)")
GLUED_NUMBER = re.compile(r"^\d+(?=[A-Z]{3})")         # "6CAMBRIDGESHIRE": a page or item stamp glued on
AGENDA_ITEM = re.compile(r"^agenda item(?:\s+no\.?)?\s*(\d+)?\s*$", re.IGNORECASE)
MIN_HEADING_WORDS, MAX_HEADING_WORDS = 1, 14


@dataclass
class Section:
    """A run of lines under one title, before it is cut into chunks."""
    title: str
    meeting_date: date | None
    lines: list[tuple[int, str]] = field(default_factory=list)   # (page number, line)
    line_per_block: bool = False      # table cells: never run one into the next


def clean_lines(document: Document) -> list[tuple[int, str]]:
    """(page, line) pairs without page numbers, blank-page notices or Markdown emphasis."""
    out = []
    for page in document.pages:
        lines = [line.strip() for line in page.text.splitlines()]
        lines = [line for line in lines if line]
        if document.kind == "pdf" and lines and lines[0] == str(page.number):
            lines = lines[1:]   # pypdf puts the printed page number first
        if document.kind == "pdf" and lines:
            lines[0] = GLUED_NUMBER.sub("", lines[0])
        for line in lines:
            line = line.replace("**", "").strip()
            if line and not BLANK_PAGE.fullmatch(line.strip(" .")):
                out.append((page.number, line))
    return out


def is_upper_title(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.85 and not line[0].isdigit()


def heading_of(line: str, next_line: str, last_number: int) -> str | None:
    """The heading a line states, if it is one: Markdown '#' headings and short numbered titles.

    A numbered line is a heading only if it counts up from the last heading of its part (a "1." after
    item 7 is a list inside the item), reads as a title rather than a sentence, and the next line does
    not carry on its sentence."""
    if line.startswith("#"):
        return line.lstrip("#").strip() or None
    match = NUMBERED_HEADING.match(line)
    if not match or int(match[1]) <= last_number or PAGE_RANGE_END.search(line):
        return None
    title = match[2].strip()
    words = title.split()
    if (not MIN_HEADING_WORDS <= len(words) <= MAX_HEADING_WORDS or title.endswith((",", ";", ":", "...", "…"))
            or re.search(r"[.:;] ", title) or (next_line[:1].islower())):
        return None
    return f"{match[1]}. {title}"


def table_header(lines: list[tuple[int, str]], i: int) -> tuple[str, ...]:
    """The cells of a table's header row starting at line i ("DATE OF", "MEETING", "ITEM", "ACTION"): three
    or more short capitalised lines on one page; else ()."""
    cells = []
    for page, line in lines[i:i + 8]:
        if page != lines[i][0] or not line.isupper() or len(line.split()) > 3:
            break
        cells.append(line)
    return tuple(cells) if len(cells) >= 3 else ()


def title_lines(lines: list[str]) -> str:
    """A capitalised title and the capitalised lines that continue it."""
    taken = []
    for line in lines:
        if not is_upper_title(line) or len(taken) == 3:
            break
        taken.append(line)
    return " ".join(taken)


def part_header(lines: list[tuple[int, str]], i: int, default: date | None) -> tuple[str, date | None] | None:
    """A new part of a pack starting at line i: (title, meeting date), else None."""
    line = lines[i][1]
    upper = line.upper()
    ahead = [text for _, text in lines[i + 1:i + 14]]
    if is_upper_title(line) and upper.startswith(("MINUTES OF A MEETING", "MINUTES OF THE MEETING OF")):
        when = find_date(" ".join([line] + ahead[:6]))
        hearing = ", confirmation hearing" if "CONFIRMATION HEARING" in " ".join([upper] + ahead[:2]).upper() else ""
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
    return None


def format_date(when: date | None) -> str:
    return f"{when.day} {when:%B %Y}" if when else "an unknown date"


def find_sections(document: Document) -> list[Section]:
    """Walk the lines, opening a new section at every part boundary and heading."""
    lines = clean_lines(document)
    part_title, part_date, last_number = "", document.meeting_date, 0
    # A front page in capitals ("CAMBRIDGESHIRE POLICE AND CRIME PANEL / WEDNESDAY 12 SEPTEMBER 2018")
    # says which meeting the pack is for: keep it in the title of what follows it.
    front = title_lines([line for _, line in lines[:3]])
    sections = [Section(f"{document.title} — {front}" if front else document.title, part_date)]
    headers, skip_to = set(), 0   # table header rows seen in this part; lines of one being skipped
    for i, (page, line) in enumerate(lines):
        if i < skip_to:
            continue
        header = table_header(lines, i)
        # A table's header row repeated on each page is noise; minutes restating their decisions in an action
        # table open a section of their own, so the minute itself stays the first place a decision is found.
        if header and (header in headers or ("ACTION" in header and part_title.startswith(MINUTES_TITLE))):
            if header not in headers:
                sections.append(Section(f"{part_title} — {ACTION_LOG}", part_date))
            headers.add(header)
            skip_to = i + len(header)
            continue
        if header:
            headers.add(header)
        part = part_header(lines, i, document.meeting_date)
        next_line = lines[i + 1][1] if i + 1 < len(lines) else ""
        heading = None if part else heading_of(line, next_line, last_number)
        if part:
            part_title, part_date = part
            if part_title.startswith("Agenda item") and ":" not in part_title:
                part_title = f"{part_title}: {document.title}"   # an untitled report: the file says what it is
            last_number, headers = 0, set()
            sections.append(Section(part_title, part_date))
        elif heading:
            if heading[0].isdigit():
                last_number = int(heading.split(".")[0])
            title = f"{part_title} — {heading}" if part_title else heading
            sections.append(Section(title, part_date))
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
