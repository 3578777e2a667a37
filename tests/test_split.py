"""Structure-aware splitting, on small strings and on the real minutes."""
from datetime import date

import pytest

from indexer.readers import read_document
from panelbot.text.sentences import line_sentence_spans, sentence_spans, with_lead_ins
from indexer.headings import heading_at, heading_of
from indexer.split import Section, section_text, split_document
from panelbot.models import Document, Page

from conftest import CORPUS, SHARED

PACK_2022 = CORPUS / "2022-03-23-police-and-crime-panel-agenda-pack.pdf"


def words(text: str) -> int:
    return len(text.split())


@pytest.mark.parametrize("line, next_line, last, expected", [
    ("46. Precept Report 2022/23", "The Panel received a report", 45, "46. Precept Report 2022/23"),
    ("1. PURPOSE", "1.1 To provide", 0, "1. PURPOSE"),
    ("1. The Panel also made the following", "recommendations", 7, None),        # a list inside item 7
    ("6. Review of Complaints 15 - 16", "7. Approach", 0, None),                  # an agenda list line
    ("7. All agencies coming into contact with offenders", "ensure they", 6, None),  # a wrapped sentence
    ("## Review of Complaints", "", 0, "Review of Complaints"),
])
def test_heading_of(line, next_line, last, expected):
    assert heading_of(line, next_line, last) == expected


def test_sentences_keep_abbreviations_and_split_at_full_stops():
    text = "The Panel AGREED to note the report. Dr. Gregson, i.e. the Chief Executive, spoke. 56% came."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "The Panel AGREED to note the report.", "Dr. Gregson, i.e. the Chief Executive, spoke.", "56% came."]


def test_a_figure_standing_alone_after_a_sentence_is_its_value():
    text = "The Regulations came into effect in 2020. Panel attendances for LQCs since 1 February 2020. 7"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "The Regulations came into effect in 2020.", "Panel attendances for LQCs since 1 February 2020. 7"]


def test_a_short_list_item_is_quoted_with_the_line_introducing_its_list():
    text = ("On a typical day there are:\n• 349 calls to 999\n• 886 calls to 101\n"
            "• the Commissioner explained that the graphs were also used at the Business Coordination Board meeting and linked in with HMI\n"
            "Next paragraph. Its second sentence.\n• 4 robberies")
    spans = with_lead_ins(text, line_sentence_spans(text), max_words=40)
    assert [text[s:e] for s, e in spans] == [
        "On a typical day there are:",
        "On a typical day there are:\n• 349 calls to 999",
        "On a typical day there are:\n• 349 calls to 999\n• 886 calls to 101",
        "the Commissioner explained that the graphs were also used at the Business Coordination Board meeting "
        "and linked in with HMI",
        "Next paragraph.", "Its second sentence.", "4 robberies"]
    assert text[slice(*with_lead_ins(text, line_sentence_spans(text), max_words=10)[2])] == "886 calls to 101"


def test_markdown_headings_open_sections_and_pages_are_tracked():
    document = Document("notes.md", "Notes", (Page(1, "# Budget\nThe budget rose.\n# Staff\nMore staff."),),
                        "text", date(2022, 1, 5))
    chunks = split_document(document, words)
    assert [(c.section, c.text) for c in chunks] == [("Budget", "The budget rose."), ("Staff", "More staff.")]
    assert all(c.meeting_date == date(2022, 1, 5) for c in chunks)


def test_long_section_is_windowed_without_losing_a_word():
    sentences = [f"Sentence number {n} says something about the precept." for n in range(60)]
    document = Document("long.txt", "Long", (Page(1, "# Item\n" + " ".join(sentences)),), "text")
    chunks = split_document(document, words, max_tokens=50, chunk_tokens=40)
    assert len(chunks) > 5
    assert all(words(c.embedding_text()) <= 50 for c in chunks)
    assert " ".join(c.text for c in chunks) == " ".join(sentences)


def test_item_46_of_the_2_february_2022_minutes_is_one_unit_dated_that_meeting(embedder):
    chunks = split_document(read_document(PACK_2022), embedder.count_tokens, embedder.max_tokens)
    item = [c for c in chunks if c.section.endswith("46. Precept Report 2022/23")]
    assert item, "item 46 was not recognised as a section"
    assert {c.meeting_date for c in item} == {date(2022, 2, 2)}
    assert {c.section for c in item} == {"Minutes of the meeting of 2 February 2022 — 46. Precept Report 2022/23"}
    text = " ".join(c.text for c in item)
    assert "to increase the precept by £9.99" in text
    assert "AGREED to NOT exercise its veto power" in text
    assert "Decisions by the Police and Crime Commissioner" not in text    # item 47 is its own section
    veto = next(c for c in item if "veto power" in c.text)
    assert veto.page_at(veto.text.index("veto power")) == 5
    # The pack's own reports belong to the meeting of 23 March 2022, not to the minutes' meeting.
    reports = [c for c in chunks if c.section.startswith("Agenda item 7")]
    assert reports and {c.meeting_date for c in reports} == {date(2022, 3, 23)}


