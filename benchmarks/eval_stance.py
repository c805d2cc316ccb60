"""Measure the shipped stance model on rumoureval2017/dev.jsonl (data it was not trained on).

Runs reader.analysers.stance.classify_stance itself (the pure-Python path users get), with the
thread's opening tweet as context, and prints macro-F1 over the four labels, accuracy,
per-label precision/recall/F1, the confusion matrix and the always-"comment" baseline.
Also reports the replies alone (what news comments resemble) and the time per text.
Standard library only.

    /work/venv/bin/python benchmarks/eval_stance.py [--data DIR] [--split dev]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.analysers.stance import (
    STANCE_LABELS,
    STANCE_MODEL_VERSION,
    classify_stance,
    load_model,
)

DEFAULT_DATA = REPO.parent / "shared" / "data"


def scores(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, object]:
    per_label: dict[str, dict[str, float]] = {}
    for label in STANCE_LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        n_pred = sum(p == label for p in predicted)
        n_gold = sum(g == label for g in gold)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {"precision": precision, "recall": recall, "f1": f1, "n": n_gold}
    return {
        "macro_f1": sum(v["f1"] for v in per_label.values()) / len(STANCE_LABELS),
        "accuracy": sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0,
        "per_label": per_label,
    }


def report(title: str, gold: Sequence[str], predicted: Sequence[str]) -> None:
    result = scores(gold, predicted)
    baseline = scores(gold, ["comment"] * len(gold))
    print(f"\n== {title}: {len(gold)} texts")
    print(f"macro-F1 {result['macro_f1']:.3f}   accuracy {result['accuracy']:.3f}")
    print(
        f"always-comment baseline: macro-F1 {baseline['macro_f1']:.3f}   "
        f"accuracy {baseline['accuracy']:.3f}"
    )
    print(f"{'label':<9}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    per_label = result["per_label"]
    assert isinstance(per_label, dict)
    for label in STANCE_LABELS:
        row = per_label[label]
        print(
            f"{label:<9}{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}"
            f"{int(row['n']):>6}"
        )
    print("confusion (rows gold, columns predicted):")
    print(" " * 9 + "".join(f"{label:>9}" for label in STANCE_LABELS))
    for g in STANCE_LABELS:
        counts = [sum(a == g and b == p for a, b in zip(gold, predicted)) for p in STANCE_LABELS]
        print(f"{g:<9}" + "".join(f"{c:>9}" for c in counts))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev", help="file name without .jsonl")
    args = parser.parse_args(argv)
    path = args.data / "rumoureval2017" / f"{args.split}.jsonl"
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]

    load_model()
    start = time.perf_counter()
    predicted = [classify_stance(r["text"], r["source_text"]).label for r in rows]
    elapsed = time.perf_counter() - start
    gold = [r["label"] for r in rows]
    print(f"stance model {STANCE_MODEL_VERSION} on {path}")
    print(f"{elapsed / len(rows) * 1000:.3f} ms per text")
    report(f"{args.split} (all)", gold, predicted)
    replies = [i for i, r in enumerate(rows) if not r["is_source"]]
    report(
        f"{args.split} (replies only)", [gold[i] for i in replies], [predicted[i] for i in replies]
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
