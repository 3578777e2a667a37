"""The meetings and decisions register: who met when and where, what each set of minutes records as decided, and
how the papers spell out their acronyms.

Built from the chunks at index time, so every entry carries the document and page it was read from.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from indexer.decisions import OWN_REPORT, minute_decisions, report_decisions, section_lines
from panelbot.models import MINUTES_TITLE, Chunk, Decision, Meeting
from panelbot.text.sentences import line_sentence_spans
from panelbot.text.terms import STOPWORDS, terms
from panelbot.text.wording import ACRONYM

MINUTES = re.compile(rf"^{MINUTES_TITLE}")
# "Edward Leigh (Chair)", "Mr G Sandher (Chair)", "Professor I. Roffe (Chair)", "Councillor M Thirlwell (Chair)"
# ... and "Councillor Haydon, in the Chair", "Councillor C. Mann (Caerphilly County Borough Council) – in the Chair"
CHAIR = re.compile(r"((?:(?:Professor|Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr)\.? )?(?:[A-Z]\.? )*[A-Z][A-Za-z'’-]+"
                   r"(?: [A-Z][A-Za-z'’-]+)*)(?: \([^()]{3,60}\))?"   # "(West Sussex County Council)"
                   r"(?: \((?:Chair|Chairperson|Chairman)\)|\s*[,–-]\s*in the Chair\b)")
# "PRESENT:" alone on its line, the names on the next
PRESENT_ALONE = re.compile(r"^((?:Members )?Present:)\n", re.M | re.I)

# "Members Present: ...", "PRESENT: ...", and Durham's "... at 1.00 pm Present: ..." run on from the title block
PRESENT = re.compile(r"(?:^|(?<=\s))(?<!Also )(?:Members )?Present:\s*(.+?)"
                     r"(?:\s*(?:(?:Officers|Others|Also) Present|In attendance)\b|$)", re.S | re.I)
APOLOGIES = re.compile(r"^Apologies (?:for absence )?were received from (.+?)\.?$", re.I | re.S)
# "HELD AT ABAX STADIUM, PETERBOROUGH ON 30 JULY", "held in the Council Chamber, County Hall, Maidstone on Tuesday, 4"
VENUE = re.compile(r"\bHELD (?:AT|IN)\s+(?:the\s+)?(.+?)(?:,?\s+(?:ON|AT)\s+(?:\w+DAY,?\s+)?\d|$)", re.I)
SAME_DECISION = 0.8   # a restatement: this share of its words is in one decision the minutes record
# Words of how a decision is recorded, not of what was decided: "The Panel AGREED", "RESOLVED", "Recommended".
DECIDING_WORDS = set(terms("panel committee board agreed resolved decided recommended unanimously"))


def sentences(chunk: Chunk) -> list[tuple[int, str, str]]:
    """(page, sentence, the rest of its line) of a chunk: "PRESENT: Professor I. Roffe (Chair)" is one line, though
    "I." ends a sentence."""
    out = []
    for s, e in line_sentence_spans(chunk.text):
        line_end = chunk.text.find("\n", s)
        out.append((chunk.page_at(s), chunk.text[s:e], chunk.text[s:line_end if line_end >= 0 else len(chunk.text)]))
    return out


def item_of(section: str) -> str:
    return section.split(" — ", 1)[1] if " — " in section else ""


def sections_of(chunks: list[Chunk]) -> list[list[Chunk]]:
    """The chunks grouped by section: a section's windows are consecutive chunks of one document."""
    groups: list[list[Chunk]] = []
    for chunk in chunks:
        if groups and (groups[-1][0].document, groups[-1][0].section) == (chunk.document, chunk.section):
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
    return groups


def restates(text: str, decisions: list[Decision]) -> bool:
    """Whether `text` says again what one of `decisions` says: most of its words are in it or its item's title (a
    table restating decisions names the item)."""
    words = set(terms(text)) - DECIDING_WORDS
    return bool(words) and any(len(words & set(terms(f"{d.item} {d.text}"))) >= SAME_DECISION * len(words)
                               for d in decisions)


# The number an item heading opens with: "PCP 5/25", "PCP/25/034", "23/45", "46."
ITEM_NUMBER = re.compile(r"^(?:[A-Z]{2,6}[ /])?(\d{1,3}(?:/\d{1,4}){0,2})\b")


def same_item(named: str, heading: str) -> bool:
    """Whether a table's Item cell names the minute headed `heading`: by its number ("PCP 5/25"), or by most of
    the words of its title or the cell, the shorter ("Budget Report 2024/25" for "46. Budget Report")."""
    number, numbered = ITEM_NUMBER.match(named), ITEM_NUMBER.match(heading)
    if number and numbered:
        return number[1] == numbered[1]
    words, title = set(terms(named)), set(terms(heading[numbered.end():] if numbered else heading))
    return bool(words and title) and len(words & title) >= SAME_DECISION * min(len(words), len(title))


def minuted(item: str, decisions: list[Decision]) -> bool:
    """Whether the minutes record a decision under the item a table's row names: the row restates it, in its
    own words ("Precept supported (14-2-1)")."""
    return bool(item) and any(d.item and same_item(item, d.item) for d in decisions)


# A paper that calls itself minutes or a record of decisions ("2025-01-27-south-wales-pcp-decisions.pdf"): its
# decisions are read as minutes' are, even where no set of minutes was found opening in it
CALLS_ITSELF_MINUTES = re.compile(r"\bminutes\b|\bdecisions\b", re.I)


def read_as_minutes(chunks: list[Chunk]) -> set[str]:
    """The papers whose sections are read as minutes though none is titled as a set of minutes."""
    found = {chunk.document for chunk in chunks if MINUTES.match(chunk.section)}
    return {chunk.document for chunk in chunks if chunk.document not in found
            and CALLS_ITSELF_MINUTES.search(re.sub(r"[-_.]", " ", chunk.document))}


