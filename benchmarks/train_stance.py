"""Train the stance model and write reader/data/stance_model.json.

Dev-only: needs scikit-learn and numpy (the `dev` extra; not runtime dependencies of Reader).
Trains on RumourEval 2017 train (tweets) and RumourEval 2019 Reddit train together, each
reply seen in its thread (reader.analysers.stance_features.Place: the claim, the parent
comment, the depth). Hyperparameters, and each labelled site's cue pushes and decision bias
(SiteDecision), are chosen by cross-validation on train, grouped by thread so replies to the
same rumour never sit on both sides of a split, and the calibration temperature is fitted on
the same out-of-fold predictions. A news page's pushes are set by hand (HAND_PUSHES: no
labelled news comments to choose them from) and it gets no bias. The dev splits are never read here
(benchmarks/eval_stance.py measures on them), so their figures are of data the model and its
settings never saw.

The output is deterministic: the same data gives the same file, byte for byte.

    .venv/bin/python benchmarks/train_stance.py [--data DIR] [--out PATH] [--quick]
    .venv/bin/python benchmarks/train_stance.py --check            # the whole run, compared
    .venv/bin/python benchmarks/train_stance.py --refit --check    # the weights only, quickly
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
import sklearn
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from stance_data import Labelled, load_split

from reader.analysers.stance_features import extract_features
from reader.analysers.stance_model import MODEL_FORMAT, OTHER_SITE, STANCE_LABELS

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
# Lexicon cues from SPEC section 3's definitions ("fake", "hoax", "not true", "I saw it"), each
# given an extra push toward its label on top of its learned weight. On the two sites with
# labelled threads the push of each cue is chosen by cross-validation on train (PRIOR_GRID).
# A page from any other site (a news page) has no labelled comments to choose from, so it
# keeps the push set by hand from SPEC's definitions (HAND_PUSHES): such plain words are rare
# in the tweets and Reddit threads but are what news commenters write, and SPEC's own
# examples ("Pull the other one, this is a cover-up.") need them.
PRIOR_CUES: dict[str, str] = {
    "[calls it false]": "deny",
    "[doubts it]": "deny",
    "[corroborates]": "support",
    "[asks for information]": "query",
}
HAND_PUSHES = (1.5, 0.75, 2.0, 1.0)  # in PRIOR_CUES order
PRIOR_GRID = (0.0, 0.5, 1.0, 1.5, 2.0, 2.5)
# Each labelled site's decision bias, added to the "comment" logit of its threads and chosen by
# cross-validation on train: Reddit threads are nearly all "comment", the tweets far less so.
# Any other site gets none (no labelled comments to choose one from).
SITE_OF_CORPUS = {"2017": "twitter", "2019": "reddit"}
BIAS_GRID = tuple(round(-1.0 + 0.25 * i, 2) for i in range(13))  # -1.0 .. 2.0

PREPROCESSING = (
    "HTML entities unescaped; Reddit '> quoted' lines, URLs, @mentions, upper-case RT/MT "
    "markers and the '#' of hashtags removed; curly apostrophes straightened; lower-cased; "
    "\"n't\" rewritten as ' not'; tokens are runs of [a-z0-9] with inner apostrophes; digit "
    "runs become '0'. Features are binary: every token, every adjacent token pair, and "
    "bracketed cues of the text ('[ends with ?]', '[calls it false]') and of its place in "
    "the thread ('[replies to a question]', '[negates the parent's words]', '[repeats the "
    "claim]', depth) defined in reader/analysers/stance_features.py. Logit of a label = "
    "intercept + sum of the weights of the features present + the site's adjustment "
    "(sites.<site>: its bias per label, and a push per lexicon cue added to that cue's "
    "weights); probability = softmax of the logits divided by calibration.temperature. "
    "'[on reddit]' and sites.reddit are for a Reddit thread (Reader uses them when the page "
    "is one); '[on twitter]', sites.twitter and '[the opening post]' only for RumourEval's "
    "tweets and opening posts, which Reader never reads. A news page's comments get neither "
    "site's feature and sites.other: no bias, and cue pushes set by hand from SPEC."
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


def push_matrix(pushes: Sequence[float]) -> np.ndarray:
    """The cue pushes as a (cues x labels) array, cues in PRIOR_CUES order."""
    found = np.zeros((len(PRIOR_CUES), len(STANCE_LABELS)))
    for i, label in enumerate(PRIOR_CUES.values()):
        found[i, STANCE_LABELS.index(label)] = pushes[i]
    return found


def cue_presence(docs: Sequence[set[str]]) -> np.ndarray:
    """Which of PRIOR_CUES each item has: (items x cues), 0 or 1."""
    return np.array([[cue in doc for cue in PRIOR_CUES] for doc in docs], dtype=float)


def fit(
    docs: Sequence[set[str]], items: Sequence[Labelled], y: np.ndarray, setting: Setting
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Vocabulary, learned weights (features x labels, no cue push) and intercepts."""
    vocab = vocabulary(docs)
    model = LogisticRegression(C=setting.c, max_iter=5000)
    model.fit(matrix(docs, vocab), y, sample_weight=sample_weights(items, y, setting))
    if list(model.classes_) != list(range(len(STANCE_LABELS))):
        raise ValueError("every label must occur in the training data")
    return vocab, model.coef_.T, model.intercept_


