"""Headings and block starts: which lines title a section (numbered minutes and report headings, in the house
styles of `indexer.minutes`), which continue a title, and which open a new block of text."""
from __future__ import annotations

import re

from indexer.minutes import (BARE_NUMBERED_TITLE, DECISION_LABEL, NUMBER_ALONE, NUMBERED_TITLE, counts_up,
                             minute_key)
from panelbot.text.sentences import LABEL

# agenda list lines: "6. Review of Complaints 15 - 16", "4. Minutes ... (Pages 3 - 4)", not a title's years:
# "Agenda Plan 2018-2019"
PAGE_RANGE = re.compile(r"\d{1,3}\s*-\s*\d{1,3}")
PAGE_RANGE_END = re.compile(r"(?<!\d)\d{1,3}\s*-\s*\d{1,3}\)?$")
MARKER_START = re.compile(r"^([•●▪◦*\-–]\s|\d{1,2}\)\s|[a-z]\)\s|\([a-z\d]{1,4}\)\s|\d{1,2}(\.\d{1,2})*\.?\s(?![a-z])"
                          rf"|{DECISION_LABEL.pattern[1:]})")
# ... labels: "Contact Officer – ", "Purpose:" alone on its line (what it labels is on the next), "RESOLVED:"
LABEL_START = re.compile(rf"^(?:{LABEL.pattern}|[A-Z][\w()']*(?: [\w()']+){{0,3}}:$)")
BLOCK_START = re.compile(f"{MARKER_START.pattern}|{LABEL_START.pattern}")
# A line ending on a word no phrase ends with wraps onto the next, even one that looks like a label: "… as
# proposed by the" over "Budget Scrutiny Sub Group:"
WRAPPED_END = re.compile(r"\b(?:the|a|an|of|to|by|and|or|for|with|in|on|at|from|as|that|its|their)$")
REPORT_HEADING = re.compile(r"^(\d{1,2})\s+([A-Z][^.:;]{1,60})$")   # "1 Summary and recommendations"
MIN_HEADING_WORDS, MAX_HEADING_WORDS = 1, 14
LONE_BULLET = re.compile(r"^\s*[•●▪◦]\s*$")
WRAPPED_HEADING_CHARS = 55   # a numbered heading line this long may go on to the next line


def is_upper_title(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.85 and not line[0].isdigit()


def heading_of(line: str, next_line: str, last_number: int | tuple[int, ...]) -> str | None:
    """The heading a line states, if it is one: Markdown '#' headings and short numbered titles.

    A numbered line is a heading only if it counts up from the last heading of its part (a "1." after
    item 7 is a list inside the item), reads as a title rather than a sentence, and the next line does
    not carry on its sentence."""
    return heading_at(line, [next_line] if next_line else [], last_number)[0]


def heading_at(line: str, following: list[str], last_number: int | tuple[int, ...],
               in_minutes: bool = False) -> tuple[str | None, int]:
    """heading_of, and how many of the `following` lines (those after it on its page) continue its title; in a
    set of minutes (`in_minutes`) a bare number may open a heading too ("3 Minutes of the previous meeting")."""
    if line.startswith("#"):
        return line.lstrip("#").strip() or None, 0
    last = (last_number,) if isinstance(last_number, int) else last_number
    report = REPORT_HEADING.match(line)
    if report and following and following[0].startswith(f"{report[1]}.1 ") and counts_up(f"{report[1]}.", last):
        return line, 0   # "1 Summary and recommendations" over "1.1 On 21 November ...": a report's section
    match = NUMBERED_TITLE.match(line) or (BARE_NUMBERED_TITLE.match(line) if in_minutes else None)
    if not match or not counts_up(match[1], last) or PAGE_RANGE_END.search(line):
        return None, 0
    number, title = match[1], match[2].strip()
    if title[0].isdigit() and not is_upper_title(title.lstrip("0123456789/-–. ")):
        return None, 0   # "5. 2024-2025 POLICE PRECEPT" is a title; "3. 1.5 million calls" is not
    words = title.split()
    if (not MIN_HEADING_WORDS <= len(words) <= MAX_HEADING_WORDS or title.endswith((",", ";", ":", "...", "…"))
            or re.search(r"[.:;] ", title) or words[0].lower() == "that"):   # "1. That the ...": a resolution
        return None, 0
    used, last_line = 0, title
    while used < len(following) and used < 2 and continues_title(last_line, following[used]):
        last_line = following[used]
        title = f"{title} {last_line}"
        used += 1
    after = following[used] if used < len(following) else ""
    if not used and after[:1].islower():
        return None, 0   # a sentence going on
    if PAGE_RANGE.fullmatch(after) or ((then := NUMBERED_TITLE.match(after)) and counts_up(then[1], minute_key(number))):
        return None, 0   # an agenda's list: pages under the line ("3 - 14"), or the next item at once
    return f"{number} {title}", used


def continues_title(line: str, next_line: str) -> bool:
    """Whether a heading's line wraps onto the next: capitals under capitals ("TO SIGN AS A CORRECT RECORD THE
    MINUTES OF THE" / "MEETING HELD ON 27 OCTOBER 2023"), or a short tail under a long line ("... of Chief
    Constable of" / "Hampshire and Isle of Wight Constabulary")."""
    if not next_line or NUMBER_ALONE.match(next_line) or NUMBERED_TITLE.match(next_line) or DECISION_LABEL.match(next_line):
        return False
    if is_upper_title(line):
        return is_upper_title(next_line)
    return (len(line) >= WRAPPED_HEADING_CHARS and len(next_line.split()) <= 8 and next_line[-1] not in ".:;!?"
            and not BLOCK_START.match(next_line) and not is_upper_title(next_line))


def merge_markers(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A marker alone on its line joined to the line under it on the same page: a minute number ("1.",
    "PCP/24/041") to its title, a bullet ("•" above "support the precept;") to its item, so the item starts a block
    of its own rather than running on from the line before."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        page, line = lines[i]
        below = lines[i + 1][1] if i + 1 < len(lines) and lines[i + 1][0] == page else None
        if below is not None and (
                LONE_BULLET.match(line)
                or NUMBER_ALONE.match(line) and below[:1].isalnum() and below[:1] not in "0123456789£"
                # "5." over "2024-2025 POLICE PRECEPT"
                or NUMBER_ALONE.match(line) and re.match(r"^\d{4}", below)
                and is_upper_title(below.lstrip("0123456789/-–. "))):
            out.append((page, f"{line.strip()} {below}"))
            i += 2
            continue
        out.append((page, line))
        i += 1
    return out


def title_lines(lines: list[str]) -> str:
    """A capitalised title and the capitalised lines that continue it."""
    taken = []
    for line in lines:
        if not is_upper_title(line) or len(taken) == 3:
            break
        taken.append(line)
    return " ".join(taken)
