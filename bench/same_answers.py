"""Whether a change left the answers as they were: `python -m bench.same_answers dump OUT.jsonl QA.jsonl...` writes
every answer the configured engine gives to the questions of the QA files; `... compare BEFORE.jsonl AFTER.jsonl`
says how many are identical (text, found, confident and citations; not latency) and shows the others."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from panelbot.config import load_config


def dump(out: Path, qa_files: list[Path]) -> int:
    from panelbot.engine import Engine

    engine = Engine.from_config(load_config())
    with out.open("w", encoding="utf-8") as f:
        for path in qa_files:
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                item = json.loads(line)
                answer = engine.ask(item["question"]).as_json()
                answer.pop("latency_ms")
                f.write(json.dumps({"file": path.name, "id": item.get("id"), **answer}) + "\n")
    return 0


def compare(before: Path, after: Path) -> int:
    def read(path: Path) -> dict:
        rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        return {(row["file"], row["id"], row["question"]): row for row in rows}

    old, new = read(before), read(after)
    same = [key for key in old if old[key] == new.get(key)]
    for key in old.keys() - set(same):
        print(f"differs: {key[0]}:{key[1]} {key[2]}\n  before: {old[key]['answer'][:200]}\n"
              f"  after:  {new.get(key, {}).get('answer', '(missing)')[:200]}")
    print(f"{len(same)} of {len(old)} answers identical ({len(new.keys() - old.keys())} only in {after.name})")
    return 0 if len(same) == len(old) == len(new) else 1


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    if command == "dump" and len(args) >= 2:
        sys.exit(dump(Path(args[0]), [Path(a) for a in args[1:]]))
    if command == "compare" and len(args) == 2:
        sys.exit(compare(Path(args[0]), Path(args[1])))
    sys.exit(__doc__)
