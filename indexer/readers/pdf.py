"""PDF reader: one `Page` per PDF page, through pypdf."""
from __future__ import annotations

import logging
from pathlib import Path

from pypdf import PdfReader

from indexer.readers.pdf_tables import might_hold_table, with_rows
from indexer.readers.titles import title_from_file_name
from panelbot.text.dates import date_from_file_name, find_date
from panelbot.errors import PanelbotError
from panelbot.models import Document, Page

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd font; the summary is enough


# Bullets as fonts draw them: pypdf reads a Symbol or Wingdings bullet as a private-use character ("\uf0b7"), and
# some embedded fonts' bullet as DEL ("\x7f"); a list's items are told by their bullet (decisions, sentences).
BULLET_GLYPHS = str.maketrans({glyph: "•" for glyph in "\x7f\uf0b7\uf0a7\uf0a8\uf076\uf0d8\uf0fc\uf06e"})


def plain_text(page) -> str:
    """The page's words in pypdf's plain reading order, its bullets as bullets."""
    return (page.extract_text() or "").translate(BULLET_GLYPHS)


def page_text(page) -> str:
    """The page's text; a page holding a table has its rows each on a line (pdf_tables)."""
    text = plain_text(page)
    if not might_hold_table(text):
        return text
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception as e:   # a page pypdf reads plainly but cannot lay out is still read
        log.debug("no layout text for a page (%s: %s); its tables are read cell by cell", type(e).__name__, e)
        return text
    return with_rows(layout.translate(BULLET_GLYPHS)) or text


def printed_pages(path: Path) -> list[str]:
    """Each page's words in pypdf's plain reading order, tables cell by cell: what a quote copied from the page
    matches (`panelbot eval`), as pdftotext reads it."""
    return [page.text for page in read_pdf(path, tables=False).pages]


def read_pdf(path: Path, tables: bool = True) -> Document:
    """The PDF's pages, each ruled table row by row (page_text) unless `tables` is False."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                reader.decrypt("")
                reader.pages[0].extract_text()
            except Exception:
                raise PanelbotError(f"{path.name}: the PDF is password-protected; save an unprotected copy.")
        read = page_text if tables else plain_text
        pages = tuple(Page(number, read(page)) for number, page in enumerate(reader.pages, 1))
    except PanelbotError:
        raise
    except Exception as e:   # pypdf raises almost any type on a broken file (ZeroDivisionError, AttributeError...)
        raise PanelbotError(f"{path.name}: not a readable PDF ({type(e).__name__}: {e}); "
                            "download it again or replace it.")
    first_page = pages[0].text[:600] if pages else ""
    meeting_date = date_from_file_name(path.name) or find_date(first_page)
    return Document(path.name, title_from_file_name(path.name), pages, "pdf", meeting_date)
