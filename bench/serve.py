"""One serving process, measured: `python -m bench.serve DATA_DIR QUESTIONS_FILE` prints one JSON line.

Cold start is from the process's first line to its first answer; latencies are warm; peak RSS is the
process's own high-water mark (VmHWM: getrusage's ru_maxrss would report the parent's, larger after it built the
synthetic corpus, since a child's ru_maxrss starts from its parent's at the fork)."""
import time

STARTED = time.perf_counter()

import json  # noqa: E402  (the imports are part of the cold start being measured)
import statistics  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from panelbot.config import load_config  # noqa: E402
from panelbot.embed import Embedder  # noqa: E402
from panelbot.engine import Engine  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def main(data_dir: Path, questions: list[str]) -> dict:
    config = load_config()
    embedder = Embedder(config.model, config.threads, config.batch_size)
    engine = Engine(data_dir, embedder, config.answer)
    engine.ask(questions[0])
    cold_start = time.perf_counter() - STARTED
    full_text, retrieval, answers = [], [], []
    for question in questions:   # the engine's own answers, timed by the engine at each step
        answer = engine.ask(question)
        answers.append(answer.latency_ms)
        if answer.timings:   # a question with no words is answered before retrieval
            full_text.append(answer.timings["full_text_ms"])
            retrieval.append(answer.timings["retrieval_ms"])
    return {"chunks": engine.current_store().chunk_count(), "cold_start_s": round(cold_start, 2),
            "full_text_p50_ms": percentile(full_text, 0.5), "full_text_p95_ms": percentile(full_text, 0.95),
            "retrieval_p50_ms": percentile(retrieval, 0.5), "retrieval_p95_ms": percentile(retrieval, 0.95),
            "answer_p50_ms": percentile(answers, 0.5), "answer_p95_ms": percentile(answers, 0.95),
            "answer_mean_ms": round(statistics.mean(answers), 1),
            "peak_rss_mb": peak_rss_mb()}


def peak_rss_mb() -> int:
    """This process's own peak resident memory, from Linux's high-water mark; elsewhere getrusage's, which may
    count the parent's too."""
    try:
        with open("/proc/self/status") as status:
            kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource
        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1024 if sys.platform == "darwin" else 1)
    return round(kb / 1024)


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]).read_text().splitlines())))
