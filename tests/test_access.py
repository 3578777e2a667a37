"""Restricted papers: quoted only in the channels their sidecar names, never elsewhere."""
import json
import shutil
from datetime import date

import pytest
from click.testing import CliRunner

from indexer.build import build_index
from panelbot.answer.settings import AnswerSettings
from panelbot.cli import cli
from panelbot.engine import Engine

from conftest import CORPUS

BCB = "2017-09-21-business-coordination-board-police-and-crime-plan-delivery-plan.pdf"
EXEMPT = "2022-04-01-exempt-estates-report.md"
SECRET = "The Panel AGREED in private session to sell the Thorpe Wood police headquarters for £12 million."
QUESTION = "what did the panel agree about selling the Thorpe Wood headquarters?"


@pytest.fixture(scope="module")
def restricted(tmp_path_factory, embedder):
    """A small index holding one paper restricted to channel CEXEMPT01."""
    root = tmp_path_factory.mktemp("access")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / BCB, corpus / BCB)
    (corpus / EXEMPT).write_text(f"# Exempt item: estates\n{SECRET}\n")
    (corpus / f"{EXEMPT}.channels").write_text("CEXEMPT01  # the panel's private channel\n")
    build_index(corpus, root / "data", embedder, 200)
    return corpus, root / "data", Engine(root / "data", embedder, AnswerSettings(min_evidence=0.4))


def quoted(answer) -> str:
    return answer.text + " ".join(c.quote + c.file for c in answer.citations)


def test_the_allowed_channel_sees_the_restricted_paper(restricted):
    answer = restricted[2].ask(QUESTION, "CEXEMPT01")
    assert answer.found and answer.citations[0].file == EXEMPT and "£12 million" in answer.text


@pytest.mark.parametrize("channel", [None, "C_GENERAL", "D_DIRECT_MESSAGE", "c_exempt"])
def test_no_other_channel_dm_or_the_command_line_sees_it(restricted, channel):
    answer = restricted[2].ask(QUESTION, channel)
    assert "Thorpe Wood" not in quoted(answer) and EXEMPT not in quoted(answer)


def test_restricted_decisions_stay_out_of_the_register_listing(restricted):
    from panelbot.index.store import open_serving

    store = open_serving(restricted[1])
    assert store.restricted == {EXEMPT: ("CEXEMPT01",)}
    assert all(d.document != EXEMPT for d in store.decisions("Thorpe"))


def test_the_last_meeting_is_the_last_one_the_channel_may_see(restricted):
    store = restricted[2].current_store()
    assert store.latest_meeting_date("CEXEMPT01") == date(2022, 4, 1)
    assert store.latest_meeting_date(None) == store.latest_meeting_date("C_GENERAL") == date(2017, 9, 21)


def test_cli_ask_is_public_unless_told_the_channel(restricted, monkeypatch):
    corpus, data, _ = restricted
    monkeypatch.setenv("PANELBOT_DATA_DIR", str(data))
    monkeypatch.setenv("PANELBOT_CORPUS_DIR", str(corpus))
    public = CliRunner().invoke(cli, ["ask", QUESTION])
    assert public.exit_code == 0 and "Thorpe Wood" not in public.stdout
    private = CliRunner().invoke(cli, ["ask", "--channel", "CEXEMPT01", QUESTION])
    assert "£12 million" in private.stdout


def test_changing_the_sidecar_re_records_the_paper(restricted, embedder):
    corpus, data, engine = restricted
    sidecar = corpus / f"{EXEMPT}.channels"
    sidecar.write_text("CEXEMPT01\nCFINANCE1\n")
    try:
        summary = build_index(corpus, data, embedder, 200)
        assert summary.changed == [EXEMPT]
        assert "£12 million" in engine.ask(QUESTION, "CFINANCE1").text
    finally:
        sidecar.write_text("CEXEMPT01\n")
        build_index(corpus, data, embedder, 200)


