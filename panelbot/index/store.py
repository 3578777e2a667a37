"""Reading a build of the index: one folder with chunks.sqlite (documents, chunks, terms, meetings, decisions, the
sentences' vectors), the chunks' vectors and the full-text postings; written once (write.py), then read only.

This module and write.py alone know the SQLite schema and that chunk id N is row N of the vectors. Where builds
live and how the serving one is swapped: builds.py.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

import faiss
import numpy as np
import sqlite_utils

from panelbot.errors import PanelbotError
from panelbot.index.builds import serving_build
from panelbot.index.lexical import best
from panelbot.index.vectors import VectorRows, search
from panelbot.index.versions import SCHEMA_VERSION, SENTENCE_VECTORS
from panelbot.models import MINUTES_TITLE, Chunk, Decision, Meeting
from panelbot.text.terms import terms, written_words

POSTINGS = ("postings-chunks.npy", "postings-impacts.npy")
# named for its format: code from before float16 finds no table of its own name and embeds sentences as they come
SENTENCE_TABLE = "sentence_vectors_f16"
SQL_VARIABLES = 500   # values bound in one query, well under SQLite's limit
SEARCH_THREADS = 1   # one query searches faster on one thread than split over two (9 vs 13 ms at 100k chunks)


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
    body: str = ""                   # the panel or committee whose paper it is


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _chunk(row: dict) -> Chunk:
    return Chunk(row["document"], _date(row["meeting_date"]), row["section"], row["page_start"],
                 row["page_end"], row["text"], tuple(json.loads(row["page_breaks"])))


def fts_query(text: str) -> str:
    """An FTS5 OR-query of the words in `text`, each quoted so no word is read as FTS syntax."""
    return " OR ".join(f'"{w}"' for w in written_words(text))


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
        self.vectors = VectorRows(folder / "vectors.npy")
        self.index = faiss.read_index(str(folder / "vectors.faiss"), faiss.IO_FLAG_MMAP)
        self.rescored = int(self.meta.get("rescored", 0))   # an approximate index's candidates, scored exactly
        self.current_schema = self.meta.get("schema") == SCHEMA_VERSION   # else only `panelbot index` reads it
        if self.current_schema:
            self.posting_chunks, self.posting_impacts = (np.load(folder / name, mmap_mode="r") for name in POSTINGS)
        faiss.omp_set_num_threads(SEARCH_THREADS)

    def documents(self) -> dict[str, DocumentRecord]:
        return {row["file"]: DocumentRecord(row["file"], row["title"], row["kind"], row["sha256"],
                                            _date(row["meeting_date"]), row["pages"], row["chunks"],
                                            tuple(filter(None, (row.get("channels") or "").split(","))),
                                            row.get("body") or "")
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
        return len(self.vectors)   # row N is chunk N; counting the table's rows takes a scan of it

    def document_frequencies(self, words: list[str], papers: frozenset[str] | None = None) -> dict[str, int]:
        """How many chunks hold each of `words`, for those any chunk holds; with `papers`, only the words some
        chunk of those papers holds (a word only other bodies' papers use is one these never use)."""
        if not words:
            return {}
        marks = ",".join("?" * len(words))
        rows = self.db.execute(f"select term, df, start from terms where term in ({marks})", list(words)).fetchall()
        if papers is None or not self.current_schema:
            return {term: df for term, df, _ in rows}
        spans = np.array([span for paper, span in self._chunk_spans.items() if paper in papers]).reshape(-1, 2)
        def held(start: int, df: int) -> bool:   # a term's chunk ids ascend (lexical.build_postings): bisect
            ids = self.posting_chunks[start:start + df]
            return bool(np.any(np.searchsorted(ids, spans[:, 1], "right") > np.searchsorted(ids, spans[:, 0], "left")))
        return {term: df for term, df, start in rows if held(start, df)}

    @cached_property   # a build never changes; a paper's chunks are numbered in a run (write.py)
    def _chunk_spans(self) -> dict[str, tuple[int, int]]:
        rows = self.db.execute("select document, min(id), max(id) from chunks group by document").fetchall()
        return {document: (first, last) for document, first, last in rows}

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
        """The float32 vectors the index run embedded for these sentence texts (quotable.similarity_text), by text;
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
        """(chunk id, cosine similarity) of the chunks nearest to a normalised query vector, best first."""
        return search(self.index, self.vectors, vector, limit, self.rescored)

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
        self.vectors.close()


def open_serving(data_dir: Path) -> Store | None:
    """The serving build of `data_dir`, or None when nothing has been indexed yet."""
    build = serving_build(data_dir)
    return Store(data_dir / build) if build else None
