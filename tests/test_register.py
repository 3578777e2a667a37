"""The meetings and decisions register, and questions that name meetings and periods."""
from datetime import date

import pytest
from click.testing import CliRunner

from indexer.register import extract_spellings
from panelbot.cli import cli
from panelbot.models import Chunk
from panelbot.answer.question import parse_question
from panelbot.answer.retrieve import fits_period
from panelbot.index.store import open_serving

from conftest import CORPUS, SHARED


@pytest.fixture
def store(config):
    return open_serving(config.data_dir)


def test_meetings_register_knows_chairs_and_apologies(store):
    meetings = {(m.meeting_date, m.body): m for m in store.meetings()}
    february = meetings[(date(2022, 2, 2), "2 February 2022")]
    assert february.chair == "Edward Leigh" and "Councillors Tierney, Ali, Hogg, and Lynn" == february.apologies
    assert february.document == "2022-03-23-police-and-crime-panel-agenda-pack.pdf" and february.page == 2
    july = meetings[(date(2018, 7, 30), "30 July 2018")]
    assert "Connor, Oliver and Shellens" in july.apologies and "Abax Stadium" in july.venue


def test_each_meeting_leads_to_the_chunk_opening_its_minutes(store):
    chunks = store.chunks(store.meeting_chunks())
    opening = [chunks[i] for i in store.meeting_chunks()]
    assert [c.meeting_date for c in opening] == sorted((c.meeting_date for c in opening), reverse=True)
    assert len(opening) == len(store.meetings())
    assert all("Members Present:" in c.text and " — " not in c.section for c in opening)


def test_precept_decision_is_registered_with_its_page(store):
    precept = store.decisions("precept")
    assert precept[0].meeting_date == date(2022, 2, 2) and precept[0].page == 5
    assert precept[0].item == "46. Precept Report 2022/23" and precept[0].outcome == "unanimously"
    assert "NOT exercise its veto" in precept[0].text
    assert len([d for d in precept if "veto" in d.text]) == 1, "the action table repeats the decision"
    assert all(d.meeting_date <= date(2018, 12, 31) for d in store.decisions(until=date(2018, 12, 31)))
    assert store.decisions("e-scooters") == []


def test_each_item_the_minutes_list_as_agreed_is_a_decision(store):
    agreed = [d for d in store.decisions("annual meeting end of June") if "end of June" in d.text]
    assert len(agreed) == 1, "once, though the action log repeats the list"
    assert agreed[0].text == "The Annual Meeting should be scheduled for the end of June each year."
    assert agreed[0].item == "16. Meeting Dates and Agenda Plan 2018-2019" and agreed[0].page == 6
    assert not [d for d in store.decisions() if d.text == "Community Engagement"], "a list that was not agreed"


def test_decision_records_lead_to_the_chunks_that_hold_them(store):
    chunk_ids = store.decision_chunks("did the panel veto the precept", 5)
    first = store.chunks(chunk_ids[:1])[chunk_ids[0]]
    assert first.section.startswith("Minutes of the meeting of 2 February 2022") and "NOT exercise its veto" in first.text
    assert store.decision_chunks("zebra crossings on the moon", 5) == []


def test_decisions_command_lists_newest_first_with_pages(config, monkeypatch):
    monkeypatch.setenv("PANELBOT_DATA_DIR", str(config.data_dir))
    result = CliRunner().invoke(cli, ["decisions", "precept"])
    assert result.exit_code == 0
    assert result.stdout.startswith("2 February 2022 — 46. Precept Report 2022/23")
    assert "2022-03-23-police-and-crime-panel-agenda-pack.pdf, page 5" in result.stdout
    since = CliRunner().invoke(cli, ["decisions", "--since", "2022-01-01", "--json"])
    assert since.stdout.count("\n") >= 3 and "2018-" not in since.stdout


