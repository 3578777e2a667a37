"""Full-text ranking: BM25 over the chunks' terms, exact, scored with NumPy.

At index time every (term, chunk) pair gets its whole BM25 contribution (the term's IDF times its saturated,
length-normalised frequency), stored term by term; a query adds up the postings of its terms and keeps the
best. Every word of the question counts, at any size: 100,000 chunks take a few milliseconds, where
SQLite FTS5's bm25() scored about a thousand matching chunks per millisecond.
"""
from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from panelbot.text.terms import terms

K1, B = 1.2, 0.75        # the usual BM25 constants, as SQLite FTS5 uses them
SECTION_WEIGHT = 2       # a word of the section title counts twice: titles say what the chunk is about
MIN_IDF = 1e-6           # a word in more than half the chunks still counts a little (as in FTS5)
BLOCK = 1 << 22          # postings whose impacts are worked out together


@dataclass(frozen=True)
class Postings:
    """Term by term, the chunks holding it (ascending ids) and what it adds to each one's score: the
    postings of term `vocabulary[n]` are the `frequencies[n]` positions from `starts[n]`."""
    vocabulary: list[str]
    frequencies: list[int]      # how many chunks hold each term
    starts: list[int]
    chunk_ids: np.ndarray       # int32
    impacts: np.ndarray         # float32


def best(chunk_ids: np.ndarray, impacts: np.ndarray, spans: list[tuple[int, int]], chunk_count: int,
         limit: int) -> list[tuple[int, float]]:
    """(chunk id, BM25 score) of the `limit` best chunks, best first (ties by id), for a query whose
    terms' postings are the (start, length) `spans`."""
    scores = np.zeros(chunk_count, dtype="float32")
    for start, length in spans:
        span = slice(start, start + length)
        np.add.at(scores, chunk_ids[span], impacts[span])   # faster than scores[ids] += ... in NumPy 2
    if limit >= chunk_count:
        matched = np.flatnonzero(scores)
    else:   # the limit-th best score, found without sorting; those above it, then the tied ones by id
        # selected from the top: selecting the (N - limit)-th from the bottom of a million scores, most of them
        # zero or equal, took up to 60 ms at 1M chunks where this takes 5 (bench.full_text)
        cut = scores[np.argpartition(-scores, limit - 1)[limit - 1]]
        above = np.flatnonzero(scores > cut)
        tied = np.flatnonzero(scores == cut)[:limit - len(above)] if cut > 0 else above[:0]
        matched = np.concatenate([above, tied])   # not sorting thousands of equal scores
    order = np.lexsort((matched, -scores[matched]))[:limit]
    return [(int(matched[i]), float(scores[matched[i]])) for i in order]


def build_postings(chunks: Iterable[tuple[str, str]]) -> Postings:
    """The postings of chunks given as (section, text), chunk id = position in order."""
    ids: dict[str, int] = {}                           # term -> its number, in order of first use
    term_ids, counts, per_chunk, lengths = array("i"), array("i"), array("i"), array("i")
    for title, text in chunks:   # flat arrays, not a list per term: a million chunks take ~2 GB, not ~6
        section, body = terms(title), terms(text)
        lengths.append(len(section) + len(body))
        frequency = Counter(body)
        for term in section:
            frequency[term] += SECTION_WEIGHT
        per_chunk.append(len(frequency))
        term_ids.extend(ids.setdefault(term, len(ids)) for term in frequency)
        counts.extend(frequency.values())
    vocabulary = sorted(ids)
    place = np.empty(len(ids), dtype="int32")          # term number -> place in the vocabulary
    place[np.fromiter((ids[t] for t in vocabulary), dtype="int64", count=len(ids))] = np.arange(len(ids))
    del ids
    postings_terms = place[np.frombuffer(term_ids, dtype="int32")]
    del term_ids
    order = np.argsort(postings_terms, kind="stable")   # term by term, chunk ids ascending within each
    frequencies = np.bincount(postings_terms, minlength=len(vocabulary))
    del postings_terms
    chunk_ids = np.repeat(np.arange(len(lengths), dtype="int32"), per_chunk)[order]
    tf = np.frombuffer(counts, dtype="int32")[order]
    del order, counts
    idf = np.array([max(MIN_IDF, math.log((len(lengths) - df + 0.5) / (df + 0.5))) for df in frequencies.tolist()])
    impacts = _impacts(np.repeat(idf, frequencies), tf, np.frombuffer(lengths, dtype="int32"), chunk_ids)
    starts = np.concatenate([[0], np.cumsum(frequencies)[:-1]]).tolist() if vocabulary else []
    return Postings(vocabulary, frequencies.tolist(), starts, chunk_ids, impacts)


def _impacts(idf: np.ndarray, tf: np.ndarray, lengths: np.ndarray, chunk_ids: np.ndarray) -> np.ndarray:
    """Each posting's idf times its saturated, length-normalised term frequency: worked in float64 a block at a
    time (a million chunks make ~100 million postings), kept as float32."""
    average = lengths.mean() if lengths.any() else 1.0
    out = np.empty(len(tf), dtype="float32")
    for at in range(0, len(tf), BLOCK):
        block = slice(at, at + BLOCK)
        f, length = tf[block].astype("float64"), lengths[chunk_ids[block]]
        out[block] = idf[block] * (f * (K1 + 1) / (f + K1 * (1 - B + B * length / average)))
    return out
