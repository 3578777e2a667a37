"""The Slack face's parts: Block Kit within Slack's limits, the guards, the feedback store, start-up errors, CLI."""
import json
from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from slack_bolt import BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient
from slack_sdk.socket_mode.request import SocketModeRequest
from sqlite_utils import Database

from bot.app import build_app, run_slack
from bot.feedback import FEEDBACK_FILE, FeedbackStore, Where, list_feedback
from bot.format import (MAX_BLOCKS, MAX_FALLBACK_CHARS, MAX_MESSAGE_CHARS, MAX_SECTION_CHARS, answer_reply,
                         citation_line, decisions_reply, escape, pieces)
from bot.guards import RateLimit, SeenEvents, is_allowed
from panelbot.cli import cli
from panelbot.errors import PanelbotError
from panelbot.models import NOT_FOUND, TENTATIVE, Answer, Citation, Decision
from conftest import REPO
from slack_api import APP_TOKEN, BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, TEAM_ID, FakeSlack, signed_headers

CITATION = Citation(file="2022-03-23-police-and-crime-panel-agenda-pack.pdf", pages=(5,),
                    title="Police and crime panel agenda pack", section="46. Precept Report 2022/23",
                    meeting_date=date(2022, 2, 2), quote="The Panel unanimously AGREED to NOT exercise its veto power.")
PINGS = "Cllr Smith wrote <!channel> & <@U123> see <https://evil.example|this>."


def texts(blocks: list[dict]) -> list[str]:
    """Every mrkdwn text of a message: section texts and context elements."""
    return [b["text"]["text"] for b in blocks if b["type"] == "section"] + [
        e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]


@pytest.mark.parametrize("text", [
    "The Panel AGREED. " * 5000,        # 90,000 characters in sentences
    "x" * 20_000,                       # no space to cut at
    "&" * 9000,                         # every character grows five-fold when escaped
    PINGS * 400,
])
def test_a_long_answer_stays_within_slack_limits(text):
    answer = Answer(text, text, True, tuple(replace(CITATION, pages=(n,)) for n in range(1, 40)))
    reply = answer_reply(answer, "https://papers.example.gov.uk", answer_id=7, asked_by="UCLERK")
    assert len(reply["blocks"]) <= MAX_BLOCKS and len(reply["text"]) <= MAX_FALLBACK_CHARS
    assert all(0 < len(t) <= MAX_SECTION_CHARS for t in texts(reply["blocks"]))
    assert all("&am…" not in t and not t.endswith(("&", "&a", "&am", "&amp")) for t in texts(reply["blocks"]))
    assert [(b["action_id"], b["value"]) for b in reply["blocks"][-1]["elements"]] == [
        ("feedback_up", "7"), ("feedback_down", "7")]


def test_quoted_papers_and_questions_never_ping_anyone():
    reply = answer_reply(Answer(PINGS, PINGS, True, (replace(CITATION, section=PINGS),)), "", 1, asked_by="UCLERK")
    for text in texts(reply["blocks"]) + [reply["text"]]:
        assert "<!channel>" not in text and "<@U123>" not in text and "<https://evil" not in text
    assert escape(PINGS) in reply["blocks"][1]["text"]["text"]


@pytest.mark.parametrize("docs_url, pages, expected", [
    ("https://papers.example.gov.uk/panel/", (5,),
     "*[1]* <https://papers.example.gov.uk/panel/my%20pack.pdf#page=5|Police and crime panel agenda pack, page 5>"
     " · meeting of 2 February 2022 · 46. Precept Report 2022/23"),
    ("", (5, 6),
     "*[1]* Police and crime panel agenda pack, pages 5–6 (my pack.pdf) · meeting of 2 February 2022"
     " · 46. Precept Report 2022/23"),
])
def test_a_citation_links_its_page_under_the_docs_url(docs_url, pages, expected):
    assert citation_line(1, replace(CITATION, file="my pack.pdf", pages=pages), docs_url) == expected