def out_of_fold_logits(
    docs: Sequence[set[str]], items: Sequence[Labelled], y: np.ndarray, setting: Setting
) -> np.ndarray:
    """Each item's logits from a model fitted without its thread (no cue push, no bias)."""
    groups = [f"{item.corpus}/{item.thread}" for item in items]
    logits = np.zeros((len(items), len(STANCE_LABELS)))
    for train_idx, test_idx in GroupKFold(n_splits=FOLDS).split(docs, y, groups):
        vocab, weights, intercepts = fit(
            [docs[i] for i in train_idx], [items[i] for i in train_idx], y[train_idx], setting
        )
        logits[test_idx] = matrix([docs[i] for i in test_idx], vocab) @ weights + intercepts
    return logits


def scores_of(gold: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """(macro-F1 over the four labels, accuracy, query F1), quickly: this runs thousands of
    times."""
    k = len(STANCE_LABELS)
    confusion = np.bincount(gold * k + predicted, minlength=k * k).reshape(k, k)
    tp = np.diag(confusion)
    sizes = confusion.sum(axis=0) + confusion.sum(axis=1)
    f1 = np.divide(2 * tp, sizes, out=np.zeros(k), where=sizes > 0)
    return float(f1.mean()), float(tp.sum() / len(gold)), float(f1[STANCE_LABELS.index("query")])


@dataclass(frozen=True)
class SiteDecision:
    """What is added to one site's learned logits, and its cross-validated figures."""

    pushes: tuple[float, ...]  # in PRIOR_CUES order
    bias: float  # added to the "comment" logit
    macro_f1: float
    accuracy: float
    query_f1: float
    objective: float


def corpus_objective(corpus: str, scores: tuple[float, float, float], floor: float) -> float:
    """The issue's aims for each corpus, weighed equally: on the tweets macro-F1 and accuracy;
    on Reddit (like news comments, nearly all "comment") accuracy and query F1, and a choice
    less accurate than always answering "comment" is ruled out."""
    macro_f1, accuracy, query_f1 = scores
    if corpus == "2017":
        return (macro_f1 + accuracy) / 2
    if accuracy < floor:
        return -1.0 + accuracy
    return (accuracy + query_f1) / 2


def decide_site(raw: np.ndarray, cues: np.ndarray, y: np.ndarray, corpus: str) -> SiteDecision:
    """The cue pushes and comment bias with the best objective on one corpus's out-of-fold
    logits (so chosen by cross-validation: neither is ever fitted on dev). Ties go to the
    first in grid order: the smaller pushes and bias."""
    comment = STANCE_LABELS.index("comment")
    floor = float(np.mean(y == comment))
    best: SiteDecision | None = None
    for pushes in itertools.product(PRIOR_GRID, repeat=len(PRIOR_CUES)):
        logits = raw + cues @ push_matrix(pushes)
        for bias in BIAS_GRID:
            shifted = logits.copy()
            shifted[:, comment] += bias
            scores = scores_of(y, shifted.argmax(axis=1))
            value = corpus_objective(corpus, scores, floor)
            if best is None or value > best.objective + 1e-12:
                rounded = tuple(round(v, 4) for v in scores)
                best = SiteDecision(tuple(pushes), bias, *rounded, objective=value)
    assert best is not None
    return best


def decide(
    raw: np.ndarray, cues: np.ndarray, items: Sequence[Labelled], y: np.ndarray
) -> dict[str, SiteDecision]:
    """Each labelled site's decision, chosen on its own corpus (they share no item)."""
    found = {}
    for corpus, site in SITE_OF_CORPUS.items():
        idx = np.array([i for i, item in enumerate(items) if item.corpus == corpus])
        found[site] = decide_site(raw[idx], cues[idx], y[idx], corpus)
    return found


def decided_logits(
    raw: np.ndarray,
    cues: np.ndarray,
    items: Sequence[Labelled],
    decisions: dict[str, SiteDecision],
) -> np.ndarray:
    logits = raw.copy()
    comment = STANCE_LABELS.index("comment")
    for i, item in enumerate(items):
        decision = decisions[SITE_OF_CORPUS[item.corpus]]
        logits[i] += cues[i] @ push_matrix(decision.pushes)
        logits[i, comment] += decision.bias
    return logits


def log_softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature (on a fixed grid) that minimises the out-of-fold log loss."""
    losses = [-log_softmax(logits / t)[np.arange(len(y)), y].mean() for t in TEMPERATURES]
    return TEMPERATURES[int(np.argmin(losses))]


def cross_validate(
    docs: Sequence[set[str]], items: Sequence[Labelled], y: np.ndarray, quick: bool
) -> tuple[Setting, dict[str, SiteDecision], np.ndarray, list[dict[str, object]]]:
    """The grid point, and each site's cue pushes and bias, with the best cross-validated
    mean objective over both sites, and the out-of-fold logits they give (to calibrate)."""
    settings = [
        Setting(c, tb, rb)
        for c, tb, rb in itertools.product(
            (0.1,) if quick else C_GRID,
            (0.5,) if quick else TWEET_BALANCE_GRID,
            (0.0, 0.25) if quick else REDDIT_BALANCE_GRID,
        )
    ]
    cues = cue_presence(docs)
    results: list[dict[str, object]] = []
    best: tuple[float, Setting, dict[str, SiteDecision], np.ndarray] | None = None
    for setting in settings:
        raw = out_of_fold_logits(docs, items, y, setting)
        decisions = decide(raw, cues, items, y)
        objective = float(np.mean([d.objective for d in decisions.values()]))
        results.append({**asdict(setting), **{s: asdict(d) for s, d in decisions.items()}})
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
        if best is None or objective > best[0] + 1e-12:
            best = (objective, setting, decisions, decided_logits(raw, cues, items, decisions))
    assert best is not None
    return best[1], best[2], best[3], results


def site_json(pushes: Sequence[float], bias: float, chosen_by: str) -> dict[str, object]:
    return {
        "chosen_by": chosen_by,
        "cue_push": {cue: {label: push} for (cue, label), push in zip(PRIOR_CUES.items(), pushes)},
        "bias": {"comment": bias},
    }


def model_json(
    items: Sequence[Labelled],
    docs: Sequence[set[str]],
    y: np.ndarray,
    setting: Setting,
    decisions: dict[str, SiteDecision],
    temperature: float,
) -> dict[str, object]:
    """The shipped model: weights fitted on all of train, each site's pushes and bias."""
    vocab, weights, intercepts = fit(docs, items, y, setting)
    kept = {
        f: [round(float(w), 4) for w in weights[i]]
        for i, f in enumerate(vocab)
        if f.startswith("[") or np.abs(weights[i]).max() >= MIN_WEIGHT
    }
    counts = {c: len([i for i in items if i.corpus == c]) for c in ("2017", "2019")}
    sites = {
        site: site_json(d.pushes, d.bias, "cross-validation on train")
        for site, d in decisions.items()
    }
    sites[OTHER_SITE] = site_json(HAND_PUSHES, 0.0, "by hand, from SPEC section 3")
    return {
        "format": MODEL_FORMAT,
        "labels": list(STANCE_LABELS),
        "intercepts": {lab: round(float(b), 4) for lab, b in zip(STANCE_LABELS, intercepts)},
        "weights": kept,
        "sites": sites,
        "calibration": {
            "method": "temperature scaling of the logits, fitted on out-of-fold predictions",
            "temperature": temperature,
            "uncertain_below": UNCERTAIN_BELOW,
        },
        "preprocessing": PREPROCESSING,
        "model": "multinomial logistic regression (scikit-learn lbfgs, L2), binary features",
        "trained_on": (
            f"rumoureval2017/train.jsonl ({counts['2017']} tweets) and rumoureval2019/"
            f"train.jsonl with its thread files ({counts['2019']} Reddit posts and comments)"
        ),
        "hyperparameters": {**asdict(setting), "min_docs": MIN_DOCS, "min_weight": MIN_WEIGHT},
        # Another version of either may round the last digit of a weight differently.
        "trained_with": {"numpy": np.__version__, "scikit-learn": sklearn.__version__},
        "cross_validation": {
            "folds": FOLDS,
            "grouped_by": "thread",
            **{
                corpus: {
                    "macro_f1": decisions[site].macro_f1,
                    "accuracy": decisions[site].accuracy,
                    "query_f1": decisions[site].query_f1,
                    "objective": round(decisions[site].objective, 4),
                }
                for corpus, site in SITE_OF_CORPUS.items()
            },
        },
    }


def chosen_before(path: Path) -> tuple[Setting, dict[str, SiteDecision], float]:
    """The choices a full run recorded in its model file (for --refit)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    hyper = raw["hyperparameters"]
    setting = Setting(hyper["c"], hyper["tweet_balance"], hyper["reddit_balance"])
    decisions = {}
    for corpus, site in SITE_OF_CORPUS.items():
        adjust, scores = raw["sites"][site], raw["cross_validation"][corpus]
        pushes = tuple(adjust["cue_push"][cue][label] for cue, label in PRIOR_CUES.items())
        decisions[site] = SiteDecision(pushes, adjust["bias"]["comment"], **scores)
    return setting, decisions, raw["calibration"]["temperature"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--quick", action="store_true", help="search a small grid only")
    parser.add_argument(
        "--refit",
        action="store_true",
        help="skip the search: refit with the choices recorded in --out (a few seconds)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 unless --out would be unchanged"
    )
    args = parser.parse_args(argv)

    items = load_split(args.data, "2017", "train") + load_split(args.data, "2019", "train")
    y = np.array([STANCE_LABELS.index(item.label) for item in items])  # type: ignore[arg-type]
    docs = featurize(items)
    if args.refit:
        setting, decisions, temperature = chosen_before(args.out)
    else:
        setting, decisions, logits, _ = cross_validate(docs, items, y, args.quick)
        temperature = fit_temperature(logits, y)
    print(f"chosen: {setting}, {decisions}, temperature {temperature}", file=sys.stderr)
    out = model_json(items, docs, y, setting, decisions, temperature)
    text = json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if args.check:
        same = args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'reproduced exactly' if same else 'DIFFERS'}", file=sys.stderr)
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    size = len(text.encode())
    print(f"wrote {args.out} ({size} bytes, {len(kept_of(out))} features)", file=sys.stderr)
    return 0


def kept_of(out: dict[str, object]) -> dict[str, object]:
    weights = out["weights"]
    assert isinstance(weights, dict)
    return weights


if __name__ == "__main__":
    raise SystemExit(main())
