"""Measure the shipped stance model on the dev splits of RumourEval 2017 and 2019 (Reddit).

Runs reader.analysers.stance_model.predict itself (the pure-Python path users get), each item
in its place in the thread (benchmarks/stance_data.py), and prints the issue's aims table with
bootstrap 95% intervals (items resampled, fixed seed): macro-F1 and accuracy, the
always-"comment" baseline, query F1, the expected calibration error of the score, and the
precision of the 20 items ranked most likely deny and most likely query. Then, per split,
per-label figures and the confusion matrix. Neither split is read by the training script.
Standard library only.

    .venv/bin/python benchmarks/eval_stance.py [--data DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from stance_data import SPLITS, Labelled, load_split

from reader.analysers.language import detect_language
from reader.analysers.stance import stance_model_version
from reader.analysers.stance_model import STANCE_LABELS, load_model, predict

DEFAULT_DATA = REPO.parent / "shared" / "data"
RESAMPLES = 1000
SEED = 13
TOP = 20
ECE_BINS = 10


@dataclass(frozen=True)
class Scored:
    gold: str
    label: str
    probabilities: dict[str, float]


def f1(gold: Sequence[str], predicted: Sequence[str], label: str) -> float:
    tp = sum(g == p == label for g, p in zip(gold, predicted))
    n_pred = sum(p == label for p in predicted)
    n_gold = sum(g == label for g in gold)
    return 2 * tp / (n_pred + n_gold) if n_pred + n_gold else 0.0


def macro_f1(items: Sequence[Scored]) -> float:
    gold, predicted = [i.gold for i in items], [i.label for i in items]
    return sum(f1(gold, predicted, label) for label in STANCE_LABELS) / len(STANCE_LABELS)


def accuracy(items: Sequence[Scored]) -> float:
    return sum(i.gold == i.label for i in items) / len(items)


def always_comment(items: Sequence[Scored]) -> float:
    return sum(i.gold == "comment" for i in items) / len(items)


def gain_over_comment(items: Sequence[Scored]) -> float:
    """Accuracy over always answering "comment", on the same items (a paired difference, so
    its bootstrap interval says whether the gain is more than chance)."""
    return accuracy(items) - always_comment(items)


def query_f1(items: Sequence[Scored]) -> float:
    return f1([i.gold for i in items], [i.label for i in items], "query")


def ece(items: Sequence[Scored]) -> float:
    """Expected calibration error of the chosen label's probability, in equal-width bins."""
    total = 0.0
    for b in range(ECE_BINS):
        low, high = b / ECE_BINS, (b + 1) / ECE_BINS
        in_bin = [
            i for i in items if low < i.probabilities[i.label] <= high or (b == 0 and low == 0)
        ]
        if in_bin:
            confidence = sum(i.probabilities[i.label] for i in in_bin) / len(in_bin)
            right = sum(i.gold == i.label for i in in_bin) / len(in_bin)
            total += len(in_bin) / len(items) * abs(confidence - right)
    return total


def precision_at_top(label: str) -> Callable[[Sequence[Scored]], float]:
    def measure(items: Sequence[Scored]) -> float:
        ranked = sorted(items, key=lambda i: -i.probabilities[label])[:TOP]
        return sum(i.gold == label for i in ranked) / len(ranked)

    return measure


def bootstrap(
    items: Sequence[Scored], measure: Callable[[Sequence[Scored]], float]
) -> tuple[float, float, float]:
    """(the figure, the low and high ends of its bootstrap 95% interval)."""
    rng = random.Random(SEED)
    values = sorted(
        measure([items[rng.randrange(len(items))] for _ in items]) for _ in range(RESAMPLES)
    )
    return measure(items), values[int(0.025 * RESAMPLES)], values[int(0.975 * RESAMPLES) - 1]


def score_items(items: Sequence[Labelled]) -> list[Scored]:
    found = []
    for item in items:
        prediction = predict(item.text, item.place)
        found.append(Scored(item.label, prediction.label, dict(prediction.probabilities)))
    return found