def test_a_tentative_answer_says_it_may_not_answer_the_question_before_its_quote():
    tentative = Answer("q?", "The precept rose by £10. [1]", True, (CITATION,), confident=False)
    reply = answer_reply(tentative, "", 3)
    assert texts(reply["blocks"][:2]) == [tentative.text, TENTATIVE]   # sections first, then contexts
    assert reply["blocks"][0]["type"] == "context"   # the doubt is said before the quote
    assert reply["text"].startswith(f"{TENTATIVE}\n{tentative.text}\n[1] ")
    sure = answer_reply(replace(tentative, confident=True), "", 3)
    assert TENTATIVE not in json.dumps(sure) and texts(sure["blocks"])[0] == tentative.text


def test_not_found_is_said_plainly_without_citations():
    reply = answer_reply(Answer("q?", NOT_FOUND, False, (CITATION,)), "https://papers.example.gov.uk", 3)
    assert reply["text"] == NOT_FOUND
    assert texts(reply["blocks"])[0] == NOT_FOUND and "[1]" not in json.dumps(reply["blocks"])


@pytest.mark.parametrize("text, size, limit, expected", [
    ("one two three", 9, 5, ["one two", "three"]),
    ("one two three", 9, 1, ["one two…"]),
    ("a<b", 10, 1, ["a&lt;b"]),
    ("&&&", 10, 5, ["&amp;", "&amp;", "&amp;"]),
])
def test_pieces_cut_at_spaces_and_never_inside_an_escape(text, size, limit, expected):
    assert pieces(text, size, limit) == expected


@pytest.mark.parametrize("channel, user, channels, users, allowed", [
    ("C1", "U1", (), (), True),
    ("C2", "U1", ("C1",), (), False),
    ("D9", "U1", ("C1",), (), True),        # a DM is not a channel to restrict
    ("D9", "U2", (), ("U1",), False),
    ("C1", "U1", ("C1",), ("U1",), True),
])
def test_allow_lists(channel, user, channels, users, allowed):
    assert is_allowed(channel, user, channels, users) is allowed


def test_rate_limit_counts_a_sliding_minute_per_user():
    now = [0.0]
    limit = RateLimit(2, clock=lambda: now[0])
    assert [limit.allow("U1"), limit.allow("U1"), limit.allow("U1"), limit.allow("U2")] == [True, True, False, True]
    now[0] = 59.9
    assert not limit.allow("U1")
    now[0] = 60.0
    assert limit.allow("U1") and RateLimit(0).allow("U1")


def test_seen_events_forget_after_their_time_to_live_and_stay_bounded():
    now = [0.0]
    seen = SeenEvents(size=2, ttl_seconds=10, clock=lambda: now[0])
    assert [seen.first_time("E1"), seen.first_time("E1"), seen.first_time("E2")] == [True, False, True]
    seen.first_time("E3")                   # over the size: E1, the oldest, goes
    assert seen.first_time("E1")
    now[0] = 11.0
    assert seen.first_time("E2")


def test_feedback_store_keeps_each_users_latest_vote(tmp_path):
    store = FeedbackStore(tmp_path / FEEDBACK_FILE)
    first = store.record_answer(Answer("q1?", "a1", True, (CITATION,)), Where("C1", "U1", "1.1"))
    second = store.record_answer(Answer("q2?", NOT_FOUND, False), Where("D1", "U2"))
    assert store.record_vote(first, "U3", "down") and store.record_vote(first, "U3", "up")
    assert store.record_vote(second, "U3", "down") and not store.record_vote(99, "U3", "down")
    rows = list_feedback(tmp_path / FEEDBACK_FILE)
    assert [(r["id"], r["question"], r["up"], r["down"]) for r in rows] == [(second, "q2?", 0, 1), (first, "q1?", 1, 0)]
    assert rows[1]["citations"] == [CITATION.as_json()] and rows[1]["thread_ts"] == "1.1"
    assert [r["id"] for r in list_feedback(tmp_path / FEEDBACK_FILE, down_only=True)] == [second]
    assert list_feedback(tmp_path / "none.sqlite") == []


