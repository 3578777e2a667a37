"""TSV/CSV reader: a table is page 1; each row becomes a line `Header: value | Header: value`."""
from __future__ import annotations

import csv
import io
from pathlib import Path

from indexer.readers.titles import title_from_file_name
from panelbot.text.dates import date_from_file_name
from indexer.readers.text import decode
from panelbot.errors import PanelbotError
from panelbot.models import Document, Page

ROW_SEPARATOR = "\n"
CELL_SEPARATOR = " | "   # between the cells of a row, as PDF tables' rows are written too (pdf_tables)


def row_text(columns: list[str], row: list[str]) -> str:
    """A row with its headers, so "V1.1 lead" finds the row whose lead column says so."""
    cells = []
    for i, value in enumerate(row):
        value = " ".join(value.split())
        if value:
            header = columns[i] if i < len(columns) and columns[i] else f"Column {i + 1}"
            cells.append(f"{header}: {value}")
    return CELL_SEPARATOR.join(cells)


def row_cells(text: str) -> dict[str, str]:
    """A row as row_text (and the PDF tables' reader) writes it, by column name: "Item: 46 | Decision: That …"."""
    out = {}
    for cell in text.split(CELL_SEPARATOR):
        name, colon, value = cell.partition(": ")
        if colon and value.strip():
            out[" ".join(name.lower().split())] = value.strip()
    return out


def read_table(path: Path) -> Document:
    text = decode(path.read_bytes())
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as e:   # an unclosed quote swallows the rest of the file into one field
        raise PanelbotError(f"{path.name}: not a readable table ({e}); check its quotes and delimiters.")
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    columns = [" ".join(c.split()) for c in rows[0]] if rows else []
    lines = [row_text(columns, row) for row in rows[1:]]
    page = Page(1, ROW_SEPARATOR.join(line for line in lines if line))
    return Document(path.name, title_from_file_name(path.name), (page,), "table",
                    date_from_file_name(path.name), tuple(columns))
