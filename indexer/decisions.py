"""Finding the decisions in a section of minutes, in the common UK house styles.

"RESOLVED: That …", "Resolved – That …", "UNANIMOUSLY RESOLVED – (1) That …; (2) That …" (each numbered limb
a decision of its own), a "DECISION" box, "AGREED that …", "The Panel agreed …", minutes "confirmed as a correct
record", a decision that reads "… the following recommendation:" with what follows it, and the Decision cell of
a table's row ("Item | Decision | Action by"). A report of the body
itself ("The Panel recommends: 1. That …") gives its recommendations; a report asking a future meeting to decide
("Members are recommended to: …") gives none. `indexer.register` files what is found here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.minutes import DECISION_CELLS, DECISION_LABEL, ITEM_CELLS
from indexer.readers.table import CELL_SEPARATOR, row_cells
from panelbot.models import Chunk
from panelbot.text.sentences import BULLET, sentence_spans

# A decision in a sentence of the minutes: "The Panel AGREED to note the report", "The Panel unanimously agreed to
# support ...", "It was resolved that ...", "The Panel noted the report" (not "The Panel noted that ...": a point
# of the discussion; nor "If the Panel vetoed the proposal, ...": what the law allows); "Recommended to the
# Commissioner that ..." opening a sentence.
BODY = r"(?:Panel|Committee|Sub-Committee|Board|Cabinet|Council|Authority)"
DECISION = re.compile(
    r"\b(AGREED|RESOLVED|NOTED|ENDORSED?|APPROVED|RECOMMENDED)\b"
    rf"|(?<!If )(?<!if )\b[Tt]he {BODY} (?:(?:unanimously|therefore|also|then|formally) )?"
    r"(?:agreed|resolved|decided|approved|endorsed|supported|supports|rejected|vetoed|noted(?! that))\b"
    rf"|\b[Tt]he {BODY} voted (?:unanimously )?to (?:support|approve|accept|reject|veto)\b"
    # "The Panel asked the Commissioner to report …", "The Panel requested that …"
    rf"|\b[Tt]he {BODY} (?:asked|requested) (?:that\b|the (?:[A-Z][\w’'-]* ?){{1,4}}to\b)"
    # "Members agreed to receive ...", "Members noted the report and agreed that ..." (not "Members noted the plan")
    r"|\bMembers (?:(?:unanimously|also) )?(?:agreed|resolved|decided|endorsed|supported)\b"
    r"|\bMembers noted [^.]{0,80}? and agreed\b"
    r"|\b[Ii]t was (agreed|resolved) that\b(?!:)"
    r"|^Recommended to (?:the )?(?:[A-Z][\w’'-]* ?){1,5}that\b")   # "Recommended to the Commissioner that …"
# "The minutes of the meeting held on 19 September 2024 were confirmed as a correct record"
RECORD = re.compile(r"\bminutes\b.{0,120}?\b(?:were|was|be)\s+(?:confirmed|agreed|approved|accepted|signed)\b"
                    r".{0,60}?\bas an? (?:correct|accurate|true)(?: and \w+)? record", re.IGNORECASE)
# "It was agreed that:", "The Panel RESOLVED to:", "The Panel DECIDED:" followed by a list: each item is a decision.
AGREED_LEAD = rf"\b(?:it was|the {BODY}|members) (?:agreed|resolved|decided)(?: that| to)?:"
# ... or "It was moved by Councillor A, seconded by Councillor B, and RESOLVED –" over "(1) That …"
AGREED_LIST = re.compile(rf"(?:{AGREED_LEAD}|\b(?:RESOLVED|AGREED|DECIDED)(?:\s+(?:that|as follows|unanimously))?"
                         r"\s*[:–—-])\s*$", re.I)
# ... and its limbs run on in the same line: "The Panel DECIDED: 511.1 to support …; 511.2 to ask …"
AGREED_RUN_ON = re.compile(rf"{AGREED_LEAD}\s+(?=\(?(?:\d{{1,3}}\.\d{{1,2}}|\d{{1,2}}|[a-z]|[ivx]{{1,4}})\)?\s)", re.I)
# A body's own recommendations, in its report: "The Panel recommends:" above "1. That ...", "The Panel makes the
# following recommendations:" before "R1 That ... R2 That ...".
RECOMMENDS_LIST = re.compile(rf"(?:^|\s)(?:The|the|THE) {BODY}(?: therefore)? (?:recommends(?: that)?"
                             r"|(?:makes|has made|wishes to make) the following recommendations?"
                             r"(?: to (?:you|the (?:\w+ ){0,6}Commissioner))?):", re.I)
# A report the body makes itself ("Report of the Surrey Police and Crime Panel on the proposed precept"), in which its
# decisions are written as sentences: "The Panel resolved not to support ...", "The Panel did not veto ...".
OWN_REPORT = re.compile(rf"\bReport of the (?:[A-Z][\w’'&-]*,? |and |of ){{0,8}}{BODY}\b"
                        r"(?! (?:Chair|Support|Officer))")
DID_NOT = re.compile(rf"\b[Tt]he {BODY} (?:did|does) not (?:veto|support|accept|endorse|approve)\b")
# A recommendation's number in a body's report: "R1 That ...", "Recommendation 2: That ...", "(2) That ...",
# "2. The ..."
RECOMMENDATION_MARK = r"R\d{1,2}|Recommendation \d{1,2}:?"
REPORT_LIMB = re.compile(rf"(?:^|\s)(?:{RECOMMENDATION_MARK}|\(\d{{1,2}}\)|\d{{1,2}}\.)\s+(?=That\b|The\b|Members\b)")
# ... and the marks that carry a run-on list into the next window: "R5", not "15. The", a paragraph's number
RUN_ON_LIMB = re.compile(rf"^(?:{RECOMMENDATION_MARK})\s+")
OUTCOME = re.compile(r"\b(unanimously|by a majority|on the casting vote)\b", re.I)
# A numbered limb of a resolution: "(1) ", "(a) ", "(iii) ", "1. ", "b) ", "511.1 to" (the item's number and the
# limb's, before what is decided: not a paragraph's "8.1 The next meeting")
ITEM_LIMB = r"\d{1,3}\.\d{1,2}(?=\s+[a-z])"
LIMB = re.compile(rf"^\s*(?:\((?:\d{{1,2}}|[a-z]|[ivx]{{1,4}})\)|(?:\d{{1,2}}|[a-z])[.)]|{ITEM_LIMB})\s+")
# The same, inside one line: "Resolved – (1) That …; (2) That …"
INLINE_LIMB = re.compile(rf"(?:^|(?<=[;:,.]\s)|(?<=\sand\s))\s*(?:\((?:\d{{1,2}}|[a-z]|[ivx]{{1,4}})\)|{ITEM_LIMB})\s+")

# A Decision cell's label and numbered limbs: "RESOLVED that: 1. the report be noted. 2. the Force provide …"
CELL_LABEL = re.compile(r"^(?:RESOLVED|AGREED|DECIDED|Resolved|Agreed|Decided)(?:\s+that)?\s*[:–—-]?\s*")
CELL_LIMB = re.compile(r"(?:^|(?<=[.;:]\s))(\d{1,2})\.\s+(?=[A-Za-z])")

# What a record of decisions says of an item that decided nothing: "Decision: None.", "Outcome: No decision"
NO_DECISION = re.compile(r"^(?:none|nil|n/?a|no decisions?)\b", re.I)
# A resolution's reference beside its label: "RESOLVED: 2023/001"
RESOLUTION_NUMBER = re.compile(r"^\s*\d{2,4}/\d{1,4}\s*$")

# A resolution needs no label: minutes narrate what was said as "The Panel …", "Members …", and record what was
# resolved as "That the report be noted."
RESOLUTION_START = re.compile(r"^(?:That|THAT) (?:the|this|these|an?|members|[A-Z][\w’'-]*)\b")

PARALLEL = re.compile(r"To [a-z]")   # "Decision" over "To note the report. To ask for an update."
LIMB_JOIN = re.compile(r"(?<=[;,])\s+(?:and|or)$")   # "(a) the report be noted; and": the word joining the next limb


@dataclass(frozen=True)
class Line:
    """A line of a section's text, and where it sits in the chunk holding it (for its page)."""
    text: str
    chunk: Chunk
    offset: int

    def page_at(self, position: int) -> int:
        return self.chunk.page_at(self.offset + position)