@pytest.mark.parametrize("question, text, meeting, fits", [
    ("what was agreed in February 2022?", "The Panel agreed.", date(2022, 2, 2), True),
    ("what was agreed in February 2022?", "The Panel agreed.", date(2022, 3, 23), False),
    ("what was agreed in Feb 2022?", "At its February 2022 meeting the Panel agreed.", None, True),
    ("the precept for 2023/24?", "The precept for 2022/23.", date(2022, 2, 2), False),
    ("the precept for 2022/23?", "The precept for 2022-23.", None, True),
    ("who chaired the meeting in September?", "Chair: E Leigh", date(2018, 9, 12), True),
    ("who chaired the meeting in September?", "Chair: E Leigh", date(2018, 7, 30), False),
    ("officers in 2024?", "officers in 2021", date(2021, 1, 1), False),
])
def test_questions_naming_a_period_fit_only_passages_of_it(question, text, meeting, fits):
    assert fits_period(parse_question(question), text, meeting) is fits


def test_a_meeting_the_papers_do_not_cover_is_not_found(engine):
    answer = engine.ask("who chaired the panel meeting in November 2020?")
    assert not answer.found and answer.citations == ()


def test_acronyms_the_papers_mostly_spell_out_are_registered_with_their_spellings():
    texts = ["Matthew Warren Acting Chief Finance Officer, Office of the Police and Crime Commissioner (OPCC)",
             "The Chief Finance Officer (CFO) presented the budget. The OPCC and the OPCC's staff.",
             "The Office of the Police and Crime Commissioner wrote. The OPCC replied.",
             "The Sexual Assault Referral Centre (SARC) opened.", "The Chief Constable spoke. The Chief Constable left.",
             "Appointment of Chief Constable. Appointment of Chief Constable.", "The Chief Executive (CE) and HR."]
    spellings = extract_spellings([Chunk("pack.pdf", None, "5. Budget", n, n, t) for n, t in enumerate(texts, 1)])
    assert spellings["CFO"] == ("Chief Finance Officer",)
    assert "OPCC" not in spellings   # spelled out twice, but written as an acronym four times
    assert "SARC" not in spellings   # spelled out only once: as likely a chance run of capitals
    assert "ACC" not in spellings    # never written: "Appointment of Chief Constable" is no acronym
    assert "TCC" not in spellings    # "The Chief Constable" opens a sentence
    assert not any(len(acronym) < 3 for acronym in spellings)   # two letters spell out too many ways


def test_a_question_using_an_acronym_finds_the_passage_spelling_it_out(engine, store):
    assert parse_question("is the acting CFO still in post? and how many PCSOs?").acronyms == ("CFO", "PCSO")
    assert parse_question("WHO CHAIRED THE PANEL IN JULY 2018?").acronyms == ()   # typed in capitals
    assert store.spellings(("CFO", "OPCC")) == ["Chief Finance Officer"]
    question = parse_question("who was the acting CFO at the July 2018 meeting?")
    seeking = question.also_seeking(store.spellings(question.acronyms))
    assert {"chief", "financ", "offic"} <= set(seeking.related) and "Chief Finance Officer" in seeking.wording
    answer = engine.ask(question.text)
    assert "Matthew Warren Acting Chief Finance Officer" in answer.text
    assert answer.confident   # without the spelling, only tentative


# Decisions in the common UK house styles: each string is a minute as pypdf gives it, under a set of minutes' title.
MINUTES_OF = "Minutes of the meeting of the Test Police and Crime Panel held on 5 March 2024.\n46. Budget Report\n"


def register_of(text: str, title: str = MINUTES_OF) -> list:
    from indexer.register import extract_decisions
    from indexer.split import split_document
    from panelbot.models import Document, Page
    document = Document("paper.pdf", "Paper", (Page(1, title + text),), "pdf", date(2024, 3, 20))
    return extract_decisions(split_document(document, lambda t: len(t.split())), {"paper.pdf": "Test Panel"})


