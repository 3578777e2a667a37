"""Questions about a whole meeting ("what was decided at the last meeting?", "what happened at the 2 February 2022
meeting?"), answered with the decisions the register holds for that meeting, each quoted with its page."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from panelbot.answer.question import Question
from panelbot.models import Answer, Citation, Decision
from panelbot.text.dates import DAY_MONTH
from panelbot.text.terms import terms

# The words of such a question: it names a meeting and asks what it decided or what happened, nothing else.
MEETING_WORDS = frozenset(terms("what which was were did do does decide decided decision decisions agree agreed "
                                "resolve resolved happen happened outcome outcomes come came out meeting meetings "
                                "panel committee board last latest recent previous most at of in on"))
ASKS_WHAT_HAPPENED = re.compile(r"\b(decided|decide|decisions?|agreed|resolved|happened|outcomes?|came out of)\b", re.I)
MAX_DECISIONS = 8   # decisions quoted; a meeting's full list is `panelbot decisions --since/--until`


def asks_about_a_meeting(question: Question, place_terms: set[str]) -> bool:
    """Whether the question asks what a meeting decided, naming only the meeting (by its day or as the last one)
    and perhaps its body (`place_terms`), no topic: "what did the panel decide on 4 february 2025?" too."""
    named_meeting = question.latest_meeting or question.days
    days = terms(" ".join(m.group() for m in DAY_MONTH.finditer(question.text)))   # "4 feb": its day and month
    rest = set(question.terms) - MEETING_WORDS - set(question.period_terms) - set(days) - place_terms
    return bool(named_meeting and ASKS_WHAT_HAPPENED.search(question.text) and not rest)


def meeting_day(question: Question, decided_on: list[date]) -> date | None:
    """The day of the meeting the question names: the latest of `decided_on` for "the last meeting", else the one
    whose day (and month and year, where the question gives them) it names."""
    if question.latest_meeting:
        return max(decided_on, default=None)
    years = {y for y, _ in question.month_years} | set(question.years)
    for day in sorted(set(decided_on), reverse=True):
        if (day.month, day.day) in question.days and (not years or day.year in years):
            return day
    return None


def meeting_answer(question: Question, day: date, decisions: list[Decision], titles: dict[str, str]) -> Answer:
    """The meeting's decisions as the answer, each with its citation; those on one page share it."""
    citations: list[Citation] = []
    quoted = []
    for decision in decisions[:MAX_DECISIONS]:
        place = next((n for n, c in enumerate(citations)
                      if (c.file, c.pages) == (decision.document, (decision.page,))), None)
        if place is None:
            citations.append(Citation(decision.document, titles.get(decision.document, ""), (decision.page,),
                                      decision.item, day, decision.text, decision.body))
            place = len(citations) - 1
        else:
            citations[place] = replace(citations[place], quote=f"{citations[place].quote} {decision.text}")
        quoted.append(f"{' '.join(decision.text.split())} [{place + 1}]")
    return Answer(question.text, " ".join(quoted), True, tuple(citations))
