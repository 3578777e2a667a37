"""`serve` keeps itself current: a fetched or dropped paper is re-indexed while the old index answers, announced once
in a channel, and cited with a link to the council's own PDF."""
from __future__ import annotations

import shutil
import threading
import time
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner

from bot.app import build_app, http_server
from indexer.build import build_index
from moderngov_site import COMMITTEE_ID, FakeModernGov, Meeting, meeting_paper, pdf_pages
from panelbot.index.builds import serving_build
from panelbot.cli import cli
from panelbot.cli.sources import announce_new, keep_current
from panelbot.config import load_config
from panelbot.engine import Engine
from slack_api import BOT_TOKEN, SIGNING_SECRET
from test_fetch import CORPUS, MARCH, PACK_2022, PACK_NAME
from test_slack import Bot, links, mention

NEWS = "CNEWS"
PRECEPT = "what did the panel agree on the precept in February 2022?"


def wait_until(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while not (found := condition()):
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.2)
    return found


@pytest.fixture
def site():
    fake = FakeModernGov([Meeting(4864, MARCH, [meeting_paper(4864, "Public reports pack", 10, MARCH,
                                                              pdf_pages(PACK_2022, 1, 6))])])
    yield fake
    fake.close()


def test_a_fetched_paper_is_answerable_within_a_minute_announced_once_and_cited_at_its_public_url(
        site, tmp_path, embedder, slack_api):
    corpus, data = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    (corpus / "2021-05-01-notes.txt").write_text("The panel's secretariat moved to a new office in May 2021.\n")
    config = replace(load_config({}), corpus_dir=corpus, data_dir=data, announce_channel=NEWS,
                     slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET, slack_api_url=slack_api.url,
                     docs_url="https://papers.example.gov.uk")
    build_index(corpus, data, embedder, config.chunk_tokens)
    engine = Engine(data, embedder, config.answer)
    assert announce_new(config) == []   # the papers indexed before announcing began are known, not news
    server = http_server(build_app(config, engine), 0, "127.0.0.1")
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    bot = Bot(f"http://127.0.0.1:{server.server_port}/slack/events", slack_api, data)
    background = keep_current(config, embedder)
    try:
        first_build = serving_build(data)
        env = {"PANELBOT_MODERNGOV_URL": site.url, "PANELBOT_COMMITTEE_ID": str(COMMITTEE_ID),
               "PANELBOT_CORPUS_DIR": str(corpus), "PANELBOT_DATA_DIR": str(data), "PANELBOT_FETCH_PAUSE": "0"}
        started = time.monotonic()
        assert CliRunner().invoke(cli, ["fetch", "--since", "2022-01-01"], env=env).exit_code == 0
        assert engine.ask(PRECEPT).found is False   # the old build answers meanwhile
        wait_until(lambda: serving_build(data) != first_build)
        answer = wait_until(lambda: (a := engine.ask(PRECEPT)).citations and a.citations[0].file == PACK_NAME and a)
        print(f"answerable {time.monotonic() - started:.1f} s after the fetch began")

        [news] = slack_api.wait_for("chat.postMessage")
        assert news.body["channel"] == NEWS
        assert "Public reports pack" in news.body["text"] and "for the meeting of 23 March 2022, 6 pages" in news.body[
            "text"]

        bot.send_event(mention(PRECEPT, ts="1700000100.000100"))
        [news_again, reply] = slack_api.wait_for("chat.postMessage", 2)
        public = site.meetings[0].papers[0].href.replace(" ", "%20")
        assert f"{site.url}/{public}#page={answer.citations[0].pages[0]}" in links(reply.body)

        # a paper copied in by hand, and one restricted to another channel: only the first is news
        shutil.copy(CORPUS / "2022-09-14-police-and-crime-panel-item-6-criminal-justice-and-community-safety.pdf",
                    corpus / "2022-09-14-item-6.pdf")
        (corpus / "2022-10-01-exempt.txt.channels").write_text("CSECRET\n")   # the sidecar first, as deploy.md says
        (corpus / "2022-10-01-exempt.txt").write_text("Exempt: the panel's legal advice on the complaint.\n")
        announced = slack_api.wait_for("chat.postMessage", 3)[-1]
        assert announced.body["channel"] == NEWS and "6 pages" in announced.body["text"]
        assert "Public reports pack" not in announced.body["text"] and "xempt" not in announced.body["text"]
        time.sleep(3)
        assert len(slack_api.calls("chat.postMessage")) == 3
    finally:
        background.stop()
        server.shutdown()
        server.server_close()


def test_a_re_index_waits_for_a_running_fetch_to_end(tmp_path, embedder):
    from indexer.fetch import fetch_lock

    corpus, data = tmp_path / "corpus", tmp_path / "data"
    corpus.mkdir()
    (corpus / "2021-05-01-notes.txt").write_text("The secretariat moved office in May 2021.\n")
    config = replace(load_config({}), corpus_dir=corpus, data_dir=data)
    build_index(corpus, data, embedder, config.chunk_tokens)
    first_build = serving_build(data)
    background = keep_current(config, embedder)
    try:
        with fetch_lock(data):
            (corpus / "2022-09-14-first.txt").write_text("The panel met in September 2022.\n")
            time.sleep(4)   # past the quiet time: the watcher is waiting for the fetch
            assert serving_build(data) == first_build
        wait_until(lambda: serving_build(data) != first_build, 30)
    finally:
        background.stop()


def test_a_fetched_papers_citation_links_to_its_public_url_at_the_page():
    from bot.format import citation_line
    from panelbot.models import Citation

    citation = Citation("pack.pdf", "Public reports pack", (5,), "46. Precept", date(2022, 2, 2), "AGREED")
    published = {"pack.pdf": "https://democracy.example.gov.uk/documents/g1/Pack|1.pdf?T=10"}
    assert citation_line(1, citation, "https://papers.example", published).startswith(
        "*[1]* <https://democracy.example.gov.uk/documents/g1/Pack%7C1.pdf?T=10#page=5|Public reports pack, page 5>")
    assert citation_line(1, citation, "https://papers.example", {}).startswith(
        "*[1]* <https://papers.example/pack.pdf#page=5|")
