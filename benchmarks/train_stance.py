"""Train the stance model and write reader/data/stance_model.json.

Dev-only: needs scikit-learn and numpy (not runtime dependencies of Reader). Trains from
rumoureval2017/train.jsonl ONLY; hyperparameters are chosen by cross-validation on train,
grouped by thread so replies to the same rumour never sit on both sides of a split. Dev is
never read here (benchmarks/eval_stance.py measures on it).

The features come from reader.analysers.stance.extract_features, so training and inference see the
same preprocessing. The output is deterministic: the same data gives the same file.

    /work/venv/bin/python benchmarks/train_stance.py [--data DIR] [--out PATH] [--quick]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.analysers.stance import STANCE_LABELS, extract_features

DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "reader" / "data" / "stance_model.json"
FOLDS = 5
MIN_DOCS = 2  # a word n-gram must occur in at least this many training texts
# The grid searched by cross-validation.
C_GRID = (0.03, 0.06, 0.12)  # 0.25 and above scored lower in an earlier, wider search
BALANCE_GRID = (0.5, 0.75, 1.0)  # class weight = (n / (k * n_c)) ** balance
CUE_SCALE_GRID = (1.0,)  # a cue value of 3 (weaker penalty on cues) made no CV difference
CONTEXT_GRID = (True, False)
KEEP = 3000  # features kept after pruning by largest |weight|, for a small, readable file
# Macro-F1 is the goal, but not at any price: a setting's CV accuracy must be within this
# of the most accurate setting searched (balance 0.0 is searched for that reference only).
ACCURACY_SLACK = 0.02
# Hand-set prior from SPEC section 3's definitions, added to the learned weights of the three
# lexicon cues: plain "fake", "hoax", "not true" or "I saw it" are rare in the tweets but are
# what news commenters write. Fixed by design, not tuned; CV reports its effect on tweets.
PRIOR: dict[str, tuple[str, float]] = {
    "[calls it false]": ("deny", 1.5),
    "[doubts it]": ("deny", 0.75),
    "[corroborates]": ("support", 1.0),
}

PREPROCESSING = (
    "HTML entities unescaped; URLs, @mentions, upper-case RT/MT markers and the '#' of "
    'hashtags removed; curly apostrophes straightened; lower-cased; "n\'t" rewritten as '
    "' not' (can't -> can not, won't -> will not); tokens are runs of [a-z0-9] with inner "
    "apostrophes; digit runs become '0'. Features are binary: every token, every adjacent "
    "token pair ('not true'), and bracketed cues ('[ends with ?]', '[calls it false]', "
    "'[repeats the headline]' ...) defined in reader/stance.py extract_features. "
    "Score of a label = intercept + sum of the weights of the features present; "
    "probability = softmax over the four labels. The weights of the lexicon cues include "
    "the hand-set prior listed under 'prior'."
)


def load_rows(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def featurize(rows: Sequence[dict[str, object]], use_context: bool) -> list[set[str]]:
    return [
        extract_features(str(r["text"]), str(r["source_text"]) if use_context else None)
        for r in rows
    ]


def vocabulary(docs: Sequence[set[str]], min_docs: int) -> list[str]:
    counts = Counter(f for doc in docs for f in doc)
    return sorted(f for f, n in counts.items() if n >= min_docs or f.startswith("["))


def matrix(docs: Sequence[set[str]], vocab: Sequence[str], cue_scale: float = 1.0) -> csr_matrix:
    """Binary features; cues get the value `cue_scale`, which under the same L2 penalty lets
    the few interpretable cues carry more weight than any one word. The stored weight is
    multiplied by the same factor, so at inference every present feature counts as 1."""
    index = {f: i for i, f in enumerate(vocab)}
    indptr = [0]
    indices: list[int] = []
    for doc in docs:
        indices.extend(sorted(index[f] for f in doc if f in index))
        indptr.append(len(indices))
    data = np.array([cue_scale if vocab[i].startswith("[") else 1.0 for i in indices])
    return csr_matrix((data, indices, indptr), shape=(len(docs), len(vocab)))


def class_weights(y: np.ndarray, balance: float) -> dict[int, float]:
    counts = Counter(y.tolist())
    n, k = len(y), len(STANCE_LABELS)
    return {c: (n / (k * counts[c])) ** balance for c in range(k)}


@dataclass(frozen=True)
class Setting:
    """One point of the hyperparameter grid."""

    use_context: bool
    c: float
    balance: float
    cue_scale: float


def fit(
    docs: Sequence[set[str]], y: np.ndarray, setting: Setting, keep: int = KEEP
) -> tuple[list[str], LogisticRegression]:
    """Fit on all features, keep the `keep` with the largest |weight|, refit on those."""

    def train(vocab: list[str]) -> LogisticRegression:
        model = LogisticRegression(
            C=setting.c, class_weight=class_weights(y, setting.balance), max_iter=5000
        )
        model.fit(matrix(docs, vocab, setting.cue_scale), y)
        return model

    vocab = vocabulary(docs, MIN_DOCS)
    model = train(vocab)
    if len(vocab) > keep:
        strength = np.abs(model.coef_).max(axis=0)
        # Cues are always kept (few, and the prior is added to them); words by strength.
        order = sorted(
            range(len(vocab)),
            key=lambda i: (not vocab[i].startswith("["), -strength[i], vocab[i]),
        )
        vocab = sorted(vocab[i] for i in order[:keep])
        model = train(vocab)
    return vocab, model


def prior_matrix(vocab: Sequence[str], classes: Sequence[int], cue_scale: float) -> np.ndarray:
    """PRIOR as a (features x classes) array, divided by the cue value used in `matrix`."""
    prior = np.zeros((len(vocab), len(classes)))
    for i, feature in enumerate(vocab):
        if feature in PRIOR:
            label, weight = PRIOR[feature]
            prior[i, list(classes).index(STANCE_LABELS.index(label))] = weight / cue_scale
    return prior


def settings_order(results: Sequence[dict[str, object]]) -> list[dict[str, object]]:
    """The settings part of each CV result, to find a setting's result."""
    fields = {f for f in Setting.__dataclass_fields__}
    return [{k: v for k, v in r.items() if k in fields} for r in results]


