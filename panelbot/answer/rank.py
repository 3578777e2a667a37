"""Ranking the retrieved sentences against the question: the question words they (and their neighbours and
section) hold, their chunk's rank and similarity, whether they hold what the question asks for, and the few best
compared with the question themselves. Every number comes from AnswerSettings."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cached_property

from panelbot.answer.question import Question
from panelbot.answer.retrieve import Candidate
from panelbot.answer.settings import AnswerSettings
from panelbot.answer.wanted import KIND_PATTERN, holds_wanted
from panelbot.text.dates import days_named, fiscal_years_named
from panelbot.text.quotable import is_fragment, quoted_spans
from panelbot.text.terms import terms
from panelbot.text.wording import RECORDED_DECISION

DECISION_WORDS = re.compile(r"\b(agreed|resolved|noted|note|recommended|endorsed?|approved?|veto|decided|accepted)\b",
                            re.I)
# What the Commissioner did, in his letters' words or the minutes': "I accept the Panel's recommendation", "The
# Commissioner agreed he would share the business case". A question about it is not answered by the Panel's decisions.
COMMISSIONER_VOICE = re.compile(r"(^|[.;:] )I (accept|welcome|note|agree|have|will|would|am)\b"
                                r"|\bmy (intention|decision)\b"
                                r"|\bThe Commissioner (agreed|accepted|stated|confirmed|responded|decided|would|will"
                                r"|committed)\b")
RECOMMENDS = re.compile(r"\b(is|are) (recommended|asked|invited|requested) to\b", re.I)
AUTHOR_LINE = re.compile(r"^(Contact Officer|Author)\b", re.I)   # a report's header names its author
NEEDS_WANTED = ("who", "where", "when")   # a sentence without a name, place or date cannot answer these


@dataclass(frozen=True)
class Sentence:
    candidate: Candidate
    start: int
    end: int
    score: float
    coverage: float      # share of the question's weighted terms the sentence (and its context) holds
    has_wanted: bool     # holds the kind of thing the question asks for: a number, a name, a date, a place, a reason
    similarity: float = 0.0   # the sentence's own similarity to the question, once measured (rerank)
    row_coverage: float | None = None   # in a table, the share its whole row holds: a row is one record
    # the sentence before or after holding question words this one lacks, which counted for it (neighbour_share):
    # "Vacancies had been left open ... [as a PCSO]." is quoted with "... the Chief Constable would be filling the 8
    # posts shortly.", which the question "what's happening to the PCSO vacancies?" also asks about
    lent_by: tuple[tuple[int, int], ...] = ()
    # coverage counts a question word the papers never use as weighing 1 (it is phrasing as often as a topic);
    # evidence counts it as weighing as much as the rarest word, and takes this share of coverage
    unknown_discount: float = 1.0

    @property
    def text(self) -> str:
        return self.candidate.chunk.text[self.start:self.end]

    @property
    def pages(self) -> tuple[int, ...]:
        chunk = self.candidate.chunk
        return tuple(range(chunk.page_at(self.start), chunk.page_at(self.end - 1) + 1))


def unknown_weight(question: Question, document_frequency: dict[str, int], total: int,
                   settings: AnswerSettings) -> float:
    """What the question's words the papers never use weigh beyond their weight in ranking, when they count as
    much as the rarest word would: "capital of france" is about France, which no paper mentions."""
    unknown = set(question.terms) - question.given_terms - set(document_frequency)
    return len(unknown) * max(0.0, math.log(1 + total) - settings.unknown_term_weight)


def weights(question: Question, document_frequency: dict[str, int], total: int,
            settings: AnswerSettings) -> dict[str, float]:
    """Inverse document frequency of each question term (rare words count for more, the ask's after a
    premise more still); related words count for part of theirs. The words naming a period or the body asked
    about do not count: every candidate already fits them, by its meeting date, its text or its paper."""
    def idf(term: str) -> float:
        df = document_frequency.get(term)
        return math.log(1 + total / (1 + df)) if df else settings.unknown_term_weight
    ask = set(question.ask_terms)
    out = {t: idf(t) * (settings.ask_weight if t in ask else 1.0)
           for t in set(question.terms) - question.given_terms}
    out.update({t: settings.related_share * idf(t) for t in question.related if document_frequency.get(t)})
    return out


def distinguishing(term_weights: dict[str, float], sentences: list[set[str]], share: float) -> dict[str, float]:
    """The weights for ranking the retrieved sentences against one another: a word most of them hold tells
    them apart less than one few hold (`share` of its weight depends on that)."""
    total = max(1, len(sentences))
    def rarity(term: str) -> float:   # 1 for a word none of them holds, falling towards 0 as more do
        return math.log(1 + total / (1 + sum(term in words for words in sentences))) / math.log(1 + total)
    return {t: w * (1 - share + share * rarity(t)) for t, w in term_weights.items()}


@dataclass(frozen=True)
class Weighing:
    """What every sentence of one question is weighed by."""
    question: Question
    term_weights: dict[str, float]
    ranking_weights: dict[str, float]    # term_weights, as they tell the retrieved sentences apart (distinguishing)
    settings: AnswerSettings
    best_fused: float
    ordinary: frozenset[str]             # words seen in lower case, which make no name
    named: frozenset[str]                # papers the question names
    unknown_weight: float = 0.0          # unknown_weight()

    @cached_property
    def total_weight(self) -> float:
        return sum(self.term_weights.get(t, 0.0) for t in set(self.question.terms)) or 1.0

    @cached_property
    def ranking_total(self) -> float:
        return sum(self.ranking_weights.get(t, 0.0) for t in set(self.question.terms)) or 1.0


def score_sentences(question: Question, candidates: list[Candidate], term_weights: dict[str, float],
                    settings: AnswerSettings, tables: frozenset[str] = frozenset(),
                    named: frozenset[str] = frozenset(), unknown: float = 0.0) -> list[Sentence]:
    """Every sentence of the candidates, best first. The cells of a row of a table (a document in `tables`)
    also carry the share of the question their whole row holds."""
    ordinary = (frozenset(word for c in candidates for word in re.findall(r"\b[a-z]+\b", c.chunk.text))
                if question.kind == "who" else frozenset())   # words that are no name; only "who" asks for one
    read = [(candidate, *sentences_of(candidate.chunk.text)) for candidate in candidates]
    ranking_weights = distinguishing(term_weights, [w for _, _, words in read for w in words],
                                     settings.distinguishing_share)
    weighing = Weighing(question, term_weights, ranking_weights, settings,
                        max((c.fused for c in candidates), default=1.0), ordinary, named, unknown)
    out = [sentence for candidate, spans, words in read
           for sentence in score_chunk(weighing, candidate, spans, words, candidate.chunk.document in tables)]
    return sorted(out, key=lambda s: s.score, reverse=True)


def score_chunk(weighing: Weighing, candidate: Candidate, spans: list[tuple[int, int]], words: list[set[str]],
                is_table: bool) -> list[Sentence]:
    """The sentences of one candidate chunk, scored."""
    question, settings = weighing.question, weighing.settings
    section_terms = set(terms(candidate.chunk.section))
    says_year = bool(question.fiscal_years   # "2022/23"
                     and fiscal_years_named(candidate.chunk.embedding_text()).intersection(question.fiscal_years))
    total_weight, ranking_total = weighing.total_weight, weighing.ranking_total
    discount = total_weight / (total_weight + weighing.unknown_weight)
    row_coverage = None
    if is_table:
        row = section_terms.union(*words)
        row_coverage = min(1.0, sum(w for t, w in weighing.term_weights.items() if t in row) / total_weight)
    out = []
    for n, (start, end) in enumerate(spans):
        near = (words[n - 1] if n else set()) | (words[n + 1] if n + 1 < len(words) else set())
        held = ranking_held = 0.0
        for term, weight in weighing.term_weights.items():
            share = (1.0 if term in words[n] else settings.neighbour_share if term in near
                     else settings.section_share if term in section_terms else 0.0)
            held += share * weight
            ranking_held += share * weighing.ranking_weights[term]
        text = candidate.chunk.text[start:end]
        wanted = holds_wanted(question, text, weighing.ordinary)
        score = (settings.term_coverage_weight * min(1.0, ranking_held / ranking_total)
                 + settings.fused_rank_weight * candidate.fused / weighing.best_fused
                 + settings.chunk_similarity_weight * candidate.similarity)
        score = with_bonuses(score, weighing, candidate, text, wanted)
        if says_year:
            score += settings.fiscal_year_bonus
        out.append(Sentence(candidate, start, end, score, min(1.0, held / total_weight), wanted,
                            row_coverage=row_coverage, lent_by=lenders(spans, words, n, weighing.term_weights),
                            unknown_discount=discount))
    return out


def with_bonuses(score: float, weighing: Weighing, candidate: Candidate, text: str, wanted: bool) -> float:
    """The score with the bonuses and penalties of what the sentence is: what the question wants, a decision
    recorded, a fragment, a restatement, another day, a paper the question names."""
    question, settings = weighing.question, weighing.settings
    if question.kind in KIND_PATTERN:   # a who/when/how-much question needs a name/date/figure
        score += (settings.wanted_bonus if wanted else -settings.wanted_bonus if question.kind in NEEDS_WANTED
                  else 0.0)
    if question.asks_author and AUTHOR_LINE.search(text):
        score += settings.wanted_bonus
    if question.kind == "decision" and question.asks_what_to_do and RECOMMENDS.search(text):
        score += settings.wanted_bonus
    elif question.kind == "decision" and question.about_the_commissioner:
        score += settings.commissioner_bonus if COMMISSIONER_VOICE.search(text) else 0.0
    elif question.kind == "decision":
        score += (settings.recorded_decision_bonus if RECORDED_DECISION.search(text)
                  else settings.decision_word_bonus if DECISION_WORDS.search(text) else 0.0)
    if is_fragment(text):
        score -= settings.fragment_penalty
    if candidate.chunk.restates:
        score -= settings.restated_penalty
    if names_other_day(question, text):
        score -= settings.other_day_penalty
    if candidate.chunk.document in weighing.named:
        score += settings.named_paper_bonus
    return score


def sentences_of(text: str) -> tuple[list[tuple[int, int]], list[set[str]]]:
    """The spans of a chunk's sentences as they are scored and quoted, and the terms of each."""
    spans = quoted_spans(text)
    return spans, [set(terms(text[s:e])) for s, e in spans]


