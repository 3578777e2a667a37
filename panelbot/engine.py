"""The question-answering API both faces call: `Engine.from_config(config).ask(question) -> Answer`.

The question's path: answer/question.py reads it -> retrieve.py finds candidate chunks -> rank.py scores their
sentences -> evidence.py judges the best -> compose.py quotes it with citations; answer/settings.py holds every
number on the way."""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from panelbot.answer.compose import compose
from panelbot.answer.question import Question, parse_question
from panelbot.answer.rank import Sentence, distinct, rerank, score_sentences, weights
from panelbot.answer.retrieve import named_documents, papers_by_kind, retrieve, with_whole_rows
from panelbot.answer.settings import AnswerSettings
from panelbot.config import Config
from panelbot.embed import Embedder
from panelbot.errors import PanelbotError
from panelbot.index.builds import serving_build
from panelbot.index.store import Store
from panelbot.models import NOT_FOUND, Answer, Decision
from panelbot.text.quotable import similarity_text
from panelbot.text.terms import terms

log = logging.getLogger(__name__)


class Engine:
    """Opens the serving index and the model once; follows a re-index by reopening the new build."""

    def __init__(self, data_dir: Path, embedder: Embedder, settings: AnswerSettings = AnswerSettings()):
        self.data_dir = data_dir
        self.embedder = embedder
        self.settings = settings
        self._lock = threading.Lock()
        self._build = None
        self._store = None
        self._told_slow = False   # that the index lacks the sentences' vectors, said once
        self.current_store()

    @classmethod
    def from_config(cls, config: Config) -> Engine:
        return cls(config.data_dir, Embedder(config.model, config.threads, config.batch_size), config.answer)

    def current_store(self) -> Store:
        """The serving build, reopened when a finished re-index has swapped in a new one."""
        build = serving_build(self.data_dir)
        if build is None:
            raise PanelbotError(f"{self.data_dir}: no index yet; run `panelbot index` first.")
        with self._lock:
            if build != self._build:
                store = Store(self.data_dir / build)
                if store.meta.get("model") != self.embedder.identity:
                    raise PanelbotError(
                        f"the index was built with model {store.meta.get('model')!r} but the configured model is "
                        f"{self.embedder.identity!r}; run `panelbot index` to rebuild it.")
                self._store, self._build = store, build
                documents = store.documents().values()
                self._titles = {d.file: d.title for d in documents}
                self._tables = frozenset(d.file for d in documents if d.kind == "table")
                self._papers_by_kind = papers_by_kind(self._titles)
                log.info("serving index %s (%d chunks)", build, store.chunk_count())
            return self._store

    def decisions(self, topic: str = "", since=None, until=None, channel: str | None = None) -> list[Decision]:
        """The recorded decisions about `topic`, newest first, from the papers `channel` may see."""
        return self.current_store().decisions(topic, since, until, channel)

    def warm_up(self) -> None:
        """Load the model now rather than on the first question."""
        self.ask("warm up")

    def tidied(self, question: str) -> str:
        """The question on one line with single spaces, cut at settings.max_question_chars."""
        return " ".join(question.split())[:self.settings.max_question_chars]

    def ask(self, question: str, channel: str | None = None) -> Answer:
        """Answer from the papers `channel` may see: restricted papers only in their channels; None (the
        command line) sees public papers only."""
        started = time.perf_counter()
        question = self.tidied(question)
        if not terms(question):
            return Answer(question, NOT_FOUND, False, latency_ms=(time.perf_counter() - started) * 1000)
        parsed, sentences, timings = self._ranked(question, channel)
        answer = compose(parsed, sentences, self._titles, self.settings)
        latency = (time.perf_counter() - started) * 1000
        log.debug("answered in %.1f ms: found=%s, confident=%s", latency, answer.found, answer.confident)
        return replace(answer, latency_ms=latency, timings=timings)

    def ranked(self, question: str, channel: str | None = None) -> tuple[Question, list[Sentence]]:
        """The question as read, and the sentences of the passages retrieved for it, best first."""
        parsed, sentences, _ = self._ranked(self.tidied(question), channel)
        return parsed, sentences

    def _ranked(self, question: str, channel: str | None) -> tuple[Question, list[Sentence], dict[str, float]]:
        store = self.current_store()
        parsed = parse_question(question)
        parsed = parsed.also_seeking(store.spellings(parsed.acronyms))
        if parsed.latest_meeting and (latest := store.latest_meeting_date(channel)):
            parsed = replace(parsed, month_years=parsed.month_years + ((latest.year, latest.month),))
        retrieved = retrieve(store, parsed, self.embedder.encode_query, self.settings, channel)
        candidates = with_whole_rows(store, retrieved.candidates, self._tables)
        term_weights = weights(parsed, store.document_frequencies(parsed.weighed_terms), store.chunk_count(),
                               self.settings)
        named = named_documents(parsed, self._papers_by_kind)
        sentences = score_sentences(parsed, candidates, term_weights, self.settings, self._tables, named)
        head = distinct(sentences, self.settings.sentences_compared)
        if head:   # the few best sentences are compared with the question themselves, not just their chunks
            vectors = self._sentence_vectors(store, [similarity_text(s.text) for s in head])
            rest = [s for s in sentences if all(s is not h for h in head)]
            sentences = rerank(head, (vectors @ retrieved.vector).tolist(), self.settings) + rest
        return parsed, sentences, {"full_text_ms": retrieved.full_text_ms, "retrieval_ms": retrieved.retrieval_ms}

    def _sentence_vectors(self, store: Store, texts: list[str]) -> np.ndarray:
        """The vectors of these sentences, as the index run embedded them; any it has not (a build from before,
        or new sentence rules) are embedded now."""
        known = store.sentence_vectors(texts)
        if missing := [t for t in dict.fromkeys(texts) if t not in known]:
            if not store.holds_sentence_vectors and not self._told_slow:
                log.info("this index has no sentence vectors, so answers embed sentences as they come (~40 ms "
                         "more); `panelbot index` adds them")
                self._told_slow = True
            log.debug("embedding %d sentences the index lacks", len(missing))
            known.update(zip(missing, self.embedder.encode_texts(missing)))
        return np.stack([known[t] for t in texts])