@pytest.mark.parametrize("minute, decisions", [
    ("The Panel received the report.\nRESOLVED: That the report be noted.", ["That the report be noted."]),
    ("The Panel received the report.\nRESOLVED - That the budget be approved.", ["That the budget be approved."]),
    ("Resolved – (1) That the report be noted; (2) That a further report come in June.",
     ["That the report be noted;", "That a further report come in June."]),
    ("UNANIMOUSLY RESOLVED –\n(1) That the precept be supported;\n(2) That the report be issued by 8 February.",
     ["That the precept be supported;", "That the report be issued by 8 February."]),
    ("Resolved:\n That the work programme be agreed.", ["That the work programme be agreed."]),
    ("AGREED that the budget be approved.", ["AGREED that the budget be approved."]),
    ("Members discussed the plan.\nThe Panel agreed to note the update.", ["The Panel agreed to note the update."]),
    ("DECISION\nThe Panel agreed to support the precept of £270.15.", ["The Panel agreed to support the precept of £270.15."]),
    ("DECISION\n(a) The Panel noted the plan.\n(b) The Panel unanimously agreed the precept.",
     ["The Panel noted the plan.", "The Panel unanimously agreed the precept."]),
    ("The Panel AGREED to the following recommendation:\n• That a forward plan become a standing item.",
     ["The Panel AGREED to the following recommendation:\n• That a forward plan become a standing item."]),
    ("The minutes of the meeting held on 9 May 2024 were confirmed as a correct record.",
     ["The minutes of the meeting held on 9 May 2024 were confirmed as a correct record."]),
    ("The Panel noted that the survey had closed.\nIt was noted that the next meeting was in June.", []),
    ("RESOLVED that –\n(a) the report be noted; and\n(b) the figures be circulated.",
     ["the report be noted;", "the figures be circulated."]),
    ("RESOLVED that (a) the report be noted; and (b) the figures be circulated.",
     ["the report be noted;", "the figures be circulated."]),
    ("AGREED:\n(a) That the report be noted.\n(b) That the points go in the report.",
     ["That the report be noted.", "That the points go in the report."]),
    ("The Panel supported the proposed precept unanimously.", ["The Panel supported the proposed precept unanimously."]),
    ("The Panel voted to support the precept by 14 votes to 2.", ["The Panel voted to support the precept by 14 votes to 2."]),
    # ModernGov prints the recommendations a limb adopts after the resolution: each is a decision
    ("RESOLVED –\n(1) That the precept be supported;\n(2) That the Panel adopts the following recommendations;\n"
     "(3) That the report be issued by 8 February. The recommendations adopted under resolution (2) are as follows:\n"
     "(a) That the Commissioner press for funding.\n(b) That a report come in June.",
     ["That the precept be supported;", "That the Panel adopts the following recommendations;",
      "That the report be issued by 8 February.", "That the Commissioner press for funding.",
      "That a report come in June."]),
    ("DECISION:\n1. That the Panel vetoes the proposed precept.\n2. That the report be issued by 8 February.",
     ["That the Panel vetoes the proposed precept.", "That the report be issued by 8 February."]),

    # the lead-in of a list is not a decision; each item is, and what runs on after the last is read as any line
    ("The Panel RESOLVED to:\n• support the precept;\n• ask for a report in July.",
     ["support the precept;", "ask for a report in July."]),
    ("Members discussed the plan.\nMembers agreed to receive a report in June.\nMembers noted the update.",
     ["Members agreed to receive a report in June."]),
    ("Members noted the report and agreed that the next update include charge rates.",
     ["Members noted the report and agreed that the next update include charge rates."]),
    ("RESOLVED: 2023/003\n1) That the precept be supported.\n2) That the report be sent by 8 February.",
     ["That the precept be supported.", "That the report be sent by 8 February."]),   # the resolution's number
    ("Decision\nThe Panel DECIDED: 511.1 to support the precept; 511.2 to ask for a report in July.",
     ["to support the precept;", "to ask for a report in July."]),
    ("Decision\nNone.\nOutcome: No decision", []),
    ("The Panel RESOLVED to:\n•\nsupport the precept;\n•\nask for a report in July.",
     ["support the precept;", "ask for a report in July."]),                     # bullets alone on their lines
    ("The Panel agreed to:\n1. note the plan;\n2. receive a breakdown at a future meeting.",
     ["note the plan;", "receive a breakdown at a future meeting."]),
    ("It was AGREED:\n(a) that the precept be supported;\n(b) that the Secretary write by 8 February. Recommended to "
     "the Commissioner that proposals show the weekly effect.",
     ["that the precept be supported;", "that the Secretary write by 8 February.",
      "Recommended to the Commissioner that proposals show the weekly effect."]),
    # a mover and seconder before the label, the limbs under it; a resolution without one
    ("It was moved by Councillor A, seconded by Councillor B, and RESOLVED –\n(1) That the precept be supported;\n"
     "(2) That the Chair write by 8 February.",
     ["That the precept be supported;", "That the Chair write by 8 February."]),
    ("Members discussed the report.\nThat the report be noted.\nThat was the last item.",
     ["That the report be noted."]),
    # the words of a table's Decision column as a label; "To …" decisions under one, each its own
    ("Resolution: That the report be noted.\nOutcome: No decision", ["That the report be noted."]),
    ("Decision\nTo support the precept.\nTo ask for a report in July.",
     ["To support the precept.", "To ask for a report in July."]),
    # a request the Panel made, numbered as the decisions beside it
    ("1. The Panel agreed to support the precept.\n2. The Panel asked the Commissioner to report in June on the grant.",
     ["The Panel agreed to support the precept.", "The Panel asked the Commissioner to report in June on the grant."]),
])
def test_decisions_in_each_house_style_are_registered_whole(minute, decisions):
    found = register_of(minute)
    assert [d.text for d in found] == decisions
    assert all(d.meeting_date == date(2024, 3, 5) and d.item == "46. Budget Report" for d in found)
    assert all(d.body == "Test Panel" and d.page == 1 for d in found)


