"""Structure-aware splitting: a `Document` becomes chunks along its own parts, items, headings and rows.

An agenda pack holds several parts (the previous meeting's minutes, each agenda item's report, appendices);
each part has numbered items or headings. A chunk never straddles two sections, carries the date of the
meeting its part belongs to, and is windowed by sentences so the embedding model reads every word.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from indexer.headings import LABEL_START, MARKER_START, WRAPPED_END, is_upper_title
from indexer.readers.table import CELL_SEPARATOR
from indexer.sections import Section, find_sections
from panelbot.models import Chunk, Document
from panelbot.text.sentences import sentence_spans

CountTokens = Callable[[str], int]
# "(c) ", "2) ", "• " before a window's first sentence
LIMB_MARKER = re.compile(r"(?:\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)|\b\d{1,2}\)|[•●▪◦]) $")

# A number before a small letter or a bracketed acronym opens a block only after a line that ends a sentence:
# else it is a wrapped line ("... in accordance with Part | 1 of schedule 12A", "... Justice Board | (CCJB) and")
SOFT_BLOCK_START = re.compile(r"^(\d{1,2}(\.\d{1,2})*\.?\s|\([A-Z]{2,4}\)\s)")


def section_text(section: Section) -> tuple[str, list[tuple[int, int]], list[int]]:
    """Join a section's lines: wrapped lines with spaces, new blocks (bullets, numbered points) on new lines.

    Returns the text, the (start, end) of each block, and the offsets where a new page begins."""
    parts, blocks, breaks = [], [], []
    offset, block_start, page = 0, 0, section.lines[0][0]
    for n, (line_page, line) in enumerate(section.lines):
        last = section.lines[n - 1][1] if n else ""
        ends_sentence = last.rstrip()[-1:] in ".:;!?"
        labels = LABEL_START.match(line) and not WRAPPED_END.search(last)
        new_block = n > 0 and (section.line_per_block or MARKER_START.match(line) or labels or is_upper_title(line)
                               or CELL_SEPARATOR in line or CELL_SEPARATOR in last   # a table's row is a block
                               or is_upper_title(last) or (SOFT_BLOCK_START.match(line) and ends_sentence))
        if n > 0:
            separator = "\n" if new_block else " "
            if new_block:
                blocks.append((block_start, offset))
                block_start = offset + 1
            parts.append(separator)
            offset += 1
        if line_page != page:   # one break per page turned: a skipped blank page still counts
            breaks.extend([offset] * (line_page - page))
            page = line_page
        parts.append(line)
        offset += len(line)
    blocks.append((block_start, offset))
    return "".join(parts), blocks, breaks


def split_long(text: str, start: int, end: int, budget: int, count_tokens: CountTokens) -> list[tuple[int, int]]:
    """Cut one over-long sentence at word boundaries into pieces of at most `budget` word pieces."""
    pieces, piece_start, position = [], start, start
    for match in re.finditer(r"\S+", text[start:end]):
        word_end = start + match.end()
        if count_tokens(text[piece_start:word_end]) > budget and position > piece_start:
            pieces.append((piece_start, position))
            piece_start = start + match.start()
        position = word_end
    pieces.append((piece_start, end))
    return pieces


def window(text: str, spans: list[tuple[int, int]], budget: int, count_tokens: CountTokens) -> list[tuple[int, int]]:
    """Group consecutive sentence spans into windows of at most `budget` word pieces."""
    units = []
    for start, end in spans:
        if count_tokens(text[start:end]) > budget:
            units.extend((s, e, count_tokens(text[s:e])) for s, e in split_long(text, start, end, budget, count_tokens))
        else:
            units.append((start, end, count_tokens(text[start:end])))
    windows, current, used = [], None, 0
    for start, end, tokens in units:
        if current and used + tokens <= budget:
            current = (current[0], end)
            used += tokens
        else:
            if current:
                windows.append(current)
            current, used = (start, end), tokens
    if current:
        windows.append(current)
    # a limb's marker between two windows' sentences ("(c)", "•") opens the next window: the register reads limbs by
    # them
    return [(start - len(marker[0]) if n and (marker := LIMB_MARKER.search(text, windows[n - 1][1], start)) else start,
             end) for n, (start, end) in enumerate(windows)]


def chunks_of_section(document: Document, section: Section, count_tokens: CountTokens,
                      max_tokens: int, chunk_tokens: int) -> list[Chunk]:
    text, blocks, breaks = section_text(section)
    first_page = section.lines[0][0]
    title = section.title
    # The title is embedded with every window; keep it from eating the window.
    while count_tokens(title) > max_tokens // 4:
        title = title[: int(len(title) * 0.8)].rstrip() + "…"
    budget = max(16, min(chunk_tokens, max_tokens - count_tokens(title) - 1))
    spans = [span for start, end in blocks for span in sentence_spans(text, start, end)]
    windows = window(text, spans, budget, count_tokens)
    # Word pieces do not always add up across a join (a run of symbols, say): check, and tighten if needed.
    while budget > 16 and any(count_tokens(f"{title}\n{text[s:e]}") > max_tokens for s, e in windows):
        budget -= 8
        windows = window(text, spans, budget, count_tokens)
    chunks = []
    for start, end in windows:
        page_start = first_page + sum(1 for b in breaks if b <= start)
        page_end = first_page + sum(1 for b in breaks if b < end)
        inner = tuple(b - start for b in breaks if start < b < end)
        chunks.append(Chunk(document.file, section.meeting_date, title, page_start, page_end,
                            text[start:end], inner))
    return chunks


def table_sections(document: Document) -> list[Section]:
    """One section per table row, titled by the row's short cells (ids, leads, themes) so every window keeps them."""
    sections = []
    for n, row in enumerate(document.pages[0].text.split("\n"), 1):
        cells = [cell for cell in row.split(CELL_SEPARATOR) if cell]
        short = [cell for cell in cells if len(cell) <= 40]
        title = f"{document.title}, row {n}" + (f" ({'; '.join(short)})" if short else "")
        lines = [(1, cell) for cell in cells]
        sections.append(Section(title, document.meeting_date, lines, line_per_block=True))
    return sections


def split_document(document: Document, count_tokens: CountTokens, max_tokens: int = 254,
                   chunk_tokens: int = 200) -> list[Chunk]:
    """All chunks of a document; `count_tokens` counts the embedding model's word pieces, and no chunk's
    section title plus text exceeds `max_tokens` of them."""
    sections = table_sections(document) if document.kind == "table" else find_sections(document)
    return [chunk for section in sections
            for chunk in chunks_of_section(document, section, count_tokens, max_tokens, chunk_tokens)]
