"""Concurrent use of the Slack face over HTTP: a burst of signed requests is all acknowledged within Slack's 3
seconds and each answered exactly once, and memory stays flat over hundreds of requests. PANELBOT_SOAK=1 sends
500 requests for the memory check (default 200)."""
import gc
import json
import os
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from itertools import count
from urllib.parse import urlencode

import psutil
import pytest

from bot.app import build_app, http_server
from bot.feedback import FEEDBACK_FILE, list_feedback
from panelbot.models import NOT_FOUND
from slack_api import BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, TEAM_ID, FakeSlack, Reply, post_signed

# Read at import: the autouse fixture of conftest.py clears PANELBOT_* before each test runs.
ROUNDS = 10 if os.environ.get("PANELBOT_SOAK") == "1" else 4
BURST = 50              # requests sent at once, each from its own user in its own channel
ACK_SECONDS = 3.0       # Slack gives up on a request after 3 seconds
ANSWER_SECONDS = 60.0   # a whole burst is answered well within this (about 0.1 s of engine time a question)
SETTLE_SECONDS = 0.5    # quiet time after the last answer in which a duplicate would have shown up
# An answer's footprint (question, text, blocks, the request itself) is a few KB, and the SQLite and allocator
# caches fill during the warm-up burst. 50 MB over the rounds after it is ~100 KB a request at 500 requests:
# far more than any bounded cache grows by, far less than keeping each request's answer, vectors or thread would.
MAX_RSS_GROWTH_MB = 50
# Each question with words its answer must contain, so an answer sent to the wrong asker is caught too.
QUESTIONS = {
    "what did the panel agree on the precept in February 2022?": "veto",
    "who leads action V1.1?": "Constabulary",
    "what does the delivery plan say about mental health nurses in the control room?": "control room",
    "what precept did the panel approve for 2026/27?": NOT_FOUND,
}
KINDS = ("mention", "dm", "command")
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
serials = count(1)      # unique across the module: channels, event ids and message timestamps never repeat


@dataclass(frozen=True)
class Request:
    """One signed request and where its answer must land: its own channel, so answers can be told apart."""
    kind: str
    user: str
    channel: str
    question: str
    ts: str
    content_type: str
    body: str


def make_request(kind: str, user: str, question: str, api: FakeSlack) -> Request:
    serial = next(serials)
    ts = f"1700001000.{serial:06d}"
    if kind == "command":
        channel = f"CCMD{serial:06d}"
        body = urlencode({"token": "unused", "team_id": TEAM_ID, "channel_id": channel, "channel_name": "panel",
                          "user_id": user, "user_name": user.lower(), "command": "/panel", "text": question,
                          "response_url": f"{api.root}respond/{channel}", "trigger_id": f"{serial}.1"})
        return Request(kind, user, channel, question, ts, FORM, body)
    if kind == "mention":
        channel = f"CMEN{serial:06d}"
        event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER_ID}> {question}", "ts": ts,
                 "channel": channel, "event_ts": ts}
    else:
        channel = f"DDM{serial:06d}"
        event = {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": question,
                 "ts": ts, "event_ts": ts}
    body = json.dumps({"token": "unused", "team_id": TEAM_ID, "api_app_id": "A0PANEL", "type": "event_callback",
                       "event_id": f"EvLOAD{serial:06d}", "event_time": int(time.time()), "event": event})
    return Request(kind, user, channel, question, ts, JSON, body)


def burst(api: FakeSlack, size: int = BURST) -> list[Request]:
    """Mentions, DMs and /panel commands in turn, the questions in turn, each from its own user."""
    questions = list(QUESTIONS)
    return [make_request(KINDS[i % len(KINDS)], f"ULOAD{i:04d}", questions[i % len(questions)], api)
            for i in range(size)]


def send_all_at_once(url: str, requests: list[Request]) -> list[Reply]:
    """Every request on its own thread, released together; a sender stuck past its timeout fails the test."""
    start = threading.Barrier(len(requests), timeout=10)

    def send(request: Request) -> Reply:
        start.wait()
        return post_signed(url, request.body, request.content_type)

    with ThreadPoolExecutor(max_workers=len(requests)) as senders:
        futures = [senders.submit(send, request) for request in requests]
        return [future.result(timeout=30) for future in futures]


