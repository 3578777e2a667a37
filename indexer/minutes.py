"""How UK council papers print their minutes: the line that opens a set of minutes, minute numbers and labels.

Written for the common house styles (CMIS, ModernGov, Kent's and Durham's), not one body's: the splitter uses these
to file each minute as a section of its own, dated by the meeting the minutes record.
"""
from __future__ import annotations

import re

from panelbot.text.dates import CAPITALISED_MONTH

# "MINUTES OF A MEETING OF THE", "Minutes of the meeting of the Dyfed-Powys Police and Crime Panel held in ...",
# "MINUTES of a meeting of the Kent and Medway ...", "Appendix B Extract from the minutes of the meeting of 21";
# not an agenda's "Minutes of the meeting held on 9 December 2024 (Pages 3 - 4)", which names no body or date.
MINUTES_OPENING = re.compile(
    r"^(?:(?:appendix|annex)\s+\w{1,3}\s*[:.–-]?\s*)?(?:an?\s+)?(?:extracts?\s+(?:from|of)\s+the\s+)?"
    r"minutes\s+of\s+(?:a|the)\s+(?:special\s+|extraordinary\s+|annual\s+)?meeting\s+of\b", re.IGNORECASE)
# Durham's "At a Meeting of the Police and Crime Panel held in Committee Room 2, County Hall,"
MEETING_OPENING = re.compile(r"^At an? (?:special |extraordinary |annual )?meeting of\b.*\bheld\b", re.IGNORECASE)
# ModernGov's "26 January 2024 – At a meeting of the Sussex Police and Crime Panel held at 10.30 am at County Hall"
# and "MINUTES of the meeting held on Friday, 26 January 2024": dated, they open minutes wherever they stand
DATED_OPENING = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}\s*[–—-]\s*At an? (?:special |extraordinary |annual )?"
                           r"meeting of\b.*\bheld\b"
                           r"|^minutes of (?:a|the) (?:special |extraordinary |annual )?meeting held on\b.{0,40}"
                           r"\b(?:19|20)\d{2}\.?$", re.IGNORECASE)
# Caerphilly's wrapped title block: "MINUTES OF THE MEETING HELD AT PENALLTA HOUSE, TREDOMEN, YSTRAD" over "MYNACH ON
# FRIDAY, 23 JANUARY 2026 AT 10.00 A.M.": in capitals, dated on its line or the next
MINUTES_HELD = re.compile(r"^MINUTES OF (?:A|THE) (?:SPECIAL |EXTRAORDINARY |ANNUAL )?MEETING HELD (?:AT|IN|ON)\b")
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# ModernGov's "Record of Decisions" of a meeting, published before its minutes: the formal record of what it decided
DECISIONS_RECORD = re.compile(r"^Record of (?:the )?Decisions\b", re.IGNORECASE)
# The attendance block under a title block that names no minutes ("Devon and Cornwall Police and Crime Panel /
# Friday 31 January 2025 / PRESENT: Councillor Haydon, in the Chair."): only minutes say who was present; or the
# title block's "Minutes" standing alone
ATTENDANCE = re.compile(r"^(?:Members\s+)?Present\s*:", re.IGNORECASE)
MINUTES_ALONE = re.compile(r"^Minutes$", re.IGNORECASE)
ATTENDANCE_PAGES = 2   # ... on the paper's first pages, where a set of minutes opens
# A minute number: "46.", "23/45", "1/22", "PCP/21/014", "PCP 46/19"; alone on its line (pypdf puts a ruled-off
# number on a line of its own: "1." above "APOLOGIES FOR ABSENCE") or before its title.
MINUTE_NUMBER = (r"(?:[A-Z]{2,6}/\d{2,4}/\d{1,4}|[A-Z]{2,6} [1-9]\d{0,2}/\d{2,4}|[1-9]\d{0,2}/\d{1,3}"   # "PCP 46/19"
                 r"|[1-9]\d{0,2}\.)")   # not a cell's "09."
NUMBER_ALONE = re.compile(rf"^{MINUTE_NUMBER}$")
NUMBERED_TITLE = re.compile(rf"^({MINUTE_NUMBER})\s+([A-Z0-9][^\n]{{1,90}})$")
# ... and in a set of minutes, a bare number before a title, as some print an item's heading: "3 Minutes of the
# previous meeting" (not "18 Members.", nor a date: "3 February 2025")
MONTH_NAME = CAPITALISED_MONTH.replace("(", "(?:", 1)   # without its group, so the title's stays group 2
BARE_NUMBERED_TITLE = re.compile(rf"^([1-9]\d?)\s+(?!{MONTH_NAME}\b)([A-Z][a-z][^\n]{{1,90}}(?<!\.))$")
MINUTES_RECEIVED = re.compile(r"\b(?:were|was|be|are|is)\s+(?:received|noted|agreed|approved|confirmed|signed|"
                              r"accepted|submitted|circulated|considered)\b", re.IGNORECASE)
