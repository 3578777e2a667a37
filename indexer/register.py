"""The meetings and decisions register: who met when and where, what each set of minutes records as decided, and
how the papers spell out their acronyms.

Built from the chunks at index time, so every entry carries the document and page it was read from.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date

from panelbot.models import MINUTES_TITLE, Chunk, Decision, Meeting
from panelbot.text.sentences import BULLET, line_sentence_spans, sentence_spans
from panelbot.text.terms import STOPWORDS
from panelbot.text.wording import ACRONYM

MINUTES = re.compile(rf"^{MINUTES_TITLE}")
DECISION = re.compile(r"\b(AGREED|RESOLVED|NOTED|ENDORSED?|APPROVED|RECOMMENDED)\b|\bthe Panel (agreed|resolved|noted)\b"
                      r"|\b[Ii]t was (agreed|resolved) that\b(?!:)")
# "It was agreed that:" followed by a list: each item is a decision.
AGREED_LIST = re.compile(r"\b(it was|the panel|members) (agreed|resolved)( that)?:\s*$", re.I)
OUTCOME = re.compile(r"\b(unanimously|by a majority|on the casting vote)\b", re.I)
CHAIR = re.compile(r"([A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+)+) \((?:Chair|Chairperson|Chairman)\)")
PRESENT = re.compile(r"^Members Present:\s*(.+?)(?:\s*(?:Officers|Others) Present\b|$)", re.S)
APOLOGIES = re.compile(r"^Apologies (?:for absence )?were received from (.+?)\.?$", re.I | re.S)
VENUE = re.compile(r"\bHELD AT\s+(.+?)(?:\s+ON\s+\d|$)", re.I)


def sentences(chunk: Chunk) -> list[tuple[int, str]]:
    """(page, sentence) pairs of a chunk."""
    return [(chunk.page_at(s), chunk.text[s:e]) for s, e in line_sentence_spans(chunk.text)]


def decision_sentences(chunk: Chunk) -> list[tuple[int, str]]:
    """(page, sentence) of each sentence of minutes recording a decision: "The Panel AGREED to note the report",
    and each item of a list introduced by "It was agreed that:" (in the minute itself: the action log that restates
    it runs other lists into it)."""
    out, listing, offset = [], False, 0
    for line in chunk.text.split("\n"):
        in_list = listing and BULLET.match(line) is not None
        for start, end in sentence_spans(chunk.text, offset, offset + len(line)):
            if in_list or DECISION.search(chunk.text[start:end]):
                out.append((chunk.page_at(start), chunk.text[start:end]))
        listing = not chunk.restates and (in_list or AGREED_LIST.search(line) is not None)
        offset += len(line) + 1
    return out


def item_of(section: str) -> str:
    return section.split(" — ", 1)[1] if " — " in section else ""


def extract_decisions(chunks: list[Chunk]) -> list[Decision]:
    """Each decision the minutes record, with its item, outcome and page; repeats (action tables) once."""
    out, seen = [], {}
    for chunk in chunks:
        if not MINUTES.match(chunk.section):
            continue
        for page, text in decision_sentences(chunk):
            said = " ".join(text.lower().split())
            earlier = seen.setdefault((chunk.document, chunk.meeting_date), [])
            if not any(e in said for e in earlier):
                earlier.append(said)
                outcome = OUTCOME.search(text)
                out.append(Decision(chunk.meeting_date, item_of(chunk.section), text,
                                    outcome[1].lower() if outcome else "", chunk.document, page))
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
        for page, text in sentences(chunk):
            if (present := PRESENT.match(text)) and not entry["present"]:
                entry["present"], entry["page"] = " ".join(present[1].split()), page
                chair = CHAIR.search(text)
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