def test_no_chunk_exceeds_the_model_window(embedder):
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".pdf", ".tsv"):
            for chunk in split_document(read_document(path), embedder.count_tokens, embedder.max_tokens):
                assert embedder.count_tokens(chunk.embedding_text()) <= embedder.max_tokens, chunk.section


def test_a_skipped_blank_page_still_turns_the_page():
    pages = (Page(1, "# Item\nFirst page text."), Page(2, "This page is intentionally left blank"),
             Page(3, "Third page text."))
    chunks = split_document(Document("pack.pdf", "Pack", pages, "pdf"), words)
    assert [(c.page_start, c.page_end) for c in chunks] == [(1, 3)]
    chunk = chunks[0]
    assert chunk.page_at(chunk.text.index("Third")) == 3


@pytest.mark.parametrize("name", ["2018-09-12-police-and-crime-panel-agenda-pack.pdf", PACK_2022.name])
def test_every_chunk_starts_on_the_page_it_names(embedder, name):
    """Checked against pypdf's own page text (spacing aside: wrapped lines are joined), across the packs'
    blank pages."""
    document = read_document(CORPUS / name)
    page_text = {p.number: "".join(p.text.split()) for p in document.pages}
    chunks = split_document(document, embedder.count_tokens, embedder.max_tokens)
    def opening(chunk):   # its first words, up to the first page it turns
        return "".join(chunk.text[:min(chunk.page_breaks, default=len(chunk.text))].split()[:6])
    wrong = [(c.page_start, c.text[:40]) for c in chunks if opening(c) not in page_text[c.page_start]]
    assert not wrong


def test_a_part_titled_below_the_running_header_opens_a_section(embedder):
    """The 2018 pack's forward plan (p85) starts under "CAMBRIDGESHIRE POLICE AND CRIME PANEL"."""
    document = read_document(CORPUS / "2018-09-12-police-and-crime-panel-agenda-pack.pdf")
    chunks = split_document(document, embedder.count_tokens, embedder.max_tokens)
    plan = [c for c in chunks if "Fenland Hall" in c.text]
    assert plan and all(c.section.startswith("DRAFT AGENDA FORWARD PLAN 2018-2019") for c in plan)
    assert min(c.page_start for c in plan) == 85


def test_a_report_header_keeps_its_labelled_lines_apart(embedder):
    """"Contact Officer – Jack Hudson, ..." is its own sentence, not the tail of "Agenda Item No. 8 ... Public Report"."""
    chunks = split_document(read_document(PACK_2022), embedder.count_tokens, embedder.max_tokens)
    header = next(c for c in chunks if "Jack Hudson" in c.text)
    sentences = [header.text[s:e] for s, e in line_sentence_spans(header.text)]
    assert "Contact Officer – Jack Hudson, Head of Business Development" in sentences


def test_a_minute_titled_with_years_opens_its_own_section(embedder):
    """"16. Meeting Dates and Agenda Plan 2018-2019" ends in years, not an agenda list's page range."""
    assert heading_of("16. Meeting Dates and Agenda Plan 2018-2019", "The Panel received it.", 15)
    assert heading_of("6. Review of Complaints 15 - 16", "", 5) is None
    chunks = split_document(read_document(CORPUS / "2018-09-12-police-and-crime-panel-agenda-pack.pdf"),
                            embedder.count_tokens, embedder.max_tokens)
    minute = next(c for c in chunks if "An additional meeting (extraordinary)" in c.text)
    assert minute.section == "Minutes of the meeting of 30 July 2018 — 16. Meeting Dates and Agenda Plan 2018-2019"


def test_the_minutes_action_table_is_a_section_that_restates(embedder):
    """The 2018 minutes end in a table (DATE OF MEETING | ITEM | ACTION | UPDATE, its header repeated on each
    page) restating the decisions: it is filed apart, once, without the repeated header."""
    chunks = split_document(read_document(CORPUS / "2018-09-12-police-and-crime-panel-agenda-pack.pdf"),
                            embedder.count_tokens, embedder.max_tokens)
    log = [c for c in chunks if c.restates]
    assert log and {c.section for c in log} == {"Minutes of the meeting of 30 July 2018 — action log"}
    assert any("AGREED to approve the report for publication" in c.text for c in log)
    minute = next(c for c in chunks if c.section.endswith("13. Cambridgeshire Police and Crime Panel Annual Report"))
    assert not minute.restates and "AGREED to approve the report for publication" in minute.text
    assert not any("DATE OF" in c.text and "ACTION" in c.text and "UPDATE" in c.text for c in chunks)


