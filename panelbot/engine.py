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

from panelbot.answer.bodies import bodies_named, naming_terms, other_area, places, unknown_place
from panelbot.answer.compose import compose
from panelbot.answer.meetings import asks_about_a_meeting, meeting_answer, meeting_day
from panelbot.answer.question import REQUEST, Question, absent_rarity, parse_question
from panelbot.answer.rank import Sentence, distinct, rerank, score_sentences, unknown_weight, weights
from panelbot.answer.retrieve import named_documents, papers_by_kind, retrieve, with_whole_rows
from panelbot.answer.settings import AnswerSettings
from panelbot.config import Config
from panelbot.embed import Embedder
from panelbot.errors import PanelbotError
from panelbot.index.builds import serving_build
from panelbot.index.store import Store
from panelbot.models import NOT_A_QUESTION, NOT_FOUND, Answer, Decision
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
                self._bodies = {d.file: d.body for d in documents if d.body}
                self._places = {body: places(body) for body in set(self._bodies.values())}
                self._known_places = set().union(*self._places.values())
                self._unclaimed = frozenset(d.file for d in documents if not d.body and d.kind != "table")
                # the places each table (no title block names its body) names: {"tracker.tsv": {"cambridgeshir"}}
                self._placeless = {file: frozenset(store.document_frequencies(sorted(self._known_places),
                                                                              frozenset({file})))
                                   for file in self._tables if not self._places.get(self._bodies.get(file, ""))}
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
        store = self.current_store()
        if REQUEST.match(question):   # "write a poem about council tax": no paper says it
            return Answer(question, NOT_A_QUESTION, False, latency_ms=(time.perf_counter() - started) * 1000)
        if not terms(question) or self._names_a_body_not_here(store, question):
            # a body whose papers are not here ("what did essex's panel decide?") is not answered from another's
            return Answer(question, NOT_FOUND, False, latency_ms=(time.perf_counter() - started) * 1000)
        parsed, papers = self._read(store, question, channel)
        timings: dict[str, float] = {}
        if asks_about_a_meeting(parsed, set(parsed.body_terms)):
            answer = self._meeting_decisions(store, parsed, channel, papers)
        else:
            sentences, timings = self._ranked(store, parsed, channel, papers)
            answer = compose(parsed, sentences, self._titles, self.settings)
        latency = (time.perf_counter() - started) * 1000
        log.debug("answered in %.1f ms: found=%s, confident=%s", latency, answer.found, answer.confident)
        return replace(self._with_bodies(answer), latency_ms=latency, timings=timings)

    def ranked(self, question: str, channel: str | None = None) -> tuple[Question, list[Sentence]]:
        """The question as read, and the sentences of the passages retrieved for it, best first."""
        store = self.current_store()
        parsed, papers = self._read(store, self.tidied(question), channel)
        return parsed, self._ranked(store, parsed, channel, papers)[0]

    def _names_a_body_not_here(self, store: Store, question: str) -> bool:
        def unclaimed_say(words: list[str]) -> bool:   # a paper of no known body may be the area's
            held = store.document_frequencies(words, self._unclaimed) if self._unclaimed else {}
            return all(held.get(word) for word in words)

        return other_area(question, self._places, unclaimed_say) is not None or unknown_place(
            question, self._known_places, lambda term: store.document_frequencies([term]).get(term, 0)) is not None

    def _read(self, store: Store, question: str, channel: str | None) -> tuple[Question, frozenset[str] | None]:
        """The question as read, also seeking the spellings of its acronyms and, for "the last meeting", that
        meeting's month; and the papers it may draw on: those of the bodies it names, else all (None)."""
        parsed = parse_question(question)
        parsed = parsed.also_seeking(store.spellings(parsed.acronyms))
        if parsed.latest_meeting and (latest := store.latest_meeting_date(channel)):
            parsed = replace(parsed, month_years=parsed.month_years + ((latest.year, latest.month),))
        asked_of = bodies_named(question, set(parsed.terms), self._places)
        named_places = frozenset().union(*(self._places[body] for body in asked_of))
        place_terms = naming_terms(question, named_places)
        # a table of no body known by a place may be the named body's too, if it names the place
        papers = frozenset(file for file in self._titles if self._bodies.get(file) in asked_of
                           or self._placeless.get(file, frozenset()) & named_places) if asked_of else None
        # its papers alone are searched: each passage is of that body, whether it names the place or not
        parsed = replace(parsed, body_terms=tuple(t for t in parsed.terms if t in place_terms))
        absent = absent_rarity(parsed, lambda words: self._frequencies(store, parsed, words, papers))
        return replace(parsed, absent=absent), papers

    @staticmethod
    def _frequencies(store: Store, question: Question, words: list[str],
                     papers: frozenset[str] | None) -> dict[str, int]:
        """How many chunks hold each word; for a question about one body's papers, a word only other bodies'
        papers use counts as one no paper uses, unless the papers may say it otherwise ("pcc", "acronyms")."""
        held = store.document_frequencies(words, papers)
        if papers is None:
            return held
        otherwise = set(question.rephrased) | set(terms(" ".join(question.acronyms)))
        return {**store.document_frequencies([w for w in words if w in otherwise and w not in held]), **held}

    def _meeting_decisions(self, store: Store, question: Question, channel: str | None,
                           papers: frozenset[str] | None) -> Answer:
        """The decisions recorded at the meeting the question names, from the papers it may draw on."""
        decisions = [d for d in store.decisions(channel=channel) if papers is None or d.document in papers]
        day = meeting_day(question, [d.meeting_date for d in decisions if d.meeting_date])
        held = [d for d in decisions if day and d.meeting_date == day]
        if not held:
            return Answer(question.text, NOT_FOUND, False)
        return meeting_answer(question, day, sorted(held, key=lambda d: (d.document, d.page)), self._titles)

    def _ranked(self, store: Store, parsed: Question, channel: str | None,
                papers: frozenset[str] | None) -> tuple[list[Sentence], dict[str, float]]:
        retrieved = retrieve(store, parsed, self.embedder.encode_query, self.settings, channel, papers)
        candidates = with_whole_rows(store, retrieved.candidates, self._tables)
        # a word only other bodies' papers use is, for a question about this body, a word its papers never use
        frequencies, total = self._frequencies(store, parsed, parsed.weighed_terms, papers), store.chunk_count()
        term_weights = weights(parsed, frequencies, total, self.settings)
        named = named_documents(parsed, self._papers_by_kind)
        sentences = score_sentences(parsed, candidates, term_weights, self.settings, self._tables, named,
                                    unknown_weight(parsed, frequencies, total, self.settings))
        head = distinct(sentences, self.settings.sentences_compared)
        if head:   # the few best sentences are compared with the question themselves, not just their chunks
            vectors = self._sentence_vectors(store, [similarity_text(s.text) for s in head])
            rest = [s for s in sentences if all(s is not h for h in head)]
            sentences = rerank(head, (vectors @ retrieved.vector).tolist(), self.settings) + rest
        return sentences, {"full_text_ms": retrieved.full_text_ms, "retrieval_ms": retrieved.retrieval_ms}

    def _with_bodies(self, answer: Answer) -> Answer:
        """The answer's citations naming the body whose paper each is, when the papers are of several bodies."""
        if len(self._places) < 2:
            return answer
        return replace(answer, citations=tuple(replace(c, body=self._bodies.get(c.file, "")) for c in answer.citations))

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