# ModernGov prints "Minutes:" under each item's heading in a set of minutes published item by item.
MINUTES_LABEL = re.compile(r"^minutes\s*:$", re.IGNORECASE)   # with its colon: "MINUTES" alone is a title
# The words that open a decision in minutes, as a label: "RESOLVED:", "Resolved –", "UNANIMOUSLY RESOLVED –",
# "DECISION", "Decision(s):", "AGREED:", "RESOLVED that –", "RESOLVED that (a) …", "Resolution:", "Outcome:" (the
# words of a table's Decision column, DECISION_CELLS); a label ends at a colon or dash, at the end of its line, or
# where its first limb starts.
DECISION_LABEL = re.compile(
    r"^(?:UNANIMOUSLY\s+|Unanimously\s+)?(?:RESOLVED|Resolved|AGREED|Agreed|DECISIONS?|Decisions?|DECIDED|Decided"
    r"|RESOLUTIONS?|Resolutions?|OUTCOMES?|Outcomes?)"
    r"(?:\([Ss]\))?"
    r"(?:\s+(?:UNANIMOUSLY|unanimously))?\s*(?:\((?:unanimously|by a majority)\)\s*)?(?:\s*(?:that|THAT)\b)?"
    r"(?:\s*[:–—-]+\s*|\s*$|\s+(?=\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s)"
    r"|\s+(?=(?:That|THAT|To) [a-z]))")   # "Decision" alone on its line over "To support the precept."
# A restatement of the decisions in a table after the minutes: "Annex: Summary of decisions", or a header row
# "Item | Decision".
SUMMARY_OF_DECISIONS = re.compile(r"^(?:(?:annex|appendix)\s*\w{0,3}\s*[:.–-]?\s*)?summary of (?:the )?"
                                  r"(?:decisions|resolutions)\b",
                                  re.IGNORECASE)
ITEM_CELLS = {"item", "items", "minute", "minute no.", "agenda item", "no."}
DECISION_CELLS = {"decision", "decisions", "resolution", "resolutions", "outcome", "decision made"}


def minute_key(number: str) -> tuple[int, ...]:
    """The numbers of a minute number, to see whether headings count up: "PCP/24/041" -> (24, 41)."""
    return tuple(int(n) for n in re.findall(r"\d+", number))


def counts_up(number: str, last: tuple[int, ...]) -> bool:
    """Whether a minute numbered `number` may follow the last one: a higher number in the same style, or any
    number in another style (the first minute of a part)."""
    key = minute_key(number)
    return len(key) != len(last) or key > last


def opens_minutes(line: str, ahead: list[str], first_on_page: bool, after_title: bool) -> bool:
    """Whether `line` opens a set of minutes: "Minutes of a meeting of ...", a dated "Minutes of the meeting held
    on ..." or "26 January 2024 – At a meeting of ... held", "MINUTES OF THE MEETING HELD AT ..." over its date,
    a capitalised "At a meeting of ... held" at the top of a page or under a title ("DURHAM COUNTY COUNCIL"), or a
    meeting's "Record of Decisions"."""
    if not (line[:1].isupper() or line[:1].isdigit()) or MINUTES_RECEIVED.search(" ".join([line, *ahead[:1]])):
        return False   # a wrapped sentence, or a minute about other minutes: "Minutes of the meeting of the Audit
        # Committee held on 3 May 2023 were received."
    if MINUTES_OPENING.match(line) or DATED_OPENING.match(line) or DECISIONS_RECORD.match(line):
        return True
    if MINUTES_HELD.match(line) and YEAR.search(" ".join([line, *ahead[:1]])):
        return True
    return bool(MEETING_OPENING.match(line)) and (first_on_page or after_title)


def is_decision_table_header(cells: list[str]) -> bool:
    """"Item" above "Decision": the header row of a table restating decisions."""
    names = [" ".join(cell.lower().split()) for cell in cells]
    return len(names) == 2 and names[0] in ITEM_CELLS and names[1] in DECISION_CELLS
