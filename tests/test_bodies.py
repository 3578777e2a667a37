"""Which body a paper belongs to: read from its title block, front sheet or running header; a sidecar overrides."""

import pytest

from indexer.bodies import guess_body, read_body
from indexer.readers import read_document
from panelbot.errors import PanelbotError
from panelbot.models import Document, Page

from conftest import CORPUS, SHARED


def paper(*pages: str) -> Document:
    return Document("paper.pdf", "Paper", tuple(Page(n, text) for n, text in enumerate(pages, 1)), "pdf")


@pytest.mark.parametrize("first_page, body", [
    ("KENT COUNTY COUNCIL\nMINUTES of a meeting of the Kent and Medway Police and Crime Panel held in the\nChamber",
     "Kent and Medway Police and Crime Panel"),
    ("Dyfed-Powys Police and Crime Panel – 26 January 2024\nMinutes\nPage 1", "Dyfed-Powys Police and Crime Panel"),
    ("1\nCAMBRIDGESHIRE POLICE AND CRIME PANEL\nWEDNESDAY 23 MARCH 2022, 1.30 PM",
     "Cambridgeshire Police and Crime Panel"),
    ("Page 1\nDurham County Council\nPolice and Crime Panel\nDate", "Durham Police and Crime Panel"),   # the host's place
    ("To: Business Coordination Board\nFrom: Chief Executive\nDate: 21 September 2017", "Business Coordination Board"),
    (" Hampshire Police and Crime Panel\n (Statutory Joint Committee)\n Confirmation Hearing Report",
     "Hampshire Police and Crime Panel"),
    ("The Panel met and agreed the plan.\nSome other line", ""),
    ("Staffordshire Police, Fire and Crime Panel\nReport on the Precept\nStaffordshire Police, Fire and Crime Panel\n"
     "Report of the Panel\nto the Commissioner", "Staffordshire Police, Fire and Crime Panel"),   # not its title
    ("Police and Crime Panel for Lancashire – 29 January 2025\nBlackburn with Darwen Borough Council\n"
     "POLICE AND CRIME PANEL FOR LANCASHIRE", "Police and Crime Panel for Lancashire"),   # its place, not its host's
])
def test_the_body_is_read_from_the_papers_title_block(first_page, body):
    assert guess_body(paper(first_page)) == body


def test_the_running_header_outweighs_a_body_named_once():
    pages = ["Audit Committee\nA report to the Audit Committee"] + [f"Kent and Medway Police and Crime Panel\nPage {n}"
                                                                     for n in range(2, 5)]
    assert guess_body(paper(*pages)) == "Kent and Medway Police and Crime Panel"


def test_a_body_sidecar_overrides_the_guess(tmp_path):
    path = tmp_path / "paper.pdf"
    document = paper("CAMBRIDGESHIRE POLICE AND CRIME PANEL\nAgenda")
    assert read_body(path, document) == "Cambridgeshire Police and Crime Panel"
    (tmp_path / "paper.pdf.body").write_text("\ufeff# fixed by hand\nPeterborough Police and Crime Panel\n")
    assert read_body(path, document) == "Peterborough Police and Crime Panel"
    (tmp_path / "paper.pdf.body").write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(PanelbotError, match="paper.pdf.body: cannot read the body's name"):
        read_body(path, document)


def test_the_cambridgeshire_papers_name_their_bodies():
    assert guess_body(read_document(CORPUS / "2022-03-23-police-and-crime-panel-agenda-pack.pdf")) == \
        "Cambridgeshire Police and Crime Panel"
    assert guess_body(read_document(CORPUS / "2018-10-police-and-crime-plan-delivery-tracker.tsv")) == ""


BODIES = SHARED / "eval" / "bodies" / "corpus"


@pytest.mark.skipif(not BODIES.exists(), reason="needs ../shared/eval/bodies")
@pytest.mark.parametrize("name, body", [
    ("2024-01-26-dyfed-powys-pcp-minutes.pdf", "Dyfed-Powys Police and Crime Panel"),
    ("2025-02-04-kent-medway-pcp-minutes.pdf", "Kent and Medway Police and Crime Panel"),
    ("2025-02-03-durham-pcp-agenda-pack.pdf", "Durham Police and Crime Panel"),
    ("2022-11-21-hampshire-pcp-confirmation-hearing-report.pdf", "Hampshire Police and Crime Panel"),
])
def test_four_other_bodies_papers_name_their_bodies(name, body):
    assert guess_body(read_document(BODIES / name)) == body
