"""Larger corpora made from the real chunks' sentences, for speed, memory and search recall (not answer quality).

A synthetic chunk is not a copy of one real chunk: it is composed of as many sentences as a real chunk holds,
each drawn from one of that chunk's 24 nearest real chunks (itself included), so from different papers and items
on a related subject, the way an item of another meeting reads; a sentence with figures or councillors' names gets
other ones. With ~2,200 real sentences and ~6 a chunk, two synthetic chunks sharing even three sentences is rare,
so no chunk has a pile of near-copies around it.

Embedding a million chunks with the real model would take days on two cores, so vectors are derived from the
real ones, with noise measured on the real corpus and model:
- a varied sentence's vector is its real sentence's plus Gaussian noise giving cosine ~0.95 with it, what the
  model gives a sentence and its copy with other figures and names (median of 300 sentences);
- a chunk's vector is the normalised mean of its sentences' vectors plus noise giving cosine ~0.83 with that mean,
  what real chunks' vectors have with their sentences' mean (median of 455 chunks).
Sentences without figures or names stay as they are (a third carry some), so they repeat across chunks the way
boilerplate does: a synthetic index holds fewer distinct sentences than a real one of its size would.
"""
from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from panelbot.index.store import DocumentRecord
from panelbot.models import Chunk
from panelbot.text.quotable import quoted_spans, similarity_text, similarity_texts

NAMES = ["Ahmed", "Baker", "Chen", "Davies", "Evans", "Fraser", "Gupta", "Hughes", "Iqbal", "Jones", "Khan",
         "Lewis", "Morgan", "Nolan", "Owen", "Patel", "Quinn", "Roberts", "Singh", "Taylor"]
NUMBER = re.compile(r"\d+")
COUNCILLOR = re.compile(r"\b(Councillor|Cllr) [A-Z][a-z]+")
SENTENCE_COSINE = 0.95   # a varied sentence's vector with its real one's
CHUNK_COSINE = 0.83      # a chunk's vector with its sentences' mean
RELATED_CHUNKS = 24   # a real chunk's nearest ones, whose sentences a synthetic chunk seeded by it draws from
CHUNKS_PER_PAPER = 50
FIRST_MEETING = date(2015, 1, 7)


@dataclass(frozen=True)
class SentencePool:
    """The real corpus's sentences a synthetic chunk is composed of, as quoted (each one sentence on its own line),
    with their vectors and whether they hold figures or names to vary; the real chunks seeding synthetic ones."""
    texts: list[str]
    vectors: np.ndarray          # float32, the vector of each one's similarity_text
    variable: list[bool]
    seeds: list[Chunk]           # the real chunks with a sentence here
    counts: list[int]            # each seed's sentences, as many as a chunk it seeds holds
    related: list[list[int]]     # for each seed, the sentences of its RELATED_CHUNKS nearest seeds


@dataclass(frozen=True)
class SyntheticBatch:
    """Consecutive synthetic chunks, their vectors, and the sentences first made for them with their vectors."""
    chunks: list[Chunk]
    vectors: np.ndarray          # float32, normalised
    sentence_texts: list[str]    # similarity texts
    sentence_vectors: np.ndarray  # float32, normalised


def sentence_pool(real: list[Chunk], real_vectors: np.ndarray, known: dict[str, np.ndarray]) -> SentencePool:
    """The sentences of the real chunks that read as one sentence on a line of their own, with a known vector."""
    texts, vectors, seeds, own = [], [], [], []
    for chunk, chunk_vector in zip(real, real_vectors):
        rows = []
        for start, end in quoted_spans(chunk.text):
            sentence = " ".join(chunk.text[start:end].split())
            vector = known.get(similarity_text(sentence))
            if vector is None or sentence.endswith(":") or similarity_texts(sentence) != [similarity_text(sentence)]:
                continue
            rows.append(len(texts))
            texts.append(sentence)
            vectors.append(vector)
        if rows:
            seeds.append((chunk, chunk_vector))
            own.append(rows)
    seed_vectors = np.stack([v for _, v in seeds])
    nearest = np.argsort(-(seed_vectors @ seed_vectors.T), axis=1)[:, :RELATED_CHUNKS]
    return SentencePool(texts, np.stack(vectors).astype("float32"),
                        [bool(NUMBER.search(t) or COUNCILLOR.search(t)) for t in texts], [c for c, _ in seeds],
                        [max(1, len(similarity_texts(c.text))) for c, _ in seeds],
                        [[row for seed in near for row in own[seed]] for near in nearest])


def vary(sentence: str, rng: random.Random) -> str:
    """The sentence with other figures and councillors."""
    text = NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), sentence)
    return COUNCILLOR.sub(lambda m: f"{m.group(1)} {rng.choice(NAMES)}", text)


def noise(cosine: float, dimension: int) -> float:
    """The Gaussian noise per dimension whose addition leaves a unit vector at `cosine` with itself."""
    return float(np.sqrt((1 / cosine ** 2 - 1) / dimension))


