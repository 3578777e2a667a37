"""Slack listeners: acknowledge at once, then ask the engine and reply in the thread (registered in app.py)."""
from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from slack_bolt import Ack, BoltRequest, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.feedback import FeedbackStore, Where
from bot.format import FEEDBACK_ACTIONS, HELP, answer_reply, decisions_reply, escape, unescape, with_note
from bot.guards import RateLimit, SeenEvents, is_allowed
from panelbot.config import Config
from panelbot.fetched import FetchRecord

if TYPE_CHECKING:
    from panelbot.engine import Engine

log = logging.getLogger(__name__)

WORKING_REACTION = "eyes"
APOLOGY = "Sorry, something went wrong while I was looking through the papers. Please try again in a minute."
NOT_ALLOWED = "Sorry, I'm not set up to answer here. Ask your Slack admins if you need me in this channel."
RATE_LIMITED = "You're asking faster than I can keep up ({limit} a minute). Please wait a moment, then ask again."
THANKS = "Thanks for the feedback: it helps whoever looks after me improve the answers."
# Without the bot in the channel chat.postMessage fails, but a slash command's response_url still reaches the user.
NOT_IN_CHANNEL = ("not_in_channel", "channel_not_found")
QUESTION_SUBTYPES = (None, "file_share", "thread_broadcast")   # the message subtypes a person asks with
# <@U0123> or <@U0123|name>: the bot's own mention, or a colleague's, which the papers cannot know anyway.
DECISIONS = re.compile(r"^decisions?\b:?", re.I)    # `/panel decisions precept`
USER_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
# The engine answers one question at a time; a second thread talks to Slack about the previous answer meanwhile.
ANSWER_THREADS = 2


@dataclass(frozen=True)
class Asked:
    """A question from Slack, and where its answer goes."""
    question: str
    where: Where
    message_ts: str | None = None   # the question's message, marked while the engine works (none for /panel)
    from_command: bool = False


