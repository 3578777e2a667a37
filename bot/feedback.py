"""What the bot answered and how people voted, in `feedback.sqlite` beside (not inside) the index builds."""
from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from panelbot.models import Answer

FEEDBACK_FILE = "feedback.sqlite"   # under config.data_dir: re-indexing replaces build folders, not this file
VOTES = ("up", "down")


@dataclass(frozen=True)
class Where:
    """Where a question was asked in Slack."""
    channel: str
    user: str
    thread_ts: str | None = None


class FeedbackStore:
    """Answers and votes; safe to share between the listener threads."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = Database(sqlite3.connect(path, check_same_thread=False))
        self._db["answers"].create({
            "id": int, "asked_at": str, "channel": str, "user": str, "thread_ts": str,
            "question": str, "answer": str, "found": int, "citations": str, "confident": int,
        }, pk="id", if_not_exists=True)
        if "confident" not in self._db["answers"].columns_dict:   # a file from before tentative answers
            self._db["answers"].add_column("confident", int, not_null_default=1)
        self._db["votes"].create({"answer_id": int, "user": str, "vote": str, "voted_at": str},
                                 pk=("answer_id", "user"), foreign_keys=[("answer_id", "answers", "id")],
                                 if_not_exists=True)

    def record_answer(self, answer: Answer, where: Where) -> int:
        """Store an answer as it is sent; its id goes in the 👍/👎 buttons."""
        row = {"asked_at": _now(), "channel": where.channel, "user": where.user, "thread_ts": where.thread_ts,
               "question": answer.question, "answer": answer.text, "found": int(answer.found),
               "citations": json.dumps([c.as_json() for c in answer.citations]), "confident": int(answer.confident)}
        with self._lock:
            return self._db["answers"].insert(row).last_pk

    def record_vote(self, answer_id: int, user: str, vote: str) -> bool:
        """A user's latest vote on an answer replaces their earlier one; False when the answer is unknown."""
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}, not {vote!r}")
        with self._lock:
            if not self._db["answers"].count_where("id = ?", [answer_id]):
                return False
            self._db["votes"].upsert({"answer_id": answer_id, "user": user, "vote": vote, "voted_at": _now()},
                                     pk=("answer_id", "user"))
            return True


def list_feedback(path: Path, down_only: bool = False) -> list[dict]:
    """Answers with their vote counts, newest first; only those with a 👎 when `down_only`."""
    if not path.exists():
        return []
    db = Database(path)
    if "votes" not in db.table_names():
        return []
    having = "HAVING down > 0" if down_only else ""
    rows = db.query(f"""
        SELECT answers.*, COUNT(CASE WHEN vote = 'up' THEN 1 END) AS up,
               COUNT(CASE WHEN vote = 'down' THEN 1 END) AS down
        FROM answers LEFT JOIN votes ON votes.answer_id = answers.id
        GROUP BY answers.id {having} ORDER BY answers.id DESC""")
    return [{**row, "found": bool(row["found"]), "confident": bool(row.get("confident", 1)),
             "citations": json.loads(row["citations"])} for row in rows]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
