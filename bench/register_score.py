"""The decisions register scored against a gold register: recall and precision, per file and overall.

    python -m bench.register_score DECISIONS.jsonl REGISTER.jsonl [--show-misses]

DECISIONS.jsonl is a gold register (one decision a line: file, page, meeting_date, item, text; see
../shared/eval/bodies/README.md); REGISTER.jsonl is `panelbot decisions --since 2000-01-01 --json`.

A register entry matches a gold decision when it names the same file and page and, their texts normalised (case,
spacing, quotes, dashes and the end's punctuation aside), one holds the other, strictly:
- the register's text inside the gold's must be at least TRUNCATED_SHARE of it: a decision cut short ("The Panel
  AGREED to the following recommendation:" without the recommendation) does not count;
- the gold's text inside the register's must be at least LABELLED_SHARE of it: a label or a few words of lead-in
  ("UNANIMOUSLY RESOLVED – (1)") may come with it, three limbs run together may not.
Each entry matches one gold decision at most. Recall: matched gold decisions / gold decisions. Precision: matched
entries / register entries from the files the gold covers (other files have no gold to be scored against).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

TRUNCATED_SHARE = 0.95
LABELLED_SHARE = 0.6
SAME_CHARACTER = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def normalise(text: str) -> str:
    return " ".join(text.translate(SAME_CHARACTER).lower().split()).strip(" .;,:")


def same_decision(gold: str, entry: str) -> bool:
    gold, entry = normalise(gold), normalise(entry)
    if not gold or not entry:
        return False
    if entry in gold:
        return len(entry) >= TRUNCATED_SHARE * len(gold)
    if gold in entry:
        return len(gold) >= LABELLED_SHARE * len(entry)
    return False


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score(gold: list[dict], register: list[dict]) -> dict:
    """Per file and overall: gold count, entries, matched gold, matched entries, recall, precision, and the misses."""
    files = sorted({g["file"] for g in gold})
    entries = [e for e in register if e.get("file") in files]
    used: set[int] = set()
    matched_gold = []
    for g in gold:
        match = next((n for n, e in enumerate(entries) if n not in used and e["file"] == g["file"]
                      and e.get("page") == g["page"] and same_decision(g["text"], e["text"])), None)
        if match is not None:
            used.add(match)
        matched_gold.append(match is not None)
    rows = {}
    for file in [*files, "ALL"]:
        golds = [n for n, g in enumerate(gold) if file in ("ALL", g["file"])]
        mine = [n for n, e in enumerate(entries) if file in ("ALL", e["file"])]
        hits = sum(matched_gold[n] for n in golds)
        right = sum(n in used for n in mine)
        rows[file] = {"gold": len(golds), "entries": len(mine), "recall": hits / len(golds) if golds else 0.0,
                      "precision": right / len(mine) if mine else 0.0, "matched": hits, "right": right}
    return {"rows": rows,
            "missed": [g for g, hit in zip(gold, matched_gold) if not hit],
            "extra": [e for n, e in enumerate(entries) if n not in used]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("decisions", type=Path, help="the gold register (decisions.jsonl)")
    parser.add_argument("register", type=Path, help="panelbot decisions --since 2000-01-01 --json")
    parser.add_argument("--show-misses", action="store_true", help="list gold decisions missed and entries unmatched")
    args = parser.parse_args(argv)
    result = score(read_jsonl(args.decisions), read_jsonl(args.register))
    width = max(len(f) for f in result["rows"])
    print(f"{'file':<{width}}  gold  entries  recall  precision")
    for file, row in result["rows"].items():
        print(f"{file:<{width}}  {row['gold']:>4}  {row['entries']:>7}  {row['matched']:>2}/{row['gold']:<2} "
              f"{row['recall']:.2f}  {row['right']:>2}/{row['entries']:<2} {row['precision']:.2f}")
    if args.show_misses:
        for g in result["missed"]:
            print(f"MISSED {g['file']} p{g['page']}: {g['text']}")
        for e in result["extra"]:
            print(f"EXTRA  {e['file']} p{e.get('page')}: {e['text']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
