"""`panelbot bench`: one run that measures indexing against the model's own speed, re-indexing, and serving
at growing sizes; prints a table and writes JSON and a PNG chart to bench/results/."""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.synthetic import synthetic_corpus, synthetic_documents
from bench.vector_index import exact_neighbours, questions
from indexer.build import build_index, corpus_files
from indexer.readers import read_document
from indexer.split import split_document
from panelbot.config import Config
from panelbot.embed import Embedder
from panelbot.index.store import Store, open_serving
from panelbot.index.vectors import recall
from panelbot.index.write import BuildContents, SentenceVectors, write_build
from panelbot.text.quotable import similarity_texts

RESULTS = Path(__file__).resolve().parent / "results"
FALLBACK_QUESTIONS = ["what did the panel agree on the precept?", "who leads action V1.1?",
                      "who chaired the July 2018 meeting?", "how many people responded to the precept survey?"]


def cli_env(corpus: Path, data: Path) -> dict:
    return {**os.environ, "PANELBOT_CORPUS_DIR": str(corpus), "PANELBOT_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}


def run_index_process(corpus: Path, data: Path) -> float:
    """Seconds for `panelbot index` as a whole process."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "panelbot", "index", "--json"], env=cli_env(corpus, data),
                   check=True, capture_output=True)
    return time.perf_counter() - started


def indexing(config: Config, work: Path) -> dict:
    """`build_index` end to end against the model's own single pass over the same words (every chunk's
    embedding_text once, batched longest-first as the index batches), both with the model already loaded
    (reading, splitting, embedding, writing and swapping count; loading does not), in chunks per second. The
    index also embeds each chunk's sentences (their first words), so its ratio shows what that costs."""
    embedder = Embedder(config.model, config.threads, config.batch_size)
    chunks = [c for p in corpus_files(config.corpus_dir)
              for c in split_document(read_document(p), embedder.count_tokens, embedder.max_tokens,
                                      config.chunk_tokens)]
    texts = sorted((c.embedding_text() for c in chunks), key=len, reverse=True)
    embedder.encode(texts[:64])   # warm the model
    started = time.perf_counter()
    embedder._model.encode(texts, batch_size=config.batch_size, normalize_embeddings=True)
    raw = len(texts) / (time.perf_counter() - started)
    started = time.perf_counter()
    summary = build_index(config.corpus_dir, work / "data", embedder, config.chunk_tokens)
    end_to_end = summary.chunks / (time.perf_counter() - started)
    return {"chunks": summary.chunks, "sentences": summary.sentences_embedded, "raw_chunks_per_s": round(raw, 1),
            "index_chunks_per_s": round(end_to_end, 1), "ratio": round(end_to_end / raw, 3)}


def reindexing(config: Config, work: Path) -> dict:
    """Whole-process seconds: re-index an unchanged corpus; then add one new document."""
    corpus = work / "corpus"
    shutil.copytree(config.corpus_dir, corpus)
    data = work / "data"
    run_index_process(corpus, data)   # the first, full index
    unchanged = run_index_process(corpus, data)
    (corpus / "2022-11-16-briefing-note.md").write_text(
        "# Briefing\nThe Panel noted the update on the estates strategy and agreed to receive it in March.\n")
    return {"reindex_unchanged_s": round(unchanged, 2), "add_one_document_s": round(run_index_process(corpus, data), 2)}


def serving(store: Store, sizes: list[int], questions_file: Path, queries: np.ndarray, work: Path) -> list[dict]:
    """Each size built from the real chunks, then served by a fresh process that reports its figures."""
    real = [chunk for _, chunk in sorted(store.chunks(list(range(store.chunk_count()))).items())]
    known = store.sentence_vectors([t for c in real for t in similarity_texts(c.text)])
    rows = []
    for size in sizes:
        data, made = work / f"serve-{size}", work / f"synthetic-{size}"
        made.mkdir()
        started = time.perf_counter()
        chunks, vectors, texts, sentence_vectors = synthetic_corpus(real, np.asarray(store.vectors), known, size,
                                                                    made)
        generated = time.perf_counter() - started
        documents = [*store.documents().values(), *synthetic_documents(len(real), size)]
        write_build(data, BuildContents(documents, chunks, vectors, dict(store.meta),
                                        sentences=SentenceVectors(texts, sentence_vectors)))
        built = time.perf_counter() - started - generated
        del chunks, texts, sentence_vectors
        row = served(data, questions_file)
        row.update(vector_recall(open_serving(data), vectors, queries))
        row["index_mb"] = round(sum(p.stat().st_size for p in (data / "current").resolve().iterdir()) / 2 ** 20, 1)
        row.update({"generate_s": round(generated, 1), "write_build_s": round(built, 1)})
        rows.append(row)
        del vectors
        shutil.rmtree(data)   # a million chunks take gigabytes
        shutil.rmtree(made)
    return rows


def served(data: Path, questions_file: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.serve", str(data), str(questions_file)],
                         env={**os.environ, "HF_HUB_OFFLINE": "1"}, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def vector_recall(store: Store, vectors: np.ndarray, queries: np.ndarray, depth: int = 10) -> dict:
    """Recall@10 of the build's vector search against exact search, over the QA files' questions."""
    found = np.array([[i for i, _ in store.nearest(q, depth)] for q in queries])
    return {"vector_index": store.meta.get("vector_index", "flat"),
            "recall_at_10": round(recall(found, exact_neighbours(vectors, queries, depth)), 4)}


def question_file(work: Path) -> Path:
    dev = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
    questions = [json.loads(line)["question"] for line in dev.read_text().splitlines() if line.strip()] \
        if dev.exists() else FALLBACK_QUESTIONS
    path = work / "questions.txt"
    path.write_text("\n".join(questions))
    return path


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def run(config: Config, sizes: list[int]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        results = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M"), "indexing": indexing(config, work)}
        results["reindexing"] = reindexing(config, work / "re")
        store = open_serving(work / "data")
        queries = Embedder(config.model, config.threads, config.batch_size).encode(questions())
        results["serving"] = serving(store, sizes, question_file(work), queries, work)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2))
    chart(results["serving"], RESULTS / "latest.png")
    return results


def chart(rows: list[dict], path: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["chunks"] for r in rows]
    figure, (left, right, search) = plt.subplots(1, 3, figsize=(15, 4))
    for key, label in (("retrieval_p95_ms", "retrieval p95"), ("answer_p95_ms", "answer p95"),
                       ("answer_p50_ms", "answer p50")):
        left.plot(sizes, [r[key] for r in rows], marker="o", label=label)
    left.set(xscale="log", xlabel="chunks", ylabel="ms", title="Warm latency")
    left.legend()
    right.plot(sizes, [r["peak_rss_mb"] for r in rows], marker="o")
    right.plot(sizes, [r["index_mb"] for r in rows], marker="o", label="index on disk")
    right.set(xscale="log", yscale="log", xlabel="chunks", ylabel="MB", title="Serving peak RSS, index size")
    right.legend(["serving peak RSS", "index on disk"])
    search.plot(sizes, [r["recall_at_10"] for r in rows], marker="o")
    search.set(xscale="log", xlabel="chunks", ylabel="recall@10", ylim=(0.9, 1.0),
               title="Vector search recall@10 against exact")
    figure.tight_layout()
    figure.savefig(path)