def test_a_paper_calling_itself_minutes_is_read_as_minutes_however_they_open():
    from indexer.register import extract_decisions
    from indexer.split import split_document
    from panelbot.models import Document, Page
    text = ("Panel meeting, 5 March 2024\n4. Budget Report\nMembers discussed the budget.\n"
            "RESOLVED: That the precept be supported.\n")
    for name, decided in (("2024-03-05-test-pcp-minutes.pdf", ["That the precept be supported."]),
                          ("2024-03-05-test-pcp-budget-report.pdf", [])):   # a report is not its minutes
        document = Document(name, "Paper", (Page(1, text),), "pdf", date(2024, 3, 5))
        found = extract_decisions(split_document(document, lambda t: len(t.split())))
        assert [d.text for d in found] == decided


def test_the_outcome_of_a_unanimous_resolution_is_each_limbs():
    found = register_of("UNANIMOUSLY RESOLVED –\n(1) That the precept be supported;\n(2) That the report be issued.")
    assert [d.outcome for d in found] == ["unanimously", "unanimously"]


@pytest.mark.parametrize("heading", ["46. Budget Report", "23/45 Budget Report", "1/22 Budget Report",
                                     "PCP/21/014 Budget Report", "PCP/24/041\nBudget Report", "46.\nBUDGET REPORT"])
def test_a_decision_is_filed_under_its_minute_numbered_in_any_style(heading):
    title = "Minutes of the meeting of the Test Panel held on 5 March 2024.\n"
    found = register_of(f"{heading}\nThe Panel considered a report.\nRESOLVED: That the report be noted.", title)
    assert [(d.item, d.text) for d in found] == [(heading.replace("\n", " "), "That the report be noted.")]


@pytest.mark.parametrize("paper", [
    # a report to a meeting not yet held: its recommendations are proposals
    "Agenda Item 5\nBUDGET REPORT\nRecommendation\nMembers are recommended to:\n(a) note the report;\n(b) support it.",
    "5. Budget Report\nThe Panel is recommended to approve the budget.\nRESOLVED: That is how a report reads.",
])
def test_a_report_to_a_future_meeting_records_no_decision(paper):
    assert register_of(paper, title="") == []


def test_minutes_labels_under_items_make_a_paper_minutes():
    found = register_of("45. Budget\nMinutes:\nThe Panel considered the budget.\nRESOLVED: That the budget be noted.",
                        title="")
    assert [(d.item, d.text, d.meeting_date) for d in found] == [
        ("45. Budget", "That the budget be noted.", date(2024, 3, 20))]