@dataclass(frozen=True)
class Found:
    page: int
    text: str
    outcome: str
    item: str = ""          # the item a table's row names; else the section's
    in_table: bool = False  # a table's row, which may restate a decision the minutes record in words


def section_lines(chunks: list[Chunk]) -> list[Line]:
    """The lines of a section's chunks, in order: a section's windows read as one text."""
    lines = []
    for chunk in chunks:
        offset = 0
        for text in chunk.text.split("\n"):
            lines.append(Line(text, chunk, offset))
            offset += len(text) + 1
    return lines


def outcome_of(*texts: str) -> str:
    found = next((m for m in map(OUTCOME.search, texts) if m), None)
    return found[1].lower() if found else ""


def first_decision(text: str) -> str:
    """A limb's decision: its first sentence, and the sentences after it that go on deciding ("That ...")."""
    spans = sentence_spans(text)
    if not spans:
        return ""
    keep = [spans[0]]
    for start, end in spans[1:]:
        sentence = text[start:end]
        if not sentence.startswith(("That ", "that ")):
            break
        keep.append((start, end))
    return text[keep[0][0]:keep[-1][1]]


def list_after(lines: list[Line], j: int) -> tuple[list[str], int]:
    """The items of the list starting at line j (bullets, or numbered limbs: one kind, as the first item's), and
    the line after it."""
    items = []
    kind = LIMB if j < len(lines) and LIMB.match(lines[j].text) else BULLET
    while j < len(lines) and kind.match(lines[j].text):
        items.append(lines[j].text)
        j += 1
    return items, j


