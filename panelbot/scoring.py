"""Scoring the retrieved sentences against the question: the words they hold, what the question wants, and how
sure we are that the best of them answers it."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from panelbot.question import Question, days_named, fiscal_years_named
from panelbot.search import Candidate
from panelbot.sentences import LABEL, line_sentence_spans, with_lead_ins
from panelbot.terms import terms
from panelbot.wanted import KIND_PATTERN, holds_wanted

RECORDED_DECISION = re.compile(r"\b(AGREED|RESOLVED|APPROVED|ENDORSED?|NOTED)\b")   # how minutes record one
DECISION_WORDS = re.compile(r"\b(agreed|resolved|noted|note|recommended|endorsed?|approved?|veto|decided|accepted)\b",
                            re.I)
# What the Commissioner did, in his letters' words or the minutes': "I accept the Panel's recommendation", "The
# Commissioner agreed he would share the business case". A question about it is not answered by the Panel's decisions.
COMMISSIONER_VOICE = re.compile(r"(^|[.;:] )I (accept|welcome|note|agree|have|will|would|am)\b"
                                r"|\bmy (intention|decision)\b"
                                r"|\bThe Commissioner (agreed|accepted|stated|confirmed|responded|decided|would|will"
                                r"|committed)\b")
COMMISSIONER_BONUS = 0.25
RECOMMENDS = re.compile(r"\b(is|are) (recommended|asked|invited|requested) to\b", re.I)
UNKNOWN_TERM_WEIGHT = 1.0    # a question word no chunk holds: phrasing ("meant", "fuller") as often as a topic
NEIGHBOUR_SHARE = 0.4        # question words in the sentence before or after count this much
SECTION_SHARE = 0.5          # ... and in the section title this much
RELATED_SHARE = 0.6          # a word the papers use instead of the question's ("veto" for "block")
# After a premise ("bike theft came out top - what's been done since?") the ask's words count for more: the
# premise is often restated near the answer. Held-out odd halves: 1.5 and 2 both +1 must-include, none lost.
ASK_WEIGHT = 1.5
# "... to 'Amber' (http://.../update.pdf).", "... PCSO 7.6%.http://.../bcb-1st-november-2018/": a link after the
# sentence, in brackets or run on after its full stop; not "See http://..." whose link is what it says
TRAILING_LINK = re.compile(r"\s*\(\s*https?://[^\s)]+\s*\)[.;]?$|(?<=[.!?])\s*https?://\S+$")
AGENDA_LINE = re.compile(r"(?<!\d)\d{1,3}\s*-\s*\d{1,3}$")   # "Minutes of the Meeting held on 2nd February 2022 3 - 12"
CONNECTORS = frozenset("of and & for the on to in – -".split())   # the small words of a heading
MAX_QUOTE_WORDS = 90         # longer 'sentences' are table pages read as one run of words
# "How much did X cost?" answered by a sentence with no figure is a related passage, not an answer: only a
# passage near-identical to the question (evidence 0.92+) survives this. Dev set: 0.15 let one such through, 0.3
# none; held-out odd half: 0.3 let one through, 0.4 none; no answerable question of either loses its answer.
NO_FIGURE_PENALTY = 0.5
# "What came out of the AGM?" (Question.asks_outcome) is not answered by "An AGM is scheduled to take place 22
# March": a paper written before an event cannot report its outcome.
UNSETTLED = re.compile(r"\b(is|are|was|were) (scheduled|due|expected|planned|set) to\b|\bawait(ed|ing)\b|\byet to\b"
                       r"|\bto be (confirmed|decided|agreed|determined)\b|\bwill (take place|consider|be held)\b"
                       r"|\b(should|will|would|could) (help|inform|enable)\b|\bpending\b|\bon-?going\b"
                       r"|\bsubject to (a )?(legal challenge|judicial review|appeal)\b", re.I)
UNSETTLED_PENALTY = 0.3
# "Were the 2 Feb 2022 minutes signed off?" is not answered by "The minutes of the meeting held on 15 November
# 2021 were agreed": a sentence naming days, none of them the day the question names, is about another day.
OTHER_DAY_PENALTY = 0.15
# "What does the tracker say about ...?": a paper the question names by its title is the one asked about.
NAMED_PAPER_BONUS = 0.25   # held-out odd halves: 0.1 +2, 0.25 +3 hits, none lost
# "What did the crimestoppers grant get in 18/19?": a paper of the year or just after it may be about it (fits_period),
# and a passage naming that year more surely is. Tuned sets: 0.1 +4 answers -1 hit@1, 0.2 +6, 0.3 -1 on dev.
FISCAL_YEAR_BONUS = 0.2
WANTED_BONUS = 0.2           # the sentence holds the name, figure, date, place or reason asked for
AUTHOR_LINE = re.compile(r"^(Contact Officer|Author)\b", re.I)   # a report's header names its author
NEEDS_WANTED = ("who", "where", "when")   # a sentence without a name, place or date cannot answer these
RESTATED_PENALTY = 0.05     # the minutes' action log restates a decision: the minute itself is cited first
# "What are members asked to do with the victims paper?" is answered by "The Panel is recommended to note the
# contents of the report.", whose words are not the question's: its recommendation counts as evidence. Tuned
# sets: 0.1 +1 answer, none lost; 0.15 also answered an unanswerable question.
RECOMMENDED_EVIDENCE = 0.1
RERANKED = 6                 # best sentences whose own similarity to the question is measured
SIMILARITY_WORDS = 30        # a sentence's first words are enough to compare it with the question
# The index embeds every sentence's similarity_text ahead of the questions. Bump when the sentences change
# (quoted_spans, similarity_text, or the rules of sentences.py they use; a test pins them), so that the next
# `panelbot index` embeds the new ones; until then they are embedded as questions come.
SENTENCES_VERSION = "1"
SENTENCE_SIMILARITY_SHARE = 0.5
# "Can the legally qualified chairs' term be extended?": every sentence retrieved names the chairs; the one holding
# "term" and "extended" answers. In ranking, a question word counts (1 - share) of its weight plus share times how
# rare it is among the retrieved sentences. Spent pool of 896: 0.3 +2 must-include, 0.7 +8 and 2 more refusals
# right with no measure lower, 1.0 loses hit@3.
DISTINGUISHING_SHARE = 0.7

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
    # the sentence before or after holding question words this one lacks, which counted for it (NEIGHBOUR_SHARE):
    # "Vacancies had been left open ... [as a PCSO]." is quoted with "... the Chief Constable would be filling the 8
    # posts shortly.", which the question "what's happening to the PCSO vacancies?" also asks about
    lent_by: tuple[tuple[int, int], ...] = ()

    @property
    def text(self) -> str:
        return self.candidate.chunk.text[self.start:self.end]

    @property
    def pages(self) -> tuple[int, ...]:
        chunk = self.candidate.chunk
        return tuple(range(chunk.page_at(self.start), chunk.page_at(self.end - 1) + 1))


def weights(question: Question, document_frequency: dict[str, int], total: int) -> dict[str, float]:
    """Inverse document frequency of each question term (rare words count for more, the ask's after a
    premise more still); related words count for part of theirs. The words naming a period do not count:
    every candidate already fits it, by its meeting date or its text."""
    def idf(term: str) -> float:
        df = document_frequency.get(term)
        return math.log(1 + total / (1 + df)) if df else UNKNOWN_TERM_WEIGHT
    ask = set(question.ask_terms)
    out = {t: idf(t) * (ASK_WEIGHT if t in ask else 1.0) for t in set(question.terms) - set(question.period_terms)}
    out.update({t: RELATED_SHARE * idf(t) for t in question.related if document_frequency.get(t)})
    return out


def distinguishing(term_weights: dict[str, float], sentences: list[set[str]]) -> dict[str, float]:
    """The weights for ranking the retrieved sentences against one another: a word most of them hold tells
    them apart less than one few hold (DISTINGUISHING_SHARE)."""
    total = max(1, len(sentences))
    def rarity(term: str) -> float:   # 1 for a word none of them holds, falling towards 0 as more do
        return math.log(1 + total / (1 + sum(term in words for words in sentences))) / math.log(1 + total)
    return {t: w * (1 - DISTINGUISHING_SHARE + DISTINGUISHING_SHARE * rarity(t)) for t, w in term_weights.items()}


def is_fragment(text: str) -> bool:
    """A stray heading, a page header or a run-on table or link list rather than a sentence to quote;
    "Lead: Constabulary" and "Contact Officer – Jim Haylett" are labelled cells, not fragments, but a label
    with nothing after it ("Business Co-ordination Board Report:") is one."""
    if "http" in text or AGENDA_LINE.search(text):
        return True
    words = text.split()
    if text.rstrip().endswith(":") and len(words) < 6 and all(w[0].isupper() or w in CONNECTORS for w in words):
        return True   # a heading: "Business Co-ordination Board Report:", not "The four key outcomes are:"
    if (":" in text or LABEL.match(text)) and len(words) < 12:
        return False
    return len(words) < 6 or sum(w.isupper() for w in words) > 0.6 * len(words) or len(words) > MAX_QUOTE_WORDS


def score_sentences(question: Question, candidates: list[Candidate], term_weights: dict[str, float],
                    tables: frozenset[str] = frozenset(), named: frozenset[str] = frozenset()) -> list[Sentence]:
    """Every sentence of the candidates, scored by the question words it (and its neighbours and section)
    holds, its chunk's rank and similarity, and whether it holds what the question asks for. The cells of a
    row of a table (a document in `tables`) also carry the share of the question their whole row holds."""
    total_weight = sum(term_weights.get(t, 0.0) for t in set(question.terms)) or 1.0
    best_fused = max((c.fused for c in candidates), default=1.0)
    ordinary = (frozenset(word for c in candidates for word in re.findall(r"\b[a-z]+\b", c.chunk.text))
                if question.kind == "who" else frozenset())   # words that are no name; only "who" asks for one
    read = [(candidate, *sentences_of(candidate.chunk.text)) for candidate in candidates]
    ranking_weights = distinguishing(term_weights, [w for _, _, words in read for w in words])
    ranking_total = sum(ranking_weights.get(t, 0.0) for t in set(question.terms)) or 1.0
    out = []
    for candidate, spans, words in read:
        section_terms = set(terms(candidate.chunk.section))
        says_year = bool(question.fiscal_years   # "2022/23"
                         and fiscal_years_named(candidate.chunk.embedding_text()).intersection(question.fiscal_years))
        row_coverage = None
        if candidate.chunk.document in tables:
            row = section_terms.union(*words)
            row_coverage = min(1.0, sum(w for t, w in term_weights.items() if t in row) / total_weight)
        for n, (start, end) in enumerate(spans):
            near = (words[n - 1] if n else set()) | (words[n + 1] if n + 1 < len(words) else set())
            held = ranking_held = 0.0
            for term, weight in term_weights.items():
                share = (1.0 if term in words[n] else NEIGHBOUR_SHARE if term in near
                         else SECTION_SHARE if term in section_terms else 0.0)
                held += share * weight
                ranking_held += share * ranking_weights[term]
            coverage = min(1.0, held / total_weight)
            text = candidate.chunk.text[start:end]
            wanted = holds_wanted(question, text, ordinary)
            ranking_coverage = min(1.0, ranking_held / ranking_total)
            score = 0.55 * ranking_coverage + 0.25 * candidate.fused / best_fused + 0.2 * candidate.similarity
            if question.kind in KIND_PATTERN:   # a who/when/how-much question needs a name/date/figure
                score += WANTED_BONUS if wanted else -WANTED_BONUS if question.kind in NEEDS_WANTED else 0.0
            if question.asks_author and AUTHOR_LINE.search(text):
                score += WANTED_BONUS
            if question.kind == "decision" and question.asks_what_to_do and RECOMMENDS.search(text):
                score += WANTED_BONUS
            elif question.kind == "decision" and question.about_the_commissioner:
                score += COMMISSIONER_BONUS if COMMISSIONER_VOICE.search(text) else 0.0
            elif question.kind == "decision":
                score += 0.15 if RECORDED_DECISION.search(text) else 0.06 if DECISION_WORDS.search(text) else 0.0
            if is_fragment(text):
                score -= 0.2
            if candidate.chunk.restates:
                score -= RESTATED_PENALTY
            if names_other_day(question, text):
                score -= OTHER_DAY_PENALTY
            if candidate.chunk.document in named:
                score += NAMED_PAPER_BONUS
            if says_year:
                score += FISCAL_YEAR_BONUS
            out.append(Sentence(candidate, start, end, score, coverage, wanted, row_coverage=row_coverage,
                                lent_by=lenders(spans, words, n, term_weights)))
    return sorted(out, key=lambda s: s.score, reverse=True)


def sentences_of(text: str) -> tuple[list[tuple[int, int]], list[set[str]]]:
    """The spans of a chunk's sentences as they are scored and quoted, and the terms of each."""
    spans = quoted_spans(text)
    return spans, [set(terms(text[s:e])) for s, e in spans]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The spans of a chunk's sentences as they are scored and quoted."""
    spans = with_lead_ins(text, line_sentence_spans(text), MAX_QUOTE_WORDS)
    return [without_trailing_link(text, s, e) for s, e in spans]