def test_a_decision_restated_in_a_summary_table_or_the_bodys_report_is_listed_once():
    minutes = ("RESOLVED: That Mr Smith be appointed Chief Constable from 1 April 2025.\n"
               "Annex: Summary of decisions\nItem\nDecision\n46. Budget Report\n"
               "The Panel AGREED that Mr Smith be appointed Chief Constable.")
    assert [d.text for d in register_of(minutes)] == ["That Mr Smith be appointed Chief Constable from 1 April 2025."]
    report = ("1 Summary\n1.1 The Panel held a hearing.\nThe Panel recommends:\n1. That the Commissioner appoint Mr Smith as"
              " Chief Constable.\n2. That the Commissioner attend the Panel in June.\nMinutes of the meeting of the Test"
              " Panel held on 5 March 2024\n46. Hearing\nRESOLVED: That the Panel recommends that Mr Smith be appointed "
              "Chief Constable.")
    assert [d.text for d in register_of(report, title="")] == [
        "That the Panel recommends that Mr Smith be appointed Chief Constable.",
        "That the Commissioner attend the Panel in June."]


def test_a_table_of_decisions_gives_those_the_minutes_do_not_record_in_words():
    minutes = ("The Panel considered the budget.\nRESOLVED: That the budget be approved.\n47. Work Programme\n"
               "The Panel reviewed its programme.\n"
               "Item: 46. Budget Report | Decision: Budget approved as proposed | Action by: Clerk\n"
               "Item: 47. Work Programme | Decision: That a report on roads policing come in June. | Action by: Clerk")
    assert [(d.item, d.text) for d in register_of(minutes)] == [
        ("46. Budget Report", "That the budget be approved."),
        ("47. Work Programme", "That a report on roads policing come in June.")]
    by_title = minutes.replace("Item: 46. Budget Report", "Item: Budget Report 2024/25")
    assert [d.text for d in register_of(by_title)] == [
        "That the budget be approved.", "That a report on roads policing come in June."]


def test_a_bodys_own_report_gives_the_decisions_its_sentences_record_and_its_recommendations():
    letter = ("Report of the Test Police and Crime Panel on the proposed precept\nDear Commissioner,\n"
              "12. The Panel resolved not to support the proposed precept of £337.57. The vote was tied.\n"
              "13. The Panel did not veto the proposed precept. A veto needs two-thirds of the members.\n"
              "14. The Panel makes the following recommendations: R1 That the Commissioner report in September. "
              "R2 Members would welcome a report on charges. Next steps\n"
              "Question put: That the Panel supports the precept | For: 4 | Against: 4")
    assert [d.text for d in register_of(letter, title="")] == [
        "The Panel resolved not to support the proposed precept of £337.57.",
        "The Panel did not veto the proposed precept.",
        "That the Commissioner report in September.", "Members would welcome a report on charges."]
    # another's report tells of the Panel's decisions, which are the minutes' to record; its list stays the Panel's
    others = letter.replace("Report of the Test Police and Crime Panel", "Report of the Commissioner")
    assert [d.text for d in register_of(others, title="")] == [
        "That the Commissioner report in September.", "Members would welcome a report on charges."]


def test_a_decision_tables_limbs_are_each_a_decision_and_its_rows_are_the_record():
    """Minutes whose decisions stand in a table above the discussion ("Item | Description | Decision"): each numbered
    limb of a cell is a decision, under its row's item, though the discussion below records none in words."""
    minutes = ("Item: PCP 46/19 | Description: PRECEPT | Decision: RESOLVED that: 1. the proposal be endorsed. 2. the "
               "report state that the Panel supports it.\nItem: PCP 47/19 | Description: QUESTIONS\n"
               "Item: PCP 48/19 | Description: FORWARD PLAN | Decision: RESOLVED that the plan be noted.\n"
               "PCP 46/19 Proposed Precept\nThe Commissioner presented his proposal of £10.00 a year.")
    assert [(d.item, d.text) for d in register_of(minutes)] == [
        ("PCP 46/19", "the proposal be endorsed."), ("PCP 46/19", "the report state that the Panel supports it."),
        ("PCP 48/19", "the plan be noted.")]


