#!/usr/bin/env python3
"""Check qa.jsonl and decisions.jsonl against corpus/ with the scorer's own page logic (../score.py).

Usage: python3 check_qa.py [--qa qa.jsonl] [--decisions decisions.jsonl] [--corpus corpus]

QA items (the field table of eval/README.md):
- ids n001..n030, unique; questions unique; kind one of the scorer's kinds;
- 15 items a body, in id blocks of 15 (n001-n015 Sussex, n016-n030 Avon and Somerset), each block with 3
  unanswerable items and its answerable items all sourced from that body's paper;
- every quote/quote2 is 8-40 words, verbatim in pdftotext's text of its source (whitespace aside), and found by
  score.quote_pages on 1-2 pages;
- every must_include string (1-3 of them) is in the normalised answer and on at least one gold page;
- unanswerable items: answer null, must_include [], source/quote null, why_unanswerable set.
Decisions: every line has file/page/meeting_date/item/text, and its text is verbatim (whitespace aside) on that
page of pdftotext's output and on no other page.

Page texts come from score.pdf_pages: the cache beside score.py (pages.json) does not hold these two papers, so
pdftotext is run on them (poppler-utils must be installed). score.py is imported from ../../../shared/eval, or from
the folder named by the SCORE_DIR environment variable.
Adapted from ../shared/eval/bodies/check_qa.py.
Prints counts and every failure; exits 1 on any failure.
"""
import argparse
import json
import os
import re
import sys
from pathlib import Path
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # leave no __pycache__ beside ../score.py
SCORE_DIR = os.environ.get("SCORE_DIR", str(Path(__file__).resolve().parents[3] / "shared" / "eval"))  # where score.py lives
sys.path.insert(0, SCORE_DIR)
import score  # noqa: E402  (norm, load_pages, quote_pages, pdf_pages)

