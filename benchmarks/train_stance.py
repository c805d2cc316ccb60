"""Train the stance model and write reader/data/stance_model.json.

Dev-only: needs scikit-learn and numpy (the `dev` extra; not runtime dependencies of Reader).
Trains on RumourEval 2017 train (tweets) and RumourEval 2019 Reddit train together, each
reply seen in its thread (reader.analysers.stance_features.Place: the claim, the parent
comment, the depth). Hyperparameters are chosen by cross-validation on train, grouped by
thread so replies to the same rumour never sit on both sides of a split, and the calibration
temperature is fitted on the same out-of-fold predictions. The dev splits are never read here
(benchmarks/eval_stance.py measures on them), so their figures are of data the model and its
settings never saw.

The output is deterministic: the same data gives the same file, byte for byte.

    .venv/bin/python benchmarks/train_stance.py [--data DIR] [--out PATH] [--quick]
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

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from stance_data import Labelled, load_split

from reader.analysers.stance_features import extract_features
from reader.analysers.stance_model import MODEL_FORMAT, STANCE_LABELS

DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "reader" / "data" / "stance_model.json"
FOLDS = 5
MIN_DOCS = 3  # a word n-gram must occur in at least this many training texts
MIN_WEIGHT = 0.05  # features whose every weight is smaller are dropped from the file
# The grid searched by cross-validation: small on purpose (a 2-core machine shared by others).
C_GRID = (0.1, 0.2)
# Class weight of an item = (n / (k * n_label)) ** balance, counted within its corpus. Tweets
# and Reddit comments get their own balance: the Reddit threads, like news comments, are
# nearly all "comment", and reweighting them as hard as the tweets floods them with labels.
TWEET_BALANCE_GRID = (0.5, 0.75)
REDDIT_BALANCE_GRID = (0.0, 0.25, 0.5)
TEMPERATURES = tuple(round(0.5 + 0.05 * i, 2) for i in range(51))  # 0.5 .. 3.0
UNCERTAIN_BELOW = 0.5  # a label this unlikely is more likely wrong than right: shown as such
# Hand-set prior from SPEC section 3's definitions, added to the learned weights of the three
# lexicon cues: plain "fake", "hoax", "not true" or "I saw it" are rare in the training
# threads but are what news commenters write. Fixed by design, not tuned; the CV figures
# include it.
PRIOR: dict[str, tuple[str, float]] = {
    "[calls it false]": ("deny", 1.5),
    "[doubts it]": ("deny", 0.75),
    "[corroborates]": ("support", 2.0),
    "[asks for information]": ("query", 1.0),
}

PREPROCESSING = (
    "HTML entities unescaped; Reddit '> quoted' lines, URLs, @mentions, upper-case RT/MT "
    "markers and the '#' of hashtags removed; curly apostrophes straightened; lower-cased; "
    "\"n't\" rewritten as ' not'; tokens are runs of [a-z0-9] with inner apostrophes; digit "
    "runs become '0'. Features are binary: every token, every adjacent token pair, and "
    "bracketed cues of the text ('[ends with ?]', '[calls it false]') and of its place in "
    "the thread ('[replies to a question]', '[negates the parent's words]', '[repeats the "
    "claim]', depth) defined in reader/analysers/stance_features.py. Logit of a label = "
    "intercept + sum of the weights of the features present; probability = softmax of the "
    "logits divided by calibration.temperature. '[on reddit]' is set for a Reddit thread "
    "(Reader sets it when the page is one); '[on twitter]' and '[the opening post]' only for "
    "RumourEval's tweets and opening posts, which Reader never reads. A news page's comments "
    "get neither site: the shared intercepts and weights."
)


@dataclass(frozen=True)
class Setting:
    """One point of the hyperparameter grid."""

    c: float
    tweet_balance: float
    reddit_balance: float


def featurize(items: Sequence[Labelled]) -> list[set[str]]:
    return [extract_features(item.text, item.place).names for item in items]


def vocabulary(docs: Sequence[set[str]]) -> list[str]:
    counts = Counter(f for doc in docs for f in doc)
    return sorted(f for f, n in counts.items() if n >= MIN_DOCS or f.startswith("["))


def matrix(docs: Sequence[set[str]], vocab: Sequence[str]) -> csr_matrix:
    index = {f: i for i, f in enumerate(vocab)}
    indptr = [0]
    indices: list[int] = []
    for doc in docs:
        indices.extend(sorted(index[f] for f in doc if f in index))
        indptr.append(len(indices))
    data = np.ones(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(docs), len(vocab)))


def sample_weights(items: Sequence[Labelled], y: np.ndarray, setting: Setting) -> np.ndarray:
    """Each item's class weight within its own corpus (see the balance grids)."""
    weights = np.ones(len(items))
    for corpus, balance in (("2017", setting.tweet_balance), ("2019", setting.reddit_balance)):
        idx = [i for i, item in enumerate(items) if item.corpus == corpus]
        counts = Counter(y[idx].tolist())
        for i in idx:
            weights[i] = (len(idx) / (len(STANCE_LABELS) * counts[int(y[i])])) ** balance
    return weights


def prior_matrix(vocab: Sequence[str]) -> np.ndarray:
    """PRIOR as a (features x labels) array."""
    prior = np.zeros((len(vocab), len(STANCE_LABELS)))
    for i, feature in enumerate(vocab):
        if feature in PRIOR:
            label, weight = PRIOR[feature]
            prior[i, STANCE_LABELS.index(label)] = weight
    return prior