def test_restricting_a_paper_whose_new_version_fails_to_read_applies_at_once(restricted, embedder):
    corpus, data, engine = restricted
    public = corpus / "2022-05-01-estates-update.md"
    public.write_text(f"# Estates update\n{SECRET.replace('£12 million', '£13 million')}\n")
    build_index(corpus, data, embedder, 200)
    assert "£13 million" in engine.ask(QUESTION, None).text
    try:
        (corpus / f"{public.name}.channels").write_text("CEXEMPT01\n")
        public.write_text("")   # mid-upload: the new version cannot be read, the last good one is kept
        summary = build_index(corpus, data, embedder, 200)
        assert [file for file, _ in summary.failed] == [public.name] and summary.swapped
        assert "£13 million" not in quoted(engine.ask(QUESTION, None))
        assert "£13 million" in quoted(engine.ask(QUESTION, "CEXEMPT01"))
    finally:
        public.unlink()
        (corpus / f"{public.name}.channels").unlink()
        build_index(corpus, data, embedder, 200)


def test_a_sidecar_saved_with_a_byte_order_mark_or_in_utf16_is_read_or_fails_closed(restricted, embedder):
    corpus, data, engine = restricted
    sidecar = corpus / f"{EXEMPT}.channels"
    try:
        sidecar.write_text("CEXEMPT01\n", encoding="utf-8-sig")   # as Notepad saves "UTF-8"
        build_index(corpus, data, embedder, 200)
        assert "£12 million" in engine.ask(QUESTION, "CEXEMPT01").text
        sidecar.write_text("CEXEMPT01\n", encoding="utf-16")       # as Notepad saves "Unicode"
        summary = build_index(corpus, data, embedder, 200)
        assert [(file, reason.split(":")[0]) for file, reason in summary.failed] == [(EXEMPT, sidecar.name)]
        assert "£12 million" not in quoted(engine.ask(QUESTION, "CEXEMPT01"))   # no channel until it is fixed
        assert "£12 million" not in quoted(engine.ask(QUESTION, None))
    finally:
        sidecar.write_text("CEXEMPT01\n")
        build_index(corpus, data, embedder, 200)


def test_a_sidecar_naming_a_channel_by_name_fails_closed_and_says_so(restricted, embedder):
    corpus, data, engine = restricted
    sidecar = corpus / f"{EXEMPT}.channels"
    try:
        sidecar.write_text("CEXEMPT01, panel-private\n")   # a channel's name, not its id: it would match nothing
        summary = build_index(corpus, data, embedder, 200)
        assert summary.failed == [(EXEMPT, f"{sidecar.name}: panel-private is not a Slack channel id (like "
                                           "C0123ABCD); give ids, not names.")]
        assert "£12 million" not in quoted(engine.ask(QUESTION, "CEXEMPT01"))   # no channel until it is fixed
        assert "£12 million" not in quoted(engine.ask(QUESTION, None))
    finally:
        sidecar.write_text("CEXEMPT01\n")
        build_index(corpus, data, embedder, 200)
    assert "£12 million" in engine.ask(QUESTION, "CEXEMPT01").text


def test_slack_quotes_a_restricted_paper_only_in_its_channel(restricted, config, tmp_path):
    import threading
    from dataclasses import replace

    from bot.app import build_app, http_server
    from slack_api import BOT_TOKEN, SIGNING_SECRET, FakeSlack
    from test_slack import Bot, direct_message, mention

    api = FakeSlack()
    bot_config = replace(config, data_dir=tmp_path, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                         slack_api_url=api.url, docs_url="https://papers.example")
    server = http_server(build_app(bot_config, restricted[2]), 0, "127.0.0.1")
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        bot = Bot(f"http://127.0.0.1:{server.server_port}/slack/events", api, tmp_path)
        bot.send_event(mention(QUESTION, ts="1700000900.000100", channel="C_GENERAL"))
        bot.send_event(direct_message(QUESTION, ts="1700000901.000100"))
        bot.send_event(mention(QUESTION, ts="1700000902.000100", channel="CEXEMPT01"))
        replies = {m["channel"]: json.dumps(m, ensure_ascii=False) for m in bot.posted(3)}
        for elsewhere in ("C_GENERAL", "DCLERK"):
            assert "Thorpe Wood" not in replies[elsewhere] and EXEMPT not in replies[elsewhere]
        assert "£12 million" in replies["CEXEMPT01"] and EXEMPT in replies["CEXEMPT01"]
    finally:
        server.shutdown()
        server.server_close()
        api.close()
