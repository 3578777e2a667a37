"""One reader per file format; each turns a file into a `Document` of pages."""
from __future__ import annotations

from pathlib import Path

from indexer.readers.pdf import read_pdf
from indexer.readers.table import read_table
from indexer.readers.text import read_text
from panelbot.errors import PanelbotError
from panelbot.models import Document

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
    if path.stat().st_size == 0:
        raise PanelbotError(f"{path.name}: the file is empty.")
    document = reader(path)
    if not any(page.text.strip() for page in document.pages):
        raise PanelbotError(f"{path.name}: no text found (a scanned image without a text layer?).")
    return document
