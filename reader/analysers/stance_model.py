"""The stance model: shipped weights, calibrated probabilities, and the evidence behind a label.

A multinomial logistic regression over the binary features of reader.analysers.stance_features,
trained by benchmarks/train_stance.py and shipped as readable JSON (reader/data/
stance_model.json). Inference is pure Python: a label's logit is its intercept plus the
weights of the features present, adjusted for the comment's site (`SiteAdjustment`: Reddit's
threads are labelled "comment" far more often than tweets, and the cue pushes of a news page
are set from SPEC's definitions); dividing the logits by the fitted `temperature` before the
softmax makes the probability calibrated (fitted on cross-validated predictions on the
training data), so a score of 0.7 is right about 7 times in 10.
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from typing import Any, Literal

from msgspec import Struct, field

from reader.analysers.stance_features import Features, Place, Vocabulary, extract_features

StanceLabel = Literal["support", "deny", "query", "comment"]
STANCE_LABELS: tuple[StanceLabel, ...] = ("support", "deny", "query", "comment")

MODEL_RESOURCE = "stance_model.json"
MODEL_FORMAT = "reader stance model 3"
EVIDENCE_SIZE = 3
OTHER_SITE = "other"  # the sites key of any page not from a site the model knows apart
MIN_EVIDENCE_WEIGHT = 0.1  # smaller pushes are noise, not evidence a person can check


def model_bytes() -> bytes:
    from importlib import resources  # only the analysis reads the model: not the first frame

    return resources.files("reader").joinpath("data").joinpath(MODEL_RESOURCE).read_bytes()


@lru_cache(maxsize=1)
def model_digest() -> str:
    """The first 16 hex digits of the model file's sha256 (in the analyser's version)."""
    return hashlib.sha256(model_bytes()).hexdigest()[:16]


class StanceModel(Struct, frozen=True):
    """Weights as loaded from the JSON: per feature, one weight per label in `labels` order."""

    labels: tuple[StanceLabel, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    sites: dict[str, SiteAdjustment]  # by Place.site; OTHER_SITE for any other page
    temperature: float  # logits are divided by it before the softmax (calibration)
    uncertain_below: float  # a label less probable than this is shown as uncertain
    vocabulary: Vocabulary  # the words and bigrams of `weights` (no cue: every site's are)


class SiteAdjustment(Struct, frozen=True):
    """What one site adds to the shared model: a bias per label, and a push of each lexicon
    cue toward its label (chosen by cross-validation on Reddit and the tweets; set by hand
    from SPEC's definitions for any other site). `weights` are the shared weights with the
    pushes added, and `start` each label's intercept plus its bias (a logit's start), worked
    out once so that judging a comment costs one look-up per feature. `lines` holds, by
    best label and runner-up, evidence lines as comments need them (see `_lines`)."""

    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    start: tuple[float, ...]
    lines: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)


def _by_label(raw: dict[str, float], labels: tuple[StanceLabel, ...]) -> tuple[float, ...]:
    if not set(raw) <= set(labels):
        raise ValueError(f"stance model names an unknown label in {sorted(raw)!r}")
    return tuple(float(raw.get(label, 0.0)) for label in labels)


def _site_adjustment(
    raw: dict[str, Any],
    labels: tuple[StanceLabel, ...],
    weights: dict[str, tuple[float, ...]],
    intercepts: tuple[float, ...],
) -> SiteAdjustment:
    pushed = dict(weights)
    for cue, push in raw["cue_push"].items():
        base = weights.get(cue, (0.0,) * len(labels))
        pushed[str(cue)] = tuple(w + p for w, p in zip(base, _by_label(push, labels)))
    bias = _by_label(raw["bias"], labels)
    start = tuple(a + b for a, b in zip(intercepts, bias))
    return SiteAdjustment(bias=bias, weights=pushed, start=start)


@lru_cache(maxsize=1)
def load_model() -> StanceModel:
    """Read the shipped weights once (lazily, on first use)."""
    raw = json.loads(model_bytes().decode("utf-8"))
    if raw.get("format") != MODEL_FORMAT:
        raise ValueError(f"stance model format {raw.get('format')!r} is not {MODEL_FORMAT!r}")
    by_name: dict[str, StanceLabel] = {label: label for label in STANCE_LABELS}
    labels = tuple(by_name[str(name)] for name in raw["labels"])
    if sorted(labels) != sorted(STANCE_LABELS):
        raise ValueError(f"stance model labels {labels!r} are not {STANCE_LABELS!r}")
    weights = {str(name): tuple(float(w) for w in row) for name, row in raw["weights"].items()}
    if any(len(row) != len(labels) for row in weights.values()):
        raise ValueError("stance model has a weight row of the wrong length")
    intercepts = tuple(float(raw["intercepts"][label]) for label in labels)
    sites = {
        str(site): _site_adjustment(adjust, labels, weights, intercepts)
        for site, adjust in raw["sites"].items()
    }
    if OTHER_SITE not in sites:
        raise ValueError(f"stance model has no adjustment for site {OTHER_SITE!r}")
    temperature = float(raw["calibration"]["temperature"])
    if not temperature > 0:
        raise ValueError("stance model temperature must be positive")
    return StanceModel(
        labels=labels,
        intercepts=intercepts,
        weights=weights,
        sites=sites,
        temperature=temperature,
        uncertain_below=float(raw["calibration"]["uncertain_below"]),
        vocabulary=Vocabulary.of(weights),
    )


class Prediction(Struct, frozen=True):
    """The model's answer for one comment: every label's probability, and why."""

    label: StanceLabel
    probabilities: dict[StanceLabel, float]
    evidence: tuple[str, ...]

    @property
    def score(self) -> float:
        return self.probabilities[self.label]


def probabilities(logits: list[float], temperature: float) -> list[float]:
    scaled = [v / temperature for v in logits]
    top = max(scaled)
    exps = [math.exp(v - top) for v in scaled]
    total = sum(exps)
    return [e / total for e in exps]


def _describe(feature: str, detail: str | None) -> str:
    """A feature as a person reads it: "replies to a question: 'Is it true?'", "'hoax'"."""
    if not feature.startswith("["):
        return f"'{feature}'"
    return f"{feature[1:-1]}: {detail}" if detail else feature[1:-1]


def adjustment_for(model: StanceModel, place: Place | None) -> SiteAdjustment:
    """The site's adjustment; a page from a site the model does not know gets OTHER_SITE's."""
    key = place.site if place is not None and place.site else OTHER_SITE
    return model.sites.get(key, model.sites[OTHER_SITE])


def _logits(start: tuple[float, ...], rows: list[tuple[float, ...]]) -> list[float]:
    """Each label's logit: its start plus its weight in each row, added in the rows' order
    (the model's floats must come out bit for bit as they always have: not sum(), whose
    float sum compensates from Python 3.12). A model has one weight per label, four."""
    first, second, third, fourth = start
    for a, b, c, d in rows:
        first += a
        second += b
        third += c
        fourth += d
    return [first, second, third, fourth]


def _lines(
    found: Features,
    site: SiteAdjustment,
    names: list[str],
    rows: list[tuple[float, ...]],
    best: int,
    runner_up: int,
    label: str,
) -> tuple[str, ...]:
    """The evidence: the EVIDENCE_SIZE features that pushed `best` furthest ahead of
    `runner_up` (by MIN_EVIDENCE_WEIGHT or more), strongest first, a tie in the features'
    order (by name), each with its push. `rows` are the weights of those of `names` that
    have one.

    A feature without a detail reads the same in every comment at this site with this
    best label and runner-up (its push is the same), so its line is made once and kept in
    `site.lines` (for the few hundred features strong enough to be shown)."""
    if len(rows) != len(names):  # now and then, a cue the model has no weight for
        names = [name for name in names if name in site.weights]
    pushes = [row[best] - row[runner_up] for row in rows]
    made = site.lines.get((best, runner_up))
    if made is None:
        made = site.lines[best, runner_up] = {}
    evidence: list[str] = []
    index = -1
    previous = None
    # The largest pushes: sorting the floats costs less than sorting the features by push.
    for push in sorted(pushes, reverse=True)[:EVIDENCE_SIZE]:
        if push < MIN_EVIDENCE_WEIGHT:
            break
        # Equal pushes are next to each other in the sorted ones: index() finds them in turn.
        index = pushes.index(push, index + 1 if push == previous else 0)
        previous = push
        feature = names[index]
        if feature.startswith("[") and (detail := found.detail(feature)):
            evidence.append(f"{_describe(feature, detail)} ({label} +{push:.1f})")
            continue
        line = made.get(feature)
        if line is None:
            line = made[feature] = f"{_describe(feature, None)} ({label} +{push:.1f})"
        evidence.append(line)
    if evidence:
        return tuple(evidence)
    if label == "comment":
        return ("no cue of support, denial or a question",)
    return (f"no single strong cue; many small ones favour {label}",)


def _judge(
    model: StanceModel, text: str, place: Place | None
) -> tuple[int, list[float], tuple[str, ...]]:
    """The chosen label's index in the model's labels, every label's logit, and the evidence
    (see `predict`)."""
    found = extract_features(text, place, vocabulary=model.vocabulary)  # the rest add nothing
    site = adjustment_for(model, place)
    names = sorted(found.names)  # the sums' order: by name
    # A row (a weight per label) is true; given a vocabulary, every feature has one but, now
    # and then, a cue.
    rows = list(filter(None, map(site.weights.get, names)))
    logits = _logits(site.start, rows)
    # The best label and the runner-up: the largest logits, on a tie the earlier label (as a
    # stable sort would give them, which keeps the tied labels' order even reversed).
    best = logits.index(max(logits))
    others = logits.copy()
    others[best] = -math.inf
    runner_up = others.index(max(others))
    evidence = _lines(found, site, names, rows, best, runner_up, model.labels[best])
    return best, logits, evidence


def predict(text: str, place: Place | None = None) -> Prediction:
    """The stance of a comment standing at `place`, with what decided it.

    Evidence: the features that pushed the chosen label furthest ahead of the runner-up
    label, strongest first, each with the push toward the chosen label.
    """
    model = load_model()
    best, logits, evidence = _judge(model, text, place)
    probs = probabilities(logits, model.temperature)
    label = model.labels[best]
    return Prediction(label=label, probabilities=dict(zip(model.labels, probs)), evidence=evidence)


def stance_of(text: str, place: Place | None = None) -> tuple[StanceLabel, float, tuple[str, ...]]:
    """`predict`'s label, its probability and evidence: all the analyser keeps, without
    a Prediction's dict of every label's probability."""
    model = load_model()
    best, logits, evidence = _judge(model, text, place)
    return model.labels[best], probabilities(logits, model.temperature)[best], evidence
