"""The evaluation metrics on small hand-made cases."""
import json

import pytest

from panelbot.errors import PanelbotError
from panelbot.quality.evaluate import QAItem, load_qa, quote_pages, score_item, summarise
from panelbot.models import Answer, Citation

PAGES = {"pack.pdf": ["the panel met", "the panel agreed to not exercise its veto", "other business"]}


def item(answerable=True, must=("veto",), kind="decision"):
    sources = (("pack.pdf", "The Panel AGREED to NOT exercise its veto"),) if answerable else ()
    return QAItem("q1", "what did the panel agree?", kind, answerable, must, sources)


def cite(page, file="pack.pdf"):
    return Citation(file, "Pack", (page,), "46. Precept", None, "quote")


def answer(text="They did not use the veto [1]", found=True, citations=(), latency=10.0):
    return Answer("what did the panel agree?", text, found, tuple(citations), latency)


def test_quote_pages_ignore_case_and_punctuation_and_span_page_breaks():
    assert quote_pages(PAGES["pack.pdf"], "The Panel AGREED, to NOT exercise") == {2}
    assert quote_pages(["a b c", "d e"], "c d") == {1, 2}
    assert quote_pages(PAGES["pack.pdf"], "not there") == set()


@pytest.mark.parametrize("citations, hit1, hitk", [
    ([cite(2)], True, True),
    ([cite(1), cite(3), cite(2)], False, True),
    ([cite(1), cite(3), cite(1), cite(2)], False, False),      # fourth place is beyond k=3
    ([cite(2, file="other.pdf")], False, False),
])
def test_hit_at_1_and_k(citations, hit1, hitk):
    row = score_item(item(), answer(citations=citations), PAGES, k=3)
    assert (row.hit1, row.hitk) == (hit1, hitk)


def test_must_include_abstention_and_citation_precision():
    row = score_item(item(must=("veto", "unanimously")), answer(citations=[cite(2), cite(1)]), PAGES, 3)
    assert row.must is False and row.abstain_ok
    assert (row.evidence_pages, row.cited_pages) == (1, 2)
    unanswerable = score_item(item(answerable=False), answer(found=False), PAGES, 3)
    assert unanswerable.abstain_ok and unanswerable.hit1 is None and unanswerable.must is None
    wrongly_found = score_item(item(answerable=False), answer(found=True), PAGES, 3)
    assert not wrongly_found.abstain_ok


def test_summary_per_kind_and_overall():
    rows = [score_item(item(), answer(citations=[cite(2)], latency=10), PAGES, 3),
            score_item(item(), answer(citations=[cite(1)], latency=30), PAGES, 3),
            score_item(item(answerable=False, kind="unanswerable"), answer(found=False, latency=20), PAGES, 3)]
    summary = summarise(rows)
    assert summary["decision"]["hit@1"] == 0.5 and summary["decision"]["citation_precision"] == 0.5
    assert summary["unanswerable"]["abstention"] == 1.0 and summary["unanswerable"]["hit@1"] is None
    assert summary["ALL"]["n"] == 3 and summary["ALL"]["p50_ms"] == 20
    assert summary["unanswerable"]["refused"] == 1.0 and summary["decision"]["refused"] is None
    assert summary["ALL"]["tentative"] == 0.0


def test_tentative_answers_and_refusals_are_counted():
    unsure = Answer("what did the panel agree?", "They did not use the veto [1]", True, (cite(2),), 10.0,
                    confident=False)
    rows = [score_item(item(), unsure, PAGES, 3), score_item(item(), answer(citations=[cite(2)]), PAGES, 3),
            score_item(item(answerable=False), answer(found=True), PAGES, 3),
            score_item(item(answerable=False), answer(found=False), PAGES, 3)]
    summary = summarise(rows)["decision"]
    assert summary["tentative"] == round(1 / 3, 3) and summary["refused"] == 0.5


def test_a_broken_qa_line_is_named(tmp_path):
    path = tmp_path / "qa.jsonl"
    path.write_text(json.dumps({"question": "q", "answer": None}) + "\n{not json\n")
    with pytest.raises(PanelbotError, match=r"qa.jsonl, line 2: not a QA item"):
        load_qa(path)
