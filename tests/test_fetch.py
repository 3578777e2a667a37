"""`panelbot fetch` against a fake ModernGov site (tests/moderngov_site.py), and the pure readers of its pages."""
from __future__ import annotations

import json
import os
import re
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.fetch import paper_file_name, safe_name
from indexer.sources.moderngov import (AGENDA, MINUTES, PACK, REPORT, MalformedPage, PublishedDocument,
                                       papers_to_fetch, parse_day, parse_meeting_page, parse_meetings)
from moderngov_site import COMMITTEE, COMMITTEE_ID, FakeModernGov, Meeting, Paper, meeting_paper, pdf_pages
from panelbot.cli import cli
from panelbot.fetched import FetchRecord

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PACK_2022 = CORPUS / "2022-03-23-police-and-crime-panel-agenda-pack.pdf"
ITEM_6 = CORPUS / "2022-09-14-police-and-crime-panel-item-6-criminal-justice-and-community-safety.pdf"
MARCH, SEPTEMBER, NOVEMBER = date(2022, 3, 23), date(2022, 9, 14), date(2022, 11, 30)
PACK_NAME = "2022-03-23-cambridgeshire-police-and-crime-panel-public-reports-pack.pdf"
ITEM_NAME = "2022-09-14-cambridgeshire-police-and-crime-panel-6-criminal-justice-and-community-safety.pdf"


# -- the pages, read as pure text -------------------------------------------------------------------------------

def test_the_meetings_list_gives_each_meeting_its_id_day_and_cancellation():
    html = ('<div id="modgov"><ul class="mgNonBulletTableList" >'
            '<li><a class="mgMeetingTableLnk" href="ieListDocuments.aspx?CId=543&amp;MId=5124&amp;Ver=4">'
            '14 Sep 2022&nbsp;1.30 pm</a></li>'
            '<li><a class="mgMeetingTableLnk" href="ieListDocuments.aspx?Cid=543&amp;Mid=5100">22 Jun 2022&nbsp;1.30 pm'
            '</a> - CANCELLED</li><li><a href="mgCalendarMonthView.aspx?M=9&amp;Y=2022">Calendar</a></li></ul></div>')
    first, second = parse_meetings(html, "https://site.example.gov.uk/ecminutes/ieListMeetings.aspx?CId=543&Year=0")
    assert (first.id, first.committee_id, first.day, first.cancelled) == (5124, 543, SEPTEMBER, False)
    assert first.url == "https://site.example.gov.uk/ecminutes/ieListDocuments.aspx?CId=543&MId=5124&Ver=4"
    assert (second.id, second.cancelled) == (5100, True)


def test_a_year_without_meetings_is_empty_but_a_page_that_is_not_moderngov_is_malformed():
    assert parse_meetings('<div id="modgov"><ul class="mgNonBulletTableList" ></ul></div>', "https://x/") == []
    with pytest.raises(MalformedPage):
        parse_meetings("<html><body>Access denied</body></html>", "https://x/")


@pytest.mark.parametrize("text, day", [
    ("26 May 2026\xa06.00 pm", date(2026, 5, 26)), ("9 Sep 2026 1.00 pm", date(2026, 9, 9)),
    ("Wednesday 25th September, 2024 1.30 pm", date(2024, 9, 25)), ("31 Feb 2026", None), ("Calendar", None)])
def test_dates_are_read_as_moderngov_writes_them(text, day):
    assert parse_day(text) == day


def test_the_meeting_page_gives_the_committee_and_each_paper_once_with_its_kind():
    html = ('<div id="modgov"><h2 class="mgSubTitleTxt" >Annual General Meeting, Cambridgeshire Police and Crime '
            'Panel - Wednesday 14th September, 2022 1.30 pm</h2><table class="mgItemTable" >'
            '<tr><td><a class="mgAiTitleLnk" href="documents/s31128/10. Performance Monitoring.pdf">'
            '10. Performance Monitoring <img alt="pdf icon" /> PDF 82 KB</a></td></tr>'
            '<tr><td><a class="mgAiTitleLnk" href="documents/s31128/10. Performance Monitoring.pdf">again</a>'
            '</td></tr></table><ul><li><a href="documents/g5124/Public reports pack 14th-Sep-2022 13.30 '
            'Cambridgeshire Police and Crime Panel.pdf?T=10">Public reports pack PDF 1 MB</a></li>'
            '<li><a href="documents/g5124/Printed minutes Wednesday 14-Sep-2022 13.30 Cambridgeshire Police and Crime'
            ' Panel.pdf?T=1">Printed minutes</a></li><li><a href="documents/g5124/Agenda frontsheet.pdf">Agenda</a>'
            '</li><li><a href="mgConvert2PDF.aspx?ID=60860">Minutes</a></li></ul></div>')
    page = parse_meeting_page(html, "https://site.example.gov.uk/ieListDocuments.aspx?CId=543&MId=5124")
    assert page.committee == COMMITTEE and not page.cancelled
    kinds = [(d.kind, d.title, d.key) for d in page.documents]
    assert kinds == [(REPORT, "10. Performance Monitoring", "s31128"), (PACK, "Public reports pack", "g5124-t10"),
                     (MINUTES, "Printed minutes", "g5124-t1"), (AGENDA, "Agenda frontsheet", "g5124-tx"),
                     (REPORT, "Minutes", "a60860")]
    assert page.documents[0].url == ("https://site.example.gov.uk/documents/s31128/10.%20Performance%20Monitoring.pdf")
    assert [d.kind for d in papers_to_fetch(page.documents)] == [PACK, MINUTES]   # the pack holds the rest


