"""Answer quality as numbers: a QA file's questions through the engine, scored per kind and overall."""
from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from panelbot.errors import PanelbotError
from panelbot.models import Answer

TAG = re.compile(r"<[^>]+>")
NON_WORD = re.compile(r"[^0-9a-z£%]+")


def normalise(text: str) -> str:
    """Lower case, no tags or punctuation, single spaces: how quotes and pages are compared."""
    text = TAG.sub(" ", text or "").lower().replace("&amp;", "&")
    return " ".join(NON_WORD.sub(" ", text).split())


@dataclass(frozen=True)
class QAItem:
    id: str
    question: str
    kind: str
    answerable: bool
    must_include: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]     # (file, quote) pairs; any one holds the evidence


def load_qa(path: Path) -> list[QAItem]:
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise PanelbotError(f"{path}: cannot read the QA file ({e.strerror}).")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            sources = [(raw["source"], raw["quote"])] if raw.get("answer") is not None else []
            if raw.get("quote2"):
                sources.append((raw["source2"], raw["quote2"]))
            items.append(QAItem(raw.get("id", str(number)), raw["question"], raw.get("kind", "other"),
                                raw.get("answer") is not None, tuple(raw.get("must_include") or ()),
                                tuple(sources)))
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise PanelbotError(f"{path}, line {number}: not a QA item ({type(e).__name__}: {e}); "
                                "see README, Answer quality, for the fields.")
    return items


def quote_pages(pages: list[str], quote: str) -> set[int]:
    """1-based pages holding the quote; a quote running over a page break counts on both pages."""
    wanted = normalise(quote)
    found = {n for n, text in enumerate(pages, 1) if wanted in text}
    for n in range(1, len(pages)):
        if not found & {n, n + 1} and wanted in pages[n - 1] + " " + pages[n]:
            found |= {n, n + 1}
    return found


@dataclass(frozen=True)
class Row:
    item: QAItem
    answer: Answer
    hit1: bool | None
    hitk: bool | None
    must: bool | None
    abstain_ok: bool
    cited_pages: int
    evidence_pages: int

    def as_json(self) -> dict:
        """The question's scores and how it was answered, for comparing two runs question by question."""
        return {"id": self.item.id, "kind": self.item.kind, "hit@1": self.hit1, "hit@k": self.hitk,
                "must_include": self.must, "abstention": self.abstain_ok, "found": self.answer.found,
                "confident": self.answer.confident, "answer": self.answer.text,
                "cited": [f"{c.file} p{','.join(map(str, c.pages))}" for c in self.answer.citations]}


def score_item(item: QAItem, answer: Answer, pages: dict[str, list[str]], k: int) -> Row:
    gold = {(file, page) for file, quote in item.sources for page in quote_pages(pages.get(file, []), quote)}
    hits = [any((c.file, p) in gold for p in c.pages) for c in answer.citations]
    cited = {(c.file, p) for c in answer.citations for p in c.pages}
    text = normalise(answer.text)
    return Row(item, answer,
               hit1=any(hits[:1]) if item.answerable else None,
               hitk=any(hits[:k]) if item.answerable else None,
               must=all(normalise(m) in text for m in item.must_include) if item.answerable else None,
               abstain_ok=answer.found == item.answerable,
               cited_pages=len(cited), evidence_pages=len(cited & gold))


def _rate(values: list[bool | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return round(sum(kept) / len(kept), 3) if kept else None


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def summarise(rows: list[Row]) -> dict[str, dict]:
    """Per kind and ALL: hit@1, hit@k, must-include, abstention accuracy, the share of unanswerable questions
    refused, the share of answers given as tentative, citation precision, latency."""
    groups = defaultdict(list)
    for row in rows:
        groups[row.item.kind].append(row)
    groups["ALL"] = rows
    out = {}
    for kind, selected in sorted(groups.items()):
        answered = [r for r in selected if r.item.answerable and r.cited_pages]
        unanswerable = [r for r in selected if not r.item.answerable]
        found = [r for r in selected if r.answer.found]
        latency = [r.answer.latency_ms for r in selected]
        out[kind] = {
            "n": len(selected),
            "hit@1": _rate([r.hit1 for r in selected]),
            "hit@k": _rate([r.hitk for r in selected]),
            "must_include": _rate([r.must for r in selected]),
            "abstention": _rate([r.abstain_ok for r in selected]),
            "refused": _rate([not r.answer.found for r in unanswerable]),
            "tentative": _rate([not r.answer.confident for r in found]),
            "citation_precision": round(statistics.mean(r.evidence_pages / r.cited_pages for r in answered), 3)
            if answered else None,
            "p50_ms": _percentile(latency, 0.5),
            "p95_ms": _percentile(latency, 0.95),
        }
    return out


def misses(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r.hitk is False or r.must is False or not r.abstain_ok]
