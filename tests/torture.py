"""A torture corpus written into a temporary folder: broken, protected, scanned, huge and oddly encoded files."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfWriter

from conftest import CORPUS

BCB = "2017-09-21-business-coordination-board-police-and-crime-plan-delivery-plan.pdf"
LONG_PDF = "2022-06-01-long-report.pdf"
LONG_PAGES = 1200
UNICODE_NOTES = "2022-05-01-odd-unicode-briefing.md"
LATIN1_TABLE = "2018-11-latin1-tracker.tsv"

# Zero-width space, right-to-left and left-to-right marks, no-break spaces and ligatures, as pasted from Word.
UNICODE_TEXT = ("# Fleet \ufb01nance brie\ufb01ng\n"
                "The Panel noted\u00a0the \ufb01nance report on\u202ffleet costs and asked for a\u200b "
                "quarterly \u200fupdate\u200e.\n"
                "The Commissioner\u2019s o\ufb03ce will publish the \ufb02eet plan in June.\n")
TABLE_ROWS = ["Action\tLead\tStatus", "F1\tCaf\xe9 refurbishment team", "F2\tEstates\tOn track\t\xa32.4m extra",
              "", "F3\tFleet manager\tDelayed\t\x93urgent\x94\tnote"]

# file name -> how its one error line starts, after "<file>: "
BAD_FILES = {
    "truncated-download.pdf": "not a readable PDF",
    "password-protected.pdf": "the PDF is password-protected",
    "scanned-without-text.pdf": "no text found (a scanned image without a text layer?)",
    "zero-bytes.pdf": "the file is empty",
    "web-page-saved-as.pdf": "not a readable PDF",
    "zero-length-key.pdf": "not a readable PDF (ZeroDivisionError",
    "unknown-security-handler.pdf": "not a readable PDF (NotImplementedError",
    "unknown-compression.pdf": "not a readable PDF (NotImplementedError",
    "unclosed-quote.tsv": "not a readable table",
    "blank-notes.md": "no text found.",
}
GOOD_FILES = [BCB, LONG_PDF, UNICODE_NOTES, LATIN1_TABLE]


def long_page_text(number: int) -> str:
    return f"Ward {number} budget line. The budget line for ward {number} was {number * 7} pounds."


def text_pdf(pages: list[str]) -> bytes:
    """A PDF with one line of Helvetica per page, written by hand: 1,000 pages take milliseconds."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for text in pages:
        stream = f"BT /F1 10 Tf 50 700 Td ({text}) Tj ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def scanned_pdf(path: Path) -> None:
    """A page that is only a picture of text, as a scanner makes it."""
    image = Image.new("L", (600, 800), 255)
    ImageDraw.Draw(image).text((60, 60), "Minutes of the meeting (scanned)", fill=0)
    image.save(path, "PDF")


def encrypted_pdf(source: Path, path: Path) -> None:
    writer = PdfWriter(clone_from=source)
    writer.encrypt(user_password="panel-only", owner_password="clerk")
    with path.open("wb") as f:
        writer.write(f)


def edited(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1, f"{old!r} not found once: has pypdf changed how it writes?"
    return data.replace(old, new)


def write_torture_corpus(folder: Path) -> Path:
    """Every bad file of BAD_FILES beside the good ones of GOOD_FILES; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    source = CORPUS / BCB
    shutil.copy(source, folder / BCB)
    (folder / LONG_PDF).write_bytes(text_pdf([long_page_text(n) for n in range(1, LONG_PAGES + 1)]))
    (folder / UNICODE_NOTES).write_text(UNICODE_TEXT, encoding="utf-8")
    (folder / LATIN1_TABLE).write_bytes("\n".join(TABLE_ROWS).encode("latin-1"))
    data = source.read_bytes()
    (folder / "truncated-download.pdf").write_bytes(data[:len(data) // 2])
    encrypted_pdf(source, folder / "password-protected.pdf")
    scanned_pdf(folder / "scanned-without-text.pdf")
    (folder / "zero-bytes.pdf").write_bytes(b"")
    (folder / "web-page-saved-as.pdf").write_text("<!doctype html><html><body><h1>Agenda</h1></body></html>")
    # Broken in ways pypdf answers with ZeroDivisionError and NotImplementedError, not its own errors.
    protected = (folder / "password-protected.pdf").read_bytes()
    (folder / "zero-length-key.pdf").write_bytes(edited(protected, b"/Length 128\n/P", b"/Length 000\n/P"))
    (folder / "unknown-security-handler.pdf").write_bytes(edited(protected, b"/Standard", b"/DRMv9000"))
    (folder / "unknown-compression.pdf").write_bytes(
        text_pdf(["Squeezed text"]).replace(b"<< /Length", b"<< /Filter /NoSuchDecode /Length"))
    (folder / "unclosed-quote.tsv").write_text('Item\tNote\nA1\t"' + "an endless note " * 10_000)
    (folder / "blank-notes.md").write_text("  \n\n\t\n")
    return folder


def unreadable_entries(folder: Path) -> dict[str, str]:
    """A broken link, and (when not root, whom permissions do not stop) a file no one may read."""
    folder.mkdir(parents=True, exist_ok=True)
    os.symlink(folder / "moved-away.pdf", folder / "broken-link.pdf")
    entries = {"broken-link.pdf": "cannot be read"}
    if os.geteuid() != 0:
        locked = folder / "locked.txt"
        locked.write_text("The Panel met in private.")
        locked.chmod(0)
        entries["locked.txt"] = "cannot be read"
    return entries
