"""Who and what the bot answers: allow-lists, a per-user rate limit, and events Slack delivers twice."""
from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict, deque
from collections.abc import Callable

Clock = Callable[[], float]


def is_allowed(channel: str, user: str, channels: tuple[str, ...], users: tuple[str, ...]) -> bool:
    """Empty lists allow everyone. A direct message (channel id D...) is private: only the user list applies."""
    channel_ok = channel.startswith("D") or not channels or channel in channels
    return channel_ok and (not users or user in users)


class RateLimit:
    """At most `per_minute` questions per user in any 60 seconds; 0 turns the limit off."""

    WINDOW_SECONDS = 60.0

    def __init__(self, per_minute: int, clock: Clock = time.monotonic):
        self.per_minute = per_minute
        self._clock = clock
        self._asked: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def allow(self, user: str) -> bool:
        """Count a question from `user`; False when it is over the limit (and then it is not counted)."""
        if not self.per_minute:
            return True
        now = self._clock()
        with self._lock:
            asked = self._asked[user]
            while asked and now - asked[0] >= self.WINDOW_SECONDS:
                asked.popleft()
            if len(asked) >= self.per_minute:
                return False
            asked.append(now)
            return True


class SeenEvents:
    """Event ids already taken, so a retried delivery (X-Slack-Retry-Num) is answered once.

    Slack retries three times within about half an hour; an hour of ids, at most `size` of them, covers that.
    """

    def __init__(self, size: int = 10_000, ttl_seconds: float = 3600.0, clock: Clock = time.monotonic):
        self.size = size
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        """True the first time `event_id` is offered (within the time to live), False after."""
        now = self._clock()
        with self._lock:
            while self._seen and now - next(iter(self._seen.values())) > self.ttl_seconds:
                self._seen.popitem(last=False)
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            if len(self._seen) > self.size:
                self._seen.popitem(last=False)
            return True
