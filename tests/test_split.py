"""Structure-aware splitting, on small strings and on the real minutes."""
from datetime import date

import pytest

from indexer.readers import read_document
from panelbot.text.sentences import line_sentence_spans, sentence_spans, with_lead_ins
from indexer.split import Section, heading_of, section_text, split_document
from panelbot.models import Document, Page

from conftest import CORPUS

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
             "2.1 The Panel is recommended to note the report.", "1.5 million calls were answered."]
    text, _, _ = section_text(Section("Agenda plan", None, [(1, line) for line in lines]))
    assert text.split("\n") == [" ".join(lines[:4]), lines[4], lines[5], lines[6]]
    assert [text[s:e] for s, e in line_sentence_spans(text)][-2:] == [
        "The Panel is recommended to note the report.", "1.5 million calls were answered."]