def test_feedback_keeps_whether_an_answer_was_tentative_also_in_an_older_file(tmp_path):
    path = tmp_path / FEEDBACK_FILE
    older = Database(path)   # as written before tentative answers: no confident column
    older["answers"].insert({"id": 1, "asked_at": "2026-11-01T10:00:00+00:00", "channel": "C1", "user": "U1",
                             "thread_ts": None, "question": "q1?", "answer": "a1", "found": 1, "citations": "[]"},
                            pk="id")
    store = FeedbackStore(path)
    store.record_answer(Answer("q2?", "a2", True, (CITATION,), confident=False), Where("C1", "U2"))
    assert store.record_vote(1, "U3", "up")
    assert [(r["question"], r["confident"]) for r in list_feedback(path)] == [("q2?", False), ("q1?", True)]


@pytest.fixture
def bot_config(config, tmp_path, slack_api):
    return replace(config, data_dir=tmp_path, slack_bot_token=BOT_TOKEN, slack_signing_secret=SIGNING_SECRET,
                   slack_app_token=APP_TOKEN, slack_api_url=slack_api.url)


@pytest.mark.parametrize("change, http, message", [
    ({"slack_bot_token": "xoxb-revoked-0000"}, True,
     "Slack rejected SLACK_BOT_TOKEN (invalid_auth); copy it again from the app's settings, "
     "see docs/connect-to-slack.md."),
    ({"slack_app_token": "xapp-revoked-0000"}, False,
     "Slack rejected SLACK_APP_TOKEN (invalid_auth); copy it again from the app's settings, "
     "see docs/connect-to-slack.md."),
    ({"slack_api_url": "http://127.0.0.1:9/api"}, True,
     "could not reach the Slack Web API at http://127.0.0.1:9/api/ (URLError); check the network, or SLACK_API_URL "
     "if set."),
    ({"slack_signing_secret": ""}, True, "SLACK_SIGNING_SECRET is not set; HTTP mode needs it"),
])
def test_a_token_refused_at_start_is_one_sentence_without_the_token(bot_config, engine, change, http, message):
    with pytest.raises(PanelbotError) as refused:
        run_slack(replace(bot_config, **change), engine, http=http, port=0)
    assert str(refused.value).startswith(message) and "revoked" not in str(refused.value)


def test_a_mock_answering_auth_test_with_only_ok_is_enough(bot_config, engine):
    """A plainer fake Web API than ours; the request goes through bolt's dispatch, signed."""
    api = FakeSlack(bare_auth_test=True)
    try:
        app = build_app(replace(bot_config, slack_api_url=api.url), engine)
        event = {"type": "app_mention", "user": "UCLERK", "text": f"<@{BOT_USER_ID}> who leads action V1.1?",
                 "ts": "1700000850.000100", "channel": "CPANEL"}
        body = json.dumps({"type": "event_callback", "team_id": TEAM_ID, "event_id": "EvBARE", "event": event})
        assert app.dispatch(BoltRequest(body=body, headers=signed_headers(body, "application/json"))).status == 200
        [message] = [c.body for c in api.wait_for("chat.postMessage")]
        assert message["thread_ts"] == "1700000850.000100" and "Constabulary" in message["text"]
    finally:
        api.close()


def test_starting_with_the_bot_token_in_the_environment_warns_of_nothing(bot_config, engine, monkeypatch, caplog):
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)    # bolt reads it too, beside the client we give it
    with caplog.at_level("WARNING"):
        build_app(bot_config, engine)
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