def fit(
    docs: Sequence[set[str]], items: Sequence[Labelled], y: np.ndarray, setting: Setting
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Vocabulary, weights (features x labels, prior included) and intercepts."""
    vocab = vocabulary(docs)
    model = LogisticRegression(C=setting.c, max_iter=5000)
    model.fit(matrix(docs, vocab), y, sample_weight=sample_weights(items, y, setting))
    if list(model.classes_) != list(range(len(STANCE_LABELS))):
        raise ValueError("every label must occur in the training data")
    return vocab, model.coef_.T + prior_matrix(vocab), model.intercept_


def out_of_fold_logits(
    docs: Sequence[set[str]], items: Sequence[Labelled], y: np.ndarray, setting: Setting
) -> np.ndarray:
    groups = [f"{item.corpus}/{item.thread}" for item in items]
    logits = np.zeros((len(items), len(STANCE_LABELS)))
    for train_idx, test_idx in GroupKFold(n_splits=FOLDS).split(docs, y, groups):
        vocab, weights, intercepts = fit(
            [docs[i] for i in train_idx], [items[i] for i in train_idx], y[train_idx], setting
        )
        logits[test_idx] = matrix([docs[i] for i in test_idx], vocab) @ weights + intercepts
    return logits


def corpus_scores(
    items: Sequence[Labelled], y: np.ndarray, predicted: np.ndarray
) -> dict[str, object]:
    found: dict[str, object] = {}
    for corpus in ("2017", "2019"):
        idx = [i for i, item in enumerate(items) if item.corpus == corpus]
        found[corpus] = {
            "macro_f1": round(float(f1_score(y[idx], predicted[idx], average="macro")), 4),
            "accuracy": round(float(accuracy_score(y[idx], predicted[idx])), 4),
        }
    return found


def objective(scores: dict[str, object]) -> float:
    """Mean macro-F1 over the two corpora: both domains count the same."""
    return float(np.mean([scores[c]["macro_f1"] for c in ("2017", "2019")]))  # type: ignore[index]


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature (on a fixed grid) that minimises the out-of-fold log loss."""
    losses = [-log_softmax(logits / t)[np.arange(len(y)), y].mean() for t in TEMPERATURES]
    return TEMPERATURES[int(np.argmin(losses))]


def cross_validate(
    docs: Sequence[set[str]], items: Sequence[Labelled], y: np.ndarray, quick: bool
) -> tuple[Setting, dict[str, object], np.ndarray, list[dict[str, object]]]:
    settings = [
        Setting(c, tb, rb)
        for c, tb, rb in itertools.product(
            (0.1,) if quick else C_GRID,
            (0.5,) if quick else TWEET_BALANCE_GRID,
            (0.0, 0.25) if quick else REDDIT_BALANCE_GRID,
        )
    ]
    results: list[dict[str, object]] = []
    tried: list[tuple[Setting, dict[str, object], np.ndarray]] = []
    for setting in settings:
        logits = out_of_fold_logits(docs, items, y, setting)
        scores = corpus_scores(items, y, logits.argmax(axis=1))
        results.append({**asdict(setting), **scores})
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
        tried.append((setting, scores, logits))
    # On Reddit (like news comments, nearly all "comment") a setting must be at least as
    # accurate as always answering "comment"; among those, the best mean macro-F1.
    reddit = [i for i, item in enumerate(items) if item.corpus == "2019"]
    floor = float(np.mean(y[reddit] == STANCE_LABELS.index("comment")))
    eligible = [t for t in tried if t[1]["2019"]["accuracy"] >= floor]  # type: ignore[index]
    if eligible:
        best = max(eligible, key=lambda t: objective(t[1]))
    else:
        best = max(tried, key=lambda t: t[1]["2019"]["accuracy"])  # type: ignore[index]
    return best[0], best[1], best[2], results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--quick", action="store_true", help="search a small grid only")
    args = parser.parse_args(argv)

    items = load_split(args.data, "2017", "train") + load_split(args.data, "2019", "train")
    y = np.array([STANCE_LABELS.index(item.label) for item in items])  # type: ignore[arg-type]
    docs = featurize(items)
    setting, cv_scores, logits, _ = cross_validate(docs, items, y, args.quick)
    temperature = fit_temperature(logits, y)
    print(f"chosen: {setting}, temperature {temperature}", file=sys.stderr)

    vocab, weights, intercepts = fit(docs, items, y, setting)
    kept = {
        f: [round(float(w), 4) for w in weights[i]]
        for i, f in enumerate(vocab)
        if f.startswith("[") or np.abs(weights[i]).max() >= MIN_WEIGHT
    }
    counts = {c: len([i for i in items if i.corpus == c]) for c in ("2017", "2019")}
    out = {
        "format": MODEL_FORMAT,
        "labels": list(STANCE_LABELS),
        "intercepts": {lab: round(float(b), 4) for lab, b in zip(STANCE_LABELS, intercepts)},
        "weights": kept,
        "calibration": {
            "method": "temperature scaling of the logits, fitted on out-of-fold predictions",
            "temperature": temperature,
            "uncertain_below": UNCERTAIN_BELOW,
        },
        "prior": {cue: {label: weight} for cue, (label, weight) in PRIOR.items()},
        "preprocessing": PREPROCESSING,
        "model": "multinomial logistic regression (scikit-learn lbfgs, L2), binary features",
        "trained_on": (
            f"rumoureval2017/train.jsonl ({counts['2017']} tweets) and rumoureval2019/"
            f"train.jsonl with its thread files ({counts['2019']} Reddit posts and comments)"
        ),
        "hyperparameters": {**asdict(setting), "min_docs": MIN_DOCS, "min_weight": MIN_WEIGHT},
        "cross_validation": {"folds": FOLDS, "grouped_by": "thread", **cv_scores},
    }
    text = json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode())} bytes, {len(kept)} features)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
