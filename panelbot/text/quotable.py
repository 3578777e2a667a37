"""What may be quoted: a chunk's sentences as an answer quotes them, the fragments (headings, page headers, run-on
tables, links) that are never quoted, and the words of each sentence the index embeds ahead of the questions."""
from __future__ import annotations

import re

from panelbot.text.dates import MONTH_NAMES
from panelbot.text.sentences import LABEL, line_sentence_spans, with_lead_ins

MAX_QUOTE_WORDS = 90         # longer 'sentences' are table pages read as one run of words
SIMILARITY_WORDS = 30        # a sentence's first words are enough to compare it with the question
# "... to 'Amber' (http://.../update.pdf).", "... PCSO 7.6%.http://.../bcb-1st-november-2018/": a link after the
# sentence, in brackets or run on after its full stop; not "See http://..." whose link is what it says
TRAILING_LINK = re.compile(r"\s*\(\s*https?://[^\s)]+\s*\)[.;]?$|(?<=[.!?])\s*https?://\S+$")
AGENDA_LINE = re.compile(r"(?<!\d)\d{1,3}\s*-\s*\d{1,3}$")   # "Minutes of the Meeting held on 2nd February 2022 3 - 12"
CONNECTORS = frozenset("of and & for the on to in – -".split())   # the small words of a heading
# A word of a heading, a running header or a row of column names: capitalised, a number or date, a small word
HEADING_WORD = r"(?:[A-Z0-9][\w’'&/.()-]*|[a-z]+\d\w*|[a-z]{1,2}(?= \d)|of|and|for|the|on|to|in|at|&|–|-)"
# Page furniture: a running header or footer ending in its page number ("Police and Crime Panel – 3 February 2025
# Durham County Council Page 5", "Confirmation Hearing Report – Chief Constable Page 5"), and a report's header
# line ("Agenda Item No. 6 14th September 2022 Public Report Report of ..."). Printed on every page, it is read
# into the sentence beside it.
PAGE_FURNITURE = re.compile(rf"(?:^|(?<=[.!?:]\s))(?:{HEADING_WORD}[ \t]+){{0,16}}Page \d+\b(?: of \d+\b)?"
                            rf"|^Agenda Item (?:No\.?\s*)?\d+\w*(?:[ \t]+{HEADING_WORD})*[ \t]*$", re.M)
# An undotted paragraph number before a sentence ("15 The Panel noted ..."), as some councils number paragraphs;
# not a date ("3 February 2025 ...") nor a figure the sentence is about ("12 members attended").
PARAGRAPH_NUMBER = re.compile(rf"\d{{1,3}}[ \t]+(?!(?:{'|'.join(m.capitalize() for m in MONTH_NAMES[1:])})\b)(?=[A-Z][a-z])")
# A table's header row, a run of column names ("Tenure Floor Area m2 Facilities Current Use Current
# Situation/Update Timescales/Update"), read into the first row after it: names of columns, not of people or places.
COLUMN_NAME = re.compile(r"\b(?:Tenure|Area|Facilities|Use|Status|Update|Timescales?|Actions?|Lead|Theme|Priority"
                         r"|Progress|Owner|Target|Outcomes?|Options|Issues|Comments|Direction|Ref|RAG)\b")


# Small words of a sentence, which a heading seldom has
SENTENCE_WORDS = frozenset("the a an was were is are be been in to of by for and has had will".split())


def is_fragment(text: str) -> bool:
    """A stray heading, a page header or a run-on table or link list rather than a sentence to quote;
    "Lead: Constabulary" and "Contact Officer – Jim Haylett" are labelled cells, not fragments, but a label
    with nothing after it ("Business Co-ordination Board Report:") is one."""
    if "http" in text or AGENDA_LINE.search(text) or only_column_names(text):
        return True
    if ("Page " in text or "Agenda Item" in text) and PAGE_FURNITURE.search(text):   # what is left without it
        text = PAGE_FURNITURE.sub(" ", text)
    words = text.split()
    if text.rstrip().endswith(":") and len(words) < 6 and all(w[0].isupper() or w in CONNECTORS for w in words):
        return True   # a heading: "Business Co-ordination Board Report:", not "The four key outcomes are:"
    if (":" in text or LABEL.match(text)) and len(words) < 12:
        return False
    if len(words) >= 3 and text.rstrip().endswith(".") and text[:1].isupper() and set(words) & SENTENCE_WORDS:
        return False   # a short sentence: "Councillor Haydon, in the Chair.", "The report was noted."; not a
                       # heading with a full stop, "Ward 778 budget line."
    return len(words) < 6 or sum(w.isupper() for w in words) > 0.6 * len(words) or len(words) > MAX_QUOTE_WORDS


