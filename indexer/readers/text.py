"""Plain text and Markdown reader: the whole file is page 1."""
from __future__ import annotations

from pathlib import Path

from indexer.readers.titles import title_from_file_name
from panelbot.text.dates import date_from_file_name, find_date
from panelbot.models import Document, Page


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, the usual alternative for council spreadsheets."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(path: Path) -> Document:
    text = decode(path.read_bytes())
    meeting_date = date_from_file_name(path.name) or find_date(text[:600])
    return Document(path.name, title_from_file_name(path.name), (Page(1, text),), "text", meeting_date)
