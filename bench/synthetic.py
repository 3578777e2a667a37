"""Larger corpora made from the real chunks, for speed and memory only (not for answer quality).

Each copy of a real chunk gets other dates, numbers and names, so the index is not a pile of duplicates;
its vector is the real chunk's vector plus a little Gaussian noise, renormalised, because embedding 100,000
chunks with the real model would take over an hour on two cores.
"""
from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date, timedelta

import numpy as np

from panelbot.models import Chunk

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
