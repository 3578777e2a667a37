"""Evidence: how sure we are that the best sentence answers the question at all, which decides between an
answer, a tentative one, and "I couldn't find that in the papers"."""
from __future__ import annotations

import re

from panelbot.answer.question import Question
from panelbot.answer.rank import RECOMMENDS, Sentence, names_other_day
from panelbot.answer.settings import AnswerSettings
from panelbot.answer.wanted import KIND_PATTERN
from panelbot.text.wording import RECORDED_DECISION

# "What came out of the AGM?" (Question.asks_outcome) is not answered by "An AGM is scheduled to take place 22
# March": a paper written before an event cannot report its outcome.
UNSETTLED = re.compile(r"\b(is|are|was|were) (scheduled|due|expected|planned|set) to\b|\bawait(ed|ing)\b|\byet to\b"
                       r"|\bto be (confirmed|decided|agreed|determined)\b|\bwill (take place|consider|be held)\b"
                       r"|\b(should|will|would|could) (help|inform|enable)\b|\bpending\b|\bon-?going\b"
                       r"|\bsubject to (a )?(legal challenge|judicial review|appeal)\b", re.I)


def evidence(question: Question, best: Sentence, settings: AnswerSettings) -> float:
    """How sure we are that the best sentence answers the question, from 0 to about 1: the share of the
    question's words it holds and its similarity to the question, less what it lacks."""
    coverage = best.coverage if best.row_coverage is None else best.row_coverage
    share = settings.coverage_share_of_evidence
    score = share * coverage + (1 - share) * max(best.candidate.similarity, best.similarity)
    if question.kind in KIND_PATTERN and not best.has_wanted:
        score -= settings.no_figure_penalty if question.kind == "quantity" else settings.no_wanted_penalty
    if (question.asks_outcome and UNSETTLED.search(best.text)
            and not RECORDED_DECISION.search(best.text)):
        score -= settings.unsettled_penalty
    if names_other_day(question, best.text):
        score -= settings.other_day_penalty
    if question.kind == "decision" and question.asks_what_to_do and RECOMMENDS.search(best.text):
        score += settings.recommended_evidence
    return score