@pytest.mark.parametrize("heading, committee", [
    ("Cambridgeshire Police and Crime Panel - Wednesday 25th September, 2024 1.30 pm - CANCELLED", COMMITTEE),
    ("Annual General Meeting, Cambridgeshire Police and Crime Panel - Wednesday 31st July, 2024 1.30 pm", COMMITTEE),
    ("Health - Scrutiny Committee - Monday 1st July, 2024 7.00 pm", "Health - Scrutiny Committee"),
    ("Agenda", "")])
def test_the_committee_is_read_from_the_meeting_heading(heading, committee):
    html = f'<div id="modgov"><h2 class="mgSubTitleTxt" >{heading}</h2></div>'
    assert parse_meeting_page(html, "https://x/").committee == committee


def test_a_meeting_without_a_pack_gets_every_paper():
    papers = tuple(PublishedDocument(f"https://x/{k}", k, k, "", k) for k in (AGENDA, REPORT, REPORT + "2"))
    assert papers_to_fetch(papers) == list(papers)


def test_file_names_tell_papers_apart_and_site_names_cannot_leave_the_folder():
    assert paper_file_name(SEPTEMBER, COMMITTEE, "10. Performance Monitoring / Q1") == (
        "2022-09-14-cambridgeshire-police-and-crime-panel-10-performance-monitoring-q1.pdf")
    assert paper_file_name(SEPTEMBER, COMMITTEE, "../..") == "2022-09-14-cambridgeshire-police-and-crime-panel-paper.pdf"
    assert safe_name("10. Performance Monitoring.pdf")
    assert not any(map(safe_name, ("../../escape.pdf", "..\\escape.pdf", "/etc/passwd", ".hidden.pdf", "")))


# -- a fetch run against the fake site ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdfs():
    return {"pack": pdf_pages(PACK_2022, 1, 6), "front": pdf_pages(PACK_2022, 1, 1), "item": pdf_pages(ITEM_6, 1, 3),
            "old": pdf_pages(CORPUS / "2018-09-12-police-and-crime-panel-agenda-pack.pdf", 2, 4)}


def good_meetings(pdfs) -> list[Meeting]:
    return [
        Meeting(4864, MARCH, [meeting_paper(4864, "Agenda frontsheet", 0, MARCH, pdfs["front"]),
                              meeting_paper(4864, "Public reports pack", 10, MARCH, pdfs["pack"]),
                              Paper("documents/s30001/Minutes 2 February 2022.pdf", "Minutes", pdfs["pack"],
                                    item="3.")]),
        Meeting(5124, SEPTEMBER, [Paper("documents/s31128/6. Criminal Justice and Community Safety.pdf",
                                        "6. Criminal Justice and Community Safety", pdfs["item"], item="6.")]),
        Meeting(5100, date(2022, 6, 22), cancelled=True)]


def run_fetch(site: FakeModernGov, folder: Path, *args: str, timeout: str = "10", max_mb: str = "1"):
    env = {"PANELBOT_MODERNGOV_URL": site.url, "PANELBOT_COMMITTEE_ID": str(COMMITTEE_ID),
           "PANELBOT_CORPUS_DIR": str(folder / "corpus"), "PANELBOT_DATA_DIR": str(folder / "data"),
           "PANELBOT_FETCH_PAUSE": "0", "PANELBOT_FETCH_TIMEOUT": timeout, "PANELBOT_MAX_PDF_MB": max_mb}
    return CliRunner().invoke(cli, ["fetch", "--since", "2022-01-01", *args], env=env)


