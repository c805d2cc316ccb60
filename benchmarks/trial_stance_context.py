"""Trials (issue 13, nothing shipped): do literature cues or the thread's predicted stance help?

Both change the linear model of benchmarks/train_stance.py and measure it as that script does:
grouped 5-fold cross-validation on train only (the dev splits are never read), the shipped
hyperparameters, each site's cue pushes and bias chosen again (ts.decide), each corpus's
objective (tweets: mean of macro-F1 and accuracy; Reddit: of accuracy and query F1). Printed
per corpus and for their mean: today's objective -> the candidate's, the per-fold objectives
with their standard deviation, and the gain's 95% interval by a paired bootstrap over threads
(1000 resamples, seed 13).

`cues`: eleven cues from the RumourEval literature as binary features (a link, a cited source,
a request for evidence, a yes/no answer to a question, VADER's strong tone and its contrast
with the parent's, capitals, swearing, length, a question to the article, laughter, "I work
there"). The trial screened seventeen; the six not kept here (narrower forms of these, a quoted
line, more "calls it false" words) moved the mean by under 0.0003 alone, or lowered it.

`stacking`: the parent's and siblings' PREDICTED stance as features of a second stage. No
leakage, by nested grouped CV: fold k is scored by a second stage fitted on the other folds;
fold k's parents and siblings are predicted by the first stage fitted on folds != k (today's
model for that fold), and a training item's in fold j != k by one fitted on folds not in
{k, j}, so no feature comes from a model that saw fold k's labels or the item's own thread.
A parent is predicted from what Reader has at run time: its text, the claim, the site, its
depth, not its own parent's text. `gold` (the parent's gold label) is a ceiling only.

Verdict (2026-12-02): no gain outside its interval. cues, all eleven: tweets +0.0021 [-0.0066,
+0.0101], Reddit +0.0188 [-0.0229, +0.0660] (the scratch run left train_stance's always-
"comment" floor out of the resamples: [-0.0215, +0.0660]), mean +0.0105 [-0.0107, +0.0350].
stacking, all: tweets +0.0027 [-0.0035, +0.0096], Reddit +0.0170 [-0.0209, +0.0624], mean
+0.0098 [-0.0089, +0.0332]; gold parent label, tweets -0.0006 [-0.0040, +0.0029]. Today's
model: mean 0.6558 (tweets 0.6000, Reddit 0.7116). Dev-only (numpy, scikit-learn).

    nice .venv/bin/python benchmarks/trial_stance_context.py cues [--each]  # 0.5 [4] min
    nice .venv/bin/python benchmarks/trial_stance_context.py stacking  # 0.5-2.5 min, by load
    .venv/bin/python benchmarks/trial_stance_context.py {cues,stacking} --quick  # a quarter
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import train_stance as ts
from stance_data import Labelled, load_split

from reader.analysers.sentiment import score_sentiment
from reader.analysers.stance_features import Place, extract_features, normalize, tokenize
from reader.analysers.stance_model import STANCE_LABELS

RESAMPLES = 1000
SEED = 13
CORPORA = {"2017": "tweets", "2019": "Reddit"}
COMMENT = STANCE_LABELS.index("comment")


@dataclass(frozen=True)
class Train:
    """The train items of both corpora, today's features, and the grouped folds."""

    items: list[Labelled]
    y: np.ndarray
    docs: list[set[str]]
    groups: list[str]
    fold: np.ndarray
    corpus: np.ndarray
    setting: ts.Setting
    resamples: int  # of the bootstrap


def load(data: Path, quick: bool) -> Train:
    items = load_split(data, "2017", "train") + load_split(data, "2019", "train")
    if quick:  # every fourth thread of each corpus
        keep = {g for c in CORPORA for g in sorted({i.thread for i in items if i.corpus == c})[::4]}
        items = [i for i in items if i.thread in keep]
    y = np.array([STANCE_LABELS.index(i.label) for i in items])
    docs = ts.featurize(items)
    groups = [f"{i.corpus}/{i.thread}" for i in items]
    fold = np.zeros(len(items), dtype=int)
    for k, (_, test) in enumerate(GroupKFold(n_splits=ts.FOLDS).split(docs, y, groups)):
        fold[test] = k  # the same folds as ts.out_of_fold_logits
    setting = ts.chosen_before(ts.DEFAULT_OUT)[0]
    corpus = np.array([i.corpus for i in items])
    return Train(items, y, docs, groups, fold, corpus, setting, 200 if quick else RESAMPLES)


