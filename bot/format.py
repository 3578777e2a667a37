"""Slack replies in Block Kit: the quoted answer, numbered citations linking to their pages, 👍/👎 buttons."""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from panelbot.models import Answer, Citation, Decision

MAX_BLOCKS = 50             # Slack's limit per message
MAX_SECTION_CHARS = 3000    # Slack's limit per section text
MAX_FALLBACK_CHARS = 3000   # the `text` shown in notifications; Slack truncates long ones anyway
MAX_CITATIONS = 10
# Slack refuses a message whose blocks hold more than about 12,000 characters in all (msg_blocks_too_long),
# though each section may hold 3,000
MAX_MESSAGE_CHARS = 11_000
MAX_LABEL_CHARS = 300       # a title or section heading in a citation line
FEEDBACK_ACTIONS = {"feedback_up": "up", "feedback_down": "down"}
NOT_FOUND_HINT = "Try naming the meeting, its date or the agenda item. `/panel help` shows how to ask."
HELP = ("I answer questions about the Police and Crime Panel's meeting papers, quoting them with links to the pages.\n"
        "• Mention me in a channel with your question; I reply in the thread, and answer follow-up mentions there.\n"
        "• Send me a direct message.\n"
        "• Type `/panel QUESTION` anywhere; `/panel decisions TOPIC` lists what the minutes record as decided;"
        " `/panel help` shows this.\n"
        "For example: _what did the panel agree on the precept in February 2022?_")
# Slack reads &, < and > as markup (<!channel>, <@U123>, links): quoted papers and questions must not ping anyone.
ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: str) -> str:
    return "".join(ESCAPES.get(ch, ch) for ch in text)


def unescape(text: str) -> str:
    """Slack's escaping undone, for message text arriving from Slack."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def page_link(docs_url: str, file: str, page: int) -> str:
    return f"{docs_url.rstrip('/')}/{quote(file)}#page={page}"


def link_safe(url: str) -> str:
    """A URL from a council's page inside Slack's <url|label>: a | or > in it would end the link early."""
    return url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C")


def page_url(docs_url: str, file: str, page: int, published: Mapping[str, str]) -> str | None:
    """The council's own PDF at the page when `panelbot fetch` downloaded the file (`published`: file -> its public
    URL), else the copy under docs_url; None without either."""
    if url := published.get(file):
        return f"{link_safe(url)}#page={page}"
    return page_link(docs_url, file, page) if docs_url else None


def pages_label(pages: tuple[int, ...]) -> str:
    return f"page {pages[0]}" if len(pages) == 1 else f"pages {pages[0]}–{pages[-1]}"


def citation_line(number: int, citation: Citation, docs_url: str, published: Mapping[str, str] = {}) -> str:
    """`[1] <link|Title, page 5> · meeting of 2 February 2022 · section`, or no link when there is none."""
    pages = citation.pages
    label = escape(f"{citation.title[:MAX_LABEL_CHARS]}, {pages_label(pages)}")
    if link := page_url(docs_url, citation.file, pages[0], published):
        parts = [f"<{link}|{label}>"]
    else:
        parts = [f"{label} ({escape(citation.file)})"]
    if citation.body:
        parts.append(escape(citation.body[:MAX_LABEL_CHARS]))
    if citation.meeting_date:
        parts.append(f"meeting of {citation.meeting_date.day} {citation.meeting_date:%B %Y}")
    if citation.section:
        parts.append(escape(citation.section[:MAX_LABEL_CHARS]))
    return f"*[{number}]* " + " · ".join(parts)


def answer_reply(answer: Answer, docs_url: str, answer_id: int, asked_by: str | None = None,
                 published: Mapping[str, str] = {}) -> dict:
    """`text` and `blocks` for chat.postMessage, within Slack's limits however long the answer."""
    asked = pieces(answer.question, MAX_SECTION_CHARS - 100, 1)[0]
    head = [_context(f"<@{asked_by}> asked: {asked}")] if asked_by else []
    citations = answer.citations[:MAX_CITATIONS] if answer.found else ()
    sources = [_section(citation_line(n, c, docs_url, published)) for n, c in enumerate(citations, 1)]
    hint = [] if answer.found else [_context(NOT_FOUND_HINT)]
    head += [_context(caveat) for caveat in answer.caveats]
    actions = [feedback_buttons(answer_id)]
    room = MAX_BLOCKS - len(head) - len(sources) - len(hint) - len(actions)
    body = [_section(piece) for piece in pieces(answer.text, MAX_SECTION_CHARS, room)]
    return {"text": fallback_text(answer, docs_url, published), "blocks": head + body + hint + sources + actions}