def extract_decisions(chunks: list[Chunk], bodies: Mapping[str, str] | None = None) -> list[Decision]:
    """Each decision the papers record, with its item, outcome and page, and the body (`bodies`: document -> body)
    that took it. A decision printed twice is listed once, at its formal record: the minutes, before the table
    restating them or a report's list of the same recommendations."""
    bodies = bodies or {}
    formal, second, reports = [], [], []
    untitled = read_as_minutes(chunks)
    for group in sections_of(chunks):
        first = group[0]
        if MINUTES.match(first.section) or first.document in untitled:
            for found in minute_decisions(section_lines(group), first.restates):
                (second if first.restates or found.in_table else formal).append((first, found))
        else:
            reports.append(group)
    # a report the body makes itself records its decisions in its sentences, unless it holds the minutes that do
    minuted_papers = {chunk.document for chunk, _ in formal}
    own = {c.document for c in chunks if c.page_start == 1 and OWN_REPORT.search(c.text)} - minuted_papers
    for group in reports:
        second.extend((group[0], found) for found in report_decisions(section_lines(group), group[0].document in own))
    out: list[Decision] = []
    said: dict[tuple[str, object], list[str]] = {}
    tabled: set[int] = set()   # the decisions read from a table's rows
    for rank, candidates in enumerate((formal, second)):
        for chunk, found in candidates:
            text = " ".join(found.text.lower().split())
            earlier = said.setdefault((chunk.document, chunk.meeting_date), [])
            if any(e in text for e in earlier):
                continue
            recorded = [d for d in out if d.document == chunk.document]
            # a table's row restates a decision the minutes record in words under its item; its own limbs do not
            in_words = [d for d in recorded if id(d) not in tabled]
            if rank and (restates(found.text, recorded) or found.in_table and minuted(found.item, in_words)):
                continue
            earlier.append(text)
            out.append(Decision(chunk.meeting_date, found.item or item_of(chunk.section), found.text, found.outcome,
                                chunk.document, found.page, bodies.get(chunk.document, "")))
            if found.in_table:
                tabled.add(id(out[-1]))
    return out


def extract_meetings(chunks: list[Chunk]) -> list[Meeting]:
    """Each meeting whose minutes are in the papers, with chair, members present, apologies and venue."""
    found: dict[tuple[str, date], dict] = {}
    for chunk in chunks:
        if not MINUTES.match(chunk.section) or chunk.meeting_date is None:
            continue
        body = chunk.section.split(" — ")[0].removeprefix(MINUTES_TITLE)
        entry = found.setdefault((chunk.document, chunk.meeting_date, body),
                                 {"chair": "", "present": "", "apologies": "", "venue": "", "page": chunk.page_start})
        venue = VENUE.search(chunk.text[:300]) if not item_of(chunk.section) else None
        if venue and not entry["venue"]:
            entry["venue"] = " ".join(venue[1].split()).title()
        for page, text, line in sentences(replace(chunk, text=PRESENT_ALONE.sub(r"\1 ", chunk.text))):
            if (present := PRESENT.search(line)) and not entry["present"]:
                entry["present"], entry["page"] = " ".join(present[1].split()), page
                chair = CHAIR.search(present[0])
                entry["chair"] = chair[1] if chair else ""
            elif (apologies := APOLOGIES.match(text)) and not entry["apologies"]:
                entry["apologies"] = " ".join(apologies[1].split())
    return [Meeting(when, f"{body}", e["chair"], e["present"], e["apologies"], e["venue"], document, e["page"])
            for (document, when, body), e in found.items()]


# A run of capitalised words, small joining words allowed inside: "Office of the Police and Crime Commissioner"
TITLE_RUN = re.compile(r"\b[A-Z][a-z]+(?:[- ](?:and|of|the|for|&|[A-Z][a-z]+))+")
MIN_USES = 2     # a phrase used once is as likely a chance run of capitals
DOMINANT = 0.5   # spellings used at least half as often as the commonest one all count


def extract_spellings(chunks: list[Chunk]) -> dict[str, tuple[str, ...]]:
    """The acronyms the papers use but mostly spell out, with their commonest spellings: {"CFO": ("Chief Finance
    Officer",)} when "Chief Finance Officer" is written more often than "CFO". A member types "CFO" either way; an
    acronym the papers mostly use as it is ("OPCC") needs no spelling, whose common words would only dilute the
    question, and one they never use is a chance run of capitals ("Appointment of Chief Constable" is no "ACC")."""
    spelled: dict[str, Counter] = defaultdict(Counter)
    used: Counter = Counter()
    for chunk in chunks:
        used.update(ACRONYM.findall(chunk.text))
        for run in TITLE_RUN.findall(chunk.text):
            words = [w for w in re.split(r"[- ]", run) if w]
            capitals = [n for n, w in enumerate(words) if w[0].isupper()]
            for n, first in enumerate(capitals):   # every run of 3 to 6 of its capitalised words, and what is between
                for last in capitals[n + 2:n + 6] if words[first].lower() not in STOPWORDS else ():   # not "The ..."
                    phrase = words[first:last + 1]
                    spelled["".join(w[0] for w in phrase if w[0].isupper())][" ".join(phrase)] += 1
    out = {}
    for acronym, spellings in spelled.items():
        top = spellings.most_common(1)[0][1]
        common = [(phrase, n) for phrase, n in spellings.most_common() if n >= max(MIN_USES, DOMINANT * top)]
        if 0 < used[acronym] < sum(n for _, n in common):
            out[acronym] = tuple(phrase for phrase, _ in common)
    return out