def carried(text: str, lines: list[Line], j: int) -> tuple[str, int]:
    """A decision ending "... the following recommendation:" with the list that follows it, one item a line as
    the chunk has them (the store finds a decision's chunk by its text)."""
    if not text.rstrip().endswith(":"):
        return text, j
    items, after = list_after(lines, j)
    return ("\n".join([text, *items]), after) if items else (text, j)


def limbs_of(line: Line, start: int) -> list[tuple[int, str]]:
    """(position, text) of each limb in line.text[start:], markers left out: one limb if none is numbered."""
    rest = line.text[start:]
    marks = list(INLINE_LIMB.finditer(rest))
    if not marks:
        lead = len(rest) - len(rest.lstrip(" •●▪◦*-–"))
        return [(start + lead, rest[lead:])] if rest.strip() else []
    return [(start + m.end(), rest[m.end():marks[n + 1].start() if n + 1 < len(marks) else len(rest)].strip())
            for n, m in enumerate(marks)]


def labelled(lines: list[Line], i: int) -> tuple[list[Found], int]:
    """The decisions under a label at line i ("RESOLVED:", "DECISION", "UNANIMOUSLY RESOLVED –"), and the
    line after them."""
    line, label = lines[i], DECISION_LABEL.match(lines[i].text)
    pieces: list[tuple[Line, int, str]] = []
    j = i + 1
    if line.text[label.end():].strip() and not RESOLUTION_NUMBER.match(line.text[label.end():]):
        pieces += [(line, pos, text) for pos, text in limbs_of(line, label.end())]
    elif j < len(lines):
        pieces += [(lines[j], pos, text) for pos, text in limbs_of(lines[j], 0)]
        j += 1
    numbered = pieces and (LIMB.match(line.text[label.end():]) or (j - 1 > i and LIMB.match(lines[j - 1].text))
                           or (j < len(lines) and LIMB.match(lines[j].text)))   # "That …" over "2) That …"
    while numbered and j < len(lines) and LIMB.match(lines[j].text):   # the limbs on lines of their own
        pieces += [(lines[j], pos, text) for pos, text in limbs_of(lines[j], 0)]
        j += 1
    found = []
    for piece_line, pos, text in pieces:
        for start, part in parallel(text):   # "To support the precept. To ask for a report in July."
            decision, j = carried(LIMB_JOIN.sub("", first_decision(part)), lines, j)
            if decision:
                found.append(Found(piece_line.page_at(pos + start), decision, outcome_of(label[0], decision)))
    return found, j


def parallel(text: str) -> list[tuple[int, str]]:
    """(position, text) of each decision of a limb under a label: its first sentence's, and each later sentence
    opening "To …" as a decision of its own."""
    starts = [0] + [start for start, _ in sentence_spans(text)[1:] if PARALLEL.match(text, start)]
    return [(start, text[start:end]) for start, end in zip(starts, starts[1:] + [len(text)])]


def row_decisions(line: Line) -> list[Found]:
    """The decisions in a table row's Decision (or Resolution, Outcome) cell, with the item its Item cell names:
    each numbered limb of "RESOLVED that: 1. … 2. …" a decision of its own, the label left out."""
    if CELL_SEPARATOR not in line.text:
        return []
    cells = row_cells(line.text)
    decision = next((value for name, value in cells.items() if name in DECISION_CELLS), None)
    if decision is None:
        return []
    item = next((value for name, value in cells.items() if name in ITEM_CELLS), "")
    at = line.text.find(decision)
    start = label.end() if (label := CELL_LABEL.match(decision)) else 0
    marks = list(CELL_LIMB.finditer(decision, start))
    if [int(m[1]) for m in marks] != list(range(1, len(marks) + 1)):   # "1." … "n.": limbs, not figures
        marks = []
    pieces = [(m.end(), marks[n + 1].start() if n + 1 < len(marks) else len(decision)) for n, m in enumerate(marks)]
    return [Found(line.page_at(at + begin), decision[begin:end].strip(), outcome_of(decision), item, in_table=True)
            for begin, end in pieces or [(start, len(decision))]]


