"""Page furniture: the running headers and footers a PDF repeats on most of its pages, page numbers and blank-page
notices, left out of the text that gets quoted (clean_lines) ("Police and Crime Panel – 3 February 2025 Durham County
Council Page 5").

What they say (the body's name, the meeting) is still read from the pages themselves by `indexer.bodies`.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from panelbot.models import Document

ZONE = 4              # lines at the top and at the bottom of a page where running headers and footers sit
MIN_PAGES = 3         # fewer pages: a line found on all of them may as well be a title
MOST_PAGES = 0.5      # the share of a document's pages a line must top or tail to be furniture
NUMBER = re.compile(r"\d+")
LETTER = re.compile(r"[^\W\d_]")
BLANK_PAGE = re.compile(r"this page is intentionally left blank", re.IGNORECASE)
MINUTE_NUMBER_KEY = re.compile(r"[A-Z]{2,6}[/ ]?#(?:/#)+")   # "PCP/#/#", "PCP #/#": a minute's number, masked
GLUED_NUMBER = re.compile(r"^\d+(?=[A-Z]{3})")         # "6CAMBRIDGESHIRE": a page or item stamp glued on


def furniture_key(line: str) -> str:
    """A line with its numbers masked, so "Page 4" and "Page 5" are one running footer."""
    return NUMBER.sub("#", " ".join(line.split()))


def running_lines(pages: Sequence[Sequence[str]]) -> set[str]:
    """The keys of the lines that head or foot at least half of the pages (and three or more).

    A bare number is left to the caller: a page number is furniture, a table's figure is not."""
    if len(pages) < MIN_PAGES:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({furniture_key(line) for line in [*lines[:ZONE], *lines[-ZONE:]]})
    need = max(MIN_PAGES, int(len(pages) * MOST_PAGES + 0.999))
    # a sentence is said again, not printed as furniture: "Paragraph 3 says something." stays; so does a line
    # without words: "4/24" or "PCP/25/033" heading a page is a minute's number, as "1/24" … heading others
    return {key for key, n in counts.items() if n >= need and LETTER.search(key) and not key.endswith(".")
            and not MINUTE_NUMBER_KEY.fullmatch(key)}


def without_furniture(lines: Sequence[str], running: set[str]) -> list[str]:
    """A page's lines without the running lines at its top and bottom (a same line in the body stays)."""
    if not running:
        return list(lines)
    top = 0
    while top < min(ZONE, len(lines)) and furniture_key(lines[top]) in running:
        top += 1
    bottom = len(lines)
    while bottom > max(top, len(lines) - ZONE) and furniture_key(lines[bottom - 1]) in running:
        bottom -= 1
    return list(lines[top:bottom])


def clean_lines(document: Document) -> list[tuple[int, str]]:
    """(page, line) pairs without page numbers, blank-page notices or Markdown emphasis."""
    pages = []
    for page in document.pages:
        lines = [line.strip() for line in page.text.splitlines()]
        lines = [line for line in lines if line]
        if document.kind == "pdf" and lines and lines[0] == str(page.number):
            lines = lines[1:]   # pypdf puts the printed page number first
        pages.append(lines)
    # Running headers and footers ("Police and Crime Panel – 3 February 2025", "Page 5") are not part of what a
    # page says, and quoted they answer every question about the body or the date.
    running = running_lines(pages) if document.kind == "pdf" else set()
    out = []
    for page, lines in zip(document.pages, pages):
        lines = without_furniture(lines, running)
        if document.kind == "pdf" and lines:
            lines[0] = GLUED_NUMBER.sub("", lines[0])
        for line in lines:
            line = line.replace("**", "").strip()
            if line and not BLANK_PAGE.fullmatch(line.strip(" .")):
                out.append((page.number, line))
    return out
