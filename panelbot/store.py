"""A build of the index on disk: one folder with chunks.sqlite (documents, chunks, terms, meetings, decisions, the
sentences' vectors), the chunks' vectors and the full-text postings; written once, then read only.

Only this module knows the SQLite schema and that chunk id N is row N of the vectors. Where builds live and how
the serving one is swapped: builds.py.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

import faiss
import numpy as np
import sqlite_utils

from panelbot.builds import new_build, serving_build
from panelbot.errors import PanelbotError
from panelbot.lexical import Postings, best, build_postings
from panelbot.models import MINUTES_TITLE, Chunk, Decision, Meeting
from panelbot.terms import STOPWORDS, terms

POSTINGS = ("postings-chunks.npy", "postings-impacts.npy")
SCHEMA_VERSION = "2"   # 2: full-text postings beside the vectors
SENTENCE_VECTORS = "float16"   # how a build stores its sentences' vectors (meta); one without holds none
# named for its format: code from before float16 finds no table of its own name and embeds sentences as they come
SENTENCE_TABLE = "sentence_vectors_f16"
SQL_VARIABLES = 500   # values bound in one query, well under SQLite's limit
SEARCH_THREADS = 1   # one query searches faster on one thread than split over two (9 vs 13 ms at 100k chunks)
WORD = re.compile(r"[A-Za-z0-9£%][A-Za-z0-9'’.,/%-]*[A-Za-z0-9%]|[A-Za-z0-9]")


@dataclass(frozen=True)
class DocumentRecord:
    file: str
    title: str
    kind: str
    sha256: str
    meeting_date: date | None
    pages: int
    chunks: int
    channels: tuple[str, ...] = ()   # Slack channels that may see it; empty: everyone

    def visible_in(self, channel: str | None) -> bool:
        return not self.channels or channel in self.channels


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _chunk(row: dict) -> Chunk:
    return Chunk(row["document"], _date(row["meeting_date"]), row["section"], row["page_start"],
                 row["page_end"], row["text"], tuple(json.loads(row["page_breaks"])))


def fts_query(text: str) -> str:
    """An FTS5 OR-query of the words in `text`, each quoted so no word is read as FTS syntax."""
    words = {w.strip(".,'’").lower() for w in WORD.findall(text)}
    return " OR ".join(f'"{w}"' for w in sorted(words) if len(w) > 1 and w not in STOPWORDS)


class Store:
    """A finished build, opened read-only."""

    def __init__(self, folder: Path):
        self.folder = folder
        path = folder / "chunks.sqlite"
        if not path.exists():
            raise PanelbotError(f"{folder}: no index here; run `panelbot index` first.")
        self.db = sqlite_utils.Database(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True,
                                                        check_same_thread=False))
        self.meta = {row["key"]: row["value"] for row in self.db["meta"].rows}
        self.restricted = {d.file: d.channels for d in self.documents().values() if d.channels}
        self.vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        self.index = faiss.read_index(str(folder / "vectors.faiss"), faiss.IO_FLAG_MMAP)
        self.current_schema = self.meta.get("schema") == SCHEMA_VERSION   # else only `panelbot index` reads it
        if self.current_schema:
            self.posting_chunks, self.posting_impacts = (np.load(folder / name, mmap_mode="r") for name in POSTINGS)
        faiss.omp_set_num_threads(SEARCH_THREADS)

    @classmethod
    def open_current(cls, data_dir: Path) -> Store | None:
        """The serving build of `data_dir`, or None when nothing has been indexed yet."""
        build = serving_build(data_dir)
        return cls(data_dir / build) if build else None

    def documents(self) -> dict[str, DocumentRecord]:
        return {row["file"]: DocumentRecord(row["file"], row["title"], row["kind"], row["sha256"],
                                            _date(row["meeting_date"]), row["pages"], row["chunks"],
                                            tuple(filter(None, (row.get("channels") or "").split(","))))
                for row in self.db["documents"].rows}

    def chunks_of(self, file: str) -> list[tuple[int, Chunk]]:
        return [(row["id"], _chunk(row))
                for row in self.db["chunks"].rows_where("document = ?", [file], order_by="id")]

    def chunks(self, ids: list[int]) -> dict[int, Chunk]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {row["id"]: _chunk(row) for row in self.db["chunks"].rows_where(f"id in ({marks})", list(ids))}

    def chunk_count(self) -> int:
        return self.db["chunks"].count

    def document_frequencies(self, words: list[str]) -> dict[str, int]:
        if not words:
            return {}
        marks = ",".join("?" * len(words))
        return dict(self.db.execute(f"select term, df from terms where term in ({marks})", list(words)).fetchall())

    def full_text(self, question: str, limit: int) -> list[tuple[int, float]]:
        """(chunk id, BM25 score) of the `limit` chunks best matching the question's words, best first."""
        if not self.current_schema:
            raise PanelbotError(f"{self.folder}: built by an earlier panelbot; run `panelbot index` to rebuild it.")
        words = sorted(set(terms(question)))
        if not words:
            return []
        marks = ",".join("?" * len(words))
        spans = self.db.execute(f"select start, df from terms where term in ({marks})", words).fetchall()
        return best(self.posting_chunks, self.posting_impacts, spans, len(self.vectors), limit)

    def decision_chunks(self, question: str, limit: int) -> list[int]:
        """Chunks holding the recorded decisions that share most words with the question, best first."""
        query = fts_query(question)
        if not query:
            return []
        rows = self.db.execute(
            "with best as (select rowid, bm25(decisions_fts) as score from decisions_fts "
            "where decisions_fts match ? order by score limit ?) "
            "select chunks.id from best join decisions on decisions.rowid = best.rowid "
            "join chunks on chunks.document = decisions.document "
            "and decisions.page between chunks.page_start and chunks.page_end "
            "and instr(chunks.text, decisions.text) > 0 order by best.score", [query, limit]).fetchall()
        return list(dict.fromkeys(chunk_id for chunk_id, in rows))

    def meeting_chunks(self) -> list[int]:
        """The chunks opening each meeting's minutes (who was present, who chaired, where), newest first."""
        rows = self.db.execute(
            "select chunks.id from meetings join chunks on chunks.document = meetings.document "
            "and meetings.page between chunks.page_start and chunks.page_end "
            "and chunks.section = ? || meetings.body "
            "order by meetings.meeting_date desc, chunks.id", [MINUTES_TITLE]).fetchall()
        return list(dict.fromkeys(chunk_id for chunk_id, in rows))

    def spellings(self, acronyms: tuple[str, ...]) -> list[str]:
        """How the papers spell out these acronyms, where they mostly do (indexer.register.extract_spellings). A build
        written before the spellings were kept has none until the next `panelbot index`."""
        if not acronyms or not self._has_spellings:
            return []
        marks = ",".join("?" * len(acronyms))
        return [s for s, in self.db.execute(f"select spelling from spellings where acronym in ({marks})", acronyms)]

    def sentence_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The float32 vectors the index run embedded for these sentence texts (scoring.similarity_text), by text;
        a build written before they were kept has none."""
        return {text: np.frombuffer(vector, dtype=SENTENCE_VECTORS).astype("float32")
                for text, vector in self._sentence_rows("text, vector", texts)}

    def sentences_held(self, texts: list[str]) -> set[str]:
        """Which of these sentence texts the build holds vectors for."""
        return {text for text, in self._sentence_rows("text", texts)}

    @cached_property   # a build never changes: asked once, not for every question
    def holds_sentence_vectors(self) -> bool:
        return self.meta.get("sentence_vectors") == SENTENCE_VECTORS and self.db[SENTENCE_TABLE].exists()

    def _sentence_rows(self, columns: str, texts: list[str]) -> Iterator[tuple]:
        if not self.holds_sentence_vectors:
            return
        unique = list(dict.fromkeys(texts))
        for at in range(0, len(unique), SQL_VARIABLES):
            part = unique[at:at + SQL_VARIABLES]
            yield from self.db.execute(f"select {columns} from {SENTENCE_TABLE} where text in "
                                       f"({','.join('?' * len(part))})", part)

    def nearest(self, vector: np.ndarray, limit: int) -> list[tuple[int, float]]:
        """(chunk id, cosine similarity) of the chunks nearest to a normalised query vector."""
        if self.index.ntotal == 0:
            return []
        scores, ids = self.index.search(vector.reshape(1, -1), min(limit, self.index.ntotal))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def visible(self, document: str, channel: str | None) -> bool:
        """Whether a document may be quoted in `channel` (None: outside Slack, public papers only)."""
        allowed = self.restricted.get(document)
        return allowed is None or channel in allowed

    @cached_property   # a build never changes: asked once, not for every question naming an acronym
    def _has_spellings(self) -> bool:
        return self.db["spellings"].exists()

    @cached_property   # a build never changes: one scan of the chunks, not one per "last meeting" question
    def _latest_meeting_by_document(self) -> dict[str, date]:
        rows = self.db.execute("select document, max(meeting_date) from chunks group by document").fetchall()
        return {document: _date(day) for document, day in rows if day}

    def latest_meeting_date(self, channel: str | None = None) -> date | None:
        """The date of the latest meeting the papers `channel` may see are for."""
        return max((day for document, day in self._latest_meeting_by_document.items()
                    if self.visible(document, channel)), default=None)

    def meetings(self) -> list[Meeting]:
        return [Meeting(date.fromisoformat(r["meeting_date"]), r["body"], r["chair"], r["present"], r["apologies"],
                        r["venue"], r["document"], r["page"])
                for r in self.db["meetings"].rows_where(order_by="meeting_date desc")]

    def decisions(self, topic: str = "", since: date | None = None, until: date | None = None,
                  channel: str | None = None) -> list[Decision]:
        """Recorded decisions, newest first, about `topic` (any of its words), within the dates given and
        from papers `channel` may see."""
        where, params = ["1 = 1"], []
        if query := fts_query(topic):
            where.append("rowid in (select rowid from decisions_fts where decisions_fts match ?)")
            params.append(query)
        if since:
            where.append("meeting_date >= ?")
            params.append(since.isoformat())
        if until:
            where.append("meeting_date <= ?")
            params.append(until.isoformat())
        rows = self.db["decisions"].rows_where(" and ".join(where), params, order_by="meeting_date desc, rowid")
        return [Decision(_date(r["meeting_date"]), r["item"], r["text"], r["outcome"], r["document"], r["page"],
                         r.get("body") or "") for r in rows if self.visible(r["document"], channel)]

    def close(self) -> None:
        self.db.conn.close()


@dataclass(frozen=True)
class SentenceVectors:
    """The sentences' vectors (scoring.similarity_text) a build holds: those embedded in this run, and those a
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


