"""Incremental, crash-safe index builds on a small real corpus with the real model."""
import logging
import os
import shutil
import sqlite3

import numpy as np
import pytest

from indexer.build import Progress, build_index
from panelbot.answer.settings import AnswerSettings
from panelbot.engine import Engine
from panelbot.errors import PanelbotError
from panelbot.text.quotable import similarity_texts
from panelbot.index.builds import CURRENT
from panelbot.index.store import open_serving

from conftest import CORPUS

BCB = "2017-09-21-business-coordination-board-police-and-crime-plan-delivery-plan.pdf"
NOTES = "2022-05-01-briefing-notes.md"


@pytest.fixture
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / BCB, corpus / BCB)
    (corpus / NOTES).write_text("# Briefing\nThe briefing on fleet costs was noted by the Panel.\n")
    return corpus


def build(corpus, data, embedder, progress=Progress()):
    return build_index(corpus, data, embedder, 200, progress)


def engine_for(data, embedder):
    return Engine(data, embedder, AnswerSettings())


def test_unchanged_corpus_embeds_nothing_and_keeps_the_build(small_corpus, tmp_path, embedder):
    data = tmp_path / "data"
    first = build(small_corpus, data, embedder)
    assert sorted(first.new) == [BCB, NOTES] and first.embedded == first.chunks > 0 and first.swapped
    serving = os.readlink(data / CURRENT)
    again = build(small_corpus, data, embedder)
    assert again.embedded == 0 and not again.swapped
    assert sorted(again.unchanged) == [BCB, NOTES]
    assert os.readlink(data / CURRENT) == serving


def test_new_register_rules_build_the_register_again_without_embedding(small_corpus, tmp_path, embedder,
                                                                     monkeypatch):
    data = tmp_path / "data"
    first = build(small_corpus, data, embedder)
    monkeypatch.setattr("indexer.build.REGISTER_VERSION", "next")
    again = build(small_corpus, data, embedder)
    assert again.swapped and again.embedded == 0 and again.chunks == first.chunks
    assert sorted(again.unchanged) == [BCB, NOTES]
    assert open_serving(data).meta["register"] == "next"
    assert not build(small_corpus, data, embedder).swapped   # the register is current now


def test_sentences_are_embedded_once_and_a_changed_paper_embeds_only_its_new_ones(small_corpus, tmp_path,
                                                                                  embedder):
    data = tmp_path / "data"
    first = build(small_corpus, data, embedder)
    store = open_serving(data)
    texts = sorted({t for file in (BCB, NOTES) for _, c in store.chunks_of(file) for t in similarity_texts(c.text)})
    stored = store.sentence_vectors(texts)
    assert first.sentences_embedded == len(texts) == len(stored) > 20
    cosines = np.sum(np.stack([stored[t] for t in texts]) * embedder.encode_texts(texts), axis=1)
    assert cosines.min() > 0.999   # float16 as stored, against the model now
    (small_corpus / NOTES).write_text("# Briefing\nThe briefing on fleet costs was noted by the Panel.\n"
                                      "The Panel agreed to buy electric patrol cars.\n")
    changed = build(small_corpus, data, embedder)
    assert changed.embedded == 1 and changed.sentences_embedded == 1   # the new sentence only
    assert "The Panel agreed to buy electric patrol cars." in open_serving(data).sentence_vectors(
        ["The Panel agreed to buy electric patrol cars."])


def test_an_answer_embeds_no_sentence_the_build_holds_and_a_build_from_before_still_answers(small_corpus, tmp_path,
                                                                                          embedder, caplog):
    data = tmp_path / "data"
    build(small_corpus, data, embedder)
    question = "what is the business co-ordination board told about the delivery plan?"
    caplog.set_level(logging.DEBUG, logger="panelbot.engine")
    answer = engine_for(data, embedder).ask(question)
    assert answer.found and "sentences the index lacks" not in caplog.text
    with sqlite3.connect(data / CURRENT / "chunks.sqlite") as db:   # lost, though meta still says they are kept
        db.execute("drop table sentence_vectors_f16")
    again = engine_for(data, embedder).ask(question)
    assert "sentences the index lacks" in caplog.text
    assert (again.text, again.citations) == (answer.text, answer.citations)
    upgraded = build(small_corpus, data, embedder)   # the next index run embeds them, and nothing else
    assert upgraded.swapped and upgraded.embedded == 0 and upgraded.sentences_embedded > 20