def cross_validate(
    rows: Sequence[dict[str, object]], y: np.ndarray, quick: bool
) -> tuple[Setting, list[dict[str, object]]]:
    """Score every setting by grouped K-fold CV on train; pick the best by the rule above."""
    groups = [str(r["thread"]) for r in rows]
    splits = list(GroupKFold(n_splits=FOLDS).split(np.zeros(len(rows)), y, groups))
    feature_cache = {ctx: featurize(rows, ctx) for ctx in CONTEXT_GRID}
    settings = [
        Setting(ctx, c, balance, scale)
        for ctx, c, balance, scale in itertools.product(
            CONTEXT_GRID,
            (0.06,) if quick else C_GRID,
            (0.0, *BALANCE_GRID),
            (1.0,) if quick else CUE_SCALE_GRID,
        )
    ]
    results: list[dict[str, object]] = []
    for setting in settings:
        docs = feature_cache[setting.use_context]
        predicted = np.empty_like(y)
        without_prior = np.empty_like(y)
        for train_idx, test_idx in splits:
            vocab, model = fit([docs[i] for i in train_idx], y[train_idx], setting)
            x = matrix([docs[i] for i in test_idx], vocab, setting.cue_scale)
            scores = x @ model.coef_.T + model.intercept_
            without_prior[test_idx] = model.classes_[scores.argmax(axis=1)]
            scores = scores + x @ prior_matrix(vocab, list(model.classes_), setting.cue_scale)
            predicted[test_idx] = model.classes_[scores.argmax(axis=1)]
        result: dict[str, object] = {
            **asdict(setting),
            "macro_f1": round(float(f1_score(y, predicted, average="macro")), 4),
            "accuracy": round(float(accuracy_score(y, predicted)), 4),
            "without_prior": {
                "macro_f1": round(float(f1_score(y, without_prior, average="macro")), 4),
                "accuracy": round(float(accuracy_score(y, without_prior)), 4),
            },
        }
        results.append(result)
        print(json.dumps(result), file=sys.stderr)
    top_accuracy = max(float(r["accuracy"]) for r in results)  # type: ignore[arg-type]
    eligible = [
        (s, r)
        for s, r in zip(settings, results)
        if s.balance in BALANCE_GRID and float(r["accuracy"]) >= top_accuracy - ACCURACY_SLACK  # type: ignore[arg-type]
    ]
    if not eligible:
        eligible = list(zip(settings, results))
    best, _ = max(eligible, key=lambda sr: (sr[1]["macro_f1"], sr[1]["accuracy"]))
    return best, results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--quick", action="store_true", help="search a small grid only")
    args = parser.parse_args(argv)

    rows = load_rows(args.data / "rumoureval2017" / "train.jsonl")
    y = np.array([STANCE_LABELS.index(str(r["label"])) for r in rows])
    best, results = cross_validate(rows, y, args.quick)
    best_result = results[settings_order(results).index(asdict(best))]
    print("chosen:", json.dumps(best_result), file=sys.stderr)

    docs = featurize(rows, best.use_context)
    vocab, model = fit(docs, y, best)
    labels = [STANCE_LABELS[c] for c in model.classes_]
    coef = model.coef_.T + prior_matrix(vocab, list(model.classes_), best.cue_scale)
    weights = {
        f: [round(float(w) * (best.cue_scale if f.startswith("[") else 1.0), 4) for w in coef[i]]
        for i, f in enumerate(vocab)
    }
    out = {
        "format": "reader stance model 1",
        "labels": labels,
        "intercepts": {lab: round(float(b), 4) for lab, b in zip(labels, model.intercept_)},
        "weights": weights,
        "uses_context": best.use_context,
        "prior": {cue: {label: weight} for cue, (label, weight) in PRIOR.items()},
        "preprocessing": PREPROCESSING,
        "model": "multinomial logistic regression (scikit-learn lbfgs, L2), binary features",
        "trained_on": f"rumoureval2017/train.jsonl ({len(rows)} tweets)",
        "hyperparameters": {**asdict(best), "keep": KEEP, "min_docs": MIN_DOCS},
        "cross_validation": {
            "folds": FOLDS,
            "grouped_by": "thread",
            "macro_f1": best_result["macro_f1"],
            "accuracy": best_result["accuracy"],
            "without_prior": best_result["without_prior"],
        },
    }
    text = json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode())} bytes, {len(vocab)} features)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
