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
