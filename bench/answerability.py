"""Fitting the answerability model (answer/evidence.py) on labelled questions, each body left out in turn:
`python -m bench.answerability QA.jsonl[=DATA_DIR]...`: each file is answered from the index in DATA_DIR (a data
folder `panelbot index` wrote, holding every paper the file asks about), or from the configured index.

Each question is answered by the engine; the evidence of its best passage (coverage, similarity, caveats, ...) is
the model's input and whether the papers answer it (the QA file's `answer` is not null) its label. A question's body
is its source paper's (an unanswerable question's: the paper of the question before it in its file, or the file
itself when no question there names a paper). The model is fitted once per body on all the others and scored on
that body; then once on them all, which is what AnswerSettings takes. Prints the coefficients, the thresholds
that give the best abstention accuracy on left-out bodies, and the accuracy of each body at them."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from panelbot.config import load_config
from panelbot.embed import Embedder
from panelbot.engine import Engine

FEATURES = ("coverage", "similarity", "caveats", "absent", "no_figure", "no_wanted")
# Unanswerable questions are rarer in the labelled files than in use: each class weighs the same in the fit.
CLASS_WEIGHT = "balanced"
REGULARISATION = 1.0


def labelled(engine: Engine, path: Path) -> tuple[list[list[float]], list[bool], list[str]]:
    """Features, labels and bodies of the file's questions the engine weighed a passage for."""
    bodies = {d.file: d.body or d.file for d in engine.current_store().documents().values()}
    rows, labels, groups = [], [], []
    group = path.name
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        group = bodies.get(item.get("source") or "", group)
        evidence = engine.ask(item["question"]).evidence
        if evidence is None:   # refused before any passage was weighed (no words, another body, ...)
            continue
        rows.append([float(getattr(evidence, f)) for f in FEATURES])
        labels.append(item.get("answer") is not None)
        groups.append(group)
    return rows, labels, groups


def measured(specs: list[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Features, labels and bodies of every file's questions, each file answered from its own index."""
    config = load_config()
    embedder = Embedder(config.model, config.threads, config.batch_size)
    engines: dict[Path, Engine] = {}
    rows, labels, groups = [], [], []
    for spec in specs:
        path, _, data = spec.partition("=")
        data_dir = Path(data) if data else config.data_dir
        engine = engines.setdefault(data_dir, Engine(data_dir, embedder, config.answer))
        file_rows, file_labels, file_groups = labelled(engine, Path(path))
        rows += file_rows
        labels += file_labels
        groups += file_groups
    return np.array(rows), np.array(labels), groups


def fit(features: np.ndarray, labels: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=REGULARISATION, class_weight=CLASS_WEIGHT, max_iter=1000).fit(features, labels)


def left_out(features: np.ndarray, labels: np.ndarray, groups: list[str]) -> np.ndarray:
    """Each question's probability from the model fitted without its body."""
    probability = np.zeros(len(labels))
    names = np.array(groups)
    for group in sorted(set(groups)):
        held = names == group
        probability[held] = fit(features[~held], labels[~held]).predict_proba(features[held])[:, 1]
    return probability


def main(specs: list[str]) -> None:
    features, labels, groups = measured(specs)
    probability = left_out(features, labels, groups)
    names = np.array(groups)

    def accuracy(threshold: float, group: str | None = None) -> float:
        chosen = np.ones(len(labels), bool) if group is None else names == group
        return float(np.mean((probability[chosen] >= threshold) == labels[chosen]))

    # every body counts the same, however many questions it has
    def balanced(threshold: float) -> float:
        return float(np.mean([accuracy(threshold, g) for g in set(groups)]))

    thresholds = np.round(np.arange(0.05, 0.96, 0.01), 2)
    refuse_below = max(thresholds, key=balanced)
    # confident only where, on left-out bodies, at most 1 in 50 answers given is to an unanswerable question
    sure = next((t for t in thresholds if t >= refuse_below
                 and np.mean(~labels[probability >= t]) <= 0.02), thresholds[-1])
    model = fit(features, labels)
    print(f"{len(labels)} questions, {int(labels.sum())} answerable, {len(set(groups))} bodies")
    print("fitted on all: bias", round(float(model.intercept_[0]), 2),
          dict(zip(FEATURES, np.round(model.coef_[0], 2).tolist())))
    print(f"min_evidence {refuse_below}  sure_evidence {sure}")
    for group in sorted(set(groups)):
        chosen = names == group
        print(f"  {group[:50]:50} n={chosen.sum():4}  abstention {accuracy(refuse_below, group):.3f}  "
              f"confident-but-unanswerable {int(np.sum((probability >= sure) & ~labels & chosen))}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