def predict(t: Train, raw: np.ndarray) -> np.ndarray:
    """Labels after each site's cue pushes and bias are chosen again on these logits."""
    cues = ts.cue_presence(t.docs)  # no added feature is one of PRIOR_CUES
    decisions = ts.decide(raw, cues, t.items, t.y)
    pred: np.ndarray = ts.decided_logits(raw, cues, t.items, decisions).argmax(axis=1)
    return pred


def objective(
    t: Train, corpus: str, pred: np.ndarray, sel: np.ndarray, floor: bool = True
) -> float:
    """The corpus's objective; a fold's is shown without the always-"comment" floor."""
    floor_at = float(np.mean(t.y[sel] == COMMENT)) if floor else 0.0
    return ts.corpus_objective(corpus, ts.scores_of(t.y[sel], pred[sel]), floor_at)


def bootstrap(t: Train, cand: np.ndarray, base: np.ndarray, by_site: bool) -> dict[str, np.ndarray]:
    """The gains over resampled threads (the same threads for both), per corpus and mean.
    The draw order only reproduces each trial's record: the cue trial drew one corpus's
    resamples, then the other's; the stacking trial drew both in each resample."""
    rng, resamples = np.random.default_rng(SEED), t.resamples
    members = {}
    for c in CORPORA:
        idx = np.where(t.corpus == c)[0]
        threads = np.array([t.groups[i] for i in idx])
        members[c] = [idx[threads == g] for g in np.unique(threads)]
    order = [(c, r) for r in range(resamples) for c in CORPORA]
    gains = {c: np.zeros(resamples) for c in CORPORA}
    for c, r in sorted(order, key=lambda cr: cr[0]) if by_site else order:
        pick = rng.integers(0, len(members[c]), len(members[c]))
        sel = np.concatenate([members[c][k] for k in pick])
        gains[c][r] = objective(t, c, cand, sel) - objective(t, c, base, sel)
    gains["mean"] = (gains["2017"] + gains["2019"]) / 2
    return gains


def line(label: str, before: float, after: float, gains: np.ndarray) -> str:
    lo, hi = np.percentile(gains, [2.5, 97.5])
    gain = f"gain {after - before:+.4f} [{lo:+.4f}, {hi:+.4f}]"
    return f"  {label:7s} {before:.4f} -> {after:.4f}  {gain}"


def report(t: Train, name: str, cand: np.ndarray, base: np.ndarray, site_by_site: bool) -> None:
    """Base and candidate objectives per corpus and their mean, the folds', the intervals."""
    gains = bootstrap(t, cand, base, site_by_site)
    print(f"== {name}")
    whole = np.zeros((len(CORPORA), 2))
    for n, (c, site) in enumerate(CORPORA.items()):
        whole[n] = [objective(t, c, p, np.where(t.corpus == c)[0]) for p in (base, cand)]
        print(line(site, whole[n, 0], whole[n, 1], gains[c]))
        for label, pred in (("base", base), ("cand", cand)):
            masks = [np.where((t.corpus == c) & (t.fold == k))[0] for k in range(ts.FOLDS)]
            per = [objective(t, c, pred, m, floor=False) for m in masks]
            shown = " ".join(f"{v:.4f}" for v in per)
            print(f"          folds {label} {shown} (sd {np.std(per, ddof=1):.4f})")
    mean = whole.mean(axis=0)
    print(line("mean", mean[0], mean[1], gains["mean"]), flush=True)


# --- cues -------------------------------------------------------------------------------------

