"""Full-text search: the whole question on a small index; the commonest words left out once BM25 would
have to score too many chunks."""
import re
import sys

import pytest

from panelbot.store import Store


@pytest.fixture
def store(config):
    return Store.open_current(config.data_dir)


def test_full_text_keeps_every_word_within_its_budget(store):
    question = "did the panel veto the precept"
    assert store.full_text(question, 10) == store.full_text(question, 10, max_rows=sys.maxsize)
    assert store._distinctive(question) == ["panel", "veto", "precept"]


def test_past_its_budget_the_commonest_words_go_first_and_the_rarest_two_stay(store):
    assert store._distinctive("did the panel veto the precept", max_rows=1) == ["veto", "precept"]
    found = store.chunks([i for i, _ in store.full_text("did the panel veto the precept", 10, max_rows=1)])
    assert found and all(re.search(r"\b(veto|precept)", c.embedding_text(), re.I) for c in found.values())