def test_a_paper_saying_who_was_present_under_its_title_is_minutes():
    """No "Minutes of …" line: the body and date, then who was present, open the minutes."""
    found = register_of("Devon and Cornwall Police and Crime Panel\nFriday 31 January 2025\nPRESENT:\nCouncillor "
                        "Haydon, in the Chair.\n9. Minutes\nThe Panel agreed the minutes of the meeting held on 22 "
                        "November 2024 as a true and accurate record.", title="")
    assert [(d.item, d.meeting_date) for d in found] == [("9. Minutes", date(2024, 3, 20))]
    # a report's later pages that say who was present at a workshop open no minutes
    from indexer.sections import find_sections
    from panelbot.models import Document, Page
    report = Document("report.pdf", "Report", (Page(1, "Budget Report\nThe budget is set out below."),
                                               Page(2, "The workshop was held in May."),
                                               Page(3, "Present: Councillor Haydon, Councillor Worth.")), "pdf", None)
    assert [s.title for s in find_sections(report)] == ["Report"]


def test_an_item_line_over_its_title_heads_an_item_of_the_minutes_titled_minutes_alone():
    paper = ("NORTHUMBRIA POLICE AND CRIME PANEL\nMINUTES\nTuesday, 6 February 2024\nItem 3\nMinutes of the meeting "
             "held on 28 November 2023\nRESOLVED – that the minutes be approved.\nItem 4\nWork Programme\n"
             "RESOLVED – that the programme be agreed.")
    assert [(d.item, d.meeting_date) for d in register_of(paper, title="")] == [
        ("Item 3 Minutes of the meeting held on 28 November 2023", date(2024, 3, 20)),
        ("Item 4 Work Programme", date(2024, 3, 20))]


def test_a_record_of_decisions_is_the_record_of_its_meeting():
    """ModernGov's "Record of Decisions": each item's "Decision(s):", limb by limb; its reasons are no decision."""
    record = ("Record of Decisions\nTest Police and Crime Panel\nDate:\nThursday, 23rd January, 2025 at 10.00 am\n"
              "5. Proposed Police Precept 2025/26\nDecision(s):\n(1) That the Panel supports the proposal.\n"
              "(2) That the Chair send the report by 7 February 2025.\nReasons for decision:\nThe Panel is required "
              "to review the proposed precept.")
    assert [(d.item, d.text, d.meeting_date) for d in register_of(record, title="")] == [
        ("5. Proposed Police Precept 2025/26", "That the Panel supports the proposal.", date(2025, 1, 23)),
        ("5. Proposed Police Precept 2025/26", "That the Chair send the report by 7 February 2025.", date(2025, 1, 23))]


def test_items_numbered_without_a_stop_and_a_summary_of_resolutions():
    """"3 Minutes of the previous meeting" heads an item of a set of minutes; a closing "Summary of resolutions"
    table restates what the items record, so each decision is listed once, at its item."""
    minutes = ("3 Minutes of the previous meeting\nMembers agreed that the minutes were a correct record.\n"
               "4 Work Programme\nMembers agreed to add a session on estates.\nSummary of resolutions\n"
               "Minute: 3 | Subject: Minutes | Resolution: Minutes approved.\n"
               "Minute: 4 | Subject: Work programme | Resolution: Estates session added.")
    title = "Minutes of the meeting of the Test Panel held on 5 March 2024.\n"
    assert [(d.item, d.text) for d in register_of(minutes, title)] == [
        ("3 Minutes of the previous meeting", "Members agreed that the minutes were a correct record."),
        ("4 Work Programme", "Members agreed to add a session on estates.")]
    # outside a set of minutes a bare number opens no item: "11 Cockshot Hill", "3 February 2025"
    from indexer.sections import find_sections
    from panelbot.models import Document, Page
    letter = Document("letter.pdf", "Letter", (Page(1, "Woodhatch Place\n11 Cockshot Hill\nReigate"),), "pdf", None)
    assert [s.title for s in find_sections(letter)] == ["Letter"]