Cue = Callable[[str, Place, list[str]], set[str]]
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
CITE = re.compile(
    r"\b(?:sources?|via|citation|ref|h/t|hat tip)\s*:|\bvia\s+@|\breported by\b|\bper\s+@",
    re.IGNORECASE,
)
EVIDENCE = re.compile(
    r"\b(?:sources?|proof|evidence|links?|citations?|cite|sauce)\s*(?:\?|please|pls|plz)"
    r"|citation needed|\bdebunk\b|how do (?:you|we|they) know|please (?:explain|advise|elaborate)"
    r"|\b(?:any|got an?|have an?|need an?|where'?s the|where is the|show me the|what'?s your)"
    r"\s+(?:sources?|proof|evidence|links?|citations?)\b"
)


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


YES_START = words("yes yeah yep yup yea true correct exactly indeed absolutely definitely")
NO_START = words("no nope nah false wrong incorrect untrue myth nonsense")
SWEARS = words(
    "fuck fucking fucked shit bullshit crap damn idiot idiots stupid moron morons dumb retard "
    "retarded ass asshole wtf"
)
LAUGH = re.compile(
    r"\b(?:lol+|lmao+|rofl|haha+|hahaha\w*|hehe+|lulz)\b|[\U0001F602\U0001F923]", re.IGNORECASE
)
EXPERIENCE = re.compile(
    r"^\s*[a-z]+(?: [a-z]+)? here\b|\bin my experience\b|\bi work(?:ed)? (?:in|at|as|for|with)\b"
    r"|\bas an? [a-z]+ (?:myself|i)\b|\bi can tell you\b|\bfirst ?hand\b|\bpersonal experience\b",
    re.MULTILINE,
)


@cache
def vader(text: str) -> float:
    return score_sentiment(text).compound


def answers(text: str, place: Place, toks: list[str]) -> set[str]:
    """Starts with yes or no in reply to a question (the parent's, or the claim's)."""
    other = place.parent if place.parent is not None else place.claim
    if not toks or not other or place.opening_post:
        return set()
    asked = [s for s in SENTENCES.split(other.strip()) if s.rstrip().endswith("?")]
    if not any(tokenize(normalize(s)) for s in asked):
        return set()
    if toks[0] in YES_START:
        return {"[answers yes]"}
    no = toks[0] in NO_START or toks[:2] in (["not", "really"], ["not", "true"])
    return {"[answers no]"} if no else set()


def tone(text: str, place: Place, toks: list[str]) -> set[str]:
    """VADER's strong tone, and a tone opposite to the parent's (or the claim's)."""
    mine = vader(text)
    found = {"[strongly negative]"} if mine <= -0.5 else set()
    found |= {"[strongly positive]"} if mine >= 0.5 else set()
    other = place.parent if place.parent is not None else place.claim
    theirs = vader(other) if other else 0.0
    if mine * theirs < 0 and abs(mine) >= 0.3 and abs(theirs) >= 0.3:
        found.add("[tone opposite to the parent]")
    return found


def shouts(text: str, place: Place, toks: list[str]) -> set[str]:
    letters = [c for c in URL.sub(" ", text) if c.isalpha()]
    loud = len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) >= 0.6
    return {"[shouts]"} if loud else set()


def asks_article(text: str, place: Place, toks: list[str]) -> set[str]:
    ends = normalize(text).strip().rstrip("!.\"')\u201d ").endswith("?")
    top = place.parent is None and not place.opening_post
    return {"[asks the article]"} if top and ends else set()


def as_written(text: str, seen: str) -> str:
    return text


def matches(name: str, pattern: re.Pattern[str], view: Callable[[str, str], str]) -> Cue:
    """A cue found by `pattern` in view(text as written, its tokens + normalised text)."""

    def cue(text: str, place: Place, toks: list[str]) -> set[str]:
        seen = f"{' '.join(toks)} {normalize(text)}"
        return {name} if pattern.search(view(text, seen)) else set()

    return cue


