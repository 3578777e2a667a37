"""Retrieval: dense (FAISS) and full-text (BM25) candidates fused by reciprocal rank."""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from panelbot.models import Chunk
from panelbot.question import Question, file_month, fits_period
from panelbot.store import Store
from panelbot.terms import terms

RRF_K = 60          # the usual reciprocal-rank-fusion constant: ranks matter, raw scores do not
# Words naming a kind of paper ("the tracker", "the agenda pack"), as terms() stems them; not "plan" or "report",
# which are topics too ("the police and crime plan").
PAPER_KINDS = frozenset(terms("tracker agenda pack minutes paper letter register log"))
# The best chunks of the vector search and of the full-text search are always candidates, beside the best fused:
# one retriever's best may be missing from the other's list altogether, and fusion then ranks it below chunks both
# rank middling ("how many people are waiting to join cambs police?": full-text first, not in the vector search's
# 60). Spent pool of 896: 1 +16 answers, 2 +18 (hit@3 +11), 3 +14.
EACH_RETRIEVERS_BEST = 2
CANDIDATES = 60     # taken from each retriever before fusion
# PyTorch, FAISS, SQLite and NumPy all let go of the GIL while they work, so the full-text search runs beside
# embedding the question and the vector search.
_full_text_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="full-text")


@dataclass(frozen=True)
class Candidate:
    chunk_id: int
    chunk: Chunk
    fused: float        # reciprocal-rank fusion score
    similarity: float   # cosine similarity of chunk and question


def fuse(rankings: list[list[int]], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion of several ranked id lists."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (k + rank + 1)
    return scores


def retrieve(store: Store, question: Question, encode: Callable[[str], np.ndarray], limit: int,
             channel: str | None = None) -> tuple[np.ndarray, list[Candidate]]:
    """The question's vector (from `encode`) and its best `limit` chunks, and each retriever's best ones
    (EACH_RETRIEVERS_BEST), dropping any that cannot be about the period it names and any from papers
    restricted to other channels than `channel`."""
    lexical_search = _full_text_worker.submit(store.full_text, " ".join([question.text, *question.related]), CANDIDATES)
    query_vector = encode(question.text)   # while the full-text search runs
    dense = store.nearest(query_vector, CANDIDATES)
    rankings = [[i for i, _ in dense], [i for i, _ in lexical_search.result()]]
    if question.kind == "decision":   # the minutes' recorded decisions, from the register
        rankings.append(store.decision_chunks(question.wording, CANDIDATES))
    if question.about_a_meeting:   # who chaired, was present, where: the register knows where minutes open
        rankings.append(store.meeting_chunks())
    fused = fuse(rankings)
    similarity = dict(dense)
    ranked = sorted(fused, key=fused.get, reverse=True)
    firsts = {i for ranking in rankings[:2] for i in ranking[:EACH_RETRIEVERS_BEST]}   # vectors', full text's
    chunks = store.chunks(ranked)
    out = []
    for chunk_id in ranked:
        if len(out) >= limit and chunk_id not in firsts:
            continue
        chunk = chunks[chunk_id]
        if not store.visible(chunk.document, channel):
            continue
        if question.names_a_period and not fits_period(question, chunk.embedding_text(), chunk.meeting_date,
                                                       file_month(chunk.document)):
            continue
        if chunk_id not in similarity:
            similarity[chunk_id] = float(np.dot(store.vectors[chunk_id], query_vector.ravel()))
        out.append(Candidate(chunk_id, chunk, fused[chunk_id], similarity[chunk_id]))
    return query_vector, out


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