def details(title: str, items: Sequence[Scored]) -> None:
    gold, predicted = [i.gold for i in items], [i.label for i in items]
    print(f"\n== {title}: {len(items)} items")
    print(f"{'label':<9}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for label in STANCE_LABELS:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        n_pred, n_gold = predicted.count(label), gold.count(label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        print(
            f"{label:<9}{precision:>7.3f}{recall:>7.3f}{f1(gold, predicted, label):>7.3f}{n_gold:>6}"
        )
    print("confusion (rows gold, columns predicted):")
    print(" " * 9 + "".join(f"{label:>9}" for label in STANCE_LABELS))
    for g in STANCE_LABELS:
        counts = [sum(a == g and b == p for a, b in zip(gold, predicted)) for p in STANCE_LABELS]
        print(f"{g:<9}" + "".join(f"{c:>9}" for c in counts))


def not_english(items: Sequence[Labelled]) -> int:
    """How many items the analyser would leave unassessed (langdetect: not English)."""
    return sum(
        (code := detect_language(item.text)[0]) is not None and code != "en" for item in items
    )


AIMS: list[tuple[str, str, Callable[[Sequence[Scored]], float], str]] = [
    ("2017", "macro-F1", macro_f1, ">= 0.60"),
    ("2017", "accuracy", accuracy, ">= 0.78"),
    ("2017", "always-comment accuracy", always_comment, "(baseline)"),
    ("2019", "accuracy", accuracy, "> always-comment"),
    ("2019", "always-comment accuracy", always_comment, "(baseline)"),
    ("2019", "accuracy minus always-comment (paired)", gain_over_comment, "interval > 0"),
    ("2019", "query F1", query_f1, ">= 0.5"),
    ("2019", "macro-F1", macro_f1, "(reported)"),
    *(
        row
        for corpus in SPLITS
        for row in (
            (corpus, f"precision of top {TOP} deny", precision_at_top("deny"), ">= 0.6"),
            (corpus, f"precision of top {TOP} query", precision_at_top("query"), ">= 0.6"),
            (corpus, "expected calibration error", ece, "(reported; lower is better)"),
        )
    ),
]


def aim_met(aim: str, value: float, low: float, baseline: float) -> str:
    """Whether a figure meets its aim of the issue's table: "yes", "no", or "" if only reported."""
    if aim == "> always-comment":
        return "yes" if value > baseline else "no"
    if aim == "interval > 0":  # more than chance: the whole interval above zero
        return "yes" if low > 0 else "no"
    if aim.startswith(">= "):
        return "yes" if value >= float(aim[3:]) else "no"
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    load_model()
    splits = {corpus: load_split(args.data, corpus, "dev") for corpus in SPLITS}
    start = time.process_time()  # CPU time: the machine may be shared
    scored = {corpus: score_items(items) for corpus, items in splits.items()}
    elapsed = time.process_time() - start
    count = sum(len(items) for items in splits.values())
    print(f"stance model {stance_model_version()}, {elapsed / count * 1000:.2f} ms CPU per item")
    print(f"bootstrap 95% intervals: {RESAMPLES} resamples of the items, seed {SEED}\n")
    print("| data | measure | value [95% interval] | aim | met |\n|---|---|---|---|---|")
    for corpus, name, measure, aim in AIMS:
        data = f"RumourEval {corpus} dev ({SPLITS[corpus][1]})"
        value, low, high = bootstrap(scored[corpus], measure)
        met = aim_met(aim, value, low, always_comment(scored[corpus]))
        print(f"| {data} | {name} | {value:.3f} [{low:.3f}, {high:.3f}] | {aim} | {met} |")
    for corpus, items in scored.items():
        details(f"RumourEval {corpus} dev ({SPLITS[corpus][1]})", items)
        skipped = not_english(splits[corpus])
        print(f"left unassessed by the language check (langdetect not 'en'): {skipped}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
