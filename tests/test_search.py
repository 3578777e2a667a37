"""Full-text search: exact BM25 over every word of the question, whatever the size of the index; and retrieval."""
import math
import re
from collections import Counter

import numpy as np
import pytest

from panelbot.index.lexical import B, K1, SECTION_WEIGHT, best, build_postings
from panelbot.answer.question import parse_question
from panelbot.answer.retrieve import retrieve
from panelbot.answer.settings import AnswerSettings
from panelbot.index.store import open_serving
from panelbot.text.terms import terms

CHUNKS = [("Precept", "The Panel agreed not to veto the precept."),
          ("Estates", "The estates strategy was noted. Estates costs rose."),
          ("", "The Commissioner presented the precept report and the estates plan."),
          ("Minutes", "Apologies were received.")]


def bm25_by_hand(query: str, chunks: list[tuple[str, str]]) -> dict[int, float]:
    """The textbook formula, written out once more, one chunk at a time."""
    lengths = [len(terms(s)) + len(terms(t)) for s, t in chunks]
    average = sum(lengths) / len(lengths)
    scores = {}
    for i, (section, text) in enumerate(chunks):
        frequency = Counter(terms(text)) + Counter({w: SECTION_WEIGHT * n for w, n in Counter(terms(section)).items()})
        score = 0.0
        for word in set(terms(query)):
            df = sum(1 for s, t in chunks if word in terms(s) + terms(t))
            if frequency[word]:
                idf = max(1e-6, math.log((len(chunks) - df + 0.5) / (df + 0.5)))
                f = frequency[word]
                score += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * lengths[i] / average))
        if score:
            scores[i] = score
    return scores


def search(query: str, chunks: list[tuple[str, str]], limit: int) -> list[tuple[int, float]]:
    postings = build_postings(chunks)
    spans = [(postings.starts[n], postings.frequencies[n]) for n, word in enumerate(postings.vocabulary)
             if word in set(terms(query))]
    return best(postings.chunk_ids, postings.impacts, spans, len(chunks), limit)


@pytest.mark.parametrize("query", ["precept", "estates strategy precept", "did the panel veto the precept",
                                   "apologies", "Commissioner estates"])
def test_scores_are_the_bm25_formula(query):
    expected = bm25_by_hand(query, CHUNKS)
    found = search(query, CHUNKS, 10)
    assert [i for i, _ in found] == sorted(expected, key=lambda i: (-expected[i], i))
    assert np.allclose([s for _, s in found], [expected[i] for i, _ in found], rtol=1e-5)


def test_a_section_title_word_outweighs_the_same_word_in_the_text():
    assert search("estates", CHUNKS, 1)[0][0] == 1
    assert [i for i, _ in search("precept", CHUNKS, 3)] == [0, 2]


def test_the_limit_keeps_the_best_and_words_nowhere_in_the_papers_find_nothing():
    everything = search("precept estates apologies", CHUNKS, 10)
    assert search("precept estates apologies", CHUNKS, 2) == everything[:2]
    assert search("helicopter", CHUNKS, 10) == []
    assert search("the of and", CHUNKS, 10) == []


def test_postings_read_from_a_stream_are_those_of_the_list():
    listed, streamed = build_postings(CHUNKS), build_postings(iter(CHUNKS))
    assert (listed.vocabulary, listed.frequencies, listed.starts) == \
        (streamed.vocabulary, streamed.frequencies, streamed.starts)
    assert np.array_equal(listed.chunk_ids, streamed.chunk_ids) and np.array_equal(listed.impacts, streamed.impacts)


def test_chunks_tied_at_the_limit_are_kept_by_id():
    tied = [("", "The precept was agreed.")] * 5 + [("Precept", "The precept was agreed.")]
    assert [i for i, _ in search("precept", tied, 3)] == [5, 0, 1]


@pytest.fixture
def store(config):
    return open_serving(config.data_dir)


def test_the_real_index_finds_the_precept_decision(store):
    ranked = [i for i, _ in store.full_text("did the panel veto the precept", 10)]
    found = store.chunks(ranked)
    assert found and all(re.search(r"\b(veto|precept)", c.embedding_text(), re.I) for c in found.values())
    assert any("veto" in found[i].text for i in ranked[:3])


def test_each_retrievers_best_chunks_are_candidates_though_fusion_ranks_them_lower(store, embedder):
    question = parse_question("how many people are waiting to join cambs police?")
    words = " ".join([question.text, *question.related])
    full_text_best = [i for i, _ in store.full_text(words, 2)]
    vector = embedder.encode_query(question.text)
    vector_best = [i for i, _ in store.nearest(vector, 2)]
    candidates = retrieve(store, question, embedder.encode_query, AnswerSettings()).candidates
    assert set(full_text_best + vector_best) <= {c.chunk_id for c in candidates}
    assert any("waiting list to join the force" in " ".join(c.chunk.text.split()) for c in candidates)
    assert len(candidates) <= 12 + 4
