"""Crash safety and concurrent use with real `panelbot index` processes: SIGKILL at any point of a run leaves
the previous index answering and whole, a second run at once is told the index is busy, and questions are
answered throughout a re-index. PANELBOT_SOAK=1 runs the full 20 kill trials (default 6)."""
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.build import build_index
from panelbot.answer.settings import AnswerSettings
from panelbot.cli import cli
from panelbot.engine import Engine
from panelbot.index.builds import CURRENT

from conftest import CORPUS
from torture import BCB

# Read at import: the autouse fixture of conftest.py clears PANELBOT_* before each test runs.
TRIALS = 20 if os.environ.get("PANELBOT_SOAK") == "1" else 6
TARGETED = 3          # every third trial is killed while the new build is being written, the rest at random
DELIVERY_QUESTION = "what does the delivery plan say about mental health nurses in the control room?"
FLEET_QUESTION = "what did the panel agree about patrol cars?"
NOTES, COSTS = "2022-05-01-fleet-notes.md", "2022-05-02-fleet-costs.txt"
FINISHED = "finished before the kill"
SCRIPT = Path(sys.executable).with_name("panelbot")    # the console script `pip install` made
PANELBOT = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-c", "from panelbot.cli import main; main()"]


def index_process(corpus: Path, data: Path) -> subprocess.Popen:
    """`panelbot index --json` on these folders, in its own process."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PANELBOT_", "SLACK_"))}
    env.update(PANELBOT_CORPUS_DIR=str(corpus), PANELBOT_DATA_DIR=str(data), HF_HUB_OFFLINE="1")
    return subprocess.Popen([*PANELBOT, "index", "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def run_to_end(corpus: Path, data: Path) -> float:
    """A whole `panelbot index` run, which must succeed; returns how long it took."""
    started = time.monotonic()
    process = index_process(corpus, data)
    _, errors = process.communicate(timeout=300)
    assert process.returncode == 0, errors.decode()
    return time.monotonic() - started


def write_notes(corpus: Path, trial: int, fuel: str = "electric") -> None:
    """New words in both small files, so each run has something to read and embed."""
    (corpus / NOTES).write_text(f"# Fleet\nThe Panel agreed to buy {trial + 2} {fuel} patrol cars.\n")
    (corpus / COSTS).write_text(f"Fleet costs for trial {trial} were {1000 + trial} pounds a month.\n")


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS / BCB, folder / BCB)
    write_notes(folder, 0)
    return folder


def whole(data: Path) -> None:
    """`panelbot doctor` passes the serving index of `data`."""
    env = {name: None for name in os.environ if name.startswith("PANELBOT_")}
    result = CliRunner().invoke(cli, ["doctor"], env={**env, "PANELBOT_DATA_DIR": str(data)})
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("index OK: 3 documents, ")


def kill_during_run(process: subprocess.Popen, data: Path, delay: float, targeted: bool) -> str:
    """SIGKILL the run `delay` seconds in, or (targeted) that long after it starts writing its build;
    returns where the run was when it died."""
    serving = os.readlink(data / CURRENT)
    while targeted and process.poll() is None and not list(data.glob("build-*.partial")):
        time.sleep(0.002)
    time.sleep(delay)
    if process.poll() is not None:
        process.communicate()
        return FINISHED
    process.send_signal(signal.SIGKILL)
    process.communicate()
    if os.readlink(data / CURRENT) != serving:
        return "after the swap"
    return "writing the build" if list(data.glob("build-*.partial")) else "loading, reading or embedding"


def test_sigkill_at_any_point_leaves_the_previous_index_whole(corpus, tmp_path, embedder):
    data = tmp_path / "data"
    run_seconds = first_seconds = run_to_end(corpus, data)
    engine = Engine(data, embedder, AnswerSettings())          # a long-lived engine, as the bot holds one
    expected = engine.ask(DELIVERY_QUESTION)
    assert expected.found
    rng, where, trial = random.Random(20), Counter(), 0
    while sum(where.values()) - where[FINISHED] < TRIALS:
        trial += 1
        assert trial <= 2 * TRIALS, f"too many runs ended before their kill: {dict(where)}"
        write_notes(corpus, trial)
        targeted = trial % TARGETED == 0
        delay = rng.uniform(0, 0.05) if targeted else rng.uniform(0, run_seconds)
        outcome = kill_during_run(index_process(corpus, data), data, delay, targeted)
        where[outcome] += 1
        if outcome == FINISHED:
            run_seconds = min(run_seconds, delay)   # runs with less to embed than the first are quicker
        assert engine.ask(DELIVERY_QUESTION).text == expected.text, f"trial {trial}"
        assert Engine(data, embedder, AnswerSettings()).ask(DELIVERY_QUESTION).text == expected.text
        whole(data)
        build_index(corpus, data, embedder, 200)        # the next run completes...
        whole(data)
        assert f"buy {trial + 2} electric patrol cars" in engine.ask(FLEET_QUESTION).text   # ...with the new text
    assert not list(data.glob("build-*.partial")), "a half-written build was left behind"
    write_notes(corpus, TRIALS + 1)
    run_to_end(corpus, data)
    whole(data)
    print(f"\n{TRIALS} kills in {trial} runs (a whole run took {first_seconds:.1f} s): {dict(where)}")


def holds_lock(pid: int, lock: Path) -> bool:
    """Whether process `pid` holds the flock on `lock`, read from /proc/locks without touching the lock."""
    if not lock.exists():
        return False
    inode = f":{lock.stat().st_ino} "
    return any(f" {pid} " in line and inode in line for line in Path("/proc/locks").read_text().splitlines())


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks to see who holds the lock")
def test_a_second_run_at_once_is_told_the_index_is_busy(corpus, tmp_path):
    data = tmp_path / "data"
    first = index_process(corpus, data)
    deadline = time.monotonic() + 120
    while not holds_lock(first.pid, data / "index.lock"):
        assert first.poll() is None and time.monotonic() < deadline, "the first run never took the lock"
        time.sleep(0.01)
    second = index_process(corpus, data)
    _, errors = second.communicate(timeout=120)
    assert second.returncode == 1
    assert errors.decode().splitlines()[-1] == (
        f"Error: {data}: another `panelbot index` is running; try again when it ends.")
    first.communicate(timeout=300)
    assert first.returncode == 0
    whole(data)


def test_questions_are_answered_from_the_old_index_until_the_swap(corpus, tmp_path, embedder):
    data = tmp_path / "data"
    build_index(corpus, data, embedder, 200)
    engine = Engine(data, embedder, AnswerSettings())
    write_notes(corpus, 0, fuel="hydrogen")
    process = index_process(corpus, data)
    fuels = []
    while process.poll() is None:
        answer = engine.ask(FLEET_QUESTION)
        assert answer.found
        fuels.append("hydrogen" if "hydrogen" in answer.text else "electric" if "electric" in answer.text else "")
        time.sleep(0.05)      # leave the indexer a core
    _, errors = process.communicate()
    assert process.returncode == 0, errors.decode()
    fuels.append("hydrogen" if "hydrogen" in engine.ask(FLEET_QUESTION).text else "")
    switch = fuels.index("hydrogen")
    assert switch > 0 and set(fuels[:switch]) == {"electric"} and set(fuels[switch:]) == {"hydrogen"}, fuels
    print(f"\n{switch} answers from the old index, then {len(fuels) - switch} from the new one")