def test_a_capitalised_minutes_title_wrapped_over_its_date_opens_minutes():
    opening = ("GWENT POLICE AND CRIME PANEL\nMINUTES OF THE MEETING HELD AT PENALLTA HOUSE, TREDOMEN, YSTRAD\n"
               "MYNACH ON FRIDAY, 23 JANUARY 2026 AT 10.00 A.M.\nPRESENT:\n")
    found = register_of("PCP/25/033\nMINUTES – 5 DECEMBER 2025\nThe minutes were considered.\nDECISION:\n"
                        "That the minutes be approved.", title=opening)
    assert [(d.item, d.meeting_date) for d in found] == [("PCP/25/033 MINUTES – 5 DECEMBER 2025", date(2026, 1, 23))]


BODIES = SHARED / "eval" / "bodies"


@pytest.mark.skipif(not (BODIES / "decisions.jsonl").exists(), reason="needs ../shared/eval/bodies")
def test_the_four_bodies_papers_give_their_gold_decisions(embedder):
    """Four house styles (CMIS, Kent, Durham, a Hampshire report with an extract of minutes): every decision of
    the gold register, on its page, whole, and nothing else."""
    import json

    from bench.register_score import score
    from indexer.readers import read_document
    from indexer.register import extract_decisions
    from indexer.split import split_document
    gold = [json.loads(line) for line in (BODIES / "decisions.jsonl").read_text().splitlines() if line.strip()]
    chunks = [c for path in sorted((BODIES / "corpus").glob("*.pdf"))
              for c in split_document(read_document(path), embedder.count_tokens, embedder.max_tokens)]
    result = score(gold, [d.as_json() for d in extract_decisions(chunks)])
    assert not result["missed"] and not result["extra"]
    assert_each_decision_is_in_a_chunk_of_its_page(extract_decisions(chunks), chunks)
    durham = [d for d in extract_decisions(chunks) if d.document.startswith("2025-02-03-durham")]
    assert {d.meeting_date for d in durham} == {date(2024, 12, 9)}, "the minutes' meeting, not the pack's"


def assert_each_decision_is_in_a_chunk_of_its_page(decisions, chunks):
    """The store leads from a decision to the chunk holding its very text (Store.decision_chunks)."""
    lost = [d.text for d in decisions if not any(c.document == d.document and c.page_start <= d.page <= c.page_end
                                                 and d.text in c.text for c in chunks)]
    assert not lost


@pytest.mark.parametrize("name", ["2018-09-12-police-and-crime-panel-agenda-pack.pdf",
                                  "2022-03-23-police-and-crime-panel-agenda-pack.pdf"])
def test_a_decision_carrying_its_list_is_found_in_its_chunk(embedder, name):
    from indexer.readers import read_document
    from indexer.register import extract_decisions
    from indexer.split import split_document
    chunks = split_document(read_document(CORPUS / name), embedder.count_tokens, embedder.max_tokens)
    decisions = extract_decisions(chunks)
    assert_each_decision_is_in_a_chunk_of_its_page(decisions, chunks)
    carried = [d.text for d in decisions if d.text.split("\n")[0].endswith(":")]
    assert carried and all("\n" in text for text in carried), "the list a decision introduces comes with it"


