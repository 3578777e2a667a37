"""Composing an answer: the best whole sentences of the retrieved chunks, quoted verbatim with their pages."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from indexer.sentences import sentence_spans
from panelbot.models import NOT_FOUND, Answer, Citation, Chunk
from panelbot.question import Question
from panelbot.search import Candidate

DECISION_WORDS = re.compile(r"\b(AGREED|RESOLVED|agreed|resolved|noted|note|recommended|endorse[ds]?|approved?|"
                            r"veto|decided|accepted|unanimously)\b")
NUMBER = re.compile(r"£\s?\d[\d,.]*\s?(?:k|m|million|bn)?|\b\d[\d,]*(?:\.\d+)?\s?%|\b\d[\d,]*(?:\.\d+)?\b", re.I)
DATE_WORDS = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|"
                        r"September|October|November|December)\b|\b(January|February|March|April|May|June|July|"
                        r"August|September|October|November|December|spring|summer|autumn|winter)\s+\d{4}\b", re.I)
NAME = re.compile(r"\b(Councillor|Cllr|Dr|Mr|Mrs|Ms)\s+[A-Z][a-z]+|\b[A-Z][a-z]+\s+[A-Z][a-z]+\b|\([A-Z][a-z]+\)")
PLACE = re.compile(r"\b(held at|at the|Stadium|House|Hall|Centre|Council Chamber|Room|Suite)\b")
KIND_PATTERN = {"quantity": NUMBER, "when": DATE_WORDS, "who": NAME, "where": PLACE}


@dataclass(frozen=True)
class Sentence:
    candidate: Candidate
    start: int
    end: int
    score: float
    coverage: float      # share of the question's weighted terms the sentence and its section hold

    @property
    def text(self) -> str:
        return self.candidate.chunk.text[self.start:self.end]

    @property
    def pages(self) -> tuple[int, ...]:
        chunk = self.candidate.chunk
        return tuple(range(chunk.page_at(self.start), chunk.page_at(self.end - 1) + 1))


def weights(question: Question, document_frequency: dict[str, int], total: int) -> dict[str, float]:
    """Inverse document frequency of each question term; a word no chunk holds still counts, as missing."""
    return {t: math.log(1 + total / (1 + document_frequency.get(t, 0))) for t in set(question.terms)}


def chunk_sentences(chunk: Chunk) -> list[tuple[int, int]]:
    spans, offset = [], 0
    for line in chunk.text.split("\n"):
        spans.extend(sentence_spans(chunk.text, offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def score_sentences(question: Question, candidates: list[Candidate], term_weights: dict[str, float],
                    terms_of) -> list[Sentence]:
    """Every sentence of the candidates, scored by the question words it holds, its chunk's rank and
    whether it holds what the question asks for (a number, a name, a date, a decision)."""
    total_weight = sum(term_weights.values()) or 1.0
    best_fused = max((c.fused for c in candidates), default=1.0)
    wanted = KIND_PATTERN.get(question.kind)
    question_numbers = set(NUMBER.findall(question.text))
    out = []
    for candidate in candidates:
        section_terms = set(terms_of(candidate.chunk.section))
        for start, end in chunk_sentences(candidate.chunk):
            text = candidate.chunk.text[start:end]
            words = set(terms_of(text))
            held = sum(w for t, w in term_weights.items() if t in words)
            context = sum(w for t, w in term_weights.items() if t in section_terms and t not in words)
            coverage = (held + 0.5 * context) / total_weight
            score = 0.55 * coverage + 0.25 * candidate.fused / best_fused + 0.2 * candidate.similarity
            if wanted and (question.kind != "quantity" or set(NUMBER.findall(text)) - question_numbers):
                score += 0.12 if wanted.search(text) else 0.0
            if question.kind == "decision" and DECISION_WORDS.search(text):
                score += 0.1
            if len(text.split()) < 4 and ":" not in text:   # a stray heading; "Lead: Constabulary" is a table cell
                score -= 0.2
            out.append(Sentence(candidate, start, end, score, coverage))
    return sorted(out, key=lambda s: s.score, reverse=True)


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w£%]+", " ", text.lower()).split())


def citation(sentence: Sentence, title: str) -> Citation:
    chunk = sentence.candidate.chunk
    return Citation(chunk.document, title, sentence.pages, chunk.section, chunk.meeting_date, sentence.text)


def compose(question: Question, sentences: list[Sentence], titles: dict[str, str], max_sentences: int,
            top_k: int, min_evidence: float) -> Answer:
    """The answer: the best sentences, each followed by its citation number, and further citations to
    the next best passages. Says it couldn't find the answer when the evidence is too weak."""
    if not sentences or evidence(question, sentences[0]) < min_evidence:
        return Answer(question.text, NOT_FOUND, False)
    chosen = [sentences[0]]
    for sentence in sentences[1:]:
        if len(chosen) == max_sentences or sentence.score < 0.8 * sentences[0].score:
            break
        if normalise(sentence.text) not in {normalise(c.text) for c in chosen}:
            chosen.append(sentence)
    citations = [citation(s, titles.get(s.candidate.chunk.document, "")) for s in chosen]
    cited = {s.candidate.chunk_id for s in chosen}
    for sentence in sentences:   # then the best sentence of each further passage, in rank order
        if len(citations) >= top_k:
            break
        if sentence.candidate.chunk_id not in cited:
            cited.add(sentence.candidate.chunk_id)
            citations.append(citation(sentence, titles.get(sentence.candidate.chunk.document, "")))
    text = " ".join(f"{s.text} [{n}]" for n, s in enumerate(chosen, 1))
    return Answer(question.text, text, True, tuple(citations))


def evidence(question: Question, best: Sentence) -> float:
    """How sure the best sentence answers the question, from 0 to about 1."""
    score = 0.6 * best.coverage + 0.4 * best.candidate.similarity
    wanted = KIND_PATTERN.get(question.kind)
    if question.kind == "quantity" and not (set(NUMBER.findall(best.text)) - set(NUMBER.findall(question.text))):
        score -= 0.2
    elif wanted and not wanted.search(best.text):
        score -= 0.05
    return score
