"""Which body a paper belongs to ("Kent and Medway Police and Crime Panel"), read from the paper itself: its
title block ("MINUTES of a meeting of the X held ..."), front sheet, addressee ("To: Business Coordination Board")
or running header; a sidecar file `paper.pdf.body` holding the name overrides the guess.

`read_body(path, document)` is what the indexer calls; `guess_body(document)` reads the pages alone.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from indexer.furniture import GLUED_NUMBER, ZONE
from panelbot.errors import PanelbotError
from panelbot.models import Document

BODY_SUFFIX = ".body"    # "paper.pdf.body": the name of the body whose paper paper.pdf is
FRONT_LINES = 15         # the lines of the first page that may hold a title block
NOUNS = ("Panel", "Committee", "Sub-Committee", "Board", "Cabinet", "Commission", "Forum", "Authority",
         "Partnership", "Council")
SMALL = {"and", "of", "the", "for", "&", "on", "in"}
WORD = r"[A-Z][\w'’.-]*"
# A name: capitalised words, small joining words allowed inside, ending in what a body is ("... Panel"); a comma
# may part its words ("Staffordshire Police, Fire and Crime Panel").
NAME = (rf"{WORD}(?:,?\s+(?:and|of|the|for|&|on|in|{WORD}))*?\s+(?:{'|'.join(NOUNS)})"
        rf"(?:\s+for\s+(?:the\s+)?{WORD}(?:\s+(?:and\s+)?{WORD}){{0,3}})?")   # "Police and Crime Panel for Lancashire"
# ... on a line of its own; not a paper's own title ("Report of the Panel", "Minutes of the Committee")
NAME_LINE = re.compile(rf"^(?:To:\s*)?(?:The\s+)?(?!(?:Report|Minutes|Agenda|Decisions?|Notes?) of\b)({NAME})"
                       rf"(?:\s*\([^)]*\))?$")
# "Minutes of the meeting of the Dyfed-Powys Police and Crime Panel held ...", "At a Meeting of the X held"
NAME_IN_TITLE = re.compile(rf"\b(?:minutes of|at) an? (?:special |extraordinary |annual )?meeting of (?:the )?({NAME})\b",
                           re.IGNORECASE)
# "Durham County Council": the host of a panel the paper names only as "Police and Crime Panel"
COUNCIL = re.compile(r"^([A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*)*?)\s+(?:County\s+|Borough\s+|City\s+|District\s+)?"
                     r"Council$")
GENERIC = {"police", "panel", "committee", "board", "cabinet", "scrutiny", "audit", "the"}
FOR_PLACE = re.compile(rf"(?:{'|'.join(NOUNS)}) for ")   # "Police and Crime Panel for Lancashire" names its place
TAIL = re.compile(r"\s+[–—-]\s+.*$")   # "Dyfed-Powys Police and Crime Panel – 26 January 2024"


def title_case(name: str) -> str:
    """"KENT AND MEDWAY POLICE AND CRIME PANEL" -> "Kent and Medway Police and Crime Panel"; a name already in
    mixed case is kept as written."""
    if name != name.upper():
        return name
    words = [w.lower() if w.lower() in SMALL else "-".join(p.capitalize() for p in w.split("-")) for w in name.split()]
    return " ".join(words)


def names_in_line(line: str) -> list[str]:
    """The body names a line is made of: the line itself, or its part before a dash ("... Panel – 26 January")."""
    line = GLUED_NUMBER.sub("", " ".join(line.split()))
    found = []
    for text in dict.fromkeys([line, TAIL.sub("", line)]):
        match = NAME_LINE.match(title_case(text))
        if match:
            found.append(match[1])
    return found[:1]


def candidate_lines(document: Document) -> list[str]:
    """The lines a body's name is printed on: the first page's title block and every page's header and footer."""
    lines = []
    for page in document.pages:
        text = [line.strip() for line in page.text.splitlines() if line.strip()]
        lines += text[:FRONT_LINES] if page.number == 1 else [*text[:ZONE], *text[-ZONE:]]
    return lines


def guess_body(document: Document) -> str:
    """The body a paper names most often in its title block and running headers, "" when it names none. A name
    without a place ("Police and Crime Panel", not "... Panel for Lancashire") takes its host's ("Durham County
    Council" -> "Durham ...")."""
    if document.kind == "table":
        return ""
    lines = candidate_lines(document)
    named: Counter[str] = Counter()
    for line in lines:
        named.update(names_in_line(line))
    front = " ".join(" ".join(p.text.split()) for p in document.pages[:2])
    named.update(title_case(m[1]) for m in NAME_IN_TITLE.finditer(front))
    bodies = [(n, name) for name, n in named.most_common() if not name.endswith("Council")]
    if not bodies:
        return ""
    best = max(bodies, key=lambda pair: (pair[0], len(pair[1])))[1]
    if best.split()[0].lower() in GENERIC and not FOR_PLACE.search(best):
        hosts = Counter(m[1] for line in lines if (m := COUNCIL.match(title_case(" ".join(line.split())))))
        if hosts:
            return f"{hosts.most_common(1)[0][0]} {best}"
    return best


def body_override(path: Path) -> str | None:
    """The name in the paper's `.body` sidecar, or None when there is none."""
    sidecar = path.with_name(path.name + BODY_SUFFIX)
    if not sidecar.exists():
        return None
    try:   # "utf-8-sig": an editor's byte-order mark is not part of the name
        text = sidecar.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise PanelbotError(f"{sidecar.name}: cannot read the body's name ({getattr(e, 'reason', None) or e}); "
                            "save it as plain UTF-8 text.")
    names = [" ".join(line.split("#")[0].split()) for line in text.splitlines()]
    return next((name for name in names if name), "")


def read_body(path: Path, document: Document) -> str:
    """The body a paper belongs to: its sidecar's name if it has one, else what the paper says."""
    override = body_override(path)
    return override if override is not None else guess_body(document)
