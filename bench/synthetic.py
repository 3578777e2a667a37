"""Larger corpora made from the real chunks, for speed and memory only (not for answer quality).

Each copy of a real chunk gets other dates, numbers and names, so the index is not a pile of duplicates;
its vector is the real chunk's vector plus a little Gaussian noise, renormalised, because embedding 100,000
chunks with the real model would take over an hour on two cores. Its sentences' vectors are made the same way.
"""
from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from panelbot.models import Chunk
from panelbot.text.quotable import similarity_texts

NAMES = ["Ahmed", "Baker", "Chen", "Davies", "Evans", "Fraser", "Gupta", "Hughes", "Iqbal", "Jones", "Khan",
         "Lewis", "Morgan", "Nolan", "Owen", "Patel", "Quinn", "Roberts", "Singh", "Taylor"]
NUMBER = re.compile(r"\d+")
COUNCILLOR = re.compile(r"\b(Councillor|Cllr) [A-Z][a-z]+")
NOISE = 0.05


def vary(chunk: Chunk, copy: int, rng: random.Random) -> Chunk:
    """Another meeting's version of a chunk: shifted date, other figures and councillors."""
    text = NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), chunk.text)
    text = COUNCILLOR.sub(lambda m: f"{m.group(1)} {rng.choice(NAMES)}", text)
    when = chunk.meeting_date + timedelta(days=35 * copy) if chunk.meeting_date else date(2019, 1, 1)
    return replace(chunk, document=f"synthetic-{copy:04d}-{chunk.document}", meeting_date=when, text=text,
                   page_breaks=tuple(b for b in chunk.page_breaks if b < len(text)))


def synthetic_corpus(chunks: list[Chunk], vectors: np.ndarray, size: int,
                     seed: int = 7) -> tuple[list[Chunk], np.ndarray]:
    """`size` chunks and vectors: the real ones first, then varied copies of them."""
    rng, noise = random.Random(seed), np.random.default_rng(seed)
    out = []
    for n in range(size):
        copy, original = divmod(n, len(chunks))
        out.append(chunks[original] if copy == 0 else vary(chunks[original], copy, rng))
    picked = vectors[np.arange(size) % len(chunks)]
    varied = picked + noise.normal(0, NOISE, picked.shape).astype("float32") * (np.arange(size) >= len(chunks))[:, None]
    varied /= np.linalg.norm(varied, axis=1, keepdims=True)
    return out, varied.astype("float32")


def synthetic_sentence_vectors(real: list[Chunk], chunks: list[Chunk], known: dict[str, np.ndarray],
                               seed: int = 7) -> tuple[tuple[str, ...], np.ndarray]:
    """The sentence texts and vectors of `chunks`: the real sentences' own (`known`) and, for each copy made by
    synthetic_corpus, its sentences' original's plus noise, renormalised. A copy whose sentences no longer pair
    with its original's (a figure changed where a sentence ends) gets none, and is embedded when a question
    needs it."""
    noise = np.random.default_rng(seed)
    originals = [similarity_texts(chunk.text) for chunk in real]
    out = dict(known)
    for n, chunk in enumerate(chunks[len(real):], len(real)):
        texts, original = similarity_texts(chunk.text), originals[n % len(real)]
        if len(texts) != len(original) or not all(t in known for t in original):
            continue
        picked = np.stack([known[t] for t in original])
        varied = picked + noise.normal(0, NOISE, picked.shape).astype("float32")
        for text, vector in zip(texts, varied / np.linalg.norm(varied, axis=1, keepdims=True)):
            out.setdefault(text, vector)   # a sentence the copy left as it was keeps its real vector
    return tuple(out), np.stack(list(out.values())) if out else np.zeros((0, 0), dtype="float32")