def minute_decisions(lines: list[Line], restates: bool) -> list[Found]:
    """The decisions a section of minutes records. In a table restating them (the action log) only sentences
    that say what was decided count, and a list is not taken as decided."""
    found, listing, i = [], False, 0
    while i < len(lines):
        line = lines[i]
        if rows := row_decisions(line):
            found += rows
            i += 1
            continue
        if not restates and (label := DECISION_LABEL.match(line.text)):
            if (not line.text[label.end():].strip() and i + 1 < len(lines)
                    and AGREED_LIST.search(lines[i + 1].text)):   # "Decision" over "The Panel DECIDED:" and its list
                listing, i = True, i + 2
                continue
            labelled_found, i = labelled(lines, i)
            found += labelled_found
            listing = False
            continue
        marker = (BULLET.match(line.text) or LIMB.match(line.text)) if listing else None
        in_list = marker is not None
        after = i + 1
        if not restates and (run_on := AGREED_RUN_ON.search(line.text)):
            for pos, text in limbs_of(line, run_on.end()):
                found.append(Found(line.page_at(pos), first_decision(text), outcome_of(text)))
            i += 1
            continue
        rest = 0
        if in_list:   # an item of a list of decisions: its decision; what runs on after it is read as any line
            text = first_decision(line.text[marker.end():])
            found.append(Found(line.page_at(marker.end()), text, outcome_of(text)))
            rest = marker.end() + len(text)
        for start, end in sentence_spans(line.text, rest):
            text = line.text[start:end]
            if not restates and AGREED_LIST.search(text):
                continue   # "The Panel RESOLVED to:" leads in to the decisions listed under it
            if DECISION.search(text) or RECORD.search(text) or not restates and RESOLUTION_START.match(text):
                if not restates:
                    text, after = carried(text, lines, i + 1) if end == len(line.text.rstrip()) else (text, after)
                found.append(Found(line.page_at(start), text, outcome_of(text)))
        listing = not restates and (in_list or AGREED_LIST.search(line.text) is not None)
        i = max(after, i + 1)
    return [f for f in found if not NO_DECISION.match(f.text)]


def list_decisions(lines: list[Line], j: int) -> tuple[list[Found], int]:
    """Each item of the list starting at line j as a decision of its own, and the line after the list."""
    items, after = list_after(lines, j)
    found = []
    for n, item in enumerate(items, j):
        text = first_decision(item[LIMB.match(item).end():] if LIMB.match(item) else item)
        found.append(Found(lines[n].page_at(0), text, outcome_of(text)))
    return found, after


def report_decisions(lines: list[Line], own: bool = False) -> list[Found]:
    """The recommendations a body makes in a report: each item of the list under "The Panel recommends:", on lines
    of their own or run on ("R1 That … R2 That …"); in a report the body makes itself (`own`), also the sentences
    recording what it decided ("The Panel resolved not to support …")."""
    found, running_on = [], False
    for i, line in enumerate(lines):
        listed = RECOMMENDS_LIST.search(line.text)
        if listed and not line.text[listed.end():].strip():
            found += list_decisions(lines, i + 1)[0]
            continue
        if running_on and RUN_ON_LIMB.match(line.text):   # the list runs on into the next window: "R5 Members …"
            found += run_on_items(line, 0)
            continue
        running_on = bool(listed)
        if listed:
            found += run_on_items(line, listed.end())
        if own and CELL_SEPARATOR not in line.text:   # a table's row is no sentence: "Question put: That …"
            found += [Found(line.page_at(start), line.text[start:end], outcome_of(line.text[start:end]))
                      for start, end in sentence_spans(line.text, 0, listed.start() if listed else None)
                      if DECISION.search(line.text[start:end]) or DID_NOT.search(line.text[start:end])]
    return found


def run_on_items(line: Line, start: int) -> list[Found]:
    """The numbered items run on after a list's lead-in: "… recommendations: R1 That … R2 That …"."""
    marks = list(REPORT_LIMB.finditer(line.text, start))
    found = []
    for n, mark in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(line.text)
        text = first_decision(line.text[mark.end():end].strip())
        # the last item ends with its sentence: a heading may run on after it
        if n + 1 == len(marks) and (spans := sentence_spans(text)):
            text = text[:spans[0][1]]
        found.append(Found(line.page_at(mark.end()), text, outcome_of(text)))
    return found
