"""The Slack bot end to end: signed requests over HTTP to the served app, replies seen at a fake Web API."""
import json
import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from itertools import count
from pathlib import Path
from urllib.parse import urlencode

import pytest

from bot.app import build_app, http_server
from bot.feedback import FEEDBACK_FILE, list_feedback
from bot.format import HELP
from bot.handlers import APOLOGY, NOT_ALLOWED, THANKS
from panelbot.models import NOT_FOUND
from slack_api import BOT_ID, BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, TEAM_ID, FakeSlack, post_signed

DOCS_URL = "https://papers.example.gov.uk/panel"
PACK_2022 = "2022-03-23-police-and-crime-panel-agenda-pack.pdf"
PRECEPT = "what did the panel agree on the precept in February 2022?"
UNANSWERABLE = "what precept did the panel approve for 2026/27?"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
ACK_SECONDS = 3.0      # Slack gives up on a request after 3 seconds
event_ids = count(1)


@dataclass
class Bot:
    url: str
    api: FakeSlack
    data_dir: object

    def send_event(self, event: dict, event_id: str | None = None, **kwargs):
        body = json.dumps({"token": "unused", "team_id": TEAM_ID, "api_app_id": "A0PANEL", "type": "event_callback",
                           "event_id": event_id or f"Ev{next(event_ids):06d}", "event_time": int(time.time()),
                           "event": event})
        return post_signed(self.url, body, JSON, **kwargs)

    def send_form(self, fields: dict, **kwargs):
        return post_signed(self.url, urlencode(fields), FORM, **kwargs)

    def posted(self, count: int = 1) -> list[dict]:
        return [call.body for call in self.api.wait_for("chat.postMessage", count)]


@pytest.fixture
def bot_config(config, tmp_path, slack_api):
    """The session index's config with Slack settings; feedback goes to this test's own folder."""
    return replace(config, data_dir=tmp_path, docs_url=DOCS_URL, slack_bot_token=BOT_TOKEN,
                   slack_signing_secret=SIGNING_SECRET, slack_api_url=slack_api.url)


@pytest.fixture
def serve(engine, slack_api):
    """Serve the app built from a config over HTTP on 127.0.0.1, as `panelbot slack --http` does."""
    servers = []

    def start(config) -> Bot:
        server = http_server(build_app(config, engine), 0, "127.0.0.1")
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return Bot(f"http://127.0.0.1:{server.server_port}/slack/events", slack_api, config.data_dir)
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def bot(serve, bot_config) -> Bot:
    return serve(bot_config)


def mention(text: str, ts: str = "1700000100.000100", user: str = "UCLERK", channel: str = "CPANEL", **extra):
    return {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {text}", "ts": ts, "channel": channel,
            "event_ts": ts, **extra}


def direct_message(text: str, ts: str = "1700000200.000100", **extra):
    return {"type": "message", "channel_type": "im", "channel": "DCLERK", "user": "UCLERK", "text": text, "ts": ts,
            "event_ts": ts, **extra}


def slash_command(text: str, api: FakeSlack, channel: str = "CPANEL") -> dict:
    return {"token": "unused", "team_id": TEAM_ID, "channel_id": channel, "channel_name": "panel",
            "user_id": "UCLERK", "user_name": "clerk", "command": "/panel", "text": text,
            "response_url": api.root + "respond/T0COUNCIL/1", "trigger_id": "1.2.3"}


def links(message: dict) -> list[str]:
    """The URLs of the <url|label> links in a message's blocks."""
    text = json.dumps(message["blocks"])
    return [part.split("|")[0] for part in text.split("<")[1:] if part.startswith("http")]


def test_a_mention_is_acked_at_once_and_answered_in_its_thread_with_a_linked_page(bot):
    reply = bot.send_event(mention(PRECEPT, ts="1700000100.000100"))
    assert reply.status == 200 and reply.seconds < ACK_SECONDS
    [message] = bot.posted()
    assert message["channel"] == "CPANEL" and message["thread_ts"] == "1700000100.000100"
    assert "veto" in message["text"]
    assert {f"{DOCS_URL}/{PACK_2022}#page=5", f"{DOCS_URL}/{PACK_2022}#page=6"} & set(links(message))
    [working] = bot.api.wait_for("reactions.add")
    assert (working.body["channel"], working.body["timestamp"], working.body["name"]) == (
        "CPANEL", "1700000100.000100", "eyes")
    bot.api.wait_for("reactions.remove")