def without_furniture(text: str, start: int, end: int, quoted: int | None = None) -> tuple[int, int]:
    """A quote's span without the page furniture (PAGE_FURNITURE) or table header row (header_row_end) it opens
    with and the fragment lines under them ("Police and Crime Panel" under a running header), nor the furniture
    after a sentence of it ends ("... a future meeting. Dyfed-Powys Police and Crime Panel – 26 January 2024
    Minutes Page 5 10.") or the header row repeated where it runs on. Furniture after the context before the
    sentence quoted (from `quoted`) or after a heading drops them."""
    quoted = start if quoted is None else quoted
    opened = False
    for found in PAGE_FURNITURE.finditer(text, start, end):
        before = text[start:found.start()].rstrip()
        if not before or found.end() <= quoted or is_fragment(before):
            start, opened = found.end(), True
        elif before[-1] in ".!?;":
            end = start + len(before)
            break
    start = len(text) - len(text[start:].lstrip())
    while opened and (line_end := text.find("\n", start, end)) >= 0 and is_fragment(text[start:line_end]):
        start = line_end + 1
    start = header_row_end(text, start, end)
    for name in COLUMN_NAME.finditer(text, start + 1, end):   # a header row repeated where a table runs on a page
        row = len(text[:name.start()].rstrip()) if text[start:name.start()].strip() else start
        if row > start and header_row_end(text, name.start(), end) > name.start():
            end = row
            break
    return len(text) - len(text[start:].lstrip()), len(text[:end].rstrip())


def header_row_end(text: str, start: int, end: int) -> int:
    """Where a table's header row that a sentence opens with ends: after the last column name (COLUMN_NAME) of
    its opening run of capitalised words, when that run holds three or more; else `start`."""
    opening = re.match(rf"(?:{HEADING_WORD}\s+)+", text[start:end].split(",")[0] + " ")
    names = list(COLUMN_NAME.finditer(opening.group())) if opening else []
    return start + names[-1].end() if len(names) >= 3 else start


def only_column_names(text: str) -> bool:
    """A table's header row and nothing else: three or more column names after the row's opening one too
    ("Theme P & CP - Priority Actions OPCC L'd D'vry Lead OPCC/Partner key delivery ... Delivery Status")."""
    if len(COLUMN_NAME.findall(text)) < 6:   # three in the row, three after it
        return False
    row_end = header_row_end(text, 0, len(text))
    return row_end > 0 and len(COLUMN_NAME.findall(text, row_end)) >= 3


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans of a chunk's sentences as they are scored and quoted."""
    spans = with_lead_ins(text, line_sentence_spans(text), MAX_QUOTE_WORDS)
    return [without_trailing_link(text, *without_paragraph_number(text, s, e)) for s, e in spans]


def without_paragraph_number(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence's span without the undotted paragraph number it opens with (PARAGRAPH_NUMBER)."""
    number = PARAGRAPH_NUMBER.match(text, start, end)
    return (number.end(), end) if number else (start, end)


def without_trailing_link(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence's span without the link in brackets that ends it: the sentence is quotable, a link is not."""
    link = TRAILING_LINK.search(text, start, end)
    return (start, link.start()) if link and link.start() > start else (start, end)


def similarity_text(sentence: str) -> str:
    """The words of a sentence that are compared with the question."""
    return " ".join(sentence.split()[:SIMILARITY_WORDS])


def similarity_texts(chunk_text: str) -> list[str]:
    """The similarity_text of each sentence of a chunk, in order: what the index embeds ahead of the questions."""
    return [similarity_text(chunk_text[start:end]) for start, end in quoted_spans(chunk_text)]
