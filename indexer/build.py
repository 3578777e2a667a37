"""Building the index: find the corpus files, re-read only what changed, embed, and swap the new build in."""
from __future__ import annotations

import fcntl
import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from indexer.bodies import BODY_SUFFIX, read_body
from indexer.readers import is_supported, read_document
from indexer.register import REGISTER_VERSION, extract_decisions, extract_meetings, extract_spellings
from indexer.split import split_document
from panelbot.config import SLACK_IDS
from panelbot.embed import Embedder
from panelbot.errors import PanelbotError
from panelbot.models import Chunk
from panelbot.scoring import SENTENCES_VERSION, similarity_texts
from panelbot.store import SCHEMA_VERSION, BuildContents, DocumentRecord, SentenceVectors, Store, write_build
from panelbot.terms import STEMMER

log = logging.getLogger(__name__)

SPLIT_VERSION = "19"   # bump when split rules change, so every document is split again (19: house styles of minutes)


@dataclass
class Summary:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (file, reason)
    pages: int = 0
    chunks: int = 0
    embedded: int = 0          # chunks
    sentences_embedded: int = 0
    seconds: float = 0.0
    swapped: bool = False      # a new build now serves

    def as_json(self) -> dict:
        return {"new": self.new, "changed": self.changed, "unchanged": self.unchanged,
                "removed": self.removed, "failed": [{"file": f, "reason": r} for f, r in self.failed],
                "pages": self.pages, "chunks": self.chunks, "embedded": self.embedded,
                "sentences_embedded": self.sentences_embedded,
                "seconds": round(self.seconds, 2), "swapped": self.swapped}


@dataclass(frozen=True)
class Progress:
    """Callbacks a face uses to draw progress; the indexer itself prints nothing."""
    reading: Callable[[str], None] = lambda file: None
    embedding_started: Callable[[int], None] = lambda total: None
    embedded: Callable[[int], None] = lambda count: None


def corpus_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise PanelbotError(f"{folder}: corpus folder not found; set PANELBOT_CORPUS_DIR or [corpus] dir.")
    files = sorted(p for p in folder.rglob("*") if (p.is_file() or p.is_symlink()) and is_supported(p)
                   and not p.name.startswith(".") and p.stem.lower() != "readme")   # the folder's own notes
    names = {}
    for path in files:
        if path.name in names:
            raise PanelbotError(f"{path}: another file is also named {path.name} ({names[path.name]}); "
                                "rename one, citations name files.")
        names[path.name] = path
    return files


ACCESS_SUFFIX = ".channels"   # "exempt-report.pdf.channels": the Slack channel ids that may see exempt-report.pdf
NOBODY = ("-",)               # the access of a paper no channel may see


def read_access(path: Path) -> tuple[str, ...]:
    """The channels a document is restricted to, from its sidecar file; () when it is public."""
    sidecar = path.with_name(path.name + ACCESS_SUFFIX)
    if not sidecar.exists():
        return ()
    try:   # "utf-8-sig": an editor's byte-order mark is not part of the first channel id
        text = sidecar.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise PanelbotError(f"{sidecar.name}: cannot read its channel list ({getattr(e, 'reason', None) or e}); "
                            "save it as plain UTF-8 text.")
    words = [w for line in text.splitlines() for w in line.split("#")[0].replace(",", " ").split()]
    if not words:   # a sidecar naming nobody still restricts: no channel sees the paper
        return NOBODY
    if wrong := [w for w in words if not SLACK_IDS["allowed_channels"].fullmatch(w)]:   # a name would match no channel
        raise PanelbotError(f"{sidecar.name}: {', '.join(wrong)} is not a Slack channel id (like C0123ABCD); "
                            "give ids, not names.")
    return tuple(sorted(set(words)))


def access_or_nobody(path: Path) -> tuple[str, ...]:
    """read_access, or no channel at all when the sidecar cannot be read: a restriction fails closed."""
    try:
        return read_access(path)
    except PanelbotError:
        return NOBODY


def file_hash(path: Path) -> str | None:
    """SHA-256 of the file and of its access sidecar, so a change to either re-records the document;
    None when the file cannot be opened (read_document then says why)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    digest.update(repr(access_or_nobody(path)).encode())
    try:   # a new name in the body sidecar records the document again
        digest.update(path.with_name(path.name + BODY_SUFFIX).read_bytes())
    except OSError:
        pass
    return digest.hexdigest()


@contextmanager
def index_lock(data_dir: Path) -> Iterator[None]:
    """One index run at a time per data folder; a second one is told the index is busy."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / "index.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PanelbotError(f"{data_dir}: another `panelbot index` is running; try again when it ends.")
        yield


def build_index(corpus_dir: Path, data_dir: Path, embedder: Embedder, chunk_tokens: int,
                progress: Progress = Progress()) -> Summary:
    """Bring the index of `data_dir` in line with the files of `corpus_dir`."""
    started = time.perf_counter()
    with index_lock(data_dir):
        summary = _build(corpus_dir, data_dir, embedder, chunk_tokens, progress)
    summary.seconds = time.perf_counter() - started
    return summary