def lenders(spans: list[tuple[int, int]], words: list[set[str]], n: int,
            term_weights: dict[str, float]) -> tuple[tuple[int, int], ...]:
    """The spans of sentence n's neighbours holding question words it lacks (Sentence.lent_by)."""
    return tuple(spans[m] for m in (n - 1, n + 1) if 0 <= m < len(words)
                 and any(t in words[m] and t not in words[n] for t in term_weights))


def rerank(sentences: list[Sentence], similarities: list[float], settings: AnswerSettings) -> list[Sentence]:
    """The sentences re-scored with their own similarity to the question, best first."""
    scored = [replace(s, score=s.score + settings.sentence_similarity_weight * similarity, similarity=similarity)
              for s, similarity in zip(sentences, similarities)]
    return sorted(scored, key=lambda s: s.score, reverse=True)


def distinct(sentences: list[Sentence], limit: int) -> list[Sentence]:
    """The first `limit` sentences that do not repeat one another (minutes restate decisions in an action table)."""
    out: list[Sentence] = []
    for sentence in sentences:
        text = normalise(sentence.text)
        if not any(text in normalise(o.text) or normalise(o.text) in text for o in out):
            out.append(sentence)
            if len(out) == limit:
                break
    return out


def names_other_day(question: Question, text: str) -> bool:
    """Whether the question names days and `text` names days, none of them the question's."""
    if not question.days:
        return False
    named = days_named(text)
    return bool(named) and not named & question.days


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w£%]+", " ", text.lower()).split())