class Handlers:
    """The listeners and what they share: the engine (one question at a time), the guards, the feedback store.

    Listeners run on bolt's few threads and only hand questions on to `_answering`: were those threads waiting
    for the engine, a burst of questions would hold up a /panel's ack() past Slack's 3 seconds.
    """

    def __init__(self, config: Config, engine: Engine, feedback: FeedbackStore):
        self.engine = engine
        self.feedback = feedback
        self.docs_url = config.docs_url
        self.fetched = FetchRecord(config.data_dir)   # papers from the council's site link to its own PDFs
        self.allowed_channels = config.allowed_channels
        self.allowed_users = config.allowed_users
        self.rate_limit = RateLimit(config.rate_limit_per_minute)
        self.seen_events = SeenEvents()
        self._engine_lock = threading.Lock()
        self._answering = ThreadPoolExecutor(ANSWER_THREADS, thread_name_prefix="panelbot-answer")

    def skip_repeated_events(self, body: dict, request: BoltRequest, ack: Ack, next: Callable) -> BoltResponse | None:
        """Global middleware: Slack re-sends an event it thinks was missed (X-Slack-Retry-Num); take each once."""
        event_id = body.get("event_id")
        if event_id and not self.seen_events.first_time(event_id):
            retry = request.headers.get("x-slack-retry-num", ["?"])[0]
            log.info("event %s already taken; ignoring delivery (retry %s)", event_id, retry)
            return ack()
        next()
        return None

    def mention(self, event: dict, client: WebClient) -> None:
        """@panelbot in a channel, or a follow-up mention in a thread: reply in that thread. An edited mention
        comes again as a new event: the question was answered when first asked."""
        if _is_from_bot(event) or event.get("edited"):
            return
        where = Where(event["channel"], event["user"], event.get("thread_ts") or event["ts"])
        self._take(Asked(_question(event.get("text", "")), where, event["ts"]), client)

    def message(self, event: dict, client: WebClient) -> None:
        """Every message event is acknowledged; only a person's new direct message is a question."""
        # Edits, deletions, joins and bot posts are no new question; a message with a file attached, or a thread
        # reply also sent to the conversation, is one.
        if event.get("channel_type") != "im" or event.get("subtype") not in QUESTION_SUBTYPES or _is_from_bot(event):
            return
        where = Where(event["channel"], event["user"], event.get("thread_ts"))
        self._take(Asked(_question(event.get("text", "")), where, event["ts"]), client)

    def command(self, ack: Ack, command: dict, client: WebClient, respond: Respond) -> None:
        """`/panel QUESTION` or `/panel help`: the acknowledgement says what happens; the answer follows."""
        question = _question(command.get("text", ""))
        if question.lower() in ("", "help"):
            ack(HELP)
            return
        asked = Asked(question, Where(command["channel_id"], command["user_id"]), from_command=True)
        refusal = self._refusal(asked.where)
        ack(refusal or f"Looking through the papers for: _{escape(question)}_")
        if refusal:
            return
        if DECISIONS.match(question):
            self._answering.submit(self._list_decisions, DECISIONS.sub("", question).strip(), asked.where, client,
                                   respond)
        else:
            self._answering.submit(self._answer, asked, client, respond)

    def _list_decisions(self, topic: str, where: Where, client: WebClient, respond: Respond) -> None:
        """`/panel decisions TOPIC`: the register's decisions, from the papers this channel may see."""
        try:
            with self._engine_lock:
                found = self.engine.decisions(topic, channel=where.channel)
            self._post(client, where, decisions_reply(topic, found, self.docs_url, self._published()), respond)
        except Exception:
            log.exception("could not list decisions for %s in %s", where.user, where.channel)
            self._tell(client, where, APOLOGY, respond)

    def vote(self, ack: Ack, body: dict, action: dict, client: WebClient) -> None:
        """A 👍 or 👎 click: store the vote against the answer whose id the button carries."""
        ack()
        user = body["user"]["id"]
        vote = FEEDBACK_ACTIONS[action["action_id"]]
        answer_id = int(action["value"]) if action.get("value", "").isdigit() else None
        if answer_id is None or not self.feedback.record_vote(answer_id, user, vote):
            log.warning("%s vote from %s for unknown answer %r", vote, user, action.get("value"))
            return
        log.info("%s vote from %s on answer %d", vote, user, answer_id)
        if channel := body.get("channel", {}).get("id"):
            self._tell(client, Where(channel, user, body.get("message", {}).get("thread_ts")), THANKS)

    def _take(self, asked: Asked, client: WebClient) -> None:
        """A mention or DM, read as `/panel` reads its text: help, a refusal, the decisions listing, or an answer."""
        if asked.question.lower() in ("", "help"):
            self._tell(client, asked.where, HELP)
        elif refusal := self._refusal(asked.where):
            self._tell(client, asked.where, refusal)
        elif DECISIONS.match(asked.question):
            self._answering.submit(self._list_decisions, DECISIONS.sub("", asked.question).strip(), asked.where,
                                   client, None)
        else:
            self._answering.submit(self._answer, asked, client)

    def _refusal(self, where: Where) -> str | None:
        """Why the bot will not answer this user here, or None."""
        if not is_allowed(where.channel, where.user, self.allowed_channels, self.allowed_users):
            log.info("not answering %s in %s: not on the allow-lists", where.user, where.channel)
            return NOT_ALLOWED
        if not self.rate_limit.allow(where.user):
            log.info("not answering %s in %s: over the rate limit", where.user, where.channel)
            return RATE_LIMITED.format(limit=self.rate_limit.per_minute)
        return None

    def _answer(self, asked: Asked, client: WebClient, respond: Respond | None = None) -> None:
        """Mark the question, ask the engine, store and post the reply; on any error apologise and log it."""
        where = asked.where
        try:
            self._mark_working(client, asked, on=True)
            log.debug("question from %s in %s: %s", where.user, where.channel, asked.question)
            with self._engine_lock:
                answer = self.engine.ask(asked.question, where.channel)
            answer_id = self.feedback.record_answer(answer, where)
            reply = answer_reply(answer, self.docs_url, answer_id, where.user if asked.from_command else None,
                                 self._published())
            if len(" ".join(asked.question.split())) > (most := self.engine.settings.max_question_chars):
                reply = with_note(reply, f"Only the first {most} characters of the question were read.")
            self._post(client, where, reply, respond)
            log.info("answer %d for %s in %s: found=%s, confident=%s, %d citations, %.0f ms", answer_id, where.user,
                     where.channel, answer.found, answer.confident, len(answer.citations), answer.latency_ms)
        except Exception:
            log.exception("could not answer %s in %s", where.user, where.channel)
            self._tell(client, where, APOLOGY, respond)
        finally:
            self._mark_working(client, asked, on=False)

    def _post(self, client: WebClient, where: Where, reply: dict, respond: Respond | None) -> None:
        try:
            client.chat_postMessage(channel=where.channel, thread_ts=where.thread_ts, unfurl_links=False,
                                    unfurl_media=False, **reply)
        except SlackApiError as e:
            if respond is None or e.response.get("error") not in NOT_IN_CHANNEL:
                raise
            respond(response_type="in_channel", **reply)

    def _published(self) -> dict[str, str]:
        """File -> the council's public URL, read for each reply: a fetch while serving adds papers."""
        return {file: paper.url for file, paper in self.fetched.by_file().items()}

    def _tell(self, client: WebClient, where: Where, text: str, respond: Respond | None = None) -> None:
        """A short note only the user sees; failures are logged, never raised."""
        try:
            if respond:     # /panel: the response_url works whether or not the bot is in the channel
                respond(text)
            else:
                client.chat_postEphemeral(channel=where.channel, user=where.user, thread_ts=where.thread_ts,
                                          text=text)
        except Exception as e:
            log.warning("could not tell %s in %s: %s", where.user, where.channel, _slack_error(e))

    def _mark_working(self, client: WebClient, asked: Asked, on: bool) -> None:
        """👀 on the question while the engine works; a missing reaction is not worth failing an answer for."""
        if not asked.message_ts:
            return
        mark = client.reactions_add if on else client.reactions_remove
        try:
            mark(channel=asked.where.channel, timestamp=asked.message_ts, name=WORKING_REACTION)
        except SlackApiError as e:
            log.warning("could not %s the reaction in %s: %s", "add" if on else "remove", asked.where.channel,
                        _slack_error(e))


def _question(text: str) -> str:
    return unescape(USER_MENTION.sub(" ", text)).strip()


def _is_from_bot(event: dict) -> bool:
    return bool(event.get("bot_id")) or event.get("subtype") == "bot_message" or "user" not in event


def _slack_error(error: Exception) -> str:
    """The Slack error code (`not_in_channel`), not the whole response, which may hold message text."""
    return error.response.get("error", "?") if isinstance(error, SlackApiError) else type(error).__name__
