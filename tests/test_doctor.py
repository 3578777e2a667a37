"""`panelbot doctor` passes a whole index and names each problem of a deliberately damaged copy."""
import os
import shutil
import sqlite3

import faiss
import numpy as np
import pytest
from click.testing import CliRunner

from indexer.build import build_index
from panelbot.cli import cli
from panelbot.config import load_config
from panelbot.embed import model_identity
from panelbot.index.builds import CURRENT
from panelbot.index.store import open_serving

from conftest import CORPUS
from torture import BCB

NOTES = "2022-05-01-briefing-notes.md"


def doctor(data, model=None):
    env = {name: None for name in os.environ if name.startswith("PANELBOT_")}
    env.update(PANELBOT_DATA_DIR=str(data), PANELBOT_MODEL=model)
    return CliRunner().invoke(cli, ["doctor"], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def small_index(tmp_path_factory, embedder):
    """A whole index of the BCB delivery plan and a note, built once: its data folder."""
    root = tmp_path_factory.mktemp("doctor")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / BCB, corpus / BCB)
    (corpus / NOTES).write_text("# Briefing\nThe briefing on fleet costs was noted by the Panel.\n")
    build_index(corpus, root / "data", embedder, 200)
    return root / "data"


@pytest.fixture
def copy(small_index, tmp_path):
    """A copy of the small index to damage: its serving build folder."""
    data = tmp_path / "data"
    shutil.copytree(small_index, data, symlinks=True)
    return (data / CURRENT).resolve()


def test_the_session_index_of_the_corpus_is_whole(config):
    result = doctor(config.data_dir)
    store = open_serving(config.data_dir)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"index OK: {len(store.documents())} documents, {store.chunk_count()} chunks\n"


def test_a_copied_index_is_whole(copy):
    result = doctor(copy.parent)
    assert result.exit_code == 0 and result.stdout.startswith("index OK: 2 documents, ")


def sql(build, *statements):
    db = sqlite3.connect(build / "chunks.sqlite")
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def save_vectors(build, change):
    vectors = change(np.load(build / "vectors.npy"))
    np.save(build / "vectors.npy", vectors)


def save_postings(build, change):
    np.save(build / "postings-impacts.npy", change(np.load(build / "postings-impacts.npy")))


def change_faiss(build):
    vectors = np.load(build / "vectors.npy").copy()
    vectors[0] = vectors[1]
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    faiss.write_index(index, str(build / "vectors.faiss"))


def scribble(build):
    data = bytearray((build / "chunks.sqlite").read_bytes())
    data[4096:4096 * 3] = b"\xff" * 8192    # pages 2 and 3: the start of the tables' b-trees
    (build / "chunks.sqlite").write_bytes(bytes(data))


def point_at_partial(build):
    build.rename(build.with_name(build.name + ".partial"))
    link = build.parent / CURRENT
    link.unlink()
    link.symlink_to(build.name + ".partial")


DAMAGE = {
    "chunk deleted": (lambda b: sql(b, "delete from chunks where id = 1"), "chunk ids run from 0 to"),
    "chunk stored twice": (lambda b: sql(b, "insert into chunks select (select max(id) + 1 from chunks), "
                                            "document, meeting_date, section, page_start, page_end, text, "
                                            "page_breaks from chunks where id = 0"), "duplicate chunks: 1 ("),
    "orphan chunk": (lambda b: sql(b, "update chunks set document = 'ghost.pdf' where id = 0"),
                     "chunks of documents not listed: 1 (ghost.pdf)."),
    "document count wrong": (lambda b: sql(b, f"update documents set chunks = 99 where file = '{NOTES}'"),
                             f"{NOTES} should have 99 chunks but has 1."),
    "full text out of step": (lambda b: sql(b, "update chunks set text = 'tampered words' where id = 0"),
                              "the full-text postings do not match the chunks' text."),
    "postings cut short": (lambda b: save_postings(b, lambda p: p[:-1]),
                           "the full-text postings do not match the chunks' text."),
    "postings file lost": (lambda b: (b / "postings-impacts.npy").unlink(),
                           "incomplete build, missing postings-impacts.npy"),
    "vector row lost": (lambda b: save_vectors(b, lambda v: v[:-1]), "vectors.npy holds"),
    "vectors differ": (change_faiss, "vectors.faiss and vectors.npy hold different vectors."),
    "vector garbage": (lambda b: save_vectors(b, lambda v: v * 3), "vectors not of unit length: "),
    "meta dimension": (lambda b: sql(b, "update meta set value = '512' where key = 'dimension'"),
                       "meta says vectors of size 512 but they are of size 384."),
    "sentence vector cut": (lambda b: sql(b, "update sentence_vectors_f16 set vector = substr(vector, 1, 10) "
                                             "where text = (select min(text) from sentence_vectors_f16)"),
                            "sentence vectors not of size 384: 1."),
    "sentence vector garbage": (lambda b: sql(b, "update sentence_vectors_f16 set vector = zeroblob(768) where "
                                                 "text = (select min(text) from sentence_vectors_f16)"),
                                "sentence vectors not of unit length: 1."),
    "sentence vectors lost": (lambda b: sql(b, "drop table sentence_vectors_f16"),
                              "there is no sentence_vectors_f16 table"),
    "sqlite scribbled": (scribble, "SQLite"),
    "faiss file lost": (lambda b: (b / "vectors.faiss").unlink(), "incomplete build, missing vectors.faiss"),
    "current dangling": (shutil.rmtree, "which does not exist"),
    "current unfinished": (point_at_partial, "points at an unfinished build"),
}


@pytest.mark.parametrize("damage, expected", DAMAGE.values(), ids=DAMAGE.keys())
def test_each_kind_of_damage_is_named(copy, damage, expected):
    damage(copy)
    result = doctor(copy.parent)
    assert result.exit_code == 1 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert any(expected in line for line in errors), result.stderr


def test_an_index_of_another_model_is_named(copy):
    result = doctor(copy.parent, model="/models/another")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"Error: {copy}: built with model {model_identity(load_config({}).model)!r} but the configured model is '/models/another'.")


def test_no_index_yet(tmp_path):
    result = doctor(tmp_path / "data")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'data' / CURRENT} is missing (no index yet); run `panelbot index`.\n"
