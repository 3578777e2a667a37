"""Telling a Slack channel which papers became answerable, once per paper (announced.sqlite in the data folder)."""
from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path

import sqlite_utils
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.format import escape, link_safe
from panelbot.fetched import FetchedPaper
from panelbot.index.store import DocumentRecord

log = logging.getLogger(__name__)

ANNOUNCED_FILE = "announced.sqlite"
MAX_LISTED = 20   # papers named in one message; a backfill of hundreds is summed up


def paper_line(document: DocumentRecord, fetched: FetchedPaper | None) -> str:
    """`Public reports pack for the meeting of 14 September 2022, 84 pages`, linked to the council's PDF if fetched."""
    title = escape(fetched.title if fetched else document.title)
    if fetched:
        title = f"<{link_safe(fetched.url)}|{title}>"
    day = document.meeting_date
    when = f" for the meeting of {day.day} {day:%B %Y}" if day else ""
    return f"{title}{when}, {document.pages} page{'s' if document.pages != 1 else ''}"


def announcement(documents: list[DocumentRecord], fetched: Mapping[str, FetchedPaper]) -> str:
    lines = [f"• {paper_line(d, fetched.get(d.file))}" for d in documents[:MAX_LISTED]]
    if len(documents) > MAX_LISTED:
        lines.append(f"…and {len(documents) - MAX_LISTED} more.")
    return "New papers you can ask me about:\n" + "\n".join(lines)


class Announcer:
    """Posts the papers a build holds that were never announced and `channel` may see."""

    def __init__(self, client: WebClient, channel: str, data_dir: Path):
        self.client, self.channel = client, channel
        self.path = data_dir / ANNOUNCED_FILE

    def announce(self, documents: Mapping[str, DocumentRecord], fetched: Mapping[str, FetchedPaper]) -> list[str]:
        """The files announced now. The first time, the papers already indexed are taken as known, not announced:
        a channel is told what becomes answerable from then on."""
        first_time = not self.path.exists()
        with closing(sqlite3.connect(self.path, timeout=30)) as connection:
            table = sqlite_utils.Database(connection)["announced"]
            table.create({"file": str, "announced_at": str}, pk="file", if_not_exists=True)
            known = {row["file"] for row in table.rows}
            new = [d for f, d in sorted(documents.items(), key=lambda item: (item[1].meeting_date is None,
                                                                              item[1].meeting_date, item[0]))
                   if f not in known and (first_time or not d.channels or self.channel in d.channels)]
            if not new:
                return []
            if not first_time:
                try:
                    self.client.chat_postMessage(channel=self.channel, text=announcement(new, fetched),
                                                 unfurl_links=False, unfurl_media=False)
                except SlackApiError as e:   # tried again after the next re-index
                    hint = "; invite the bot to that channel" if e.response.get("error") == "not_in_channel" else ""
                    log.warning("could not announce %d papers in %s: %s%s", len(new), self.channel,
                                e.response.get("error", "?"), hint)
                    return []
            now = time.strftime("%Y-%m-%dT%H:%M:%S")
            table.insert_all(({"file": d.file, "announced_at": now} for d in new), pk="file", replace=True)
            connection.commit()
        if first_time:
            log.info("announcements start: %d papers already indexed are taken as known", len(new))
            return []
        log.info("announced %d papers in %s", len(new), self.channel)
        return [d.file for d in new]