def _build(corpus_dir: Path, data_dir: Path, embedder: Embedder, chunk_tokens: int,
           progress: Progress) -> Summary:
    summary = Summary()
    previous = Store.open_current(data_dir)
    settings = {"model": embedder.identity, "split_version": SPLIT_VERSION, "chunk_tokens": str(chunk_tokens),
                "stemmer": STEMMER, "schema": SCHEMA_VERSION}
    reusable = previous and all(previous.meta.get(k) == v for k, v in settings.items())
    settings["register"] = REGISTER_VERSION   # new register rules: the register is built again, nothing re-embedded
    settings["sentences"] = SENTENCES_VERSION   # new sentence rules: the sentences not embedded before are embedded
    rules_current = (previous and all(previous.meta.get(k) == settings[k] for k in ("register", "sentences"))
                     and previous.holds_sentence_vectors)   # a build from before has none
    previous_docs = previous.documents() if previous else {}
    old_docs = previous_docs if reusable else {}
    files = corpus_files(corpus_dir)
    hashes = {path.name: file_hash(path) for path in files}
    summary.removed = sorted(set(previous_docs) - set(hashes))

    kept: list[tuple[DocumentRecord, list[int]]] = []        # documents whose chunks and vectors are reused
    # The body each paper belongs to, for its decisions; a kept paper's comes from its record once the store
    # keeps it (until then, "").
    bodies = {name: getattr(old, "body", "") for name, old in old_docs.items()}
    regranted = False   # a paper that failed to read keeps its last version, but its new access applies at once
    fresh: list[tuple[DocumentRecord, list[Chunk]]] = []
    for path in files:
        old = old_docs.get(path.name)
        if old and old.sha256 == hashes[path.name]:
            summary.unchanged.append(path.name)
            kept.append((old, [i for i, _ in previous.chunks_of(path.name)]))
            continue
        progress.reading(path.name)
        try:
            access = read_access(path)
            document = read_document(path)
            document = replace(document, body=read_body(path, document))
            chunks = split_document(document, embedder.count_tokens, embedder.max_tokens, chunk_tokens)
        except PanelbotError as e:
            summary.failed.append((str(path.relative_to(corpus_dir)), str(e).removeprefix(f"{path.name}: ")))
            if old:   # keep the last good version rather than lose it, under the access its sidecar now says
                access = access_or_nobody(path)
                if access != old.channels:   # and with no hash, so that the next run reads it again
                    regranted, old = True, replace(old, channels=access, sha256="")
                kept.append((old, [i for i, _ in previous.chunks_of(path.name)]))
            continue
        (summary.changed if path.name in previous_docs else summary.new).append(path.name)
        bodies[path.name] = document.body
        record = DocumentRecord(path.name, document.title, document.kind, hashes[path.name],
                                document.meeting_date, len(document.pages), len(chunks), access)
        fresh.append((record, chunks))

    if previous and not fresh and not summary.removed and reusable and rules_current and not regranted:
        summary.pages = sum(d.pages for d in old_docs.values() if d.file in hashes)
        summary.chunks = previous.chunk_count()
        return summary   # nothing changed: the serving build stays, and the model is never loaded

    documents, chunks, parts = [], [], []
    for record, ids in kept:
        old_chunks = previous.chunks(ids)
        documents.append(record)
        chunks.extend(old_chunks[i] for i in ids)
        parts.append(np.asarray(previous.vectors[ids]) if ids else None)
    new_chunks = [c for _, chunks in fresh for c in chunks]
    documents.extend(record for record, _ in fresh)
    chunks.extend(new_chunks)
    sentences = sorted({text for chunk in chunks for text in similarity_texts(chunk.text)})
    # kept by their text: whatever else changed (split rules, chunk size), only another model makes them stale
    same_model = previous and previous.meta.get("model") == embedder.identity
    held = previous.sentences_held(sentences) if same_model else set()
    new_sentences = [text for text in sentences if text not in held]

    progress.embedding_started(len(new_chunks) + len(new_sentences))
    parts.append(embedder.encode([c.embedding_text() for c in new_chunks], progress.embedded))
    sentence_vectors = SentenceVectors(tuple(new_sentences), embedder.encode(new_sentences, progress.embedded),
                                       tuple(held), previous.folder / "chunks.sqlite" if held else None)
    summary.embedded, summary.sentences_embedded = len(new_chunks), len(new_sentences)
    vectors = np.concatenate([p for p in parts if p is not None and len(p)] or
                             [np.zeros((0, embedder.dimension), dtype="float32")])
    meta = {**settings, "dimension": str(vectors.shape[1]), "built_at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    write_build(data_dir, BuildContents(documents, chunks, vectors, meta, extract_meetings(chunks),
                                        extract_decisions(chunks, bodies), extract_spellings(chunks), sentence_vectors))
    summary.swapped = True
    summary.pages = sum(d.pages for d in documents)
    summary.chunks = len(chunks)
    return summary
