"""Sentence spans in a block of text: the units an answer quotes and a chunk is built from."""
from __future__ import annotations

import re

# A sentence ends at . ! ? (maybe followed by a closing quote or bracket) before a capital, digit, quote or bullet.
SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9£•])")
# Words after which a full stop does not end a sentence.
# Paragraph numbers and bullets before a sentence: "5.12 ", "3) ", "b) ", "• ".
# Not "1.5 million calls ..." (a decimal: a paragraph number is followed by a capital) or "(IRT) or ..."
LEADING_MARKER = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*\.|\d{1,2}(?:\.\d{1,2})+(?=\s+[A-Z(•])|\d{1,2}\)|[a-z]\)"
                            r"|\([a-z\d]{1,4}\)|[•●▪◦*>–-])\s+")
# A labelled line of a report's header or a table: "Contact Officer – Jim Haylett", "Lead: Constabulary".
LABEL = re.compile(r"[A-Z][\w()']*(?: [\w()']+){0,3}\s?[–:]\s")
# A list item's line: "• 886 calls to 101", "– Use of direct ...", "b) ..." ...
BULLET = re.compile(r"\s*(?:[•●▪◦*>–-]|[a-z]\)|\(\w{1,4}\))\s")
# A figure standing alone after a sentence is its value, not a sentence: "Panel attendances since 1 February 2020. 7"
BARE_FIGURE = re.compile(r"£?\d[\d,.]*%?")
SHORT_ITEM_WORDS = 15   # a longer list item is a sentence in its own right
ABBREVIATIONS = {"e.g", "i.e", "dr", "mr", "mrs", "ms", "no", "st", "cllr", "vs", "etc", "approx", "para", "ref"}


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in text[start:end], without surrounding space or a leading
    paragraph number or bullet."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for match in SENTENCE_END.finditer(text, start, end):
        word = text[max(begin, match.start() - 6):match.start()].split()
        if word and word[-1].lower().lstrip("(") in ABBREVIATIONS:
            continue
        if re.fullmatch(r"\s*\d{1,2}(\.\d{1,2})*", text[begin:match.start()]):
            continue   # "3. Minutes of ...": a paragraph number, not a sentence
        stop = match.start() + len(match.group().rstrip())
        spans.append((begin, stop))
        begin = match.end()
    spans.append((begin, end))
    out: list[tuple[int, int]] = []
    for trimmed in filter(None, (_trim(text, s, e) for s, e in spans)):
        if out and BARE_FIGURE.fullmatch(text[trimmed[0]:trimmed[1]]):
            out[-1] = (out[-1][0], trimmed[1])
        else:
            out.append(trimmed)
    return out


def line_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of `text`, line by line: a sentence never runs across a line break (table cells,
    list items and headings each stand alone)."""
    spans, offset = [], 0
    for line in text.split("\n"):
        spans.extend(sentence_spans(text, offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def with_lead_ins(text: str, spans: list[tuple[int, int]], max_words: int) -> list[tuple[int, int]]:
    """The spans, each list item's reaching back to the line that introduces its list ("On a typical day
    there are:"), so that a short item is quoted with what it is about; an item too far down its list to fit
    in `max_words` stays as it is."""
    out, lead, offset = list(spans), None, 0
    for line in text.split("\n"):
        end = offset + len(line)
        inside = [n for n, (s, _) in enumerate(spans) if offset <= s < end]
        if BULLET.match(line) and lead is not None:
            for n in inside if len(line.split()) <= SHORT_ITEM_WORDS else ():
                if len(text[lead:spans[n][1]].split()) <= max_words:
                    out[n] = (lead, spans[n][1])
        elif line.rstrip().endswith(":") and inside:
            lead = spans[inside[-1]][0]
        elif line.strip():
            lead = None
        offset = end + 1
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    marker = LEADING_MARKER.match(text, start, end)
    if marker and marker.end() < end:
        start = marker.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None
