"""Trial: does a static MiniLM embedding beside the stance features beat the linear model alone?

Issue 13 ships a stronger model only if its gain over the linear model on dev lies outside a
bootstrap 95% interval. This fits two models on the same train data with the shipped model's
hyperparameters, cue pushes and site biases (reader/data/stance_model.json): the linear model
of benchmarks/train_stance.py, and the same with dense features added (the mean static vector
of the comment and of its parent, PCA-reduced on train's tokens; the comment's vector times
the claim's; the cosine of the comment with the parent and with the claim). It prints each
dev split's macro-F1 and accuracy for both and the paired bootstrap interval of the gain.

The static vectors come from benchmarks/distill_embeddings.py. Dev-only (numpy, scikit-learn).

    .venv/bin/python benchmarks/trial_stance_embeddings.py --vectors tokens.npz \
        --vocab DIR/vocab.txt [--dims 64] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import train_stance as ts
from bert_wordpiece import WordPiece
from stance_data import Labelled, load_split

from reader.analysers.stance_features import normalize
from reader.analysers.stance_model import STANCE_LABELS, model_bytes

RESAMPLES = 1000
SEED = 13


class Embedder:
    """Mean PCA-reduced static vector of a text's WordPiece tokens (zeros for none)."""

    def __init__(self, vectors: np.ndarray, vocab: Sequence[str], train_texts: Sequence[str]):
        self.wordpiece = WordPiece(vocab)
        used = sorted({i for t in train_texts for i in self.ids(t)})
        centre = vectors[used].mean(axis=0)
        _, _, vt = np.linalg.svd(vectors[used] - centre, full_matrices=False)
        self.vectors, self.centre, self.axes = vectors, centre, vt

    def ids(self, text: str | None) -> list[int]:
        found = self.wordpiece.ids(normalize(text)) if text else []
        return [i for i in found if i != self.wordpiece.unknown]

    def __call__(self, text: str | None, dims: int) -> np.ndarray:
        ids = self.ids(text)
        if not ids:
            return np.zeros(dims)
        reduced: np.ndarray = (self.vectors[ids].mean(axis=0) - self.centre) @ self.axes[:dims].T
        return reduced


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    norms = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / norms if norms else 0.0


def dense(items: Sequence[Labelled], embed: Embedder, dims: int) -> np.ndarray:
    rows = []
    for item in items:
        text, parent = embed(item.text, dims), embed(item.place.parent, dims)
        claim = embed(item.place.claim, dims)
        rows.append(
            np.concatenate(
                [text, parent, text * claim, [cosine(text, parent), cosine(text, claim)]]
            )
        )
    found = np.array(rows)
    return found


def shipped_choices() -> tuple[ts.Setting, dict[str, ts.SiteDecision]]:
    raw = json.loads(model_bytes())
    hyper = raw["hyperparameters"]
    setting = ts.Setting(hyper["c"], hyper["tweet_balance"], hyper["reddit_balance"])
    decisions = {}
    for site in ts.SITE_OF_CORPUS.values():
        adjust = raw["sites"][site]
        pushes = tuple(adjust["cue_push"][cue][label] for cue, label in ts.PRIOR_CUES.items())
        decisions[site] = ts.SiteDecision(pushes, adjust["bias"]["comment"], 0, 0, 0, 0)
    return setting, decisions


def macro_f1_and_accuracy(gold: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    macro_f1, accuracy, _ = ts.scores_of(gold, predicted)
    return np.array([macro_f1, accuracy])


def report(corpus: str, gold: np.ndarray, linear: np.ndarray, embedded: np.ndarray) -> None:
    rng = np.random.default_rng(SEED)
    gains = []
    for _ in range(RESAMPLES):
        idx = rng.integers(0, len(gold), len(gold))
        gains.append(
            macro_f1_and_accuracy(gold[idx], embedded[idx])
            - macro_f1_and_accuracy(gold[idx], linear[idx])
        )
    low, high = np.percentile(np.array(gains), [2.5, 97.5], axis=0)
    base = macro_f1_and_accuracy(gold, linear)
    new = macro_f1_and_accuracy(gold, embedded)
    for k, name in enumerate(("macro-F1", "accuracy")):
        print(
            f"| {corpus} dev | {name} | {base[k]:.3f} | {new[k]:.3f} | "
            f"{new[k] - base[k]:+.3f} [{low[k]:+.3f}, {high[k]:+.3f}] |"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ts.DEFAULT_DATA)
    parser.add_argument("--vectors", type=Path, required=True)
    parser.add_argument("--vocab", type=Path, required=True)
    parser.add_argument("--dims", type=int, default=64)
    parser.add_argument("--scale", type=float, default=1.0, help="of the dense features")
    args = parser.parse_args(argv)

    train = load_split(args.data, "2017", "train") + load_split(args.data, "2019", "train")
    y = np.array([STANCE_LABELS.index(item.label) for item in train])
    vectors = np.load(args.vectors)["vectors"].astype(np.float64)
    vocab = args.vocab.read_text(encoding="utf-8").splitlines()
    embed = Embedder(vectors, vocab, [item.text for item in train])
    setting, decisions = shipped_choices()
    docs = ts.featurize(train)
    vocab_f = ts.vocabulary(docs)
    sparse = ts.matrix(docs, vocab_f)
    extra = csr_matrix(dense(train, embed, args.dims) * args.scale)
    weights = ts.sample_weights(train, y, setting)
    linear = LogisticRegression(C=setting.c, max_iter=5000).fit(sparse, y, sample_weight=weights)
    embedded = LogisticRegression(C=setting.c, max_iter=5000).fit(
        hstack([sparse, extra]).tocsr(), y, sample_weight=weights
    )
    print(f"static MiniLM vectors, {args.dims} dimensions, scale {args.scale}")
    print("| data | measure | linear | with embedding | gain [paired 95% interval] |")
    print("|---|---|---|---|---|")
    for corpus in ("2017", "2019"):
        items = load_split(args.data, corpus, "dev")
        gold = np.array([STANCE_LABELS.index(item.label) for item in items])
        docs_dev = ts.featurize(items)
        x = ts.matrix(docs_dev, vocab_f)
        x_dense = csr_matrix(dense(items, embed, args.dims) * args.scale)
        adjust = ts.decided_logits(
            np.zeros((len(items), len(STANCE_LABELS))), ts.cue_presence(docs_dev), items, decisions
        )
        linear_logits = linear.decision_function(x) + adjust
        embedded_logits = embedded.decision_function(hstack([x, x_dense]).tocsr()) + adjust
        report(corpus, gold, linear_logits.argmax(axis=1), embedded_logits.argmax(axis=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
