"""The vector index a build writes: exact up to a size, an inverted file of 8-bit vectors re-scored exactly above
it, and the recall that choice was measured by."""
import faiss
import numpy as np
import pytest

from panelbot.errors import PanelbotError
from panelbot.index.doctor import check_index
from panelbot.index.store import DocumentRecord, open_serving
from panelbot.index.vectors import VectorIndexSettings, VectorRows, recall
from panelbot.index.write import BuildContents, write_build
from panelbot.models import Chunk

SMALL = VectorIndexSettings(exact_up_to=1_000, lists_per_root=1, training_per_list=40, probed_share=0.15, rescored=40)


def clustered_vectors(count: int, seed: int = 3) -> np.ndarray:
    """Normalised vectors around 20 centres, as a corpus's subjects gather its chunks."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(20, 64))
    vectors = centres[rng.integers(0, 20, count)] + rng.normal(0, 0.4, (count, 64))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype("float32")


def built_store(tmp_path, vectors: np.ndarray):
    chunks = [Chunk("a.pdf", None, "Item", 1, 1, f"Chunk number {n} of the papers.") for n in range(len(vectors))]
    paper = DocumentRecord("a.pdf", "A", "pdf", "", None, 1, len(chunks))
    write_build(tmp_path, BuildContents([paper], chunks, vectors, {"model": "m", "dimension": "64"},
                                        vector_index=SMALL))
    return open_serving(tmp_path)


@pytest.mark.parametrize("count, kind", [(900, faiss.IndexFlatIP), (3_000, faiss.IndexIVFScalarQuantizer)])
def test_a_build_is_searched_exactly_up_to_its_size_and_approximately_above(tmp_path, count, kind):
    vectors = clustered_vectors(count)
    store = built_store(tmp_path, vectors)
    assert isinstance(faiss.downcast_index(store.index), kind)
    hits = store.nearest(vectors[777], 10)
    assert hits[0][0] == 777 and hits[0][1] == pytest.approx(1.0, abs=1e-5)
    scores = [score for _, score in hits]
    assert scores == sorted(scores, reverse=True) and len(hits) == 10


def test_an_approximate_index_scores_its_candidates_exactly_and_finds_most_true_neighbours(tmp_path):
    vectors = clustered_vectors(3_000)
    store = built_store(tmp_path, vectors)
    assert store.meta["vector_index"] == "ivf54-sq8-probes8" and store.rescored == 40
    assert check_index(tmp_path, "m").problems == []   # `panelbot doctor` reads the inverted file too
    queries = clustered_vectors(50, seed=4)
    found = np.array([[i for i, _ in store.nearest(q, 10)] for q in queries])
    exact = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    assert recall(found, exact) > 0.9
    chunk_id, score = store.nearest(queries[0], 1)[0]
    assert score == pytest.approx(float(vectors[chunk_id] @ queries[0]), abs=1e-6)   # the float vector's score


def test_recall_is_the_share_of_true_neighbours_found_averaged_over_queries():
    found, exact = np.array([[1, 2, 3], [4, 5, 6]]), np.array([[3, 2, 9], [7, 8, 9]])
    assert recall(found, exact) == pytest.approx((2 / 3 + 0) / 2)
    assert recall(exact, exact) == 1.0


def test_vector_rows_read_from_the_file_are_the_rows_written(tmp_path):
    """Rows read without mapping the file: one, several in any order (repeats too), a slice, all, or none."""
    vectors = clustered_vectors(500)
    np.save(tmp_path / "vectors.npy", vectors)
    rows = VectorRows(tmp_path / "vectors.npy")
    assert len(rows) == 500 and np.array_equal(rows[7], vectors[7])
    assert np.array_equal(rows[[499, 3, 4, 5, 3, 0]], vectors[[499, 3, 4, 5, 3, 0]])
    assert np.array_equal(rows[10:20], vectors[10:20]) and np.array_equal(np.asarray(rows), vectors)
    assert rows[[]].shape == (0, 64)
    with pytest.raises(IndexError):
        rows[500]
    rows.close()
    (tmp_path / "broken.npy").write_bytes(b"not numpy")
    with pytest.raises(PanelbotError, match="broken.npy: cannot be read"):
        VectorRows(tmp_path / "broken.npy")