def test_float32_sentence_vectors_of_a_build_from_before_are_embedded_again_not_copied(small_corpus, tmp_path,
                                                                                      embedder):
    data = tmp_path / "data"
    first = build(small_corpus, data, embedder)
    with sqlite3.connect(data / CURRENT / "chunks.sqlite") as db:   # as ec60648 wrote them: float32, no meta key
        db.execute("alter table sentence_vectors_f16 rename to sentence_vectors")
        db.execute("delete from meta where key = 'sentence_vectors'")
    again = build(small_corpus, data, embedder)
    assert again.swapped and again.embedded == 0 and again.sentences_embedded == first.sentences_embedded
    with sqlite3.connect(data / CURRENT / "chunks.sqlite") as db:
        sizes = db.execute("select distinct length(vector) from sentence_vectors_f16").fetchall()
    assert sizes == [(384 * 2,)]


def test_a_data_folder_whose_name_reads_as_a_uri_is_still_the_one_opened(small_corpus, tmp_path, embedder):
    data = tmp_path / "we?ird #data %20"
    first = build(small_corpus, data, embedder)
    store = open_serving(data)
    assert store.chunk_count() == first.chunks and store.holds_sentence_vectors
    (small_corpus / NOTES).write_text("# Briefing\nThe Panel agreed to buy electric patrol cars.\n")
    assert build(small_corpus, data, embedder).sentences_embedded == 1   # the rest copied from the previous build
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", data.name]   # no stray "we" file beside it


def test_sentences_are_kept_through_new_split_rules_but_not_another_model(small_corpus, tmp_path, embedder,
                                                                          monkeypatch):
    data = tmp_path / "data"
    first = build(small_corpus, data, embedder)
    monkeypatch.setattr("indexer.build.SENTENCES_VERSION", "next")   # new sentence rules: a new build, reusing all
    assert build(small_corpus, data, embedder).swapped and not build(small_corpus, data, embedder).swapped
    monkeypatch.setattr("indexer.build.SPLIT_VERSION", "next")
    resplit = build(small_corpus, data, embedder)
    assert resplit.embedded == first.chunks and resplit.sentences_embedded == 0
    with sqlite3.connect(data / CURRENT / "chunks.sqlite") as db:   # as if built by another model
        db.execute("update meta set value = 'another-model' where key = 'model'")
    remodelled = build(small_corpus, data, embedder)
    assert remodelled.embedded == first.chunks and remodelled.sentences_embedded == first.sentences_embedded


def test_changed_and_deleted_files(small_corpus, tmp_path, embedder):
    data = tmp_path / "data"
    first = build(small_corpus, data, embedder)
    (small_corpus / NOTES).write_text("# Briefing\nThe Panel agreed to buy electric patrol cars.\n")
    changed = build(small_corpus, data, embedder)
    assert changed.changed == [NOTES] and changed.unchanged == [BCB]
    assert changed.embedded == 1 and changed.chunks == first.chunks
    store = open_serving(data)
    assert [c.text for _, c in store.chunks_of(NOTES)] == ["The Panel agreed to buy electric patrol cars."]
    answer = engine_for(data, embedder).ask("what did the panel agree about patrol cars?")
    assert answer.found and answer.citations[0].file == NOTES
    (small_corpus / NOTES).unlink()
    removed = build(small_corpus, data, embedder)
    assert removed.removed == [NOTES] and removed.embedded == 0
    assert NOTES not in open_serving(data).documents()


def test_a_corrupt_pdf_fails_alone(small_corpus, tmp_path, embedder):
    (small_corpus / "truncated.pdf").write_bytes((CORPUS / BCB).read_bytes()[:2000])
    summary = build(small_corpus, tmp_path / "data", embedder)
    assert [file for file, _ in summary.failed] == ["truncated.pdf"]
    assert "not a readable PDF" in summary.failed[0][1] or "no text" in summary.failed[0][1]
    assert sorted(summary.new) == [BCB, NOTES]


