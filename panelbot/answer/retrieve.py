"""Retrieval: the chunks that may answer a question, from dense (FAISS) and full-text (BM25) search and the
register, fused by reciprocal rank and kept only when they can be about the period the question names."""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import numpy as np

from panelbot.answer.question import Question
from panelbot.answer.settings import AnswerSettings
from panelbot.index.store import Store
from panelbot.models import Chunk
from panelbot.text.dates import MONTH_NAMES, file_month, fiscal_years_named, mentions_month
from panelbot.text.terms import terms

# Words naming a kind of paper ("the tracker", "the agenda pack"), as terms() stems them; not "plan" or "report",
# which are topics too ("the police and crime plan").
PAPER_KINDS = frozenset(terms("tracker agenda pack minutes paper letter register log"))
# PyTorch, FAISS, SQLite and NumPy all let go of the GIL while they work, so the full-text search runs beside
# embedding the question and the vector search.
_full_text_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="full-text")


@dataclass(frozen=True)
class Candidate:
    chunk_id: int
    chunk: Chunk
    fused: float        # reciprocal-rank fusion score
    similarity: float   # cosine similarity of chunk and question


def fuse(rankings: list[list[int]], k: int) -> dict[int, float]:
    """Reciprocal rank fusion of several ranked id lists."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (k + rank + 1)
    return scores


@dataclass(frozen=True)
class Retrieved:
    """The question's vector, its candidate chunks best first, and how long the searches took."""
    vector: np.ndarray
    candidates: list[Candidate]
    full_text_ms: float      # the full-text search alone, which runs beside embedding the question
    retrieval_ms: float      # all of retrieval, the question's embedding included


def _timed(search: Callable[[], list]) -> tuple[list, float]:
    started = time.perf_counter()
    return search(), (time.perf_counter() - started) * 1000


def retrieve(store: Store, question: Question, encode: Callable[[str], np.ndarray], settings: AnswerSettings,
             channel: str | None = None, papers: frozenset[str] | None = None) -> Retrieved:
    """The question's vector (from `encode`) and its best chunks (settings.candidate_chunks, and each retriever's
    best ones), dropping any that cannot be about the period it names, any from papers restricted to other
    channels than `channel` and, when `papers` names some (those of the body the question names), any other's."""
    started, wanted = time.perf_counter(), settings.candidates_per_retriever
    words = " ".join([question.text, *question.related])
    lexical_search = _full_text_worker.submit(_timed, lambda: store.full_text(words, wanted))
    query_vector = encode(question.text)   # while the full-text search runs
    dense = store.nearest(query_vector, wanted)
    lexical, full_text_ms = lexical_search.result()
    rankings = [[i for i, _ in dense], [i for i, _ in lexical]]
    if question.kind == "decision":   # the minutes' recorded decisions, from the register
        rankings.append(store.decision_chunks(question.wording, wanted))
    if question.about_a_meeting:   # who chaired, was present, where: the register knows where minutes open
        rankings.append(store.meeting_chunks())
    candidates = _candidates(store, question, query_vector, rankings, dict(dense), settings,
                             lambda file: store.visible(file, channel) and (papers is None or file in papers))
    return Retrieved(query_vector, candidates, full_text_ms, (time.perf_counter() - started) * 1000)


def _candidates(store: Store, question: Question, query_vector: np.ndarray, rankings: list[list[int]],
                similarity: dict[int, float], settings: AnswerSettings,
                allowed: Callable[[str], bool]) -> list[Candidate]:
    """The fused ranking's chunks of `allowed` papers that fit the question's period: the best
    settings.candidate_chunks, and the best of the vector and full-text searches wherever they rank."""
    fused = fuse(rankings, settings.rrf_k)
    ranked = sorted(fused, key=fused.get, reverse=True)
    firsts = {i for ranking in rankings[:2] for i in ranking[:settings.each_retrievers_best]}
    chunks = store.chunks(ranked)
    out = []
    for chunk_id in ranked:
        if len(out) >= settings.candidate_chunks and chunk_id not in firsts:
            continue
        chunk = chunks[chunk_id]
        if not allowed(chunk.document):
            continue
        if question.names_a_period and not fits_period(question, chunk.embedding_text(), chunk.meeting_date,
                                                       file_month(chunk.document)):
            continue
        if chunk_id not in similarity:
            similarity[chunk_id] = float(np.dot(store.vectors[chunk_id], query_vector.ravel()))
        out.append(Candidate(chunk_id, chunk, fused[chunk_id], similarity[chunk_id]))
    return out


def with_whole_rows(store: Store, candidates: list[Candidate], tables: frozenset[str]) -> list[Candidate]:
    """The candidates and, for a table row split over chunks, its other chunks next to them: a row is one
    record, and the cell holding the answer may be in the part the question's words did not find."""
    held = {c.chunk_id for c in candidates}
    near = {c.chunk_id + step for c in candidates if c.chunk.document in tables for step in (-1, 1)} - held
    siblings = store.chunks(sorted(near))
    out = list(candidates)
    for candidate in candidates:
        for chunk_id in (candidate.chunk_id - 1, candidate.chunk_id + 1):
            other = siblings.get(chunk_id)
            if other and chunk_id not in held and (other.document, other.section) == (candidate.chunk.document,
                                                                                      candidate.chunk.section):
                held.add(chunk_id)
                out.append(Candidate(chunk_id, other, candidate.fused, candidate.similarity))
    return out


def papers_by_kind(titles: dict[str, str]) -> dict[str, str]:
    """The paper each kind of paper names when only one title says it: {"tracker": "...-tracker.tsv"}."""
    holders: dict[str, list[str]] = {}
    for file, title in titles.items():
        for kind in PAPER_KINDS.intersection(terms(title)):
            holders.setdefault(kind, []).append(file)
    return {kind: files[0] for kind, files in holders.items() if len(files) == 1}


def named_documents(question: Question, by_kind: dict[str, str]) -> frozenset[str]:
    """The papers the question names by the kind of paper their title alone says they are: "in the tracker"."""
    return frozenset(by_kind[t] for t in question.terms if t in by_kind)


def fits_period(question: Question, text: str, meeting_date: date | None,
                paper_month: tuple[int, int] | None = None) -> bool:
    """Whether a passage (its text and meeting date or, for a paper of no meeting, the month the paper is
    dated) can be about every period the question names."""
    dated = {(meeting_date.year, meeting_date.month)} if meeting_date else {paper_month} if paper_month else set()
    for year, month in question.month_years:
        if (year, month) not in dated and not mentions_month(text, year, month):
            return False
        if question.asks_past_event and dated and max(dated) < (year, month):   # written before it happened
            return False
    named = fiscal_years_named(text) if question.fiscal_years else set()
    for start in question.fiscal_years:   # a passage naming it, or one naming no financial year in a paper of
        # the year or of April-December after it, reporting on it
        reported = any((start, 4) <= month <= (start + 1, 12) for month in dated)
        if start not in named and (named or not reported):
            return False
    for month in question.months:
        name = MONTH_NAMES[month]   # as papers write a month: not "may" in "the Panel may wish to"
        if month not in {m for _, m in dated} and not re.search(rf"\b(?:{name.capitalize()}|{name.upper()})\b", text):
            return False
    for year in question.years:
        if year not in {y for y, _ in dated} and str(year) not in text:
            return False
    return True
