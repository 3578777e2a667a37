"""The benchmark's own pieces: synthetic corpora are the right size, varied, and normalised."""
import subprocess
import sys
from datetime import date

import numpy as np

from bench.synthetic import synthetic_corpus, synthetic_sentence_vectors
from panelbot.models import Chunk


def test_synthetic_corpus_keeps_size_varies_text_and_normalises_vectors():
    real = [Chunk("a.pdf", date(2022, 2, 2), "46. Precept", 5, 5, "Councillor Bywater asked about £9.99 in 2022."),
            Chunk("b.tsv", None, "row 2", 1, 1, "Lead: Constabulary | Ref: V1.1")]
    vectors = np.eye(2, 4, dtype="float32")
    chunks, synthetic = synthetic_corpus(real, vectors, 7)
    assert len(chunks) == 7 and synthetic.shape == (7, 4)
    assert chunks[:2] == real and np.allclose(synthetic[:2], vectors)
    assert np.allclose(np.linalg.norm(synthetic, axis=1), 1.0, atol=1e-5)
    copies = [c for c in chunks[2:] if c.section == "46. Precept"]
    assert len({c.text for c in copies}) == len(copies) and all("£9.99 in 2022" not in c.text for c in copies)
    assert len({c.document for c in chunks}) == 7 and all(c.meeting_date for c in chunks[2:])
    assert not np.allclose(synthetic[2], vectors[0])


def test_a_copys_sentences_get_their_originals_vectors_varied_and_the_real_ones_stay():
    real = [Chunk("a.pdf", date(2022, 2, 2), "46. Precept", 5, 5, "Councillor Bywater asked about the precept. "
                  "The Panel noted the report. The Panel agreed the 2022 precept of £9.99.")]
    asked, noted, agreed = ("Councillor Bywater asked about the precept.", "The Panel noted the report.",
                            "The Panel agreed the 2022 precept of £9.99.")
    known = {text: np.eye(1, 4, n, dtype="float32")[0] for n, text in enumerate((asked, noted, agreed))}
    chunks, _ = synthetic_corpus(real, np.eye(1, 4, dtype="float32"), 3)
    texts, vectors = synthetic_sentence_vectors(real, chunks, known)
    by_text = dict(zip(texts, vectors))
    varied = chunks[2].text.split(". ")[2]   # "The Panel agreed the 1187 precept of £9.13."
    assert len(texts) == 7 and varied not in known and varied in by_text
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.dot(by_text[varied], known[agreed]) > 0.9 and not np.allclose(by_text[varied], known[agreed])
    assert all(np.array_equal(by_text[text], vector) for text, vector in known.items())   # "noted" stays real


def test_a_servers_peak_memory_is_its_own_not_the_process_that_started_it():
    ballast = bytearray(1024 ** 3)   # the parent's high-water mark passes a gigabyte
    ballast[::4096] = b"\1" * len(ballast[::4096])
    child = subprocess.run([sys.executable, "-c", "from bench.serve import peak_rss_mb; print(peak_rss_mb())"],
                           capture_output=True, text=True, check=True)
    assert 10 < int(child.stdout) < 512
