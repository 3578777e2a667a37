"""Dates and periods as council papers and their readers write them: month names, full dates, financial years,
and the dates in file names. Used by the indexer (a paper's meeting date) and the engine (a question's period)."""
from __future__ import annotations

import re
from datetime import date

MONTH_NAMES = ["", "january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"]
# Every way a month is written, lower case, to its number: "sept" -> 9.
MONTHS = {name: number for number, names in enumerate(
    [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")], 1) for name in names}
ANY_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))   # longest first: "september" before "sep"
# A month as papers capitalise it, "Sept." too: for a pattern that must not read "may" in "the Panel may wish to"
CAPITALISED_MONTH = "(" + "|".join(name.capitalize() for name in sorted(MONTHS, key=len, reverse=True)) + r")\.?"

LONG_DATE = re.compile(rf"\b(\d{{1,2}})\s?(?:st|nd|rd|th)?\s+({'|'.join(MONTH_NAMES[1:])})\s*,?\s+(\d{{4}})\b", re.I)
# "2 Feb", "14th November", "12 th Sept"
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s?(?:st|nd|rd|th)?\s+({ANY_MONTH})\b", re.I)
# "2022/23", "2022 – 23", "2017/2018"
SPAN = re.compile(r"\b((?:19|20)\d{2})\s*[/\-–—]\s*(\d{2}|\d{4})\b")
# "17/18": a financial year as members type it: two years a year apart, not part of a date (14/11/2018); not
# with a hyphen, which more often joins a range ("16-17 year olds", "pages 12-13")
SHORT_SPAN = re.compile(r"(?<![\d/.-])(\d{2})\s?/\s?(\d{2})(?![\d/.-])")
# "2022-03-23-agenda-pack.pdf", "2018-10-delivery-tracker.tsv"
FILE_DATE = re.compile(r"^((?:19|20)\d{2})-(\d{2})(?!\d)(?:-(\d{2})(?!\d))?")


def find_date(text: str) -> date | None:
    """The first full date written in `text` ("12th September 2018", "2 FEBRUARY 2022"), or None."""
    for match in LONG_DATE.finditer(text):
        try:
            return date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
        except ValueError:
            continue
    return None


def date_from_file_name(name: str) -> date | None:
    """`2022-03-23-agenda-pack.pdf` -> 2022-03-23; names without a full date give None."""
    match = FILE_DATE.match(name)
    if not match or not match[3]:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def file_month(name: str) -> tuple[int, int] | None:
    """(year, month) a paper's file name starts with: `2018-10-delivery-tracker.tsv` -> (2018, 10)."""
    match = FILE_DATE.match(name)
    return (int(match[1]), int(match[2])) if match and 1 <= int(match[2]) <= 12 else None


def days_named(text: str) -> frozenset[tuple[int, int]]:
    """(month, day) of each day `text` names: "2 Feb 2022" -> (2, 2), "14th November" -> (11, 14)."""
    return frozenset((MONTHS[m[2].lower()], int(m[1])) for m in DAY_MONTH.finditer(text) if 1 <= int(m[1]) <= 31)


def fiscal_matches(text: str) -> list[tuple[int, re.Match]]:
    """(first year, match) of each financial year `text` names: "2022/23", "2022 – 23", "2017/2018", "22/23"."""
    found = [(int(m[1]), m) for m in SPAN.finditer(text) if int(m[2][-2:]) == (int(m[1]) + 1) % 100]
    return found + [(2000 + int(m[1]), m) for m in SHORT_SPAN.finditer(text) if int(m[2]) == (int(m[1]) + 1) % 100]


def fiscal_years_named(text: str) -> set[int]:
    return {start for start, _ in fiscal_matches(text)}


def mentions_month(text: str, year: int, month: int) -> bool:
    """Whether `text` names that month of that year: "November 2018", "14th Nov 2018", "September,
    November and December 2018", "February in 2022", "14/11/2018"."""
    names = "|".join(sorted((m for m, n in MONTHS.items() if n == month), key=len, reverse=True))
    in_words = (rf"\b(?:{names})\b\.?(?:[\s,]+(?:and|&|\d{{1,2}}(?:st|nd|rd|th)?|(?:{ANY_MONTH})\b\.?))*"
                rf"[\s,]+(?:(?:in|of)\s+)?{year}\b")
    in_figures = rf"\b\d{{1,2}}[/.]0?{month}[/.]{year}\b"
    return re.search(f"{in_words}|{in_figures}", text, re.I) is not None