def test_a_follow_up_mention_in_a_thread_is_answered_in_that_thread(bot):
    bot.send_event(mention("who leads action V1.1?", ts="1700000300.000200", thread_ts="1700000100.000100"))
    [message] = bot.posted()
    assert message["thread_ts"] == "1700000100.000100"


def test_a_direct_message_is_answered_in_the_dm(bot):
    reply = bot.send_event(direct_message("who leads action V1.1?"))
    assert reply.status == 200 and reply.seconds < ACK_SECONDS
    [message] = bot.posted()
    assert message["channel"] == "DCLERK" and "thread_ts" not in message
    assert "Constabulary" in message["text"]


@pytest.mark.parametrize("extra", [
    {"subtype": "file_share", "files": [{"id": "F1", "name": "agenda.pdf"}]},
    {"subtype": "thread_broadcast", "thread_ts": "1700000100.000100"},
], ids=["with a file attached", "thread reply also sent to the conversation"])
def test_a_direct_message_with_a_file_or_sent_from_a_thread_is_answered(bot, extra):
    bot.send_event(direct_message("who leads action V1.1?", **extra))
    [message] = bot.posted()
    assert message["channel"] == "DCLERK" and message.get("thread_ts") == extra.get("thread_ts")
    assert "Constabulary" in message["text"]


def test_slash_command_is_acked_at_once_then_answered_in_the_channel(bot):
    reply = bot.send_form(slash_command(PRECEPT, bot.api))
    assert reply.status == 200 and reply.seconds < ACK_SECONDS
    assert reply.body.startswith("Looking through the papers for:")    # shown only to the user
    [message] = bot.posted()
    assert message["channel"] == "CPANEL" and "veto" in message["text"]
    assert message["blocks"][0]["elements"][0]["text"] == f"<@UCLERK> asked: {PRECEPT}"


def test_slash_decisions_lists_the_register_with_page_links(bot):
    reply = bot.send_form(slash_command("decisions precept", bot.api))
    assert reply.status == 200 and reply.seconds < ACK_SECONDS
    [message] = bot.posted()
    listed = json.dumps(message["blocks"])
    assert "2 February 2022" in listed and "NOT exercise its veto" in listed
    assert f"{DOCS_URL}/{PACK_2022}#page=5" in links(message)


def test_a_mention_or_dm_reads_help_and_decisions_as_the_slash_command_does(bot):
    bot.send_event(mention("decisions precept", ts="1700000500.000100"))
    [listing] = bot.posted()
    assert listing["thread_ts"] == "1700000500.000100" and "NOT exercise its veto" in json.dumps(listing["blocks"])
    bot.send_event(direct_message("help", ts="1700000600.000100"))
    [note] = bot.api.wait_for("chat.postEphemeral")
    assert note.body["text"] == HELP and len(bot.posted()) == 1


def test_hostile_questions_never_ping_or_break_the_reply(bot):
    question = "<!channel> <!here> <@U0OTHER> <https://evil.example|click> what did the panel agree on the precept? " \
               + "\u0000\u202e" + "precept " * 1500
    bot.send_event(mention(question, ts="1700000700.000100"))
    [message] = bot.posted()
    text = json.dumps(message)
    assert "<!channel>" not in text and "<!here>" not in text and "<@U0OTHER>" not in text
    assert "<https://evil.example" not in text
    assert len(message["blocks"]) <= 50 and all(len(b.get("text", {}).get("text", "")) <= 3000
                                                for b in message["blocks"])


def test_slash_command_in_a_channel_without_the_bot_answers_through_the_response_url(bot):
    bot.api.fail_next("chat.postMessage", "not_in_channel")
    bot.send_form(slash_command(PRECEPT, bot.api, channel="CPRIVATE"))
    [response] = bot.api.wait_for("respond/T0COUNCIL/1")
    assert response.body["response_type"] == "in_channel" and "veto" in response.body["text"]


@pytest.mark.parametrize("text", ["help", "", "  HELP "])
def test_slash_help_is_the_acknowledgement(bot, text):
    reply = bot.send_form(slash_command(text, bot.api))
    assert reply.body == HELP
    assert bot.api.calls("chat.postMessage") == []


