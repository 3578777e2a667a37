"""Evidence: how likely it is that the best sentence answers the question at all, which decides between an answer,
a tentative one, and "I couldn't find that in the papers".

It is one signal: a logistic model of six measures of the question and its best sentence, fitted on labelled
questions about many bodies' papers, each body left out in turn (`python -m bench.answerability`, docs/quality.md):
- coverage: the share of the question's weighted words it holds (with its neighbours and section), a word the
  papers never use weighing as much as the rarest ("capital of france": France is in no paper);
- similarity: its meaning's closeness to the question's (the sentence's or its passage's, the higher);
- no figure: "how much / how many" asked, and no figure of the thing asked about in it ("how many drones?" and
  "… would expand drone capacity");
- no name, date, place or reason: the kind of thing asked for is not in it ("who is the chief fire officer?" and
  an attendance list naming everyone else, beside their posts);
- caveats: what else it says against answering: an event still to come for "what came out of", another day than
  the one asked about; a recommendation counts for it when the question asks what members are asked to do;
- absent: how specific the most specific word of the question is that no paper uses ("cumbria", not "meant").
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from panelbot.answer.question import Question
from panelbot.answer.rank import RECOMMENDS, Sentence, names_other_day
from panelbot.answer.settings import AnswerSettings
from panelbot.answer.wanted import KIND_PATTERN
from panelbot.text.wording import RECORDED_DECISION

# "What came out of the AGM?" (Question.asks_outcome) is not answered by "An AGM is scheduled to take place 22
# March": a paper written before an event cannot report its outcome.
UNSETTLED = re.compile(r"\b(is|are|was|were) (scheduled|due|expected|planned|set) to\b|\bawait(ed|ing)\b|\byet to\b"
                       r"|\bto be (confirmed|decided|agreed|determined|considered)\b|\bwill (take place|consider|be held)\b"
                       r"|\b(should|will|would|could) (help|inform|enable)\b|\bpending\b|\bon-?going\b"
                       r"|\bsubject to (a )?(legal challenge|judicial review|appeal)\b", re.I)


@dataclass(frozen=True)
class Evidence:
    coverage: float
    similarity: float
    caveats: float     # below 0: what the sentence says against answering; above: a recommendation asked for
    absent: float      # Question.absent
    no_figure: bool = False    # "how much / how many?" and no figure of the thing asked about
    no_wanted: bool = False    # "who / when / where / why?" and no name, date, place or reason asked for

    def likelihood(self, settings: AnswerSettings) -> float:
        """The fitted model's probability that the sentence answers the question."""
        logit = (settings.answerability_bias + settings.answerability_coverage * self.coverage
                 + settings.answerability_similarity * self.similarity + settings.answerability_caveats * self.caveats
                 + settings.answerability_absent * self.absent + settings.answerability_no_figure * self.no_figure
                 + settings.answerability_no_wanted * self.no_wanted)
        return 1 / (1 + math.exp(-logit))


def weigh(question: Question, best: Sentence, settings: AnswerSettings) -> Evidence:
    """The six measures of the question and its best sentence."""
    coverage = (best.coverage if best.row_coverage is None else best.row_coverage) * best.unknown_discount
    lacks = question.kind in KIND_PATTERN and not best.has_wanted
    caveats = 0.0
    if ((question.asks_outcome or question.kind == "decision" and question.asks_past_event)
            and UNSETTLED.search(best.text) and not RECORDED_DECISION.search(best.text)):
        caveats -= settings.unsettled_penalty
    if names_other_day(question, best.text):
        caveats -= settings.other_day_penalty
    if question.kind == "decision" and question.asks_what_to_do and RECOMMENDS.search(best.text):
        caveats += settings.recommended_evidence
    return Evidence(coverage, max(best.candidate.similarity, best.similarity), caveats, question.absent,
                    no_figure=lacks and question.kind == "quantity", no_wanted=lacks and question.kind != "quantity")


def evidence(question: Question, best: Sentence, settings: AnswerSettings) -> float:
    """How likely the best sentence answers the question, from 0 to 1."""
    return weigh(question, best, settings).likelihood(settings)
