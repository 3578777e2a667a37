"""Full-text search at scale, ours (index/lexical.py) against bm25s: `python -m bench.full_text DATA_DIR [SIZE ...]`
builds both on synthetic corpora of SIZE chunks (default 100,000 and 1,000,000) made from the chunks of the index in
DATA_DIR, then prints and writes (bench/results/full_text.json) build time, peak build memory, size on disk, serving
memory, single-thread query latency on the labelled questions, and how far the two agree on the top ten.

A synthetic chunk is 100-200 words of runs of sentences from several real chunks, with figures, years, months and
councillors' names varied, so that its vocabulary grows with the corpus as a real one's does. Every build and
every serving run is a process of its own, so its memory is its own (VmHWM, VmRSS, RssAnon)."""
from __future__ import annotations

import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import psutil

from bench.synthetic import NAMES
from panelbot.index.builds import serving_build
from panelbot.index.lexical import SECTION_WEIGHT, best, build_postings
from panelbot.text.dates import MONTH_NAMES
from panelbot.text.sentences import sentence_spans
from panelbot.text.terms import terms

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "full_text.json"
QUESTION_FILES = [Path("/work/shared/eval/dev.jsonl"), *sorted((ROOT / "bench" / "qa").glob("*.jsonl"))]
NUMBER = re.compile(r"\b(?!(?:19|20)\d\d\b)\d+\b")   # not a year
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
MONTH = re.compile(r"\b(" + "|".join(m.capitalize() for m in MONTH_NAMES[1:]) + r")\b")
COUNCILLOR = re.compile(r"\b(Councillor|Cllr|Mr|Mrs|Ms|Dr) [A-Z][a-z]+")
# 20 x 20 surnames ("Ahmedbaker", ...): enough names that the vocabulary of people grows with the corpus
SURNAMES = [a + b.lower() for a in NAMES for b in NAMES]
LIMIT = 10
MAX_RSS_MB = 6_500   # the host is shared: a step holding more is stopped
PASSES = 3   # each question's latency is its best of three: the host is shared, and its noise is not ours


def real_chunks(data_dir: Path) -> list[tuple[str, list[str]]]:
    """(section, sentences) of each chunk of the serving build of `data_dir`."""
    db = sqlite3.connect(data_dir / serving_build(data_dir) / "chunks.sqlite")
    rows = db.execute("select section, text from chunks order by id").fetchall()
    return [(section, [text[s:e] for s, e in sentence_spans(text)]) for section, text in rows]


def vary(text: str, rng: random.Random) -> str:
    text = NUMBER.sub(lambda m: str(rng.randint(1, 10 ** min(len(m.group()), 6) - 1)), text)
    text = YEAR.sub(lambda m: str(rng.randint(2005, 2030)), text)
    text = MONTH.sub(lambda m: rng.choice(MONTH_NAMES[1:]).capitalize(), text)
    return COUNCILLOR.sub(lambda m: f"{m.group(1)} {rng.choice(SURNAMES)}", text)


def synthetic_chunks(real: list[tuple[str, list[str]]], size: int, seed: int = 11):
    """`size` (section, text) pairs, each from runs of sentences of several real chunks, varied."""
    rng = random.Random(seed)
    for _ in range(size):
        section = vary(rng.choice(real)[0], rng)
        words, parts, target = 0, [], rng.randint(100, 200)
        while words < target:
            sentences = rng.choice(real)[1]
            at = rng.randrange(len(sentences))
            run = " ".join(sentences[at:at + rng.randint(1, 4)])
            parts.append(vary(run, rng))
            words += len(run.split())
        yield section, " ".join(parts)


def memory_mb() -> dict[str, int]:
    """This process's peak, current and anonymous (not file-backed) resident memory."""
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return {key: round(int(fields[key].split()[0]) / 1024) for key in ("VmHWM", "VmRSS", "RssAnon")}