def with_note(reply: dict, note: str) -> dict:
    """The reply with a small note above it ("only the first 1000 characters were read")."""
    return {**reply, "blocks": [_context(escape(note)), *reply["blocks"]]}


MAX_DECISION_CHARS = MAX_SECTION_CHARS - 600   # room left for the date, item and link


def decisions_reply(topic: str, decisions: list[Decision], docs_url: str, published: Mapping[str, str] = {}) -> dict:
    """`/panel decisions TOPIC`: the recorded decisions, newest first, each linked to its page."""
    about = f" about _{escape(topic)}_" if topic else ""
    if not decisions:
        text = f"I couldn't find any recorded decisions{about} in the papers."
        return {"text": text, "blocks": [_section(text)]}
    blocks, room = [_section(f"*Decisions{about}*, newest first:")], MAX_MESSAGE_CHARS
    for decision in decisions[:MAX_BLOCKS - 2]:
        when = f"{decision.meeting_date.day} {decision.meeting_date:%B %Y}" if decision.meeting_date else "undated"
        label = escape(f"{decision.document}, page {decision.page}")
        link = page_url(docs_url, decision.document, decision.page, published)
        source = f"<{link}|{label}>" if link else label
        said = escape(decision.text)
        if len(said) > MAX_DECISION_CHARS:   # cut at a space, so never inside an &amp;
            said = said[:MAX_DECISION_CHARS].rsplit(" ", 1)[0] + " …"
        text = f"*{when}* · {escape(decision.item[:MAX_LABEL_CHARS])}\n{said}\n{source}"
        if len(text) > room:
            break
        room -= len(text)
        blocks.append(_section(text))
    if len(decisions) > len(blocks) - 1:
        blocks.append(_context(f"…and {len(decisions) - len(blocks) + 1} more; narrow the topic to see them."))
    return {"text": f"{len(decisions)} recorded decisions{about}.", "blocks": blocks}


def fallback_text(answer: Answer, docs_url: str, published: Mapping[str, str] = {}) -> str:
    """The plain text of the reply, for notifications and screen readers."""
    lines = [*answer.caveats, answer.text]
    for n, c in enumerate(answer.citations[:MAX_CITATIONS] if answer.found else (), 1):
        link = page_url(docs_url, c.file, c.pages[0], published) or c.file
        lines.append(f"[{n}] {c.title}, {pages_label(c.pages)}: {link}")
    return pieces("\n".join(lines), MAX_FALLBACK_CHARS, 1)[0]


def feedback_buttons(answer_id: int) -> dict:
    labels = {"feedback_up": "👍 Helpful", "feedback_down": "👎 Not helpful"}
    return {"type": "actions", "block_id": "feedback", "elements": [
        {"type": "button", "action_id": action, "value": str(answer_id),
         "text": {"type": "plain_text", "text": label, "emoji": True}}
        for action, label in labels.items()]}


def pieces(text: str, size: int, limit: int) -> list[str]:
    """`text` escaped and cut at spaces into at most `limit` pieces of at most `size` characters.

    Cutting before escaping keeps `&amp;` whole; a cut-off end is marked with an ellipsis.
    """
    result = []
    text = text.strip()
    while text and len(result) < limit:
        end = _fitting_prefix(text, size - 1)
        if end < len(text) and (space := text.rfind(" ", 0, end + 1)) > 0:
            end = space
        result.append(escape(text[:end].rstrip()))
        text = text[end:].strip()
    if text:
        result[-1] += "…"
    return result or [""]


def _fitting_prefix(text: str, size: int) -> int:
    """Length of the longest start of `text` whose escaped form has at most `size` characters."""
    length = 0
    for i, ch in enumerate(text):
        length += len(ESCAPES.get(ch, ch))
        if length > size:
            return i
    return len(text)


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}
