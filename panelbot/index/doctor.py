"""`panelbot doctor`: checks that the serving build is whole, that SQLite, FAISS and the files agree.

It reads the same folder `write.py` writes (chunks.sqlite, vectors and postings behind the `current`
link), from a private in-memory copy of the database so nothing it runs can touch the serving build.
"""
from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from panelbot.index.builds import CURRENT
from panelbot.index.lexical import build_postings
from panelbot.index.store import POSTINGS, SENTENCE_TABLE
from panelbot.index.versions import SENTENCE_VECTORS

BUILD_FILES = ("chunks.sqlite", "vectors.npy", "vectors.faiss", *POSTINGS)
TABLES = ("meta", "documents", "chunks", "terms", "meetings", "decisions")
SHOWN = 3    # examples named per problem; the count says how many there are


@dataclass
class Checkup:
    build: Path | None
    documents: int = 0
    chunks: int = 0
    problems: list[str] = field(default_factory=list)


def check_index(data_dir: Path, model: str | None = None) -> Checkup:
    """Every problem of the serving build of `data_dir`, one sentence each; none means the index is whole.
    `model`, when given, is the configured model the build must have been made with."""
    build, problem = serving_build(data_dir)
    if problem:
        return Checkup(None, problems=[problem])
    checkup = Checkup(build)
    database = build / "chunks.sqlite"
    try:
        with closing(snapshot(database)) as db:
            if problems := check_sqlite(db):   # the other checks would read a broken file
                checkup.problems += [f"{database}: {p}" for p in problems]
                return checkup
            checkup.documents = db.execute("select count(*) from documents").fetchone()[0]
            checkup.chunks = db.execute("select count(*) from chunks").fetchone()[0]
            meta = dict(db.execute("select key, value from meta").fetchall())
            for check in (check_chunk_ids, check_documents, check_duplicates):
                checkup.problems += [f"{build}: {p}" for p in check(db)]
            checkup.problems += [f"{build}: {p}" for p in check_sentence_vectors(db, meta)]
            checkup.problems += [f"{build}: {p}" for p in check_full_text(build, db)]
    except sqlite3.DatabaseError as e:
        checkup.problems.append(f"{database}: not a readable SQLite database ({e}).")
        return checkup
    checkup.problems += [f"{build}: {p}" for p in check_vectors(build, checkup.chunks, meta, model)]
    return checkup


def serving_build(data_dir: Path) -> tuple[Path | None, str | None]:
    """The folder `current` names, or why there is none to check."""
    link = data_dir / CURRENT
    if not link.is_symlink():
        what = "is not a link" if link.exists() else "is missing (no index yet)"
        return None, f"{link} {what}; run `panelbot index`."
    build = data_dir / link.readlink()
    rebuild = f"delete {link} and run `panelbot index`."
    if build.name.endswith(".partial"):
        return None, f"{link} points at an unfinished build {build.name}; {rebuild}"
    if not build.is_dir():
        return None, f"{link} points at {build.name}, which does not exist; {rebuild}"
    missing = [name for name in BUILD_FILES if not (build / name).is_file()]
    if missing:
        return None, f"{build}: incomplete build, missing {', '.join(missing)}; {rebuild}"
    return build, None


def snapshot(path: Path) -> sqlite3.Connection:
    """The database copied into memory, so no check can touch the serving file."""
    db = sqlite3.connect(":memory:")
    db.deserialize(path.read_bytes())
    return db


def check_sqlite(db: sqlite3.Connection) -> list[str]:
    """The file is a sound database with every table the engine reads."""
    rows = [row[0] for row in db.execute("pragma integrity_check").fetchall()]
    if rows != ["ok"]:
        return [f"SQLite integrity_check: {'; '.join(rows[:SHOWN])}."]
    missing = [t for t in TABLES if not db.execute("select 1 from sqlite_master where name = ?", [t]).fetchone()]
    return [f"tables missing: {', '.join(missing)}."] if missing else []


def check_chunk_ids(db: sqlite3.Connection) -> list[str]:
    """Chunk id N is row N of the vectors, so the ids must be exactly 0..n-1."""
    count, lowest, highest = db.execute("select count(*), min(id), max(id) from chunks").fetchone()
    if count and (lowest, highest) != (0, count - 1):
        return [f"chunk ids run from {lowest} to {highest} over {count} chunks, not 0 to {count - 1}."]
    return []


def check_documents(db: sqlite3.Connection) -> list[str]:
    """No chunk without its document, and each document's chunk count as stored."""
    problems = []
    orphans = db.execute("select document, count(*) from chunks where document not in "
                         "(select file from documents) group by document").fetchall()
    if orphans:
        problems.append(f"chunks of documents not listed: {sum(n for _, n in orphans)} "
                        f"({', '.join(file for file, _ in orphans[:SHOWN])}).")
    wrong = db.execute("select d.file, d.chunks, count(c.id) from documents d left join chunks c "
                       "on c.document = d.file group by d.file having d.chunks != count(c.id)").fetchall()
    problems += [f"{file} should have {said} chunks but has {found}." for file, said, found in wrong[:SHOWN]]
    return problems