CUES: dict[str, Cue] = {
    "links": matches("[links a source]", URL, as_written),
    "cites": matches("[cites a source]", CITE, as_written),
    "evidence": matches("[asks for evidence]", EVIDENCE, lambda text, seen: seen),
    "answers": answers,
    "tone": tone,
    "shouts": shouts,
    "swears": lambda text, place, toks: {"[swears]"} if SWEARS.intersection(toks) else set(),
    "length": lambda text, place, toks: {"[long]"} if len(toks) >= 30 else set(),
    "asks_article": asks_article,
    "laughs": matches("[laughs]", LAUGH, as_written),
    "experience": matches(
        "[speaks from experience]", EXPERIENCE, lambda text, seen: normalize(text)
    ),
}


def run_cues(t: Train, each: bool) -> None:
    toks = [tokenize(normalize(i.text)) for i in t.items]
    base = predict(t, ts.out_of_fold_logits(t.docs, t.items, t.y, t.setting))
    for name in ([*CUES] if each else []) + ["all"]:
        chosen = list(CUES.values()) if name == "all" else [CUES[name]]
        docs = [
            d.union(*(cue(i.text, i.place, tok) for cue in chosen))
            for d, i, tok in zip(t.docs, t.items, toks)
        ]
        fires = sum(len(d) - len(b) for d, b in zip(docs, t.docs))
        cand = predict(t, ts.out_of_fold_logits(docs, t.items, t.y, t.setting))
        report(t, f"{name} ({fires} cue firings)", cand, base, site_by_site=True)


# --- stacking ---------------------------------------------------------------------------------

VARIANTS = {"all": "plabel+pbins+pcross+psite+sib+sibmost", "gold": "pgold"}
PARTS = {"plabel", "pbins", "pcross", "psite", "sib", "sibmost", "pgold"}
CROSSED: tuple[str, ...] = ("[negation]", "[ends with ?]", "[starts with 'no']")
CROSSED += ("[repeats the parent]", "[negates the parent's words]", "[at most 3 words]")


@dataclass(frozen=True)
class Thread:
    """Each item's parent features (None: no parent comment), siblings and parent gold label."""

    parent_docs: list[set[str] | None]
    siblings: list[list[int]]
    parent_gold: list[str | None]


def parent_doc(place: Place) -> set[str] | None:
    """The parent's features from what Reader knows of it at run time: its text, the claim,
    the site and its depth, not its own parent's text (None: a reply to the post)."""
    if not place.parent or place.opening_post:
        return None
    depth = place.depth - 1
    where = Place(place.claim, None if depth <= 0 else "", max(depth, 0), place.site)
    return extract_features(place.parent, where).names


def thread_of(t: Train) -> Thread:
    docs = [parent_doc(item.place) for item in t.items]
    keys = [
        None if i.place.opening_post else (g, i.place.parent, i.place.depth)
        for g, i in zip(t.groups, t.items)
    ]
    by_key: dict[object, list[int]] = {}
    for i, key in enumerate(keys):
        if key is not None:
            by_key.setdefault(key, []).append(i)
    sibs = [[] if k is None else [j for j in by_key[k] if j != i] for i, k in enumerate(keys)]
    gold = {(g, i.text): i.label for g, i in zip(t.groups, t.items)}
    parent_gold = [gold.get((g, i.place.parent or "")) for g, i in zip(t.groups, t.items)]
    return Thread(docs, sibs, parent_gold)


