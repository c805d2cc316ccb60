"""Stance of a comment toward the article: support, deny, query or comment (SPEC section 3).

A small multinomial logistic regression over binary features (word uni-/bigrams plus a few
named cues such as "ends with '?'" or "calls it false"), trained by benchmarks/train_stance.py
and shipped as readable JSON in reader/data/stance_model.json. Inference is pure Python so
the model needs nothing beyond the standard library at run time, and every decision can be
explained by the features that pushed it.

The feature extractor lives here (not in the training script) so that training and
inference preprocess text in exactly the same way. The `STANCE` analyser (at the end) reads
the article's headline and nothing else of it.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from msgspec import Struct

from reader.analysers.base import (
    AnalyserBase,
    AnalysisContext,
    Earlier,
    Seen,
    headline_seen,
    number,
)
from reader.analysers.facets import (
    Column,
    CsvColumns,
    Facets,
    FilterField,
    JsonFields,
    SortOrder,
    Styled,
    SummaryCounts,
    detail_label,
)

StanceLabel = Literal["support", "deny", "query", "comment"]
STANCE_LABELS: tuple[StanceLabel, ...] = ("support", "deny", "query", "comment")

MODEL_RESOURCE = "stance_model.json"
EVIDENCE_SIZE = 3
MIN_EVIDENCE_WEIGHT = 0.05  # smaller pushes are noise, not evidence a person can check


class Stance(Struct, frozen=True, gc=False):
    """SDQC stance toward the article, with the evidence a person can check.

    A frozen Struct: see reader.analysers.language.Language.
    """

    label: StanceLabel
    score: float  # in [0, 1]
    evidence: tuple[str, ...] = ()


def _model_bytes() -> bytes:
    return resources.files("reader").joinpath("data").joinpath(MODEL_RESOURCE).read_bytes()


# Bump when this module's feature extraction or evidence wording changes.
_CODE_REVISION = "2"
# The version carries the model file's digest, so it changes whenever the weights change;
# it is part of the analysis cache key.
STANCE_MODEL_VERSION: str = (
    f"stance-{_CODE_REVISION}-" + hashlib.sha256(_model_bytes()).hexdigest()[:16]
)


# --- preprocessing -------------------------------------------------------------------------

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])[@＠]\w+")
_RETWEET = re.compile(r"(?<!\w)(?:RT|MT)(?!\w)\s*:?")  # Twitter's retweet markers, upper case
_HASH = re.compile(r"(?<![\w#])#(?=\w)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_NOT = re.compile(r"n't\b")
_CANT = re.compile(r"\b(can|won|ain|shan)'t\b")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_DIGITS = re.compile(r"[0-9]+")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
_CANT_STEMS = {"can": "can", "won": "will", "ain": "is", "shan": "shall"}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WH_WORDS = _words("who what when where why how which whose whom")
AUX_WORDS = _words(
    "is are was were am do does did can could will would should shall has have had may "
    "might must isnt arent wasnt didnt doesnt dont"
)
NEGATIONS = _words("not no never nobody nothing none neither nor nowhere")
# Lexicons from SPEC section 3's definitions. Each group is one cue feature; the training
# script adds a small hand-set prior to these three (see "prior" in the model file) because
# such plain words are rare in the tweets the model learns from but common in news comments.
CALLS_IT_FALSE = _words(
    "fake fakes faked hoax hoaxes lie lies lied lying liar liars false falsely untrue "
    "fabricated exaggerated exaggeration exaggerating overblown scam scams rubbish nonsense "
    "bs bullshit propaganda debunked misleading misinformation disinformation bogus "
    "coverup whitewash"
)
CALLS_IT_FALSE_PHRASES = (
    "not true",
    "pull the other one",
    "cover up",
    "don't believe",
    "do not believe",
    "never happened",
    "did not happen",
    "yeah right",
    "made up",
    "not real",
    "fake news",
    "no evidence",
    "not the case",
    "load of",
)
DOUBTS_IT = _words("doubt doubtful doubts unlikely dubious questionable skeptical sceptical")
DOUBTS_IT_PHRASES = ("not convinced", "hard to believe", "i doubt", "not confirmed", "no way")
CORROBORATES = _words("confirmed confirms confirm exactly saw witnessed indeed correct")
CORROBORATES_PHRASES = (
    "i saw",
    "can confirm",
    "it's true",
    "it is true",
    "so true",
    "i was there",
    "well said",
    "spot on",
    "according to",
    "same here",
    "heard it",
)
LEXICON_CUES: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = (
    ("[calls it false]", CALLS_IT_FALSE, CALLS_IT_FALSE_PHRASES),
    ("[doubts it]", DOUBTS_IT, DOUBTS_IT_PHRASES),
    ("[corroborates]", CORROBORATES, CORROBORATES_PHRASES),
)
# Words too common to say whether a comment repeats the headline.
_STOPWORDS = _words(
    "the a an and or but of to in on at for with by from as is are was were be been it "
    "its this that these those he she they we you i his her their our your my me him "
    "them us not no so if then than there here has have had do does did will would can "
    "could just about after before over into out up down more most very also what who "
    "which when where why how all any some"
)
# Stopwords say little alone (they stay inside bigrams); negations and wh-words say a lot.
_UNIGRAM_STOPWORDS = _STOPWORDS - NEGATIONS - WH_WORDS


def normalize(text: str) -> str:
    """Text as the model sees it: Twitter specifics gone, lower case, "n't" spelled "not".

    Removes URLs, @mentions, RT/MT markers and the '#' of hashtags (keeping the word), so a
    model trained on tweets carries over to news comments.
    """
    text = html.unescape(text)
    text = _URL.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _RETWEET.sub(" ", text)
    text = _HASH.sub("", text)
    text = text.translate(_APOSTROPHES).lower()
    text = _CANT.sub(lambda m: _CANT_STEMS[m.group(1)] + " not", text)
    text = _NOT.sub(" not", text)
    return text


def tokenize(normalized: str) -> list[str]:
    """Word tokens of normalised text; digit runs become '0'."""
    return _TOKEN.findall(_DIGITS.sub("0", normalized))


def _content_words(tokens: list[str]) -> set[str]:
    return {t for t in tokens if len(t) > 2 and t not in _STOPWORDS}


def lexicon_hits(tokens: list[str]) -> dict[str, tuple[str, ...]]:
    """For each lexicon cue, the words or phrases of it found in the tokens, in order."""
    padded = " " + " ".join(tokens) + " "
    token_set = set(tokens)
    return {
        cue: tuple(sorted(token_set & words)) + tuple(p for p in phrases if f" {p} " in padded)
        for cue, words, phrases in LEXICON_CUES
    }


@lru_cache(maxsize=64)
def _headline_words(context: str) -> frozenset[str]:
    # Every comment on a page shares one headline: work its words out once.
    return frozenset(_content_words(tokenize(normalize(context))))


# Shape: one pass over the tokens adds every kind of feature; split, each kind would walk them
# again, and this runs once per comment.
def extract_features(text: str, context: str | None = None) -> set[str]:
    """The binary features present in a comment.

    Word n-grams are named by their words ("not true"; stopwords only inside bigrams); cues
    by a bracketed description ("[ends with ?]") so the two can never collide (tokens hold
    no brackets).
    """
    normalized = normalize(text)
    tokens = tokenize(normalized)
    features: set[str] = {t for t in tokens if t not in _UNIGRAM_STOPWORDS}
    features.update(f"{a} {b}" for a, b in itertools.pairwise(tokens))
    if not tokens:
        features.add("[no words]")
    stripped = normalized.strip()
    if "?" in stripped:
        features.add("[has ?]")
        if stripped.rstrip("!.\"')\u201d ").endswith("?"):
            features.add("[ends with ?]")
    if "!" in stripped:
        features.add("[has !]")
    for sentence in _SENTENCE_SPLIT.split(stripped):
        words = tokenize(sentence)
        if not words:
            continue
        if words[0] in WH_WORDS:
            features.add("[wh-word starts a sentence]")
            if sentence.rstrip().endswith("?"):
                features.add("[wh-question]")
        elif words[0] in AUX_WORDS and sentence.rstrip().endswith("?"):
            features.add("[yes/no question]")
    if tokens and tokens[0] == "no":
        features.add("[starts with 'no']")
    token_set = set(tokens)
    if token_set & NEGATIONS:
        features.add("[negation]")
    for cue, hits in lexicon_hits(tokens).items():
        if hits:
            features.add(cue)
    if len(tokens) <= 3:
        features.add("[at most 3 words]")
    if context:
        mine = _content_words(tokens)
        theirs = _headline_words(context)
        if mine and theirs:
            overlap = len(mine & theirs) / len(mine)
            if overlap >= 0.5:
                features.add("[repeats the headline]")
            elif overlap > 0:
                features.add("[shares words with the headline]")
    return features


_LEXICON_NAMES = frozenset(cue for cue, _, _ in LEXICON_CUES)


# --- the model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class StanceModel:
    """Weights as loaded from the JSON: per feature, one weight per label in `labels` order."""

    labels: tuple[StanceLabel, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    uses_context: bool


@lru_cache(maxsize=1)
def load_model() -> StanceModel:
    """Read the shipped weights once (lazily, on first use)."""
    raw = json.loads(_model_bytes().decode("utf-8"))
    by_name: dict[str, StanceLabel] = {label: label for label in STANCE_LABELS}
    labels = tuple(by_name[str(name)] for name in raw["labels"])
    if sorted(labels) != sorted(STANCE_LABELS):
        raise ValueError(f"stance model labels {labels!r} are not {STANCE_LABELS!r}")
    intercepts = tuple(float(raw["intercepts"][label]) for label in labels)
    weights = {str(name): tuple(float(w) for w in row) for name, row in raw["weights"].items()}
    if any(len(row) != len(labels) for row in weights.values()):
        raise ValueError("stance model has a weight row of the wrong length")
    return StanceModel(
        labels=labels,
        intercepts=intercepts,
        weights=weights,
        uses_context=bool(raw.get("uses_context", False)),
    )


def _describe(feature: str, hits: dict[str, tuple[str, ...]]) -> str:
    if feature in hits:
        words = ", ".join(f"'{w}'" for w in hits[feature][:3])
        return f"{feature[1:-1]}: {words}"
    return feature[1:-1] if feature.startswith("[") else f"'{feature}'"


def classify_stance(text: str, context: str | None = None) -> Stance:
    """SDQC stance of a comment, with its probability and the features that decided it.

    `context` is the article headline when known; the model uses only whether the comment
    repeats its words.
    """
    model = load_model()
    features = extract_features(text, context if model.uses_context else None)
    logits = list(model.intercepts)
    present: list[tuple[str, tuple[float, ...]]] = []
    for feature in features:
        row = model.weights.get(feature)
        if row is None:
            continue
        present.append((feature, row))
        for k, w in enumerate(row):
            logits[k] += w
    top = max(logits)
    exps = [math.exp(v - top) for v in logits]
    total = sum(exps)
    best = max(range(len(logits)), key=lambda k: (logits[k], -k))
    label = model.labels[best]
    score = min(1.0, max(0.0, exps[best] / total))
    # Evidence: the features that pushed most toward the chosen label, strongest first.
    pushes = sorted(
        ((row[best], feature) for feature, row in present if row[best] >= MIN_EVIDENCE_WEIGHT),
        key=lambda item: (-item[0], item[1]),
    )[:EVIDENCE_SIZE]
    hits = (
        lexicon_hits(tokenize(normalize(text)))
        if any(f in _LEXICON_NAMES for _, f in pushes)
        else {}
    )
    evidence = tuple(f"{_describe(f, hits)} ({label} {w:+.1f})" for w, f in pushes)
    if not evidence:
        evidence = (f"no strong cue; the model's prior favours {label}",)
    return Stance(label=label, score=round(score, 4), evidence=evidence)


# --- the analyser ----------------------------------------------------------------------------

_STYLES = {"support": "$success", "deny": "$error", "query": "$accent", "comment": "$text-muted"}
_RANK = {"deny": 0, "query": 1, "support": 2, "comment": 3}  # the sort order's groups


def _sort_key(result: Stance) -> float:
    """Deny first, then query, support, comment; within a label, the surer first."""
    return _RANK[result.label] + 0.5 * (1.0 - result.score)


def _detail(result: Stance) -> list[Styled]:
    lines = [
        detail_label("Stance"),
        (result.label, f"bold {_STYLES[result.label]}"),
        (f" {result.score:.2f}\n", ""),
    ]
    if result.evidence:
        lines += [detail_label("  evidence"), (", ".join(result.evidence), ""), ("\n", "")]
    return lines


def _json(result: Stance) -> tuple[dict[str, Any]]:
    return ({"label": result.label, "score": result.score, "evidence": list(result.evidence)},)


def _text_counts(results: Sequence[Stance]) -> str:
    counts = dict.fromkeys(STANCE_LABELS, 0)
    for result in results:
        counts[result.label] += 1
    return "stance: " + ", ".join(f"{label} {n}" for label, n in counts.items())


class StanceAnalyser(AnalyserBase[Stance]):
    """SDQC stance toward the article's headline."""

    name = "stance"
    version = STANCE_MODEL_VERSION
    needs: tuple[str, ...] = ()
    facets: Facets[Stance] = Facets(
        columns=(Column("Stance", 7, lambda r: (r.label, _STYLES[r.label])),),
        filters=(FilterField("stance", lambda r: r.label, STANCE_LABELS),),
        sorts=(SortOrder("stance", "stance (deny, query, support, comment)", _sort_key),),
        detail=_detail,
        summary=(SummaryCounts("stance", "Stance", _STYLES.__getitem__),),
        json=JsonFields(("stance",), _json),
        csv=CsvColumns(("stance", "stance_score"), lambda r: (r.label, f"{r.score:.3f}"), own=True),
        text_label=lambda r: f"{r.label} {r.score:.2f}",
        text_counts=_text_counts,
        rank=1,
    )

    def sees(self, context: AnalysisContext | None) -> Seen:
        return headline_seen(context)

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[Stance]:
        headline = seen[0] if seen else None
        return [classify_stance(text, headline) for text in texts]

    def encode(self, result: Stance) -> Any:
        return [result.label, result.score, list(result.evidence)]

    def decode(self, value: Any) -> Stance:
        try:
            label, score, evidence = value
        except (ValueError, TypeError) as exc:
            raise ValueError("bad stance") from exc
        if label not in STANCE_LABELS or type(evidence) is not list:
            raise ValueError("bad stance")
        try:
            "".join(evidence)  # the quick test that every item is a string: TypeError if not
        except TypeError:
            raise ValueError("bad stance evidence") from None
        if type(score) is not float:
            score = number(score)
        return Stance(label, score, tuple(evidence))


STANCE = StanceAnalyser()