def similarity_text(sentence: str) -> str:
    """The words of a sentence that are compared with the question."""
    return " ".join(sentence.split()[:SIMILARITY_WORDS])


def similarity_texts(chunk_text: str) -> list[str]:
    """The similarity_text of each sentence of a chunk, in order: what the index embeds ahead of the questions."""
    return [similarity_text(chunk_text[start:end]) for start, end in quoted_spans(chunk_text)]


def lenders(spans: list[tuple[int, int]], words: list[set[str]], n: int,
            term_weights: dict[str, float]) -> tuple[tuple[int, int], ...]:
    """The spans of sentence n's neighbours holding question words it lacks (Sentence.lent_by)."""
    return tuple(spans[m] for m in (n - 1, n + 1) if 0 <= m < len(words)
                 and any(t in words[m] and t not in words[n] for t in term_weights))


def without_trailing_link(text: str, start: int, end: int) -> tuple[int, int]:
    """A sentence's span without the link in brackets that ends it: the sentence is quotable, a link is not."""
    link = TRAILING_LINK.search(text, start, end)
    return (start, link.start()) if link and link.start() > start else (start, end)


def rerank(sentences: list[Sentence], similarities: list[float]) -> list[Sentence]:
    """The sentences re-scored with their own similarity to the question, best first."""
    scored = [replace(s, score=s.score + SENTENCE_SIMILARITY_SHARE * similarity, similarity=similarity)
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


def evidence(question: Question, best: Sentence) -> float:
    """How sure we are that the best sentence answers the question, from 0 to about 1."""
    coverage = best.coverage if best.row_coverage is None else best.row_coverage
    score = 0.5 * coverage + 0.5 * max(best.candidate.similarity, best.similarity)
    if question.kind in KIND_PATTERN and not best.has_wanted:
        score -= NO_FIGURE_PENALTY if question.kind == "quantity" else 0.05
    if (question.asks_outcome and UNSETTLED.search(best.text)
            and not RECORDED_DECISION.search(best.text)):
        score -= UNSETTLED_PENALTY
    if names_other_day(question, best.text):
        score -= OTHER_DAY_PENALTY
    if question.kind == "decision" and question.asks_what_to_do and RECOMMENDS.search(best.text):
        score += RECOMMENDED_EVIDENCE
    return score


def names_other_day(question: Question, text: str) -> bool:
    """Whether the question names days and `text` names days, none of them the question's."""
    if not question.days:
        return False
    named = days_named(text)
    return bool(named) and not named & question.days


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w£%]+", " ", text.lower()).split())
