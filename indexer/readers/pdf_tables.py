"""Tables in a PDF page, read row by row: pypdf's plain text puts every cell on a line of its own, so a table
reads as one run of words ("Year Band D increase Commissioner ... 2019/20 £24 (12.4%) Sue Mountstevens ...");
its layout text keeps each row on one line, its cells apart by runs of spaces. A page holding a table is read
from its layout text, each row as `Header: value | Header: value`, as tables in TSV files are (readers/table.py).
"""
from __future__ import annotations

import re
from indexer.minutes import ITEM_CELLS
from indexer.readers.table import CELL_SEPARATOR
from panelbot.text.dates import find_date

GAP = re.compile(r"\S(?:\S| {1,2}(?=\S))*")   # a cell: words one or two spaces apart; a wider gap ends it
MIN_ROWS = 2           # rows under the header: one row may as well be a line with a wide gap
AMOUNT = re.compile(r"[(£]?[\d,.]+[%p)]?|£[\d,.]+ ?(?:m|bn|million)?")   # "£14", "3,146", "12.4%": a row's figure
NUMBERED_ITEM = re.compile(r"(?:Item|Minute|Agenda item)\s+\d", re.IGNORECASE)   # "Item 507": a heading, not a column
HONORIFIC = re.compile(r"(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Sir|Dame)\b")   # a column is not named for a person
MAX_HEADER_WORDS = 6   # a header cell names a column: "Band D increase", not a line of a second column of text
ALIGN = 3              # characters a cell's start may lie off its column's
SHORT_LINES = 8        # a header and three rows of two short cells, each on a line of its own
SHORT_CELL_WORDS = 4


def cells(line: str) -> list[tuple[int, str]]:
    """(start, text) of the runs of words in a layout line, apart by three or more spaces."""
    return [(m.start(), m.group()) for m in GAP.finditer(line)]


def is_header(found: list[tuple[int, str]]) -> bool:
    """Short column names, not amounts nor an agenda's page references: "Year | Band D increase | Commissioner |
    Panel's response", "Force area | Income from a 1% precept increase", "Measure | 2023/24 | 2024/25"; not a
    grid of labels ("Date: | Monday 3 February 2025") nor an item's heading ("Item 507 | Welcome")."""
    return (len(found) >= 2 and any(re.search(r"[A-Za-z]", text) for _, text in found)
            and all(len(text.split()) <= MAX_HEADER_WORDS and not AMOUNT.fullmatch(text) and "Page" not in text
                    and text[0].isalnum() and not text.endswith((":", ".", ";", ","))
                    and not find_date(text) and not HONORIFIC.match(text) and not NUMBERED_ITEM.match(text)
                    for _, text in found))


def column_of(start: int, columns: list[int]) -> int | None:
    """The column a cell starting at `start` is in: the last column starting at or before it (within ALIGN)."""
    candidates = [c for c in columns if c <= start + ALIGN]
    return candidates[-1] if candidates else None


def is_group_label(lines: list[str], j: int, columns: list[int]) -> bool:
    """Whether line j is a short label in the first column over rows that go on under it ("Public")."""
    label = cells(lines[j])
    after = next((cells(line) for line in lines[j + 1:] if line.strip()), [])
    return (len(label) == 1 and len(label[0][1].split()) <= SHORT_CELL_WORDS
            and abs(label[0][0] - columns[0]) <= ALIGN and len(after) >= 2 and abs(after[0][0] - columns[0]) <= ALIGN)


def table_at(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """The table whose header row is lines[i], as its rows' text, and the line after it; None if none is there.
    A row is a group of lines with no blank line between them: a cell may wrap onto the lines under it."""
    header = cells(lines[i])
    if not is_header(header) or (i + 1 < len(lines) and lines[i + 1].strip()):
        return None   # a ruled table's rows stand apart, with space above and below: rows run together are not
        # told from a cell wrapping onto the next line
    columns = [start for start, _ in header]
    names = [text for _, text in header]
    rows: list[dict[int, str]] = []   # each row's text by its column's start
    j = i + 1
    while j < len(lines):
        blank = j
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j == len(lines):
            break
        first = cells(lines[j])
        if any(column_of(s, columns) is None for s, _ in first):
            break   # a line of text after the table, or another table
        if rows and column_of(first[0][0], columns) != columns[0] and j - blank <= 1:
            row = rows[-1]   # a cell wrapping on after a blank line: its row goes on in a later column
        elif len(first) < 2 and names[0].lower() in ITEM_CELLS and is_group_label(lines, j, columns):
            j += 1   # a label over a group of an agenda's items ("Public", "Part A"), no row of its own
            continue
        elif len(first) < 2 or abs(first[0][0] - columns[0]) > ALIGN:
            break   # a line of text after the table
        else:
            row = {}
            rows.append(row)
        while j < len(lines) and lines[j].strip():
            for start, text in cells(lines[j]):
                column = column_of(start, columns)
                if column is None:
                    break
                row[column] = f"{row[column]} {text}" if column in row else text
            j += 1
    if len(rows) < MIN_ROWS:
        return None
    out = [CELL_SEPARATOR.join(f"{name}: {row[c]}" for c, name in zip(columns, names) if c in row) for row in rows]
    return out, j


def might_hold_table(text: str) -> bool:
    """Whether pypdf's plain text of a page has the short lines a table's cells make (the layout text is read only
    then: it takes as long again)."""
    return sum(0 < len(line.split()) <= SHORT_CELL_WORDS for line in text.splitlines()) >= SHORT_LINES


def with_rows(layout: str) -> str | None:
    """The page's text with each table's rows on a line of their own (`Header: value | ...`), the other lines
    as they read (words far apart on a line, as a running header's, on lines of their own); None when the page
    holds no table."""
    lines = layout.splitlines()
    out, found, i = [], False, 0
    while i < len(lines):
        table = table_at(lines, i) if lines[i].strip() else None
        if table:
            rows, i = table
            out.extend(rows)
            found = True
            continue
        out.extend(text for _, text in cells(lines[i]))   # a running header's parts apart, as plain text has them
        i += 1
    return "\n".join(out) if found else None