def test_socket_mode_takes_an_envelope_acks_it_on_the_socket_and_answers(bot_config, engine, slack_api):
    """Socket Mode without Slack: the handler run_slack builds, fed one envelope; the WebSocket is stood in for."""
    app = build_app(bot_config, engine, WebClient(token=BOT_TOKEN, base_url=slack_api.url))
    handler = SocketModeHandler(app, APP_TOKEN)
    socket = SimpleNamespace(sent=[], logger=app.logger)
    socket.send_socket_mode_response = socket.sent.append
    event = {"type": "app_mention", "user": "UCLERK", "text": f"<@{BOT_USER_ID}> who leads action V1.1?",
             "ts": "1700000800.000100", "channel": "CPANEL"}
    payload = {"type": "event_callback", "team_id": TEAM_ID, "event_id": "EvSOCKET", "event": event}
    try:
        handler.handle(socket, SocketModeRequest(type="events_api", envelope_id="envelope-1", payload=payload))
        assert [response.envelope_id for response in socket.sent] == ["envelope-1"]
        [message] = [c.body for c in slack_api.wait_for("chat.postMessage")]
        assert message["thread_ts"] == "1700000800.000100" and "Constabulary" in message["text"]
    finally:
        handler.close()


@pytest.fixture
def run(config, monkeypatch):
    """Invoke `panelbot ARGS` against the session index."""
    monkeypatch.setenv("PANELBOT_DATA_DIR", str(config.data_dir))
    monkeypatch.setenv("PANELBOT_CORPUS_DIR", str(config.corpus_dir))
    return lambda *args: CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("env, error", [
    ({}, "Error: SLACK_BOT_TOKEN is not set; set it to the app's Bot User OAuth Token (xoxb-...), "
         "see docs/connect-to-slack.md.\n"),
    ({"SLACK_BOT_TOKEN": BOT_TOKEN}, "Error: SLACK_SIGNING_SECRET is not set; HTTP mode needs it to check requests "
                                     "come from Slack, see docs/connect-to-slack.md.\n"),
])
def test_slack_without_its_secrets_is_one_error_line(run, monkeypatch, env, error):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = run("slack", "--http")
    assert result.exit_code == 1 and result.stderr == error


def test_feedback_lists_answers_and_votes(run, monkeypatch, tmp_path):
    monkeypatch.setenv("PANELBOT_DATA_DIR", str(tmp_path))
    assert run("feedback").stderr == "No feedback yet.\n"
    store = FeedbackStore(tmp_path / FEEDBACK_FILE)
    liked = store.record_answer(Answer("who chaired?", "Edward Leigh [1]", True, (CITATION,)), Where("C1", "U1"))
    disliked = store.record_answer(Answer("what precept?", NOT_FOUND, False), Where("C1", "U2"))
    store.record_vote(liked, "U3", "up")
    store.record_vote(disliked, "U3", "down")
    rows = [json.loads(line) for line in run("feedback", "--json", "--down-only").stdout.splitlines()]
    assert [(r["question"], r["found"], r["down"]) for r in rows] == [("what precept?", False, 1)]
    listing = run("feedback").stdout
    assert "who chaired?" in listing and "👍 1 👎 0" in listing and "2022-03-23-police-and-crime-panel" in listing


def test_the_manifest_asks_slack_for_what_the_app_listens_to():
    yaml = pytest.importorskip("yaml")
    manifest = yaml.safe_load((REPO / "config" / "slack-app-manifest.yml").read_text())
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_mention", "message.im"}
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    assert [c["command"] for c in manifest["features"]["slash_commands"]] == ["/panel"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "chat:write", "commands", "im:history", "reactions:write"}


def test_a_long_decisions_list_stays_within_slacks_limit_for_a_whole_message():
    decision = Decision(date(2022, 2, 2), "46. Precept Report 2022/23", "The Panel AGREED to note the report. " * 6,
                        "", "2022-03-23-police-and-crime-panel-agenda-pack.pdf", 5)
    reply = decisions_reply("", [decision] * 48, "https://papers.example")
    sections = [block["text"]["text"] for block in reply["blocks"] if block["type"] == "section"]
    assert sum(len(text) for text in sections) <= MAX_MESSAGE_CHARS + len(sections[0])
    assert 1 < len(sections) < 48 and f"and {48 - len(sections) + 1} more" in json.dumps(reply["blocks"])

