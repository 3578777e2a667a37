"""Readers: tables keep their headers, bad files fail with a line naming them."""
from datetime import date

import pytest

from indexer.readers import read_document
from indexer.readers.pdf_tables import with_rows
from panelbot.text.dates import date_from_file_name, find_date
from indexer.split import split_document
from panelbot.errors import PanelbotError

from conftest import CORPUS

TRACKER = CORPUS / "2018-10-police-and-crime-plan-delivery-tracker.tsv"


def test_tsv_rows_carry_their_column_headers():
    document = read_document(TRACKER)
    assert document.kind == "table"
    chunks = split_document(document, lambda text: len(text.split()) * 2)
    row = [c for c in chunks if "V1.1" in c.section]
    assert row, "the V1.1 row is not named in any chunk's section"
    assert "D'vry Lead: Constabulary" in row[0].section
    assert any(c.text.startswith("Theme: Victims") for c in row)
    assert all(c.page_start == c.page_end == 1 for c in chunks)


def test_csv_with_latin1_and_ragged_rows(tmp_path):
    path = tmp_path / "budget.csv"
    path.write_bytes("Line,Amount,Note\nPolice staff,£1.8m\nCaf\xe9 costs,£2k,one,extra\n".encode("latin-1"))
    text = read_document(path).pages[0].text
    assert "Line: Police staff | Amount: £1.8m" in text
    assert "Line: Café costs | Amount: £2k | Note: one | Column 4: extra" in text


@pytest.mark.parametrize("name, data, reason", [
    ("broken.pdf", b"%PDF-1.4\n1 0 obj <<", "not a readable PDF"),
    ("empty.pdf", b"", "the file is empty"),
    ("page.pdf", b"<html><body>Not a PDF</body></html>", "not a readable PDF"),
])
def test_bad_files_name_the_file_and_the_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PanelbotError) as error:
        read_document(path)
    assert str(error.value).startswith(f"{name}: {reason}")


def test_dates_are_found_as_papers_write_them():
    assert find_date("MEETING HELD ON 2 FEBRUARY 2022 AT 1:30PM") == date(2022, 2, 2)
    assert find_date("Confirmation Hearing on 12 th September 2018.") == date(2018, 9, 12)   # superscript read apart
    assert find_date("31 February 2022, then 1st March 2022") == date(2022, 3, 1)
    assert date_from_file_name("2022-03-23-agenda-pack.pdf") == date(2022, 3, 23)
    assert date_from_file_name("2018-10-delivery-tracker.tsv") is None


AVON_PACK = CORPUS.parent / "bench" / "bodies" / "corpus" / "2025-02-04-avon-somerset-pcp-agenda-pack.pdf"


def test_a_pdf_tables_rows_are_read_one_to_a_line_with_their_column_names():
    """pypdf's plain text puts each cell on a line; a ruled table's rows come out whole, a wrapped cell joined."""
    page = read_document(AVON_PACK).pages[5]
    lines = page.text.splitlines()
    assert "Measure: Residents who answered the precept survey | Figure: 3,146" in lines
    assert ("Year: 2021/22 | Band D increase: £15 proposed; £13.39 revised | Commissioner: Sue Mountstevens | "
            "Panel’s response: First proposal vetoed; revised precept agreed in February 2021") in lines
    assert any(line.startswith("10. In 2023/24 the £15 increase") for line in lines)   # the text after it as it was


def test_a_tables_group_labels_and_cells_wrapping_after_a_blank_line_stay_in_their_rows():
    layout = (" Item         Description                Decision\n\n"
              " Public\n\n"
              " PCP          MINUTES                    RESOLVED that the minutes\n"
              " 40/19                                   be agreed.\n\n"
              " PCP          UPDATE                     RESOLVED that:\n"
              " 45/19                                   1. the update be noted.\n\n"
              "                                         2. a report come in July.\n\n\n\n"
              "                                         Page 1\n")
    assert with_rows(layout).splitlines() == [
        "Item: PCP 40/19 | Description: MINUTES | Decision: RESOLVED that the minutes be agreed.",
        "Item: PCP 45/19 | Description: UPDATE | Decision: RESOLVED that: 1. the update be noted. 2. a report come in "
        "July.",
        "Page 1"]


def test_a_bullet_drawn_in_a_symbol_font_reads_as_a_bullet():
    from indexer.readers.pdf import BULLET_GLYPHS
    assert "The Panel RESOLVED to:\n\x7f support it;\n\uf0b7 ask".translate(BULLET_GLYPHS) == (
        "The Panel RESOLVED to:\n• support it;\n• ask")


@pytest.mark.parametrize("layout", [
    "Date:        Monday 3 February 2025\n\nTime:        10.00 am\n\nVenue:       County Hall\n",   # labels, no header
    " •   Preventing Crime;\n\n •   Supporting Victims; and\n",                                  # a list
    "Nick Dean          Proposed Candidate\nDr D Gregson       Chief Executive\nJ Ablewhite        Commissioner\n",
])
def test_what_is_not_a_ruled_table_with_a_header_is_left_as_it_reads(layout):
    assert with_rows(layout) is None


def test_a_page_pypdf_cannot_lay_out_is_read_as_plain_text(monkeypatch):
    from pypdf import PageObject
    plain = PageObject.extract_text

    def layout_fails(self, *args, extraction_mode="plain", **kwargs):
        if extraction_mode == "layout":
            raise KeyError("/Widths")   # as pypdf raises on a font it cannot measure
        return plain(self, *args, **kwargs)
    monkeypatch.setattr(PageObject, "extract_text", layout_fails)
    page = read_document(AVON_PACK).pages[5]
    assert "Residents who answered the precept survey" in page.text and " | " not in page.text