@pytest.mark.parametrize("opening, chair, venue", [
    ("MINUTES of a meeting of the Kent and Medway Police and Crime Panel held in the Council Chamber, Sessions House, "
     "Maidstone on Tuesday, 4 March 2025 at 10.00 am.\nPRESENT: Mr G Sandher (Chair), Cllr M Blakemore.\n"
     "ALSO PRESENT: Mr M Scott.", "Mr G Sandher", "Council Chamber, Sessions House, Maidstone"),
    ("Minutes of the meeting of the Dyfed-Powys Police and Crime Panel held in the Council Chamber, County Hall, "
     "at 10.30 am on Friday, 4 March 2025.\nPRESENT: Professor I. Roffe (Chair)", "Professor I. Roffe",
     "Council Chamber, County Hall"),
    ("DURHAM COUNTY COUNCIL\nAt a Meeting of the Police and Crime Panel held in Committee Room 2, County Hall, Durham on"
     " Tuesday 4 March 2025 at 1.00 pm\nPresent:\nCouncillor M Thirlwell (Chair)\nMembers of the Panel: D Boyes",
     "Councillor M Thirlwell", "Committee Room 2, County Hall, Durham"),
    ("MINUTES OF THE MEETING HELD AT PENALLTA HOUSE, YSTRAD MYNACH ON FRIDAY, 4 MARCH 2025 AT 10.00 A.M.\nPRESENT:\n"
     "Councillor C. Mann (Caerphilly County Borough Council) – in the Chair\nCouncillors: A Jones",
     "Councillor C. Mann", "Penallta House, Ystrad Mynach"),
])
def test_the_meeting_of_minutes_in_other_house_styles_knows_its_chair_and_venue(opening, chair, venue):
    from indexer.register import extract_meetings
    from indexer.split import split_document
    from panelbot.models import Document, Page
    document = Document("minutes.pdf", "Minutes", (Page(1, f"{opening}\n46. Budget\nThe Panel noted it."),), "pdf")
    meetings = extract_meetings(split_document(document, lambda t: len(t.split())))
    assert [(m.meeting_date, m.chair, m.venue) for m in meetings] == [(date(2025, 3, 4), chair, venue)]


@pytest.mark.parametrize("gold, entry, same", [
    ("That the report be noted.", "That the report be noted.", True),
    ("That the report be noted.", "Resolved – That the report be noted", True),          # a label, the end's stop
    ("The Panel AGREED to the following recommendation: That a forward plan become a standing item.",
     "The Panel AGREED to the following recommendation:", False),                         # cut short
    ("That the report be noted;", "(1) That the report be noted; (2) That the plan be approved; (3) That the Chair "
     "write to the Commissioner.", False),                                                # limbs run together
    ("That the Panel’s report be sent.", "That the Panel's report be sent.", True),        # quotes typed either way
])
def test_the_register_score_matches_whole_decisions_only(gold, entry, same):
    from bench.register_score import same_decision
    assert same_decision(gold, entry) is same


def test_the_register_score_counts_per_file_and_each_entry_once():
    from bench.register_score import score
    gold = [{"file": "a.pdf", "page": 2, "text": "That the report be noted."},
            {"file": "a.pdf", "page": 3, "text": "That the report be noted."}]
    register = [{"file": "a.pdf", "page": 2, "text": "That the report be noted."},
                {"file": "a.pdf", "page": 2, "text": "That the report be noted."},
                {"file": "other.pdf", "page": 1, "text": "Anything."}]
    rows = score(gold, register)["rows"]
    assert (rows["a.pdf"]["recall"], rows["a.pdf"]["precision"]) == (0.5, 0.5)   # page 3 missed; one entry twice
    assert rows["ALL"]["entries"] == 2, "entries of files without gold are not scored"


@pytest.mark.parametrize("opening", [
    "Sussex Police and Crime Panel\n26 January 2024 – At a meeting of the Sussex Police and Crime Panel held at 10.30 am\n",
    "Sussex Police and Crime Panel\nMINUTES of the meeting held on Friday, 26 January 2024\n",
])
def test_dated_openings_in_the_moderngov_style_make_a_paper_minutes(opening):
    found = register_of("Present: Cllr R Ashdown (Chairman)\n2/24\nMinutes of the Previous Meeting\nRESOLVED: That "
                        "the minutes of 6 October 2023 be approved.", title=opening)
    assert [(d.text, d.meeting_date, d.item) for d in found] == [
        ("That the minutes of 6 October 2023 be approved.", date(2024, 1, 26), "2/24 Minutes of the Previous Meeting")]


def test_a_dated_minutes_line_in_an_agenda_opens_no_minutes():
    found = register_of("4. Minutes of the meeting held on 10 December 2024 (Pages 3 - 4)\n5. Chair's Business\n"
                        "The Panel AGREED to note the business.", title="Agenda\n")
    assert all(d.meeting_date != date(2024, 12, 10) for d in found)
