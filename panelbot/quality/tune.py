"""Tuning the embedding model on a council's own question sets (`panelbot tune`): each question is pulled towards
the sentences and the passage holding its answer, and away from the best-ranked ones that do not hold it."""
from __future__ import annotations

import random
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from panelbot.embed import load_model
from panelbot.engine import Engine
from panelbot.errors import PanelbotError
from panelbot.index.store import Store
from panelbot.quality.evaluate import QAItem, normalise
from panelbot.text.quotable import quoted_spans, similarity_text

SENTENCES_PER_QUESTION = 2   # sentences holding the answer taken per question, beside the passage holding it
# Passages are read this far while training, not to the 256 word pieces the index reads: 2.5 times faster, and on
# questions it was not tuned on the model did as well (docs/quality.md).
TRAINING_TOKENS = 128
BATCH = 32                   # questions per step: the others' answers are each question's wrong ones too
LEARNING_RATE = 2e-5
SEED = 0


@dataclass(frozen=True)
class Example:
    """A question, a text holding its answer and one that does not, both as the index embeds them."""
    question: str
    answer: str       # a sentence (its similarity_text) or a passage (its embedding_text) holding the answer
    wrong: str        # one of the same kind, the engine's best-ranked that does not hold it


def opening(quote: str) -> str:
    """The first words of a quote, normalised: enough to find where it stands."""
    return " ".join(normalise(quote).split()[:8])


def answering(store: Store, file: str, quote: str) -> list[tuple[str, str]]:
    """(sentence, passage) of each sentence lying within `quote` or opening as it does, in the passages of `file`
    that hold the quote's opening: a page header the quote runs over is not taken from every page."""
    wanted, opens = normalise(quote), opening(quote)
    out = []
    for _, chunk in store.chunks_of(file):
        if opens not in normalise(chunk.text):
            continue
        for start, end in quoted_spans(chunk.text):
            said = normalise(chunk.text[start:end])
            if len(said.split()) >= 4 and (said in wanted or opens in said):
                out.append((similarity_text(chunk.text[start:end]), chunk.embedding_text()))
    return out


def holds_answer(text: str, item: QAItem) -> bool:
    """Whether `text` holds the item's quote, lies within it, or holds all its key strings: no wrong answer."""
    said = normalise(text)
    if any(opening(quote) in said or said in normalise(quote) for _, quote in item.sources):
        return True
    return bool(item.must_include) and all(normalise(m) in said for m in item.must_include)


def examples(engine: Engine, items: list[QAItem], progress: Callable[[int], None] | None = None
             ) -> tuple[list[Example], list[str]]:
    """Training examples from the answerable items, with the ids of those whose quote no passage holds."""
    store = engine.current_store()
    out, unfound = [], []
    for item in items:
        if progress:
            progress(1)
        if not item.answerable:
            continue
        found = [pair for file, quote in item.sources for pair in answering(store, file, quote)]
        if not found:
            unfound.append(item.id)
            continue
        sentences, passages = dict.fromkeys(s for s, _ in found), dict.fromkeys(p for _, p in found)
        _, ranked = engine.ranked(item.question)
        wrong_sentence = next((t for t in (similarity_text(s.text) for s in ranked)
                               if t not in sentences and not holds_answer(t, item)), None)
        wrong_passage = next((t for t in (s.candidate.chunk.embedding_text() for s in ranked)
                              if t not in passages and not holds_answer(t, item)), None)
        if wrong_sentence:
            out += [Example(item.question, s, wrong_sentence) for s in list(sentences)[:SENTENCES_PER_QUESTION]]
        if wrong_passage:
            out.append(Example(item.question, next(iter(passages)), wrong_passage))
    return out, unfound


def batches(training: list[Example], size: int) -> Iterator[list[Example]]:
    """The examples in order, in batches where no text occurs twice: the loss takes every other text of a batch
    as a wrong answer, so a question's other answers or an answer shared by two questions must not be in it."""
    pending = training
    while pending:
        batch, seen, later = [], set(), []
        for example in pending:
            texts = {example.question, example.answer, example.wrong}
            if len(batch) < size and not texts & seen:
                batch.append(example)
                seen |= texts
            else:
                later.append(example)
        yield batch
        pending = later


def check_out(out: Path) -> None:
    """Refuse an output folder that exists, or whose parent is not a folder, before any work is done."""
    if out.exists():
        raise PanelbotError(f"{out}: already exists; choose another --out or remove it.")
    parent = next((p for p in out.parents if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise PanelbotError(f"{out}: {parent} is a file, not a folder; choose another --out.")


def fine_tune(base: str, training: list[Example], out: Path, epochs: int = 1,
              progress: Callable[[int], None] | None = None) -> None:
    """Tune the model at `base` (a folder or a model name) on the examples with sentence-transformers'
    MultipleNegativesRankingLoss, and save it in float16 to `out`, a new folder; nothing is left there if tuning
    fails."""
    import torch
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss

    check_out(out)
    if not training:
        raise PanelbotError("no examples to tune on: no answerable question's quote was found in the papers.")
    torch.manual_seed(SEED)
    model = load_model(base)
    reads, model.max_seq_length = model.max_seq_length, TRAINING_TOKENS
    loss = MultipleNegativesRankingLoss(model)
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE)
    order = list(training)
    shuffle = random.Random(SEED).shuffle
    model.train()
    for _ in range(epochs):
        shuffle(order)
        for batch in batches(order, BATCH):
            columns = [[e.question for e in batch], [e.answer for e in batch], [e.wrong for e in batch]]
            value = loss([model.preprocess(column) for column in columns], None)
            optimiser.zero_grad()
            value.backward()
            optimiser.step()
            if progress:
                progress(len(batch))
    model.eval()
    model.max_seq_length = reads
    model.half()   # half the size on disk; load_model reads it back as float32 (cosine to float32 >= 0.9999)
    partial = out.with_name(out.name + ".partial")   # left by a tuning run that was stopped while saving
    shutil.rmtree(partial, ignore_errors=True)
    try:
        model.save(str(partial))
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(out)