def test_a_corpus_with_no_paper_read_is_an_empty_index_not_a_crash(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert build(corpus, tmp_path / "empty", embedder).swapped   # nothing there yet
    (corpus / "truncated.pdf").write_bytes((CORPUS / BCB).read_bytes()[:2000])
    summary = build(corpus, tmp_path / "failed", embedder)   # the one paper fails
    assert [file for file, _ in summary.failed] == ["truncated.pdf"] and summary.swapped
    for data in ("empty", "failed"):
        engine = Engine(tmp_path / data, embedder, AnswerSettings())
        assert not engine.ask("who chaired the meeting?").found


def test_a_file_that_turns_bad_keeps_its_last_good_version(small_corpus, tmp_path, embedder):
    data = tmp_path / "data"
    build(small_corpus, data, embedder)
    (small_corpus / BCB).write_bytes(b"%PDF-1.4 broken")
    summary = build(small_corpus, data, embedder)
    assert [file for file, _ in summary.failed] == [BCB]
    assert open_serving(data).chunks_of(BCB), "the last good version was lost"


def test_an_interrupted_run_leaves_the_old_index_answering(small_corpus, tmp_path, embedder):
    data = tmp_path / "data"
    build(small_corpus, data, embedder)
    serving = os.readlink(data / CURRENT)
    engine = engine_for(data, embedder)
    before = engine.ask("what does the delivery plan say about mental health nurses in the control room?")
    assert before.found

    (small_corpus / "2022-06-01-more-notes.txt").write_text("Fleet. " * 400)

    def interrupt(count):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(small_corpus, data, embedder, Progress(embedded=interrupt))
    assert os.readlink(data / CURRENT) == serving
    after = engine.ask("what does the delivery plan say about mental health nurses in the control room?")
    assert after.text == before.text
    finished = build(small_corpus, data, embedder)
    assert finished.new == ["2022-06-01-more-notes.txt"] and finished.swapped
    assert not list(data.glob("*.partial"))


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk full", "Ctrl-C"])
def test_a_build_that_fails_to_write_leaves_nothing_behind(small_corpus, tmp_path, embedder, monkeypatch, failure):
    data = tmp_path / "data"
    build(small_corpus, data, embedder)
    serving = os.readlink(data / CURRENT)
    (small_corpus / "2022-06-01-more-notes.txt").write_text("Fleet. " * 400)

    def fail(index, path):   # the last file a build writes, after the sentences' copy
        raise failure

    monkeypatch.setattr("panelbot.index.write.faiss.write_index", fail)
    with pytest.raises(type(failure)):
        build(small_corpus, data, embedder)
    assert os.readlink(data / CURRENT) == serving and not list(data.glob("*.partial"))


def test_a_new_build_is_on_disk_before_the_one_it_replaces_is_removed(small_corpus, tmp_path, embedder, monkeypatch):
    data = tmp_path / "data"
    build(small_corpus, data, embedder)
    oldest = str((data / CURRENT).resolve())
    (small_corpus / NOTES).write_text("# Briefing\nThe Panel agreed to buy electric patrol cars.\n")
    build(small_corpus, data, embedder)
    events, fsync, rmtree = [], os.fsync, shutil.rmtree
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}"))),
                                                 fsync(fd))[-1])
    monkeypatch.setattr(shutil, "rmtree", lambda path, **kw: (events.append(("remove", str(path))),
                                                              rmtree(path, **kw))[-1])
    (small_corpus / NOTES).write_text("# Briefing\nThe Panel agreed to sell the old patrol cars.\n")
    build(small_corpus, data, embedder)   # the third build: the first one goes
    data_synced = events.index(("fsync", str(data.resolve())))   # the new build's rename and the link's swap
    assert ("fsync", str((data / CURRENT).resolve()) + ".partial") in events[:data_synced]   # its folder first
    assert events.index(("remove", oldest)) > data_synced and not os.path.exists(oldest)


def test_an_index_copied_as_folders_is_refused_with_what_to_do(small_corpus, tmp_path, embedder):
    data = tmp_path / "data"
    build(small_corpus, data, embedder)
    copy = tmp_path / "copied"
    shutil.copytree(data, copy, symlinks=False)   # as scp -r or a zip does: `current` becomes a folder
    with pytest.raises(PanelbotError, match="a folder, not the link to the serving build"):
        engine_for(copy, embedder)
    with pytest.raises(PanelbotError, match="run `panelbot index` to build the index again"):
        build(small_corpus, copy, embedder)


def test_a_second_run_at_once_is_told_the_index_is_busy(small_corpus, tmp_path, embedder):
    from indexer.build import index_lock

    data = tmp_path / "data"
    with index_lock(data):
        with pytest.raises(PanelbotError, match="another `panelbot index` is running"):
            build(small_corpus, data, embedder)