def write_build(data_dir: Path, contents: BuildContents) -> None:
    """Write a complete build into a new folder of `data_dir` and make it the serving one (builds.new_build)."""
    with new_build(data_dir) as folder:
        _write_files(folder, contents)


def _write_files(folder: Path, contents: BuildContents) -> None:
    with closing(sqlite3.connect(f"file:{quote(str(folder / 'chunks.sqlite'))}", uri=True)) as connection:
        postings = _write_tables(sqlite_utils.Database(connection), contents)   # closed even if a write fails
        connection.commit()
    vectors = np.ascontiguousarray(contents.vectors, dtype="float32")
    np.save(folder / "vectors.npy", vectors)
    for file, array in zip(POSTINGS, (postings.chunk_ids, postings.impacts)):
        np.save(folder / file, array)
    index = faiss.IndexFlatIP(vectors.shape[1])   # exact search: 20 ms at 100,000 chunks (panelbot bench)
    index.add(vectors)
    faiss.write_index(index, str(folder / "vectors.faiss"))


def _write_tables(db: sqlite_utils.Database, contents: BuildContents) -> Postings:
    """Every table of chunks.sqlite; the full-text postings they index, for the files beside it."""
    meta = {**contents.meta, "schema": SCHEMA_VERSION, "sentence_vectors": SENTENCE_VECTORS}
    db["meta"].insert_all([{"key": k, "value": v} for k, v in meta.items()], pk="key")
    # the tables are created first: a corpus with no paper read (empty, or every file failing) is a build too
    db["documents"].create({"file": str, "title": str, "kind": str, "sha256": str, "meeting_date": str,
                            "pages": int, "chunks": int, "channels": str}, pk="file")
    db["documents"].insert_all(
        {"file": d.file, "title": d.title, "kind": d.kind, "sha256": d.sha256,
         "meeting_date": d.meeting_date.isoformat() if d.meeting_date else None,
         "pages": d.pages, "chunks": d.chunks, "channels": ",".join(d.channels)} for d in contents.documents)
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
    """The sentences' table: a row per text, its vector as float16 (the answers to the 976 tuned questions are the
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