def first_stages(t: Train, th: Thread) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Own and parent logits: key -1 from folds != k for fold k (the scored side); key k,
    for the items of fold j != k, from folds not in {k, j} (the training side of fold k)."""
    found = {k: (np.zeros((len(t.y), 4)), np.zeros((len(t.y), 4))) for k in range(-1, ts.FOLDS)}
    jobs = [(-1, j) for j in range(ts.FOLDS)]
    jobs += [(k, j) for k in range(ts.FOLDS) for j in range(ts.FOLDS) if j != k]
    for k, j in jobs:
        train = np.where((t.fold != j) & (t.fold != k))[0]
        vocab, w, b = ts.fit(
            [t.docs[i] for i in train], [t.items[i] for i in train], t.y[train], t.setting
        )
        apply = np.where(t.fold == j)[0]
        own, par = found[k]
        own[apply] = ts.matrix([t.docs[i] for i in apply], vocab) @ w + b
        with_parent = [i for i in apply if th.parent_docs[i] is not None]
        parents = [th.parent_docs[i] or set() for i in with_parent]
        par[with_parent] = ts.matrix(parents, vocab) @ w + b
    return found


def context(
    t: Train, th: Thread, parts: set[str], own: np.ndarray, par: np.ndarray, i: int
) -> set[str]:
    """The features the variant's `parts` give item i from the first stage's logits."""
    out: set[str] = set()
    if th.parent_docs[i] is not None:
        lab = STANCE_LABELS[int(par[i].argmax())]
        p = np.exp(par[i] - par[i].max())
        p /= p.sum()
        site = t.items[i].place.site
        out |= {f"[parent predicted {lab}]"} if "plabel" in parts else set()
        out |= {f"[parent predicted {lab} on {site}]"} if "psite" in parts else set()
        bins = [(STANCE_LABELS[x], c) for x in range(3) for c in (0.2, 0.35, 0.5) if p[x] >= c]
        out |= {f"[parent {x} p>={c}]" for x, c in bins} if "pbins" in parts else set()
        if "pcross" in parts:
            out |= {f"[parent predicted {lab}] & {cue}" for cue in CROSSED if cue in t.docs[i]}
        gold = th.parent_gold[i]
        out |= {f"[parent gold {gold}]"} if "pgold" in parts and gold is not None else set()
    labs = [int(own[j].argmax()) for j in th.siblings[i]]
    for x in range(3):
        n = labs.count(x)
        out |= {f"[a sibling predicted {STANCE_LABELS[x]}]"} if "sib" in parts and n else set()
        if "sibmost" in parts and len(labs) >= 2 and n * 2 >= len(labs):
            out.add(f"[siblings mostly {STANCE_LABELS[x]}]")
    return out


def run_stacking(t: Train, variants: Sequence[str]) -> None:
    th = thread_of(t)
    stages = first_stages(t, th)
    base = predict(t, stages[-1][0])  # the outer first stage is today's model, out of fold
    for name in variants:
        parts = set(VARIANTS.get(name, name).split("+"))
        raw = np.zeros((len(t.y), 4))
        for k in range(ts.FOLDS):
            train, test = np.where(t.fold != k)[0], np.where(t.fold == k)[0]
            own, par = stages[k]
            docs = [t.docs[i] | context(t, th, parts, own, par, i) for i in train]
            vocab, w, b = ts.fit(docs, [t.items[i] for i in train], t.y[train], t.setting)
            own, par = stages[-1]
            docs = [t.docs[i] | context(t, th, parts, own, par, i) for i in test]
            raw[test] = ts.matrix(docs, vocab) @ w + b
        report(t, f"{name}: {VARIANTS.get(name, name)}", predict(t, raw), base, site_by_site=False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trial", choices=("cues", "stacking"))
    parser.add_argument("--data", type=Path, default=ts.DEFAULT_DATA)
    parser.add_argument("--quick", action="store_true", help="a quarter of the threads")
    parser.add_argument("--each", action="store_true", help="cues: also each cue alone")
    parser.add_argument(
        "--variants", default="all,gold", help=f"stacking: names or '+'-joined parts, of {VARIANTS}"
    )
    args = parser.parse_args(argv)
    parts = {p for v in args.variants.split(",") for p in VARIANTS.get(v, v).split("+")}
    if parts - PARTS:
        parser.error(f"unknown stacking parts {sorted(parts - PARTS)}, not in {sorted(PARTS)}")
    started = time.perf_counter()
    try:
        t = load(args.data, args.quick)
    except (OSError, ValueError, KeyError) as error:
        print(f"trial_stance_context: cannot read the train data: {error}", file=sys.stderr)
        return 2
    print(f"{len(t.items)} train items, {t.setting}; base -> candidate, gain [95% interval]")
    if args.trial == "cues":
        run_cues(t, args.each)
    else:
        run_stacking(t, args.variants.split(","))
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