def test_a_retried_event_is_answered_once(bot):
    event = mention("who leads action V1.1?")
    first = bot.send_event(event, event_id="EvRETRIED")
    retry = bot.send_event(event, event_id="EvRETRIED",
                           headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert first.status == retry.status == 200
    bot.api.wait_for("reactions.remove")     # the first delivery is fully answered; the retry was refused before
    assert len(bot.posted()) == 1 and len(bot.api.calls("reactions.add")) == 1


@pytest.mark.parametrize("secret, age_seconds", [("not-the-signing-secret", 0), (SIGNING_SECRET, 10 * 60)],
                         ids=["bad signature", "stale timestamp"])
def test_bad_or_stale_signatures_are_refused_before_the_engine(bot, secret, age_seconds):
    reply = bot.send_event(mention(PRECEPT), secret=secret, timestamp=int(time.time()) - age_seconds)
    command = bot.send_form(slash_command(PRECEPT, bot.api), secret=secret,
                            timestamp=int(time.time()) - age_seconds)
    assert reply.status == command.status == 401
    bot.send_event(mention("who leads action V1.1?"))      # then a genuine one: the only question answered
    bot.api.wait_for("reactions.remove")
    assert len(bot.posted()) == 1
    assert [row["question"] for row in list_feedback(bot.data_dir / FEEDBACK_FILE)] == ["who leads action V1.1?"]


@pytest.mark.parametrize("ignored", [
    direct_message("who leads action V1.1?", user=BOT_USER_ID, bot_id=BOT_ID),
    direct_message("who leads action V1.1?", user="UOTHERBOT", bot_id="BOTHER", subtype="bot_message"),
    direct_message("who leads action V1.1?", subtype="message_changed"),
    {**direct_message("who leads action V1.1?"), "channel_type": "channel", "channel": "CPANEL"},
    mention("who leads action V1.1?", edited={"user": "UCLERK", "ts": "1700000150.000000"}),
], ids=["own message", "other bot", "edit", "channel message", "edited mention"])
def test_messages_that_are_not_questions_are_acked_and_ignored(bot, ignored):
    assert bot.send_event(ignored).status == 200
    bot.send_event(direct_message("who leads action V1.1?", ts="1700000999.000100"))
    bot.api.wait_for("reactions.remove")
    [message] = bot.posted()
    assert [call.body["timestamp"] for call in bot.api.calls("reactions.add")] == ["1700000999.000100"]


def test_a_thumbs_down_click_is_stored_with_the_answer(bot):
    bot.send_event(mention(PRECEPT, ts="1700000400.000100"))
    [message] = bot.posted()
    buttons = {b["action_id"]: b["value"] for b in message["blocks"][-1]["elements"]}
    payload = {"type": "block_actions", "user": {"id": "UCOUNCILLOR"}, "team": {"id": TEAM_ID},
               "channel": {"id": "CPANEL"}, "container": {"type": "message", "message_ts": "1700000000.000001"},
               "message": {"ts": "1700000000.000001", "thread_ts": "1700000400.000100"},
               "trigger_id": "1.2.3", "response_url": bot.api.root + "respond/T0COUNCIL/2",
               "actions": [{"type": "button", "action_id": "feedback_down", "block_id": "feedback",
                            "value": buttons["feedback_down"], "action_ts": "1700000500.0"}]}
    reply = bot.send_form({"payload": json.dumps(payload)})
    assert reply.status == 200 and reply.seconds < ACK_SECONDS
    [thanks] = bot.api.wait_for("chat.postEphemeral")
    assert thanks.body["text"] == THANKS and thanks.body["thread_ts"] == "1700000400.000100"
    [row] = list_feedback(bot.data_dir / FEEDBACK_FILE, down_only=True)
    assert (row["question"], row["channel"], row["user"], row["down"], row["up"]) == (
        PRECEPT, "CPANEL", "UCLERK", 1, 0)
    assert row["found"] and "veto" in row["answer"] and row["citations"][0]["file"] == PACK_2022


def test_an_unanswerable_question_is_said_plainly_without_citations(bot):
    bot.send_event(mention(UNANSWERABLE))
    [message] = bot.posted()
    assert message["text"] == NOT_FOUND
    assert links(message) == [] and "[1]" not in json.dumps(message["blocks"])


def test_mentions_over_the_rate_limit_get_a_friendly_note(serve, bot_config):
    bot = serve(replace(bot_config, rate_limit_per_minute=1))
    bot.send_event(mention("who leads action V1.1?", ts="1700000600.000100"))
    bot.send_event(mention("who leads action V1.2?", ts="1700000601.000100"))
    [note] = bot.api.wait_for("chat.postEphemeral")
    assert "(1 a minute)" in note.body["text"] and note.body["user"] == "UCLERK"
    assert [m["thread_ts"] for m in bot.posted()] == ["1700000600.000100"]


def test_channels_off_the_allow_list_get_a_note_but_dms_are_answered(serve, bot_config):
    bot = serve(replace(bot_config, allowed_channels=("CPANEL",)))
    bot.send_event(mention("who leads action V1.1?", channel="CRANDOM"))
    [note] = bot.api.wait_for("chat.postEphemeral")
    assert note.body["text"] == NOT_ALLOWED and note.body["channel"] == "CRANDOM"
    bot.send_event(direct_message("who leads action V1.1?"))
    assert [m["channel"] for m in bot.posted()] == ["DCLERK"]


def test_an_answer_told_to_wait_by_slack_is_posted_after_the_wait(bot):
    bot.api.fail_next("chat.postMessage", "ratelimited")   # HTTP 429, Retry-After: 1
    bot.send_event(mention("who leads action V1.1?"))
    attempts = bot.posted(2)
    assert attempts[0] == attempts[1] and "Constabulary" in attempts[1]["text"]
    assert not bot.api.calls("chat.postEphemeral")   # no apology


def test_a_failure_gets_an_apology_in_the_thread_and_a_traceback_in_the_log(bot, caplog):
    bot.api.fail_next("chat.postMessage", "msg_too_long")
    bot.send_event(mention("who leads action V1.1?", ts="1700000700.000100"))
    [apology] = bot.api.wait_for("chat.postEphemeral")
    assert apology.body["text"] == APOLOGY and apology.body["thread_ts"] == "1700000700.000100"
    [record] = [r for r in caplog.records if r.name == "bot.handlers" and r.levelno == logging.ERROR]
    assert record.exc_info and "msg_too_long" in str(record.exc_info[1])


def test_the_bot_token_and_signing_secret_are_never_logged(bot, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    bot.send_event(mention(PRECEPT))
    bot.send_form(slash_command("who leads action V1.1?", bot.api))
    bot.posted(2)
    bot.send_event(mention(PRECEPT), secret="forged")
    captured = capsys.readouterr()
    output = caplog.text + captured.out + captured.err
    assert "chat.postMessage" in output      # the debug log was on
    for secret in (BOT_TOKEN, SIGNING_SECRET, BOT_TOKEN.split("-")[-1]):
        assert secret not in output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def test_panelbot_slack_http_serves_signed_requests_and_never_prints_the_token(config, slack_api, tmp_path):
    """The check from outside: `panelbot -v slack --http --port N` in its own process, with secrets in its env."""
    port, output = free_port(), tmp_path / "output.txt"
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PANELBOT_", "SLACK_"))}
    env |= {"PANELBOT_DATA_DIR": str(config.data_dir), "PANELBOT_CORPUS_DIR": str(config.corpus_dir),
            "PANELBOT_DOCS_URL": DOCS_URL, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": slack_api.url}
    with output.open("w") as out:
        process = subprocess.Popen([Path(sys.executable).parent / "panelbot", "-v", "slack", "--http", "--port",
                                    str(port)], env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not listening(port):
            assert process.poll() is None and time.monotonic() < deadline, output.read_text()
            time.sleep(0.2)
        bot = Bot(f"http://127.0.0.1:{port}/slack/events", slack_api, config.data_dir)
        assert bot.send_event(mention(PRECEPT, ts="1700000900.000100")).seconds < ACK_SECONDS
        assert bot.send_form(slash_command("who leads action V1.1?", slack_api)).seconds < ACK_SECONDS
        messages = {m.get("thread_ts", "command"): m for m in bot.posted(2)}
        assert "veto" in messages["1700000900.000100"]["text"] and "Constabulary" in messages["command"]["text"]
    finally:
        process.terminate()
        process.wait(10)
    printed = output.read_text()
    assert "Connecting to Slack (HTTP on port" in printed and re.search(r"answer \d+ for UCLERK in CPANEL", printed)
    assert BOT_TOKEN not in printed and SIGNING_SECRET not in printed