def normalised(vectors: np.ndarray) -> np.ndarray:
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype("float32")


def synthetic_batches(pool: SentencePool, first: int, size: int, batch: int = 20_000,
                      seed: int = 7) -> Iterator[SyntheticBatch]:
    """Synthetic chunks number `first` to `size` - 1, `batch` at a time; the same for the same seed."""
    rng, gaussian = random.Random(seed), np.random.default_rng(seed)
    dimension = pool.vectors.shape[1]
    for start in range(first, size, batch):
        chunks, picks, varied_picks, varied_texts = [], [], [], []
        for n in range(start, min(size, start + batch)):
            seed = rng.randrange(len(pool.seeds))
            drawn = rng.choices(pool.related[seed], k=pool.counts[seed])
            sentences, rows = [], []
            for i in drawn:
                sentence = vary(pool.texts[i], rng) if pool.variable[i] else pool.texts[i]
                if sentence != pool.texts[i]:   # its vector: a new row after the pool's
                    rows.append(len(pool.texts) + len(varied_picks))
                    varied_picks.append(i)
                    varied_texts.append(similarity_text(sentence))
                else:
                    rows.append(i)
                sentences.append(sentence)
            picks.append(rows)
            chunks.append(_chunk(n, "\n".join(sentences), pool.seeds[seed].section))
        varied = normalised(pool.vectors[varied_picks] + gaussian.normal(
            0, noise(SENTENCE_COSINE, dimension), (len(varied_picks), dimension)))
        means = mean_rows(np.concatenate([pool.vectors, varied]), picks)
        vectors = normalised(means + gaussian.normal(0, noise(CHUNK_COSINE, dimension), means.shape))
        yield SyntheticBatch(chunks, vectors, varied_texts, varied)


def mean_rows(vectors: np.ndarray, picks: list[list[int]]) -> np.ndarray:
    """The normalised mean of each list of rows of `vectors`, summed together for the lists of one length."""
    out = np.empty((len(picks), vectors.shape[1]), dtype="float32")
    by_length: dict[int, list[int]] = {}
    for n, rows in enumerate(picks):
        by_length.setdefault(len(rows), []).append(n)
    for length, which in by_length.items():
        rows = np.array([picks[n] for n in which])
        out[which] = vectors[rows.ravel()].reshape(len(which), length, -1).sum(axis=1)
    return normalised(out)


def _chunk(n: int, text: str, section: str) -> Chunk:
    paper, at = divmod(n, CHUNKS_PER_PAPER)
    page = at // 3 + 1
    return Chunk(paper_file(paper), meeting_date(paper), section, page, page, text, ())


def paper_file(paper: int) -> str:
    return f"{meeting_date(paper).isoformat()}-synthetic-paper-{paper:05d}.pdf"


def meeting_date(paper: int) -> date:
    """Papers spread over ten years of meetings, several bodies' papers sharing a date."""
    return FIRST_MEETING + timedelta(days=7 * (paper % 520))


def synthetic_documents(first: int, size: int) -> list[DocumentRecord]:
    """The papers the synthetic chunks `first` to `size` - 1 belong to."""
    papers = range(first // CHUNKS_PER_PAPER, (size - 1) // CHUNKS_PER_PAPER + 1) if size > first else ()
    return [DocumentRecord(paper_file(p), f"Synthetic paper {p}", "pdf", "", meeting_date(p),
                           CHUNKS_PER_PAPER // 3 + 1, CHUNKS_PER_PAPER) for p in papers]


def synthetic_corpus(real: list[Chunk], vectors: np.ndarray, known: dict[str, np.ndarray], size: int,
                     folder: Path, seed: int = 7) -> tuple[list[Chunk], np.ndarray, tuple[str, ...], np.ndarray]:
    """`size` chunks, the real ones first, and their vectors; the texts and float16 vectors of their sentences
    (the real ones' from `known`). The vectors are arrays mapped from files written in `folder`: at a million
    chunks they take 3 GB, which need not stay in memory while the build is written."""
    chunks = list(real[:size])
    out = np.lib.format.open_memmap(folder / "chunk-vectors.npy", "w+", "float32", (size, vectors.shape[1]))
    out[:len(chunks)] = vectors[:len(chunks)]
    texts = list(known)
    with open(folder / "sentence-vectors.f16", "wb") as sentences:
        if known:
            sentences.write(np.stack(list(known.values())).astype("float16").tobytes())
        for batch in synthetic_batches(sentence_pool(real, vectors, known), len(chunks), size, seed=seed):
            out[len(chunks):len(chunks) + len(batch.chunks)] = batch.vectors
            chunks.extend(batch.chunks)
            texts.extend(batch.sentence_texts)
            sentences.write(batch.sentence_vectors.astype("float16").tobytes())
    out.flush()
    shape = (len(texts), vectors.shape[1])
    sentence_vectors = np.memmap(folder / "sentence-vectors.f16", "float16", "r", shape=shape) if texts \
        else np.zeros(shape, "float16")
    return chunks, out, tuple(texts), sentence_vectors
