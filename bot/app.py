"""Starting the Slack face: the bolt app and its listeners, served over Socket Mode or HTTP at /slack/events."""
from __future__ import annotations

import logging
import re
import threading
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.feedback import FEEDBACK_FILE, FeedbackStore
from bot.format import FEEDBACK_ACTIONS
from bot.handlers import Handlers
from panelbot.config import Config
from panelbot.errors import PanelbotError

if TYPE_CHECKING:
    from panelbot.engine import Engine

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
SLACK_API_URL = "https://slack.com/api/"
SETUP = "see docs/connect-to-slack.md"
NO_BOT_TOKEN = f"SLACK_BOT_TOKEN is not set; set it to the app's Bot User OAuth Token (xoxb-...), {SETUP}."


def check_settings(config: Config, http: bool) -> None:
    """Fail at once, before the model loads, when a secret the chosen mode needs is missing."""
    if not config.slack_bot_token:
        raise PanelbotError(NO_BOT_TOKEN)
    if http and not config.slack_signing_secret:
        raise PanelbotError(f"SLACK_SIGNING_SECRET is not set; HTTP mode needs it to check requests come from Slack, "
                            f"{SETUP}.")
    if not http and not config.slack_app_token:
        raise PanelbotError(f"SLACK_APP_TOKEN is not set; Socket Mode needs an app-level token (xapp-...), {SETUP}.")


def web_client(config: Config) -> WebClient:
    # SLACK_API_URL replaces the Web API (a mock, in tests); the trailing slash keeps urljoin from dropping a path.
    base_url = (config.slack_api_url or SLACK_API_URL).rstrip("/") + "/"
    client = WebClient(token=config.slack_bot_token or None, base_url=base_url)
    # A burst of answers in one channel may be told to wait (HTTP 429): wait as told and post, not apologise.
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return client


def verify_token(client: WebClient) -> None:
    """auth.test at start: one sentence on why, when Slack refuses the bot token."""
    if not client.token:
        raise PanelbotError(NO_BOT_TOKEN)
    try:
        identity = client.auth_test()
    except (SlackApiError, SlackClientError, OSError) as e:
        raise _refused("SLACK_BOT_TOKEN", client.base_url, e) from e
    log.info("Slack team %s, bot user %s", identity.get("team_id"), identity.get("user_id"))


def _client_wins(record: logging.LogRecord) -> bool:
    """bolt reads SLACK_BOT_TOKEN itself and warns that the client given to it wins. It does, on purpose: the
    client carries SLACK_API_URL. The warning is dropped so that a start-up shows only what needs attention."""
    return "`token` will be unused" not in record.getMessage()


def build_app(config: Config, engine: Engine, client: WebClient | None = None) -> App:
    """The bolt app with every listener, registered here and nowhere else; checks the bot token first."""
    client = client or web_client(config)
    verify_token(client)
    handlers = Handlers(config, engine, FeedbackStore(config.data_dir / FEEDBACK_FILE))
    # bolt runs its own auth.test too: its built-in middleware uses the bot's ids to ignore the bot's own events.
    # It acknowledges events itself and runs each listener on its small thread pool; the listeners hand questions
    # to threads of their own (handlers.py), so the pool stays free to acknowledge and the engine works after the ack.
    logging.getLogger("slack_bolt.App").addFilter(_client_wins)   # bolt's own logger; added once
    app = App(client=client, signing_secret=config.slack_signing_secret, name="panelbot")
    app.middleware(handlers.skip_repeated_events)
    app.event("app_mention")(handlers.mention)
    app.event("message")(handlers.message)
    app.command("/panel")(handlers.command)
    app.action(re.compile(f"^({'|'.join(FEEDBACK_ACTIONS)})$"))(handlers.vote)
    return app


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when Slack delivers a burst of events at once.
    request_queue_size = 128


class _LoggedRequests(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def http_server(app: App, port: int, host: str = "0.0.0.0") -> WSGIServer:
    """Events, slash commands and button clicks at /slack/events; bolt answers 401 to a bad or stale signature."""
    return make_server(host, port, SlackRequestHandler(app, EVENTS_PATH),
                       server_class=_ThreadingWSGIServer, handler_class=_LoggedRequests)


def run_slack(config: Config, engine: Engine, http: bool, port: int = 3000) -> None:
    """Answer in Slack until stopped: over HTTP, or over Socket Mode (no public URL needed)."""
    check_settings(config, http)
    app = build_app(config, engine)
    if http:
        server = http_server(app, port)
        log.info("listening on port %d at %s", server.server_port, EVENTS_PATH)
        try:
            server.serve_forever()
        finally:
            server.server_close()
    else:
        handler = connect_socket_mode(app, config.slack_app_token)
        try:
            threading.Event().wait()    # the handler's own threads take the events
        finally:
            handler.close()


def connect_socket_mode(app: App, app_token: str) -> SocketModeHandler:
    """Open the Socket Mode connection; one sentence when Slack refuses the app-level token."""
    handler = SocketModeHandler(app, app_token)
    try:
        handler.connect()
    except (SlackApiError, SlackClientError, OSError) as e:
        handler.close()
        raise _refused("SLACK_APP_TOKEN", app.client.base_url, e) from e
    log.info("connected to Slack over Socket Mode")
    return handler


def _refused(token_name: str, api_url: str, error: Exception) -> PanelbotError:
    """The error code Slack gave (invalid_auth, ...), never the token or the whole response."""
    if isinstance(error, SlackApiError):
        return PanelbotError(f"Slack rejected {token_name} ({error.response.get('error', 'unknown error')}); "
                             f"copy it again from the app's settings, {SETUP}.")
    return PanelbotError(f"could not reach the Slack Web API at {api_url} ({type(error).__name__}); "
                         f"check the network, or SLACK_API_URL if set.")
