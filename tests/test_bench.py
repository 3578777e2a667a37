"""The benchmark's own pieces: synthetic corpora are the right size, varied, and normalised."""
import subprocess
import sys
from datetime import date

import numpy as np

from bench.synthetic import synthetic_corpus
from panelbot.models import Chunk
from panelbot.text.quotable import similarity_texts

REAL = [Chunk("a.pdf", date(2022, 2, 2), "46. Precept", 5, 5, "Councillor Bywater asked about the precept. "
              "The Panel noted the report. The Panel agreed the 2022 precept of £9.99."),
        Chunk("b.pdf", date(2023, 2, 8), "12. Estates", 3, 3, "The Commissioner sold the Parkside building. "
              "Officers reported 14 vacancies in the control room.")]


def real_sentences() -> dict[str, np.ndarray]:
    texts = [t for chunk in REAL for t in similarity_texts(chunk.text)]
    return {text: np.eye(1, 4, n, dtype="float32")[0] for n, text in enumerate(texts)}


def test_a_synthetic_corpus_keeps_the_real_chunks_first_and_composes_the_rest_of_their_sentences_varied(tmp_path):
    known = real_sentences()
    chunks, vectors, texts, sentence_vectors = synthetic_corpus(REAL, np.eye(2, 4, dtype="float32"), known, 60,
                                                                tmp_path)
    assert len(chunks) == 60 and vectors.shape == (60, 4) and chunks[:2] == REAL
    assert np.allclose(vectors[:2], np.eye(2, 4)) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert len({c.text for c in chunks[2:]}) > 50 and all(c.meeting_date for c in chunks[2:])
    mixed = [c for c in chunks[2:] if "Panel" in c.text and "Commissioner" in c.text]
    assert mixed   # sentences of both real chunks in one synthetic chunk
    assert all("£9.99" not in c.text for c in chunks[2:])   # figures varied
    by_text = dict(zip(texts, sentence_vectors))
    assert all(t in by_text for c in chunks for t in similarity_texts(c.text))   # none embedded at question time
    assert all(np.array_equal(by_text[t], v) for t, v in known.items())   # the real sentences keep their vectors


def test_a_servers_peak_memory_is_its_own_not_the_process_that_started_it():
    ballast = bytearray(1024 ** 3)   # the parent's high-water mark passes a gigabyte
    ballast[::4096] = b"\1" * len(ballast[::4096])
    child = subprocess.run([sys.executable, "-c", "from bench.serve import peak_rss_mb; print(peak_rss_mb())"],
                           capture_output=True, text=True, check=True)
    assert 10 < int(child.stdout) < 512