def write_corpus(data_dir: Path, size: int, path: Path) -> None:
    """The synthetic corpus as a file of JSON lines, made once and read by both builds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(pair) + "\n" for pair in synthetic_chunks(real_chunks(data_dir), size))


def read_corpus(path: Path):
    with path.open(encoding="utf-8") as lines:
        yield from (tuple(json.loads(line)) for line in lines)


def build(impl: str, corpus: Path, folder: Path) -> dict:
    """Build one implementation's index of the corpus in `folder`, reading the corpus as it goes, as an index
    run reads its chunks from SQLite."""
    before = memory_mb()["VmRSS"]
    started = time.perf_counter()
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if impl == "ours":
        postings = build_postings(read_corpus(corpus))
        np.save(folder / "postings-chunks.npy", postings.chunk_ids)
        np.save(folder / "postings-impacts.npy", postings.impacts)
        db = sqlite3.connect(folder / "terms.sqlite")
        db.execute("create table terms (term text primary key, df integer, start integer)")
        db.executemany("insert into terms values (?, ?, ?)",
                       zip(postings.vocabulary, postings.frequencies, postings.starts))
        db.commit()
        vocabulary = len(postings.vocabulary)
    else:
        import bm25s

        tokens = [terms(text) + terms(section) * SECTION_WEIGHT for section, text in read_corpus(corpus)]
        retriever = bm25s.BM25(k1=1.2, b=0.75, method="atire", idf_method="robertson")
        retriever.index(tokens, show_progress=False)
        retriever.save(folder, show_progress=False)
        vocabulary = len(retriever.vocab_dict)
    seconds = time.perf_counter() - started
    disk = sum(f.stat().st_size for f in folder.iterdir())
    return {"build_s": round(seconds, 1), "start_rss_mb": before, "peak_rss_mb": memory_mb()["VmHWM"],
            "disk_mb": round(disk / 2 ** 20, 1), "vocabulary": vocabulary}


def questions() -> list[list[str]]:
    texts = [json.loads(line)["question"] for path in QUESTION_FILES if path.exists()
             for line in path.read_text().splitlines() if line.strip()]
    return [sorted(set(terms(text))) for text in texts]


def serve(impl: str, folder: Path, size: int) -> dict:
    queries, started = questions(), time.perf_counter()
    if impl == "ours":
        chunk_ids, impacts = (np.load(folder / f"postings-{n}.npy", mmap_mode="r") for n in ("chunks", "impacts"))
        db = sqlite3.connect(folder / "terms.sqlite")

        def search(words):
            spans = db.execute(f"select start, df from terms where term in ({','.join('?' * len(words))})",
                               words).fetchall()
            return best(chunk_ids, impacts, spans, size, LIMIT)
    else:
        import bm25s

        retriever = bm25s.BM25.load(folder, mmap=True, show_progress=False)

        def search(words):
            found, scores = retriever.retrieve([words], k=LIMIT, show_progress=False)
            return [(int(i), float(s)) for i, s in zip(found[0], scores[0]) if s > 0]
    loaded, after_load = time.perf_counter() - started, memory_mb()
    results = [search(words) if words else [] for words in queries]
    latencies = np.full(len(queries), np.inf)
    for _ in range(PASSES):
        for n, words in enumerate(queries):
            started = time.perf_counter()
            search(words) if words else []
            latencies[n] = min(latencies[n], (time.perf_counter() - started) * 1000)
    return {"load_s": round(loaded, 2), "rss_after_load_mb": after_load["VmRSS"],
            "anon_after_load_mb": after_load["RssAnon"], "rss_after_queries_mb": memory_mb()["VmRSS"],
            "p50_ms": round(float(np.percentile(latencies, 50)), 2),
            "p95_ms": round(float(np.percentile(latencies, 95)), 2), "results": results}


def agreement(ours: list, theirs: list) -> dict:
    """How alike two lists of top tens are: the same ids in the same order, the same set, the mean overlap, and
    the largest relative difference of the scores rank by rank."""
    same_order = same_set = overlap = 0
    worst = 0.0
    for a, b in zip(ours, theirs):
        same_order += [i for i, _ in a] == [i for i, _ in b]
        same_set += {i for i, _ in a} == {i for i, _ in b}
        overlap += len({i for i, _ in a} & {i for i, _ in b}) / max(1, len(a), len(b))
        if len(a) == len(b) and a:
            worst = max(worst, max(abs(x[1] - y[1]) / x[1] for x, y in zip(a, b)))
    n = max(1, len(ours))
    return {"same_order": round(same_order / n, 3), "same_set": round(same_set / n, 3),
            "overlap": round(overlap / n, 3), "max_score_rel_diff": round(worst, 4), "queries": len(ours)}


def child(*args: str) -> dict:
    """One step in a process of its own; stopped, and said to be, if it holds more than MAX_RSS_MB."""
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen([sys.executable, "-m", "bench.full_text", *args], stdout=out, text=True)
        while process.poll() is None:
            if psutil.Process(process.pid).memory_info().rss > MAX_RSS_MB * 2 ** 20:
                process.kill()
                process.wait()
                return {"stopped": f"over {MAX_RSS_MB} MB resident"}
            time.sleep(0.2)
        if process.returncode:
            raise RuntimeError(f"bench.full_text {' '.join(args)} failed ({process.returncode})")
        out.seek(0)
        return json.loads(out.read().splitlines()[-1])


def main(data_dir: Path, sizes: list[int], work: Path = Path("/tmp/lexical/full-text")) -> dict:
    report = {}
    for size in sizes:
        row, corpus = {}, work / f"corpus-{size}.jsonl"
        if not corpus.exists():
            write_corpus(data_dir, size, corpus)
        for impl in ("ours", "bm25s"):
            folder = work / f"{impl}-{size}"
            row[impl] = child("build", impl, str(corpus), str(folder))
            if "stopped" not in row[impl]:
                row[impl] |= child("serve", impl, str(folder), str(size))
            print(size, impl, {k: v for k, v in row[impl].items() if k != "results"}, file=sys.stderr)
        if all("results" in row[impl] for impl in ("ours", "bm25s")):
            row["agreement"] = agreement(row["ours"].pop("results"), row["bm25s"].pop("results"))
        report[str(size)] = row
        print(size, "agreement", row.get("agreement"), file=sys.stderr)
    RESULTS.write_text(json.dumps(report, indent=1) + "\n")
    return report


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    if command == "build":
        print(json.dumps(build(args[0], Path(args[1]), Path(args[2]))))
    elif command == "serve":
        print(json.dumps(serve(args[0], Path(args[1]), int(args[2]))))
    elif command != "help":
        print(json.dumps(main(Path(command), [int(a) for a in args] or [100_000, 1_000_000])))
    else:
        sys.exit(__doc__)
