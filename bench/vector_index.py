"""Choosing the vector index by measurement: `python -m bench.vector_index [SIZE]` builds exact search and
approximate candidates over one synthetic corpus (bench/synthetic.py, default 1,000,000 chunks) and measures each
on the questions of the QA files embedded with the real model: build seconds, size on disk, memory added by
loading and searching it, query ms p50/p95 on one thread, and recall@10 (and @60, what retrieval takes) against
exact search. Prints one JSON line per setting and writes bench/results/vector_index.json. Run it with
MALLOC_MMAP_THRESHOLD_=131072 so an index freed gives its memory back and the next one's is measured afresh."""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

from bench.serve import percentile
from bench.synthetic import synthetic_corpus
from panelbot.config import load_config
from panelbot.embed import Embedder
from panelbot.index.store import open_serving
from panelbot.index.vectors import recall, search
from panelbot.text.quotable import similarity_texts

RESULTS = Path(__file__).resolve().parent / "results"
QA_FILES = [Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl",
            *sorted((Path(__file__).resolve().parent / "qa").glob("*.jsonl"))]
TIMED_QUERIES = 300   # timed one by one on one thread; recall is over every question
DEPTHS = (10, 60)


def questions() -> list[str]:
    return list(dict.fromkeys(json.loads(line)["question"] for path in QA_FILES if path.exists()
                              for line in path.read_text().splitlines() if line.strip()))


def exact_neighbours(vectors: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """The ids of each query's k nearest rows by inner product, best first, a block of rows at a time."""
    best_ids = np.zeros((len(queries), 0), dtype="int64")
    best_scores = np.zeros((len(queries), 0), dtype="float32")
    for start in range(0, len(vectors), 100_000):
        scores = queries @ np.asarray(vectors[start:start + 100_000]).T
        ids = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        best_ids = np.hstack([best_ids, ids + start])
        best_scores = np.hstack([best_scores, np.take_along_axis(scores, ids, axis=1)])
    order = np.argsort(-best_scores, axis=1)[:, :k]
    return np.take_along_axis(best_ids, order, axis=1)


def resident_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def measure(name: str, index_file: Path, vectors: np.ndarray, queries: np.ndarray, exact: np.ndarray,
            settings: list[dict], mmap: bool = False) -> list[dict]:
    """Each search setting of one written index: memory added, latency on one thread, recall."""
    rows = []
    faiss.omp_set_num_threads(1)
    for setting in settings:
        before = resident_mb()
        index = faiss.read_index(str(index_file), faiss.IO_FLAG_MMAP if mmap else 0)
        faiss.ParameterSpace().set_index_parameters(index, ",".join(f"{k}={v}" for k, v in setting.items()
                                                                    if k != "rerank"))
        rerank = setting.get("rerank", 0)
        found = np.array([[i for i, _ in search(index, vectors, q, max(DEPTHS), rerank)] for q in queries])
        timings = []
        for q in queries[:TIMED_QUERIES]:
            started = time.perf_counter()
            search(index, vectors, q, max(DEPTHS), rerank)
            timings.append((time.perf_counter() - started) * 1000)
        row = {"index": name, **setting, "disk_mb": round(index_file.stat().st_size / 2 ** 20),
               "memory_mb": round(resident_mb() - before), "p50_ms": percentile(timings, 0.5),
               "p95_ms": percentile(timings, 0.95)}
        row.update({f"recall@{k}": round(recall(found[:, :k], exact[:, :k]), 4) for k in DEPTHS})
        print(json.dumps(row), flush=True)
        rows.append(row)
        del index
    faiss.omp_set_num_threads(2)
    return rows


def built(index: faiss.Index, vectors: np.ndarray, path: Path, trained_s: float = 0.0) -> tuple[Path, float]:
    """Add the vectors to a trained index and write it; seconds taken, training included."""
    started = time.perf_counter()
    for start in range(0, len(vectors), 100_000):
        index.add(np.ascontiguousarray(vectors[start:start + 100_000]))
    faiss.write_index(index, str(path))
    return path, round(trained_s + time.perf_counter() - started, 1)


def candidates(vectors: np.ndarray, queries: np.ndarray, exact: np.ndarray, folder: Path) -> list[dict]:
    """Exact search (mapped from disk, as served), IVF-Flat, IVF-SQ8 with and without re-scoring, HNSW."""
    d, cells = vectors.shape[1], 4 * int(np.sqrt(len(vectors)))
    rows = []
    path, seconds = built(faiss.IndexFlatIP(d), vectors, folder / "flat.faiss")
    rows += [{**r, "build_s": seconds} for r in measure("Flat", path, vectors, queries, exact, [{}], mmap=True)]
    started = time.perf_counter()
    quantizer = faiss.IndexFlatIP(d)
    sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), 50 * cells), replace=False)
    training = np.ascontiguousarray(vectors[np.sort(sample)])
    ivf = faiss.IndexIVFFlat(quantizer, d, cells, faiss.METRIC_INNER_PRODUCT)
    ivf.train(training)
    trained = time.perf_counter() - started
    probes = [{"nprobe": n} for n in (64, 128, 256, 512, 1024)]
    path, seconds = built(ivf, vectors, folder / "ivf-flat.faiss", trained)
    rows += [{**r, "build_s": seconds} for r in measure(f"IVF{cells},Flat", path, vectors, queries, exact, probes)]
    sq8 = faiss.IndexIVFScalarQuantizer(quantizer, d, cells, faiss.ScalarQuantizer.QT_8bit,
                                        faiss.METRIC_INNER_PRODUCT)
    started = time.perf_counter()
    sq8.train(training)   # the quantizer is trained already: only the 8-bit ranges
    path, seconds = built(sq8, vectors, folder / "ivf-sq8.faiss", trained + time.perf_counter() - started)
    settings = probes + [{"nprobe": n, "rerank": 120} for n in (256, 512, 1024)]
    rows += [{**r, "build_s": seconds} for r in measure(f"IVF{cells},SQ8", path, vectors, queries, exact, settings)]
    if len(sys.argv) > 2 and sys.argv[2] == "hnsw":
        path, seconds = built(faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT), vectors, folder / "hnsw.faiss")
        rows += [{**r, "build_s": seconds} for r in measure("HNSW32,Flat", path, vectors, queries, exact,
                                                            [{"efSearch": e} for e in (64, 128, 256)])]
    return rows


def main(size: int) -> None:
    config = load_config()
    faiss.omp_set_num_threads(config.threads)   # building and exact neighbours on both cores; searching on one
    store = open_serving(config.data_dir)
    ids = list(range(store.chunk_count()))
    real = [chunk for _, chunk in sorted(store.chunks(ids).items())]
    known = store.sentence_vectors([t for c in real for t in similarity_texts(c.text)])
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        _, vectors, _, _ = synthetic_corpus(real, np.asarray(store.vectors), known, size, Path(folder))
        print(json.dumps({"size": size, "generated_s": round(time.perf_counter() - started, 1)}), flush=True)
        queries = Embedder(config.model, config.threads, config.batch_size).encode(questions())
        exact = exact_neighbours(vectors, queries, max(DEPTHS))
        rows = candidates(vectors, queries, exact, Path(folder))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "vector_index.json").write_text(json.dumps({"chunks": size, "questions": len(queries),
                                                           "rows": rows}, indent=1))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
