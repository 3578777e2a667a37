"""The chunks' vector search: exact for small builds; above a size, an inverted file of 8-bit vectors whose
candidates are re-scored exactly from the float vectors (chosen by measurement: bench/vector_index.py,
docs/scaling.md)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from panelbot.errors import PanelbotError

ADD_BATCH = 100_000   # vectors added to an index at a time, so no second copy of them all is made


@dataclass(frozen=True)
class VectorIndexSettings:
    """How a build's vector index is made and searched (figures: docs/scaling.md, bench/vector_index.py)."""
    exact_up_to: int = 200_000     # chunks searched exactly: 11 ms p95 at 100k, 103 ms at 1M, on one core
    lists_per_root: int = 4        # inverted lists: 4 x sqrt(chunks), 4,000 at 1M
    training_per_list: int = 50    # vectors k-means sees per list (FAISS asks for 39 or more)
    # lists searched per query, a share of them: at 1M, 1/8 kept recall@10 0.987 (13 ms p95); each doubling
    # halved what was missed (1/32: 0.946, 1/16: 0.972)
    probed_share: float = 0.25
    rescored: int = 120            # best candidates re-scored from the float vectors: the 8-bit codes cost 0.013


def vector_index(vectors: np.ndarray, settings: VectorIndexSettings) -> tuple[faiss.Index, dict[str, str]]:
    """The index of `vectors` (normalised float32, row N is chunk N) and what Store needs to know to search it."""
    if len(vectors) <= settings.exact_up_to:
        index = faiss.IndexFlatIP(vectors.shape[1])
        meta = {"vector_index": "flat", "rescored": "0"}
    else:
        lists = settings.lists_per_root * int(np.sqrt(len(vectors)))
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(vectors.shape[1]), vectors.shape[1], lists,
                                              faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
        sample = np.random.default_rng(0).choice(len(vectors), min(len(vectors), settings.training_per_list * lists),
                                                 replace=False)
        index.train(np.ascontiguousarray(vectors[np.sort(sample)]))
        index.nprobe = max(1, round(settings.probed_share * lists))   # written with the index
        meta = {"vector_index": f"ivf{lists}-sq8-probes{index.nprobe}", "rescored": str(settings.rescored)}
    for start in range(0, len(vectors), ADD_BATCH):
        index.add(np.ascontiguousarray(vectors[start:start + ADD_BATCH]))
    return index, meta


def search(index, vectors: np.ndarray, query: np.ndarray, limit: int, rerank: int = 0) -> list[tuple[int, float]]:
    """(row, inner product) of the `limit` rows nearest to `query`, best first; with `rerank`, the index's best
    `rerank` rows re-scored exactly from `vectors` (float32, row N is the index's N)."""
    if index.ntotal == 0:
        return []
    wanted = min(max(limit, rerank), index.ntotal)
    scores, ids = index.search(query.reshape(1, -1), wanted)
    found = ids[0][ids[0] >= 0]
    if not rerank:
        return [(int(i), float(s)) for i, s in zip(found, scores[0])][:limit]
    found.sort()   # rows read in file order
    exact = np.asarray(vectors[found]) @ query.ravel()
    best = np.argsort(-exact, kind="stable")[:limit]
    return [(int(found[i]), float(exact[i])) for i in best]


def recall(found: np.ndarray, exact: np.ndarray) -> float:
    """The share of each row of `exact` (ids, one row per query) that the same row of `found` holds, averaged."""
    if exact.size == 0:
        return 1.0
    return float(np.mean([len(set(f) & set(e)) / len(e) for f, e in zip(found.tolist(), exact.tolist())]))


class VectorRows:
    """The chunks' vectors (vectors.npy, float32, row N is chunk N), read from the file a few rows at a time.
    Not mapped into memory: each mapped row a question touches brings its neighbouring pages into the serving
    process's resident memory too (at a million chunks, 71 questions held 478 MB of the file)."""

    def __init__(self, path: Path):
        try:
            with path.open("rb") as f:
                version = np.lib.format.read_magic(f)
                shape, fortran, dtype = (np.lib.format.read_array_header_1_0(f) if version == (1, 0)
                                         else np.lib.format.read_array_header_2_0(f))
                self._start = f.tell()
        except (OSError, ValueError) as e:
            raise PanelbotError(f"{path}: cannot be read ({e}); run `panelbot index` to build the index again.")
        if fortran or dtype != np.float32 or len(shape) != 2:
            raise PanelbotError(f"{path}: not a matrix of float32 vectors; run `panelbot index` to build it again.")
        self.shape = shape
        self._row_bytes = shape[1] * 4
        self._file = path.open("rb")   # closed with the store, or when no longer referenced

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, rows) -> np.ndarray:
        """One row (an int) or several (ids in any order, or a slice), as a new array."""
        if isinstance(rows, (int, np.integer)):
            return self._read(int(rows), 1)[0]
        ids = np.arange(*rows.indices(len(self))) if isinstance(rows, slice) else np.asarray(rows, dtype="int64")
        out = np.empty((len(ids), self.shape[1]), dtype="float32")
        if not len(ids):
            return out
        order = np.argsort(ids, kind="stable")
        ordered = ids[order]
        breaks = np.flatnonzero(np.diff(ordered) != 1) + 1   # runs of consecutive rows, each read at once
        for run, where in zip(np.split(ordered, breaks), np.split(order, breaks)):
            out[where] = self._read(int(run[0]), len(run))
        return out

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        return self[slice(None)] if dtype is None else self[slice(None)].astype(dtype)

    def _read(self, first: int, count: int) -> np.ndarray:
        if first < 0 or first + count > len(self):
            raise IndexError(f"rows {first}..{first + count - 1} of {len(self)}")
        data = os.pread(self._file.fileno(), count * self._row_bytes, self._start + first * self._row_bytes)
        return np.frombuffer(data, dtype="float32").reshape(count, self.shape[1])

    def close(self) -> None:
        self._file.close()
