"""Writing a build of the index: every table of chunks.sqlite, the chunks' vectors, their FAISS index and the
full-text postings, into a new folder that builds.py swaps in when it is complete."""
from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import faiss
import numpy as np
import sqlite_utils

from panelbot.index.builds import new_build
from panelbot.index.lexical import Postings, build_postings
from panelbot.index.store import POSTINGS, SENTENCE_TABLE, DocumentRecord
from panelbot.index.vectors import VectorIndexSettings, vector_index
from panelbot.index.versions import SCHEMA_VERSION, SENTENCE_VECTORS
from panelbot.models import Chunk, Decision, Meeting


@dataclass(frozen=True)
class SentenceVectors:
    """The sentences' vectors (quotable.similarity_text) a build holds: those embedded in this run, and those a
    previous build of the same model holds, copied from its file without passing through Python."""
    texts: tuple[str, ...] = ()             # embedded in this run, one row of `vectors` each
    vectors: np.ndarray | None = None
    kept: tuple[str, ...] = ()              # copied from `previous`
    previous: Path | None = None            # that build's chunks.sqlite

    def __post_init__(self):
        if (self.kept and self.previous is None) or (self.texts and self.vectors is None):
            raise ValueError("SentenceVectors: kept texts need the previous build, new texts their vectors")


@dataclass(frozen=True)
class BuildContents:
    """Everything a build holds."""
    documents: list[DocumentRecord]
    chunks: list[Chunk]
    vectors: np.ndarray                     # row N is chunk N's
    meta: dict[str, str]
    meetings: tuple[Meeting, ...] | list[Meeting] = ()
    decisions: tuple[Decision, ...] | list[Decision] = ()
    spellings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sentences: SentenceVectors = SentenceVectors()
    vector_index: VectorIndexSettings = VectorIndexSettings()


def write_build(data_dir: Path, contents: BuildContents) -> None:
    """Write a complete build into a new folder of `data_dir` and make it the serving one (builds.new_build)."""
    with new_build(data_dir) as folder:
        _write_files(folder, contents)


def _write_files(folder: Path, contents: BuildContents) -> None:
    vectors = np.ascontiguousarray(contents.vectors, dtype="float32")
    np.save(folder / "vectors.npy", vectors)
    index, search_meta = vector_index(vectors, contents.vector_index)
    faiss.write_index(index, str(folder / "vectors.faiss"))
    del index
    with closing(sqlite3.connect(f"file:{quote(str(folder / 'chunks.sqlite'))}", uri=True)) as connection:
        postings = _write_tables(sqlite_utils.Database(connection), contents, search_meta)   # closed if a write fails
        connection.commit()
    for file, array in zip(POSTINGS, (postings.chunk_ids, postings.impacts)):
        np.save(folder / file, array)


def _write_tables(db: sqlite_utils.Database, contents: BuildContents, search_meta: dict[str, str]) -> Postings:
    """Every table of chunks.sqlite; the full-text postings they index, for the files beside it."""
    meta = {**contents.meta, **search_meta, "schema": SCHEMA_VERSION, "sentence_vectors": SENTENCE_VECTORS}
    db["meta"].insert_all([{"key": k, "value": v} for k, v in meta.items()], pk="key")
    # the tables are created first: a corpus with no paper read (empty, or every file failing) is a build too
    db["documents"].create({"file": str, "title": str, "kind": str, "sha256": str, "meeting_date": str,
                            "pages": int, "chunks": int, "channels": str, "body": str}, pk="file")
    db["documents"].insert_all(
        {"file": d.file, "title": d.title, "kind": d.kind, "sha256": d.sha256,
         "meeting_date": d.meeting_date.isoformat() if d.meeting_date else None,
         "pages": d.pages, "chunks": d.chunks, "channels": ",".join(d.channels), "body": d.body}
        for d in contents.documents)
    db["chunks"].create({"id": int, "document": str, "meeting_date": str, "section": str, "page_start": int,
                         "page_end": int, "text": str, "page_breaks": str}, pk="id")
    db["chunks"].insert_all(
        ({"id": i, "document": c.document,
          "meeting_date": c.meeting_date.isoformat() if c.meeting_date else None,
          "section": c.section, "page_start": c.page_start, "page_end": c.page_end, "text": c.text,
          "page_breaks": json.dumps(list(c.page_breaks))} for i, c in enumerate(contents.chunks)), batch_size=1000)
    db["chunks"].create_index(["document"])
    postings = build_postings([(c.section, c.text) for c in contents.chunks])
    db["terms"].create({"term": str, "df": int, "start": int}, pk="term")
    db["terms"].insert_all(({"term": t, "df": n, "start": at} for t, n, at in
                            zip(postings.vocabulary, postings.frequencies, postings.starts)), batch_size=5000)
    write_register(db, contents.meetings, contents.decisions, contents.spellings)
    write_sentence_vectors(db, contents.sentences)
    return postings


def write_sentence_vectors(db: sqlite_utils.Database, sentences: SentenceVectors) -> None:
    """The sentences' table: a row per text, its vector as float16 (the answers to the labelled questions are the
    same as with float32, at half the size)."""
    db.execute(f"create table {SENTENCE_TABLE} (text text primary key, vector blob) without rowid")
    if sentences.kept:
        db.execute("create temp table kept (text text primary key) without rowid")
        db.conn.executemany("insert or ignore into temp.kept values (?)", ((t,) for t in sentences.kept))
        db.conn.commit()   # SQLite attaches and detaches only outside a transaction
        db.execute("attach database ? as previous", [f"file:{quote(str(sentences.previous))}?mode=ro"])
        db.execute(f"insert into {SENTENCE_TABLE} select text, vector from previous.{SENTENCE_TABLE} "
                   "where text in (select text from temp.kept)")
        db.conn.commit()
        db.execute("detach database previous")
    if sentences.texts:
        vectors = np.asarray(sentences.vectors, dtype="float16")
        db.conn.executemany(f"insert or ignore into {SENTENCE_TABLE} values (?, ?)",
                            ((text, vector.tobytes()) for text, vector in zip(sentences.texts, vectors)))


MEETING_COLUMNS = {"meeting_date": str, "body": str, "chair": str, "present": str, "apologies": str, "venue": str,
                   "document": str, "page": int}
DECISION_COLUMNS = {"meeting_date": str, "item": str, "text": str, "outcome": str, "document": str, "page": int,
                    "body": str}


def write_register(db: sqlite_utils.Database, meetings: list[Meeting], decisions: list[Decision],
                   spellings: dict[str, tuple[str, ...]]) -> None:
    """The meetings, decisions and spellings tables, the decisions searchable by their words."""
    db["meetings"].create(MEETING_COLUMNS)
    db["meetings"].insert_all({**vars(m), "meeting_date": m.meeting_date.isoformat()} for m in meetings)
    db["decisions"].create(DECISION_COLUMNS)
    db["decisions"].insert_all(
        {**vars(d), "meeting_date": d.meeting_date.isoformat() if d.meeting_date else None} for d in decisions)
    db["decisions"].enable_fts(["item", "text"], tokenize="porter", create_triggers=False)
    db["spellings"].create({"acronym": str, "spelling": str})
    db["spellings"].insert_all({"acronym": a, "spelling": s} for a, spelled in spellings.items() for s in spelled)
    db["spellings"].create_index(["acronym"])
