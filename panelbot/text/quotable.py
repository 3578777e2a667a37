"""What may be quoted: a chunk's sentences as an answer quotes them, the fragments (headings, page headers, run-on
tables, links) that are never quoted, and the words of each sentence the index embeds ahead of the questions."""
from __future__ import annotations

import re

from panelbot.text.sentences import LABEL, line_sentence_spans, with_lead_ins

MAX_QUOTE_WORDS = 90         # longer 'sentences' are table pages read as one run of words
SIMILARITY_WORDS = 30        # a sentence's first words are enough to compare it with the question
# "... to 'Amber' (http://.../update.pdf).", "... PCSO 7.6%.http://.../bcb-1st-november-2018/": a link after the
# sentence, in brackets or run on after its full stop; not "See http://..." whose link is what it says
TRAILING_LINK = re.compile(r"\s*\(\s*https?://[^\s)]+\s*\)[.;]?$|(?<=[.!?])\s*https?://\S+$")
AGENDA_LINE = re.compile(r"(?<!\d)\d{1,3}\s*-\s*\d{1,3}$")   # "Minutes of the Meeting held on 2nd February 2022 3 - 12"
CONNECTORS = frozenset("of and & for the on to in – -".split())   # the small words of a heading


def is_fragment(text: str) -> bool:
    """A stray heading, a page header or a run-on table or link list rather than a sentence to quote;
    "Lead: Constabulary" and "Contact Officer – Jim Haylett" are labelled cells, not fragments, but a label
    with nothing after it ("Business Co-ordination Board Report:") is one."""
    if "http" in text or AGENDA_LINE.search(text):
        return True
    words = text.split()
    if text.rstrip().endswith(":") and len(words) < 6 and all(w[0].isupper() or w in CONNECTORS for w in words):
        return True   # a heading: "Business Co-ordination Board Report:", not "The four key outcomes are:"
    if (":" in text or LABEL.match(text)) and len(words) < 12:
        return False
    return len(words) < 6 or sum(w.isupper() for w in words) > 0.6 * len(words) or len(words) > MAX_QUOTE_WORDS


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans of a chunk's sentences as they are scored and quoted."""
    spans = with_lead_ins(text, line_sentence_spans(text), MAX_QUOTE_WORDS)
    return [without_trailing_link(text, s, e) for s, e in spans]


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