def test_a_wrapped_line_opening_with_a_number_or_an_acronym_stays_in_its_sentence():
    lines = ["The Panel would go into private session in accordance with Part", "1 of schedule 12A of the Act.",
             "Complaints go to the Complaints Review Team", "(CRT) for them to resolve.", "1 FEBRUARY 2023 1:30pm",
             "2.1 The Panel is recommended to note the report.", "1.5 million calls were answered.",
             "Purpose:", "To make the following recommendations, as proposed by the", "Budget Scrutiny Sub Group:"]
    text, _, _ = section_text(Section("Agenda plan", None, [(1, line) for line in lines]))
    # a label alone on its line opens a block with the line it labels, unless the line before stops on a word no
    # phrase ends with
    assert text.split("\n") == [" ".join(lines[:4]), lines[4], lines[5], lines[6], " ".join(lines[7:])]
    sentences = [text[s:e] for s, e in line_sentence_spans(text)]
    recommended = sentences.index("The Panel is recommended to note the report.")
    assert sentences[recommended + 1] == "1.5 million calls were answered."



@pytest.mark.parametrize("line, following, last, expected", [
    ("PCP/24/041 Apologies for Absence", ["Apologies were received."], (24, 40), "PCP/24/041 Apologies for Absence"),
    ("23/45 Budget Monitoring", ["The Panel considered it."], (23, 44), "23/45 Budget Monitoring"),
    ("23/44 Budget Monitoring", ["The Panel considered it."], (23, 45), None),            # counts down: a list
    ("5. 2024-2025 POLICE PRECEPT", ["The Panel considered the report."], 4, "5. 2024-2025 POLICE PRECEPT"),
    ("3. TO SIGN AS A CORRECT RECORD THE MINUTES OF THE", ["MEETING HELD ON 27 OCTOBER 2023", "Resolved – That"], 2,
     "3. TO SIGN AS A CORRECT RECORD THE MINUTES OF THE MEETING HELD ON 27 OCTOBER 2023"),
    ("12. Declarations of Interests by Members in Items on the Agenda", ["for this Meeting", "(1) None."], 11,
     "12. Declarations of Interests by Members in Items on the Agenda for this Meeting"),
    ("1. That the Commissioner proceed with the appointment", ["of Mr Smith."], 0, None),   # a resolution's limb
    ("2. Substitute Members", ["3. Declarations of Interest"], 1, None),                    # an agenda's list
    ("1 Summary and recommendations", ["1.1 On 21 November 2022 the Panel met."], 0, "1 Summary and recommendations"),
    ("2 The Government announced the settlement for 2025/26 on", ["17 December 2024."], 1, None),
])
def test_minute_headings_of_other_house_styles(line, following, last, expected):
    assert heading_at(line, following, last)[0] == expected


def test_a_minute_about_other_minutes_opens_no_set_of_minutes():
    page = ("Minutes of the meeting of the Test Panel held on 5 March 2024\n46. Audit\n"
            "Minutes of the meeting of the Audit Committee held on 3 May 2023 were received.\nThe Panel noted them.")
    chunks = split_document(Document("minutes.pdf", "Minutes", (Page(1, page),), "pdf"), words)
    assert {c.section for c in chunks if "noted them" in c.text} == {"Minutes of the meeting of 5 March 2024 — 46. Audit"}


@pytest.mark.parametrize("opening, meeting", [
    ("MINUTES OF A MEETING OF THE\nCAMBRIDGESHIRE POLICE AND CRIME PANEL\nON 2 FEBRUARY 2022", date(2022, 2, 2)),
    ("Minutes of the meeting of the Dyfed-Powys Police and Crime Panel held in the\nChamber on Friday, 26 January\n"
     "2024.", date(2024, 1, 26)),
    ("DURHAM COUNTY COUNCIL\nAt a Meeting of the Police and Crime Panel held in Committee Room 2, County Hall,\n"
     "Durham on Monday 9 December 2024 at 1.00 pm", date(2024, 12, 9)),
    ("Appendix B Extract from the minutes of the meeting of 21\nNovember 2022", date(2022, 11, 21)),
])
def test_minutes_inside_a_pack_are_dated_by_their_own_meeting(opening, meeting):
    pages = (Page(1, "AGENDA PACK\n4. Minutes of the meeting held on 9 May 2024 (Pages 3 - 4)"),
             Page(2, f"{opening}\n46. Precept\nThe Panel considered the precept."))
    chunks = split_document(Document("pack.pdf", "Pack", pages, "pdf", date(2025, 2, 3)), words)
    minute = next(c for c in chunks if "considered the precept" in c.text)
    assert minute.section == f"Minutes of the meeting of {meeting.day} {meeting:%B %Y} — 46. Precept"
    assert minute.meeting_date == meeting
    assert all(c.meeting_date == date(2025, 2, 3) for c in chunks if "AGENDA" in c.section)


