"""One reader per file format; each turns a file into a `Document` of pages."""
from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from indexer.readers.pdf import read_pdf
from indexer.readers.table import read_table
from indexer.readers.text import read_text
from indexer.readers.unicode import normalise_text
from panelbot.errors import PanelbotError
from panelbot.models import Document, Page

log = logging.getLogger(__name__)

READERS = {
    ".pdf": read_pdf,
    ".txt": read_text,
    ".md": read_text,
    ".tsv": read_table,
    ".csv": read_table,
}


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read_document(path: Path) -> Document:
    """Read any supported file; a file that cannot be read raises PanelbotError naming it and why."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise PanelbotError(f"{path.name}: unsupported file type {path.suffix!r}; use PDF, TXT, MD, TSV or CSV.")
    try:
        if path.stat().st_size == 0:
            raise PanelbotError(f"{path.name}: the file is empty.")
        document = reader(path)
    except PanelbotError:
        raise
    except OSError as e:
        raise PanelbotError(f"{path.name}: cannot be read ({e.strerror or e}); check it exists and its permissions.")
    except Exception as e:
        # One odd file must not stop the run: it fails alone, named, and --verbose shows where.
        log.info("reading %s failed", path.name, exc_info=True)
        raise PanelbotError(f"{path.name}: could not be read ({type(e).__name__}: {e}); replace the file.")
    pages = tuple(Page(page.number, normalise_text(page.text)) for page in document.pages)
    if not any(page.text.strip() for page in pages):
        hint = " (a scanned image without a text layer?)" if document.kind == "pdf" else ""
        raise PanelbotError(f"{path.name}: no text found{hint}.")
    return replace(document, pages=pages, columns=tuple(normalise_text(c) for c in document.columns))