def check_duplicates(db: sqlite3.Connection) -> list[str]:
    """The same text twice under one heading of one page: a document stored twice over."""
    rows = db.execute("select document, page_start, count(*) from chunks "
                      "group by document, section, page_start, page_end, text having count(*) > 1").fetchall()
    if not rows:
        return []
    named = ", ".join(f"{file} page {page}" for file, page, _ in rows[:SHOWN])
    return [f"duplicate chunks: {sum(n - 1 for *_, n in rows)} ({named})."]


def check_sentence_vectors(db: sqlite3.Connection, meta: dict[str, str]) -> list[str]:
    """Where the build keeps its sentences' vectors (store.SENTENCE_VECTORS), each is one whole unit-length vector;
    a build from before keeps none, and its answers embed their sentences as they come."""
    if meta.get("sentence_vectors") != SENTENCE_VECTORS:
        return []
    if not db.execute("select 1 from sqlite_master where name = ?", [SENTENCE_TABLE]).fetchone():
        return [f"meta says the sentences' vectors are kept, but there is no {SENTENCE_TABLE} table."]
    dimension = int(meta.get("dimension") or 0)
    size = dimension * np.dtype(SENTENCE_VECTORS).itemsize
    cut = db.execute(f"select count(*) from {SENTENCE_TABLE} where length(vector) != ?", [size]).fetchone()[0]
    if cut:
        return [f"sentence vectors not of size {dimension}: {cut}."]
    blobs = b"".join(v for v, in db.execute(f"select vector from {SENTENCE_TABLE}"))
    vectors = np.frombuffer(blobs, dtype=SENTENCE_VECTORS).reshape(-1, dimension or 1).astype("float32")
    off = not_unit_length(vectors, 1e-2)   # float16 keeps about three digits
    return [f"sentence vectors not of unit length: {off}."] if off else []


def check_full_text(build: Path, db: sqlite3.Connection) -> list[str]:
    """The full-text postings and the terms table are exactly what the chunks' text makes."""
    try:
        chunk_ids, impacts = (np.load(build / name, mmap_mode="r") for name in POSTINGS)
    except (OSError, ValueError) as e:
        return [f"the full-text postings cannot be read ({type(e).__name__}: {e})."]
    expected = build_postings(db.execute("select section, text from chunks order by id").fetchall())
    stored = db.execute("select term, df, start from terms order by term").fetchall()
    if stored != list(zip(expected.vocabulary, expected.frequencies, expected.starts)) \
            or not np.array_equal(chunk_ids, expected.chunk_ids) or not np.array_equal(impacts, expected.impacts):
        return ["the full-text postings do not match the chunks' text."]
    return []


def check_vectors(build: Path, chunks: int, meta: dict[str, str], model: str | None) -> list[str]:
    """One unit-length vector per chunk, the same in vectors.npy and vectors.faiss, of the size meta records."""
    try:
        vectors = np.load(build / "vectors.npy", mmap_mode="r")
        index = faiss.read_index(str(build / "vectors.faiss"))
    except (OSError, ValueError, RuntimeError) as e:
        return [f"the vectors cannot be read ({type(e).__name__}: {e})."]
    problems = check_meta(meta, model, vectors.shape[1] if vectors.ndim == 2 else 0)
    if vectors.ndim != 2 or vectors.shape[0] != chunks:
        return problems + [f"vectors.npy holds {vectors.shape[0]} vectors but there are {chunks} chunks."]
    if index.ntotal != chunks or index.d != vectors.shape[1]:
        return problems + [f"vectors.faiss holds {index.ntotal} vectors of size {index.d} but vectors.npy "
                           f"holds {chunks} of size {vectors.shape[1]}."]
    if chunks and not holds(index, vectors):
        problems.append("vectors.faiss and vectors.npy hold different vectors.")
    off = not_unit_length(vectors, 1e-3)
    if off:
        problems.append(f"vectors not of unit length: {off}.")
    return problems


def holds(index: faiss.Index, vectors: np.ndarray, batch: int = 100_000) -> bool:
    """Whether the index holds `vectors`, row for row: exactly for a flat index; for an inverted file of 8-bit
    vectors (vectors.py), each within cosine 0.99 of its own, a batch at a time."""
    ivf = faiss.try_extract_index_ivf(index)
    if ivf is not None:
        ivf.make_direct_map()   # an inverted file finds a row by id only with it
    for start in range(0, len(vectors), batch):
        stored, wanted = index.reconstruct_n(start, min(batch, len(vectors) - start)), vectors[start:start + batch]
        same = np.all(np.sum(stored * wanted, axis=1) > 0.99) if ivf is not None else np.array_equal(stored, wanted)
        if not same:
            return False
    return True


def not_unit_length(vectors: np.ndarray, tolerance: float) -> int:
    """How many rows are not of length 1 within `tolerance`; a NaN row counts."""
    return int(np.sum(~(np.abs(np.linalg.norm(vectors, axis=1) - 1) < tolerance)))


def check_meta(meta: dict[str, str], model: str | None, dimension: int) -> list[str]:
    problems = []
    if not meta.get("model"):
        problems.append("meta names no model.")
    elif model and meta["model"] != model:
        problems.append(f"built with model {meta['model']!r} but the configured model is {model!r}.")
    if meta.get("dimension") != str(dimension):
        problems.append(f"meta says vectors of size {meta.get('dimension')} but they are of size {dimension}.")
    return problems