def answers_by_channel(api: FakeSlack) -> dict[str, list[dict]]:
    """The answers posted, by channel: chat.postMessage, or a /panel's response_url when the bot is not in."""
    found: dict[str, list[dict]] = {}
    for call in api.calls():
        if call.method == "chat.postMessage":
            found.setdefault(call.body["channel"], []).append(call.body)
        elif call.method.startswith("respond/") and call.body.get("response_type") == "in_channel":
            found.setdefault(call.method.removeprefix("respond/"), []).append(call.body)
    return found


def wait_for_answers(api: FakeSlack, expected: int) -> dict[str, list[dict]]:
    """The answers once `expected` have come and SETTLE_SECONDS passed without another call to the fake API."""
    deadline = time.monotonic() + ANSWER_SECONDS
    while sum(map(len, (answers := answers_by_channel(api)).values())) < expected:
        assert time.monotonic() < deadline, f"{expected} answers expected, got {sum(map(len, answers.values()))}"
        time.sleep(0.05)
    calls = len(api.calls())
    while True:
        time.sleep(SETTLE_SECONDS)
        if len(api.calls()) == calls or time.monotonic() > deadline:
            return answers_by_channel(api)
        calls = len(api.calls())


def assert_each_answered_once(requests: list[Request], answers: dict[str, list[dict]], api: FakeSlack) -> None:
    counts = Counter({channel: len(posted) for channel, posted in answers.items()})
    assert counts == Counter({request.channel: 1 for request in requests})
    assert api.calls("chat.postEphemeral") == []     # no apology, no rate-limit note
    for request in requests:
        [answer] = answers[request.channel]
        assert QUESTIONS[request.question] in answer["text"], (request, answer["text"])
        if request.kind == "mention":
            assert answer["thread_ts"] == request.ts
        if request.kind == "command":
            assert answer["blocks"][0]["elements"][0]["text"] == f"<@{request.user}> asked: {request.question}"


def rss_mb() -> float:
    gc.collect()
    return psutil.Process().memory_info().rss / 2**20


@pytest.fixture
def serve(config, engine, slack_api, tmp_path):
    """Serve the app over HTTP on 127.0.0.1 as `panelbot slack --http` does, with the config changed as given."""
    servers = []

    def start(**changes) -> str:
        bot_config = replace(config, data_dir=tmp_path, slack_bot_token=BOT_TOKEN,
                             slack_signing_secret=SIGNING_SECRET, slack_api_url=slack_api.url, **changes)
        server = http_server(build_app(bot_config, engine), 0, "127.0.0.1")
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/slack/events"
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_a_burst_of_50_requests_is_all_acked_in_time_and_each_answered_once(serve, slack_api, tmp_path):
    url = serve()       # the default rate limit: one question from each of 50 users does not touch it
    requests = burst(slack_api)
    replies = send_all_at_once(url, requests)
    assert [reply.status for reply in replies] == [200] * BURST
    slowest = max(reply.seconds for reply in replies)
    assert slowest < ACK_SECONDS, f"slowest acknowledgement {slowest:.2f} s"
    assert all(reply.body.startswith("Looking through the papers for:")
               for request, reply in zip(requests, replies) if request.kind == "command")
    assert_each_answered_once(requests, wait_for_answers(slack_api, BURST), slack_api)
    assert len(list_feedback(tmp_path / FEEDBACK_FILE)) == BURST
    print(f"\n{BURST} at once: slowest ack {slowest:.2f} s, {BURST} answered once each")


def test_memory_stays_flat_over_rounds_of_50_requests(serve, slack_api):
    url = serve(rate_limit_per_minute=0)     # the same 50 users ask every round
    rss_after_warm_up = threads_after_warm_up = None
    for round_number in range(ROUNDS):
        requests = burst(slack_api)
        replies = send_all_at_once(url, requests)
        assert [reply.status for reply in replies] == [200] * BURST
        assert max(reply.seconds for reply in replies) < ACK_SECONDS
        assert_each_answered_once(requests, wait_for_answers(slack_api, BURST), slack_api)
        slack_api.clear()       # what the fake API recorded is the test's memory, not the bot's
        if round_number == 0:
            rss_after_warm_up, threads_after_warm_up = rss_mb(), threading.active_count()
    rss_at_end = rss_mb()
    print(f"\n{ROUNDS * BURST} requests: RSS {rss_after_warm_up:.0f} MB after the first {BURST}, "
          f"{rss_at_end:.0f} MB at the end; threads {threads_after_warm_up} -> {threading.active_count()}")
    assert rss_at_end - rss_after_warm_up < MAX_RSS_GROWTH_MB
    assert threading.active_count() <= threads_after_warm_up + 5    # pools stay bounded; no thread per request
