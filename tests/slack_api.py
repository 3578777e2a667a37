"""A fake Slack Web API on 127.0.0.1 (port 0) recording every call, and signed requests to send to the bot."""
from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from slack_sdk.signature import SignatureVerifier

BOT_TOKEN = "xoxb-1111-2222-NotARealTokenButSecret"
APP_TOKEN = "xapp-1-A0001-3333-NotARealAppToken"
SIGNING_SECRET = "0123456789abcdef-not-a-real-secret"
BOT_USER_ID = "UPANELBOT"
BOT_ID = "BPANELBOT"
TEAM_ID = "T0COUNCIL"


class _Server(ThreadingHTTPServer):
    request_queue_size = 128    # socketserver's default backlog of 5 is fewer than the bot's threads calling at once


@dataclass(frozen=True)
class Call:
    method: str     # "chat.postMessage", or the path of a non-API call such as a response_url
    body: dict


class FakeSlack:
    """Answers like Slack: a valid token gets {"ok": true, ...}; any other gets invalid_auth."""

    def __init__(self, bot_token: str = BOT_TOKEN, app_token: str = APP_TOKEN, bare_auth_test: bool = False):
        self.tokens = {bot_token, app_token}
        self.bare_auth_test = bare_auth_test     # auth.test answers only {"ok": true}, as the plainest mock would
        self._calls: list[Call] = []
        self._failures: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._ts = itertools.count(1)
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.root = f"http://127.0.0.1:{self._server.server_port}/"
        self.url = self.root + "api/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail_next(self, method: str, error: str) -> None:
        """The next call of `method` answers {"ok": false, "error": error}."""
        with self._lock:
            self._failures.setdefault(method, []).append(error)

    def clear(self) -> None:
        """Forget the calls recorded so far."""
        with self._lock:
            self._calls.clear()

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[Call]:
        """The calls of `method` once there are `count` of them; fails after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while len(found := self.calls(method)) < count:
            assert time.monotonic() < deadline, f"{count} {method} call(s) expected, got {len(found)}"
            time.sleep(0.02)
        return found

    def _answer(self, path: str, body: dict, token: str | None) -> dict:
        method = path.removeprefix("api/")
        with self._lock:
            self._calls.append(Call(method, body))
            failures = self._failures.get(method)
            if failures:
                return {"ok": False, "error": failures.pop(0)}
        if method == path:      # not a Web API method: a response_url
            return {"ok": True}
        if token not in self.tokens:
            return {"ok": False, "error": "invalid_auth"}
        if method == "auth.test" and not self.bare_auth_test:
            return {"ok": True, "url": "https://council.example.slack.com/", "team": "Council", "user": "panelbot",
                    "team_id": TEAM_ID, "user_id": BOT_USER_ID, "bot_id": BOT_ID}
        if method == "chat.postMessage":
            return {"ok": True, "channel": body.get("channel"), "ts": f"1700000000.{next(self._ts):06d}"}
        return {"ok": True}

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
                bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or None
                answer = fake._answer(self.path.lstrip("/"), body, bearer or body.get("token"))
                data = json.dumps(answer).encode()
                if answer.get("error") == "ratelimited":   # as Slack says it: HTTP 429 and when to try again
                    self.send_response(429)
                    self.send_header("Retry-After", "1")
                else:
                    self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

            def log_message(self, format, *args):
                pass

        return Handler


@dataclass(frozen=True)
class Reply:
    status: int
    body: str
    seconds: float


def signed_headers(body: str, content_type: str, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict:
    """The headers Slack sends: the v0 HMAC of `secret` over the body at `timestamp` (default: now)."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def post_signed(url: str, body: str, content_type: str, secret: str = SIGNING_SECRET,
                timestamp: int | None = None, headers: dict | None = None) -> Reply:
    """POST `body` as Slack does, signed; `headers` adds others (X-Slack-Retry-Num)."""
    request = urllib.request.Request(url, data=body.encode(), method="POST", headers={
        **signed_headers(body, content_type, secret, timestamp), **(headers or {})})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Reply(response.status, response.read().decode(), time.monotonic() - started)
    except urllib.error.HTTPError as e:
        return Reply(e.code, e.read().decode(), time.monotonic() - started)