def test_running_headers_and_footers_are_left_out_of_the_text():
    pages = tuple(Page(n, f"Police and Crime Panel – 3 February 2025\nDurham County Council\nPage {n}\n"
                          f"Paragraph {n} says something.\nPage {n} of 4") for n in range(1, 5))
    chunks = split_document(Document("pack.pdf", "Pack", pages, "pdf"), words)
    text = " ".join(c.text for c in chunks)
    assert text == "Paragraph 1 says something. Paragraph 2 says something. Paragraph 3 says something. " \
                   "Paragraph 4 says something."
    # a minute's number heading each page ("4/24" over its title) is no running header
    numbered = tuple(Page(n, f"Panel – 26 January 2024\nPage {n} of 4\n{n}/24\nItem {n} Title\nThe Panel met.")
                     for n in range(1, 5))
    sections = [c.section for c in split_document(Document("minutes.pdf", "Minutes", numbered, "pdf"), words)]
    assert sections == [f"{n}/24 Item {n} Title" for n in range(1, 5)]
    # on two pages a repeated line may as well be a title: kept
    two = split_document(Document("short.pdf", "Short", pages[:2], "pdf"), words)
    assert "Durham County Council" in two[0].text


@pytest.mark.skipif(not (SHARED / "eval" / "bodies" / "corpus").exists(), reason="needs ../shared/eval/bodies")
def test_each_numbered_minute_of_another_body_is_a_section_of_its_own(embedder):
    path = SHARED / "eval" / "bodies" / "corpus" / "2025-02-03-durham-pcp-agenda-pack.pdf"
    chunks = split_document(read_document(path), embedder.count_tokens, embedder.max_tokens)
    minutes = sorted({c.section for c in chunks if c.section.startswith("Minutes of the meeting of 9 December 2024 — ")})
    assert [s.split(" — ")[1] for s in minutes] == [
        "PCP/24/041 Apologies for Absence", "PCP/24/042 Substitute Members", "PCP/24/043 Minutes",
        "PCP/24/044 Declarations of Interest", "PCP/24/045 Precept Consultation 2025/26",
        "PCP/24/046 Complaints Update", "PCP/24/047 Work Programme 2024/25"]
    assert not any("Durham County Council Page" in c.text or "3 February 2025 Durham" in c.text for c in chunks)
    report = [c for c in chunks if c.section.startswith("Police and Crime Commissioner’s Proposed Precept 2025/26")]
    assert report and {c.meeting_date for c in report} == {date(2025, 2, 3)}


def test_an_agenda_items_title_block_is_its_sections_title_not_text_to_quote():
    page = ("CAMBRIDGESHIRE POLICE AND CRIME PANEL\nAgenda Item No. 6\n14th September 2022\nPublic Report\n"
            "Report of the Police and Crime Commissioner\nCRIMINAL JUSTICE\nThe report sets out the work.")
    chunks = split_document(Document("item-6.pdf", "Item 6", (Page(1, page),), "pdf"), words)
    assert [(c.section, c.meeting_date) for c in chunks] == [("Agenda item 6: CRIMINAL JUSTICE", date(2022, 9, 14))]
    assert chunks[0].text.startswith("Report of the Police and Crime Commissioner")
    assert "Agenda Item" not in chunks[0].text and "Public Report" not in chunks[0].text


def test_an_item_line_over_a_report_opens_its_section_and_its_labels_stand_apart():
    """Minutes ending on one page and "Item 6" heading the report on the next: the report is not the tail of the
    last minute, and "Purpose:" over its text is a block of its own, not run on from the author."""
    minutes = Page(1, "35.24/25 Work Programme\nDECISION:\nThe Panel agreed its work programme. The meeting closed at "
                      "12.40 pm.\nCHAIR")
    report = Page(2, "Item 6\nProposed Police Precept 2025/26\nReport of:\nClare Moody, Police and Crime "
                     "Commissioner\nPurpose:\nTo set out the proposed precept so that the Panel can\nreview it.")
    chunks = split_document(Document("pack.pdf", "Pack", (minutes, report), "pdf"), words)
    item = [c for c in chunks if c.section.startswith("Agenda item 6")]
    assert item and all("Clare Moody" not in c.text for c in chunks if c not in item)
    lines = item[0].text.split("\n")
    assert "Report of: Clare Moody, Police and Crime Commissioner" in lines
    assert "Purpose: To set out the proposed precept so that the Panel can review it." in lines