KINDS = ("decision", "fact", "who", "table", "when", "cross", "unanswerable")
ID_RE = re.compile(r"^n\d{3}$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MIN_WORDS, MAX_WORDS, MAX_PAGES = 8, 40, 2
BODIES = [  # id block -> the body's paper
    ("Sussex", "2024-01-26-sussex-pcp-minutes.pdf"),
    ("Avon and Somerset", "2025-02-04-avon-somerset-pcp-agenda-pack.pdf"),
]
PER_BODY, UNANSWERABLE_PER_BODY = 15, 3


def ws(text: str) -> str:
    return " ".join((text or "").split())


def raw_pages(corpus: str) -> dict:
    """Whitespace-normalised pdftotext page texts, for the verbatim checks."""
    out = {}
    for name in sorted(os.listdir(corpus)):
        if name.lower().endswith(".pdf"):
            out[name] = [ws(t) for t in score.pdf_pages(os.path.join(corpus, name))]
    return out


def check_quote(pages, raw, source, quote, label, problems):
    if source not in pages:
        problems.append(f"{label}: source {source!r} is not a corpus file")
        return set()
    if not isinstance(quote, str) or not quote.strip():
        problems.append(f"{label}: empty quote")
        return set()
    n = len(score.norm(quote).split())
    if not MIN_WORDS <= n <= MAX_WORDS:
        problems.append(f"{label}: quote has {n} words (want {MIN_WORDS}-{MAX_WORDS})")
    if source in raw and not any(ws(quote) in p for p in raw[source]):
        problems.append(f"{label}: quote is not verbatim on any page of pdftotext's text of {source}")
    found = score.quote_pages(pages, source, quote)
    if not found:
        problems.append(f"{label}: score.quote_pages finds the quote on no page of {source}")
    elif len(found) > MAX_PAGES:
        problems.append(f"{label}: quote found on {len(found)} pages {sorted(found)} (want 1-{MAX_PAGES})")
    return found


def check_item(it, pages, raw, problems):
    iid = it.get("id", "?")
    kind = it.get("kind")
    for field in ("id", "question", "answer", "must_include", "source", "quote", "kind"):
        if field not in it:
            problems.append(f"{iid}: missing field {field!r}")
    if not ID_RE.match(str(it.get("id", ""))):
        problems.append(f"{iid}: id should look like n001")
    if kind not in KINDS:
        problems.append(f"{iid}: unknown kind {kind!r}")
    if not isinstance(it.get("question"), str) or not it["question"].strip():
        problems.append(f"{iid}: empty question")
    must = it.get("must_include")
    if not isinstance(must, list) or not all(isinstance(m, str) and m.strip() for m in must):
        problems.append(f"{iid}: must_include must be a list of non-empty strings")
        must = []

    if kind == "unanswerable":
        if it.get("answer") is not None:
            problems.append(f"{iid}: unanswerable item must have answer null")
        if must:
            problems.append(f"{iid}: unanswerable item must have must_include []")
        if it.get("source") is not None or it.get("quote") is not None:
            problems.append(f"{iid}: unanswerable item must have source and quote null")
        if not str(it.get("why_unanswerable") or "").strip():
            problems.append(f"{iid}: unanswerable item needs why_unanswerable")
        return

    answer = it.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        problems.append(f"{iid}: answerable item needs a non-empty answer")
        answer = ""
    if not 1 <= len(must) <= 3:
        problems.append(f"{iid}: must_include should hold 1-3 strings, has {len(must)}")
    if it.get("why_unanswerable"):
        problems.append(f"{iid}: why_unanswerable set on an answerable item")

    gold = []
    for q_field, s_field in (("quote", "source"), ("quote2", "source2")):
        if q_field == "quote2" and not (it.get("quote2") and it.get("source2")):
            if kind == "cross" or it.get("quote2") or it.get("source2"):
                problems.append(f"{iid}: needs both quote2 and source2 (required for cross, optional otherwise)")
            continue
        src = it.get(s_field)
        found = check_quote(pages, raw, src, it.get(q_field), f"{iid} {q_field}", problems)
        gold += [(src, p) for p in sorted(found)]

    norm_answer = score.norm(answer)
    for m in must:
        nm = score.norm(m)
        if not nm:
            problems.append(f"{iid}: must_include {m!r} is empty once normalised")
            continue
        if nm not in norm_answer:
            problems.append(f"{iid}: must_include {m!r} not in the answer")
        if gold and not any(nm in pages[src][p - 1] for src, p in gold):
            problems.append(f"{iid}: must_include {m!r} not on any gold page {gold}")


def load(path):
    items = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as e:
                    items.append({"id": f"{os.path.basename(path)}:{n}", "_bad": str(e)})
    return items


def check_qa(path, pages, raw, problems):
    items = load(path)
    for iid, c in Counter(it.get("id") for it in items).items():
        if c > 1:
            problems.append(f"id {iid} used {c} times")
    for q, c in Counter(it.get("question", "").strip().lower() for it in items).items():
        if c > 1:
            problems.append(f"question repeated {c} times: {q!r}")
    expected = [f"n{i:03d}" for i in range(1, PER_BODY * len(BODIES) + 1)]
    if [it.get("id") for it in items] != expected:
        problems.append(f"ids should run n001..n{len(expected):03d} in order")
    for it in items:
        if "_bad" in it:
            problems.append(f"{it['id']}: not JSON ({it['_bad']})")
            continue
        check_item(it, pages, raw, problems)
    for b, (body, paper) in enumerate(BODIES):
        block = items[b * PER_BODY:(b + 1) * PER_BODY]
        kinds = Counter(it.get("kind") for it in block)
        if kinds.get("unanswerable", 0) != UNANSWERABLE_PER_BODY:
            problems.append(f"{body}: {kinds.get('unanswerable', 0)} unanswerable items (want "
                            f"{UNANSWERABLE_PER_BODY})")
        for it in block:
            if it.get("kind") != "unanswerable" and it.get("source") != paper:
                problems.append(f"{it.get('id')}: in the {body} block but sourced from {it.get('source')}")
        print(f"  {body:18} " + "  ".join(f"{k}={kinds[k]}" for k in KINDS if kinds[k]) + f"  total={len(block)}")
    return items


def check_decisions(path, raw, problems):
    rows = load(path)
    per_file = Counter()
    for n, row in enumerate(rows, 1):
        label = f"decisions line {n}"
        if "_bad" in row:
            problems.append(f"{label}: not JSON ({row['_bad']})")
            continue
        missing = [k for k in ("file", "page", "meeting_date", "item", "text") if not row.get(k)]
        if missing:
            problems.append(f"{label}: missing {missing}")
            continue
        if row["file"] not in raw:
            problems.append(f"{label}: {row['file']!r} is not a corpus PDF")
            continue
        if not DATE_RE.match(row["meeting_date"]):
            problems.append(f"{label}: meeting_date {row['meeting_date']!r} is not YYYY-MM-DD")
        doc = raw[row["file"]]
        text = ws(row["text"])
        if text != row["text"]:
            problems.append(f"{label}: text is not whitespace-normalised")
        hits = [i + 1 for i, p in enumerate(doc) if text in p]
        if hits != [row["page"]]:
            problems.append(f"{label}: text found on pages {hits}, line says page {row['page']}")
        # The item heading as printed: number and title may be split by the running header in pdftotext's
        # reading order, so each part is looked for separately.
        number, _, title = ws(row["item"]).partition(" ")
        if not any(number in p and title in p for p in doc):
            problems.append(f"{label}: item {row['item']!r} is not printed in {row['file']}")
        per_file[row["file"]] += 1
    for name in raw:
        print(f"  {name}: {per_file[name]} decisions")
        if not per_file[name]:
            problems.append(f"{name}: no decisions listed")
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--qa", default=os.path.join(HERE, "qa.jsonl"))
    ap.add_argument("--decisions", default=os.path.join(HERE, "decisions.jsonl"))
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    a = ap.parse_args()
    pages = score.load_pages(a.corpus)
    raw = raw_pages(a.corpus)
    problems = []
    print(f"{os.path.relpath(a.qa)}:")
    items = check_qa(a.qa, pages, raw, problems)
    c = Counter(it.get("kind") for it in items)
    print("  all              " + "  ".join(f"{k}={c[k]}" for k in KINDS if c[k]) + f"  total={len(items)}")
    print(f"{os.path.relpath(a.decisions)}:")
    rows = check_decisions(a.decisions, raw, problems)
    print(f"  total={len(rows)}")
    for p in problems:
        print("FAIL", p)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