@pytest.fixture
def site(pdfs):
    fake = FakeModernGov(good_meetings(pdfs))
    yield fake
    fake.close()


def test_fetch_downloads_the_public_papers_named_by_date_committee_and_title(site, tmp_path):
    result = run_fetch(site, tmp_path, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert sorted(p["file"] for p in summary["fetched"]) == [PACK_NAME, ITEM_NAME]
    assert summary["failed"] == [] and summary["meetings_listed"] == 3 and summary["meetings_read"] == 2
    assert not site.paths("MId=5100")   # listed as cancelled: no papers to look for
    assert sorted(os.listdir(tmp_path / "corpus")) == [PACK_NAME, ITEM_NAME]
    assert (tmp_path / "corpus" / PACK_NAME).read_bytes() == site.meetings[0].papers[1].body
    record = FetchRecord(tmp_path / "data").by_file()
    assert record[PACK_NAME].url == (f"{site.url}/documents/g4864/Public%20reports%20pack%2023rd-Mar-2022%2013.30%20"
                                     f"Cambridgeshire%20Police%20and%20Crime%20Panel.pdf?T=10")
    assert (record[ITEM_NAME].meeting_id, record[ITEM_NAME].meeting_date) == (5124, SEPTEMBER)
    assert all(agent.startswith("panelbot/") for _, _, agent in site.requests)
    assert not site.paths("g4864/Agenda") and not site.paths("s30001")   # in the pack already


def test_a_second_run_fetches_only_a_newly_added_meeting(site, tmp_path, pdfs):
    assert run_fetch(site, tmp_path).exit_code == 0
    site.meetings.append(Meeting(5300, NOVEMBER, [meeting_paper(5300, "Public reports pack", 10, NOVEMBER,
                                                                pdfs["old"])]))
    site.requests.clear()
    result = run_fetch(site, tmp_path, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [p["file"] for p in summary["fetched"]] == [
        "2022-11-30-cambridgeshire-police-and-crime-panel-public-reports-pack.pdf"]
    assert [path for path in site.paths("/documents/")] == [site.paths("g5300")[-1]]   # one download: the new paper
    # the meetings read before are settled (read over REVISIT_DAYS after the day), the cancelled one too
    assert summary["meetings_read"] == 1 and not site.paths("MId=5100") and not site.paths("MId=4864")


def test_a_paper_deleted_from_the_corpus_stays_out_when_its_meeting_is_read_again(site, tmp_path):
    assert run_fetch(site, tmp_path).exit_code == 0
    (tmp_path / "corpus" / PACK_NAME).unlink()
    with sqlite3.connect(tmp_path / "data" / "fetched.sqlite") as connection:
        connection.execute("update meetings set read_at = '2022-03-24T09:00:00'")
    summary = json.loads(run_fetch(site, tmp_path, "--json").stdout)
    assert summary["fetched"] == [] and summary["already_fetched"] == 2 and summary["meetings_read"] == 2


def test_requests_are_paced_one_at_a_time(site, tmp_path):
    env = {"PANELBOT_MODERNGOV_URL": site.url, "PANELBOT_COMMITTEE_ID": str(COMMITTEE_ID),
           "PANELBOT_CORPUS_DIR": str(tmp_path / "corpus"), "PANELBOT_DATA_DIR": str(tmp_path / "data"),
           "PANELBOT_FETCH_PAUSE": "0.3"}
    result = CliRunner().invoke(cli, ["fetch", "--since", "2022-09-01"], env=env)
    assert result.exit_code == 0, result.output
    times = [t for t, _, _ in site.requests]
    assert len(times) >= 5 and min(b - a for a, b in zip(times, times[1:])) >= 0.29


def bad_meetings(pdfs) -> list[Meeting]:
    """One good paper, and every kind of bad answer the issue names, each in a meeting or paper of its own."""
    bad_day = date(2022, 7, 20)
    return [
        Meeting(5124, SEPTEMBER, [
            Paper("documents/s31128/6. Criminal Justice and Community Safety.pdf",
                  "6. Criminal Justice and Community Safety", pdfs["item"], item="6."),
            Paper("documents/s31129/7. Missing Report.pdf", "7. Missing Report", None, item="7."),
            Paper("documents/s31130/8. Broken Server.pdf", "8. Broken Server", b"oops", status=500, item="8."),
            Paper("documents/s31131/9. Slow Report.pdf", "9. Slow Report", pdfs["item"], delay=3, item="9."),
            Paper("documents/s31132/10. Error Page.pdf", "10. Error Page",
                  b"<!DOCTYPE html><html><body>Runtime Error</body></html>", item="10."),
            Paper("documents/s31133/11. Huge Report.pdf", "11. Huge Report", chunked_size=3 * 1024 * 1024,
                  item="11."),
            Paper("documents/s31134/..%2F..%2Fescape.pdf", "12. Escape", pdfs["item"], item="12."),
            Paper("documents/s31135/13. Sneaky.pdf", "13. Sneaky", pdfs["item"], item="13.",
                  headers={"Content-Disposition": 'attachment; filename="../../sneaky.pdf"'}),
        ]),
        Meeting(4864, MARCH, page_status=500),
        Meeting(5000, bad_day, page_html="<html><body><h1>Access denied</h1></body></html>"),
    ]


def test_each_bad_answer_is_one_error_line_and_loses_nothing_else(pdfs, tmp_path):
    site = FakeModernGov(bad_meetings(pdfs))
    try:
        result = run_fetch(site, tmp_path, timeout="1")
    finally:
        site.close()
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    september = "Error: meeting of 14 September 2022 (MId 5124)"
    expected = [
        "Error: meeting of 23 March 2022 (MId 4864), documents page: the site answered 500 Internal Server Error",
        "Error: meeting of 20 July 2022 (MId 5000), documents page: not a ModernGov meeting page",
        f"{september}, 7. Missing Report: the site answered 404 Not Found",
        f"{september}, 8. Broken Server: the site answered 500 Internal Server Error",
        f"{september}, 9. Slow Report: no answer within 1 seconds",
        f"{september}, 10. Error Page: an HTML page, not a PDF (the site's error page?)",
        f"{september}, 11. Huge Report: over the 1 MB limit (PANELBOT_MAX_PDF_MB)",
        f"{september}, 12. Escape: the site names the file '../../escape.pdf', outside the corpus folder",
        f"{september}, 13. Sneaky: the site names the file '../../sneaky.pdf', outside the corpus folder",
    ]
    assert len(errors) == len(expected)
    for start in expected:
        assert any(line.startswith(start) for line in errors), (start, errors)
    assert os.listdir(tmp_path / "corpus") == [ITEM_NAME]   # the good paper; nothing partial, nothing outside
    assert not (tmp_path / "escape.pdf").exists() and not (tmp_path / "sneaky.pdf").exists()


def test_serve_fetches_on_a_schedule_when_fetch_every_is_set(site, tmp_path):
    from dataclasses import replace

    from panelbot.cli.sources import keep_current
    from panelbot.config import load_config

    (tmp_path / "corpus").mkdir()
    config = replace(load_config({}), corpus_dir=tmp_path / "corpus", data_dir=tmp_path / "data",
                     moderngov_url=site.url, committee_id=COMMITTEE_ID, pause_seconds=0, fetch_every=1 / 3600)
    background = keep_current(config, embedder=object())   # no re-index here: the folder is watched, not indexed
    try:
        deadline = time.monotonic() + 10
        while len(site.paths("ieListMeetings")) < 2 * 3 + 1 and time.monotonic() < deadline:   # two runs at least
            time.sleep(0.1)
    finally:
        background.stop()
    assert PACK_NAME in os.listdir(tmp_path / "corpus") and len(site.paths("g4864/Public")) == 1


@pytest.mark.parametrize("variable, value, said", [
    ("PANELBOT_ANNOUNCE_CHANNEL", "#news", "setting PANELBOT_ANNOUNCE_CHANNEL: #news is not a Slack id"),
    ("PANELBOT_COMMITTEE_ID", "CId=543", "setting PANELBOT_COMMITTEE_ID = 'CId=543' is not a valid int"),
    ("PANELBOT_FETCH_PAUSE", "nan", "setting PANELBOT_FETCH_PAUSE = 'nan' must be from 0.0 to 600.0"),
])
def test_bad_source_settings_fail_at_start_naming_the_variable(variable, value, said):
    from panelbot.config import load_config
    from panelbot.errors import PanelbotError

    with pytest.raises(PanelbotError, match="^" + re.escape(said)):
        load_config({variable: value})


def test_fetch_without_a_site_says_what_to_set(tmp_path):
    result = CliRunner().invoke(cli, ["fetch"], env={"PANELBOT_MODERNGOV_URL": "democracy.example.gov.uk",
                                                     "PANELBOT_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: moderngov_url 'democracy.example.gov.uk' is not a web address; give it as")
