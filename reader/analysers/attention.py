"""How much a person should look at a comment first, and why (SPEC section 5 `attention`).

The `ATTENTION` analyser reads what the others found (language, sentiment, stance, about,
quoted) and the thread's facts (reader.analysers.thread_signals), and gives every reason
that holds, in words, with a score in [0, 1]: the reasons' weights (the one table below)
combined as independent chances, 1 - (1 - w1)(1 - w2)..., so one strong reason counts
much and more reasons count more, never past 1. Sorted by it, highest first, the comments
make the "needs a look" queue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from msgspec import Struct

from reader.analysers.about import ABOUT, About
from reader.analysers.article_claims import short_name
from reader.analysers.base import AnalyserBase, AnalysisContext, Earlier, Seen, number
from reader.analysers.facets import (
    NONE,
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
from reader.analysers.language import LANGUAGE
from reader.analysers.quoted import QUOTED, Quoted
from reader.analysers.sentiment import SENTIMENT
from reader.analysers.stance import STANCE
from reader.analysers.thread_signals import (
    CHAIN,
    LIKED,
    REPLIED,
    ThreadSignals,
    signals_of,
    thread_seen,
)

_CODE_REVISION = "1"

# The one table of reasons and their weights (a weight is the reason's share of the score
# when it is the only reason). "{speaker}" is filled in: "disputes Kirby's claim".
WEIGHTS: tuple[tuple[str, float], ...] = (
    ("misquotes the article", 0.6),  # altered words, or absent words credited to a speaker
    ("disputes {speaker} claim", 0.5),  # denies, or negates, a claim it is about
    ("question nobody answered", 0.45),  # a reply tree in which no one answers it
    ("many likes and a denial", 0.4),
    ("quotes words the article does not have", 0.35),
    ("denies the article", 0.3),  # a denial about no claim in particular
    ("a language the rest of the thread does not use", 0.3),
    ("long back-and-forth between two people", 0.3),
    ("many likes and a negative tone", 0.25),
    ("asks a question", 0.2),  # a flat thread: whether it was answered cannot be told
    ("sentiment and stance disagree", 0.2),
)
WEIGHT = dict(WEIGHTS)
NEEDS_A_LOOK = 0.5  # from this score a comment "needs a look"; above 0, "worth a look"
STRONG_TONE = 0.5  # |VADER compound| at which a tone counts
RARE_LANGUAGE_SHARE = 0.05  # a language at most this share of the thread's sample is rare
MIN_LANGUAGE_SAMPLE = 5
_QUESTION = re.compile(r"\?(?:\s|$)")


class Attention(Struct, frozen=True, gc=False):
    """The score in [0, 1] and every reason, heaviest first."""

    score: float
    reasons: tuple[str, ...]


NO_ATTENTION = Attention(0.0, ())


def combined(weights: Sequence[float]) -> float:
    """1 - the product of (1 - w): independent reasons, never past 1."""
    left = 1.0
    for weight in weights:
        left *= 1.0 - weight
    return round(1.0 - left, 4)


def _stance_of(stance: object) -> str | None:
    """The stance label when given and not uncertain."""
    label = getattr(stance, "label", None)
    if label is None or getattr(stance, "uncertain", False):
        return None
    return str(label)


def _claim_reasons(label: str | None, about: About, quoted: Quoted) -> list[str]:
    reasons: list[str] = []
    if any(s.found == "altered" or (s.found == "absent" and s.speaker) for s in quoted):
        reasons.append("misquotes the article")
    elif any(s.found == "absent" for s in quoted):
        reasons.append("quotes words the article does not have")
    if about and (label == "deny" or (about[0].negated and label != "support")):
        name = short_name(about[0].speaker)
        reasons.append(f"disputes {name}'s claim" if name else "disputes a claim")
    elif label == "deny":
        reasons.append("denies the article")
    return reasons


def _thread_reasons(text: str, label: str | None, compound: float | None,
                    language: str | None, thread: ThreadSignals | None) -> list[str]:
    reasons: list[str] = []
    flags = thread.flags_of(text) if thread is not None else frozenset()  # one hash a text
    # "?" tested first: a comment without one is not scanned by the regex
    question = label == "query" or ("?" in text and _QUESTION.search(text) is not None)
    if question:
        answered = None if thread is None or not thread.tree else REPLIED in flags
        if answered is None:
            reasons.append("asks a question")
        elif not answered:
            reasons.append("question nobody answered")
    if LIKED in flags:
        if label == "deny":
            reasons.append("many likes and a denial")
        elif compound is not None and compound <= -STRONG_TONE:
            reasons.append("many likes and a negative tone")
    if thread is not None and language is not None and _rare(language, thread):
        reasons.append("a language the rest of the thread does not use")
    if CHAIN in flags:
        reasons.append("long back-and-forth between two people")
    return reasons


def _rare(language: str, thread: ThreadSignals) -> bool:
    sample = sum(thread.languages.values())
    if sample < MIN_LANGUAGE_SAMPLE:
        return False
    count = thread.languages.get(language, 0)
    return count <= 1 or count <= RARE_LANGUAGE_SHARE * sample


def weigh(reasons: Sequence[str]) -> Attention:
    """The score of these reasons, and the reasons heaviest first."""
    def weight(reason: str) -> float:
        return WEIGHT["disputes {speaker} claim"] if reason.startswith("disputes ") \
            else WEIGHT[reason]

    if not reasons:  # most comments
        return NO_ATTENTION
    ordered = tuple(sorted(reasons, key=lambda r: -weight(r)))
    return Attention(combined([weight(r) for r in ordered]), ordered)


def assess(text: str, results: dict[str, Any], thread: ThreadSignals | None) -> Attention:
    """A comment's attention from the other analysers' results and the thread's facts."""
    label = _stance_of(results.get(STANCE.name))
    sentiment = results.get(SENTIMENT.name)
    compound = getattr(sentiment, "compound", None)
    language = getattr(results.get(LANGUAGE.name), "code", None)
    reasons = _claim_reasons(label, results.get(ABOUT.name, ()), results.get(QUOTED.name, ()))
    reasons += _thread_reasons(text, label, compound, language, thread)
    if compound is not None and (
        (label == "support" and compound <= -STRONG_TONE)
        or (label == "deny" and compound >= STRONG_TONE)
    ):
        reasons.append("sentiment and stance disagree")
    return weigh(reasons)


# -- facets ------------------------------------------------------------------------------------

NEEDS_LOOK, WORTH_LOOK = "needs a look", "worth a look"


def _value(result: Attention) -> str:
    if result.score >= NEEDS_A_LOOK:
        return NEEDS_LOOK
    return WORTH_LOOK if result.score > 0 else NONE


_STYLES = {NEEDS_LOOK: "bold $error", WORTH_LOOK: "$warning", NONE: "$text-muted"}


def _cell(result: Attention) -> Styled:
    if not result.reasons:
        return ("–", "$text-muted")
    return (f"{result.score:.2f}", _STYLES[_value(result)])


def _detail(result: Attention) -> list[Styled]:
    if not result.reasons:
        return [detail_label("Attention"), ("nothing in particular\n", "$text-muted")]
    return [
        detail_label("Attention"),
        (f"{result.score:.2f} ", _STYLES[_value(result)]),
        ("; ".join(result.reasons) + "\n", ""),
    ]


def _json(result: Attention) -> tuple[dict[str, Any]]:
    return ({"score": result.score, "reasons": list(result.reasons)},)


def _csv(result: Attention) -> tuple[str, str]:
    return (f"{result.score:.3f}", "; ".join(result.reasons))


def _text_label(result: Attention) -> str | None:
    if not result.reasons:
        return None
    return f"attention {result.score:.2f} ({'; '.join(result.reasons)})"


def _text_counts(results: Sequence[Attention]) -> str:
    counts = dict.fromkeys((NEEDS_LOOK, WORTH_LOOK, NONE), 0)
    for result in results:
        counts[_value(result)] += 1
    return "attention: " + ", ".join(f"{label} {n}" for label, n in counts.items())


# -- the analyser ------------------------------------------------------------------------------


class AttentionAnalyser(AnalyserBase[Attention]):
    """A score and reasons in words, from the other analyses and the thread."""

    name = "attention"
    version = f"attention-{_CODE_REVISION}-" + ",".join(f"{w:g}" for _, w in WEIGHTS)
    needs: tuple[str, ...] = (LANGUAGE.name, SENTIMENT.name, STANCE.name, ABOUT.name,
                              QUOTED.name)
    facets: Facets[Attention] = Facets(
        columns=(Column("Look", 4, _cell, right=True),),
        filters=(FilterField("attention", _value, (NEEDS_LOOK, WORTH_LOOK, NONE)),),
        sorts=(SortOrder("attention", "needs a look first", lambda r: -r.score),),
        detail=_detail,
        summary=(SummaryCounts("attention", "Attention", lambda v: _STYLES.get(v, "")),),
        json=JsonFields(("attention",), _json),
        csv=CsvColumns(("attention", "attention_reasons"), _csv),
        text_label=_text_label,
        text_counts=_text_counts,
        rank=6,
    )

    def sees(self, context: AnalysisContext | None) -> Seen:
        return thread_seen(context)

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[Attention]:
        thread = signals_of(seen)
        names = list(self.needs)
        columns = [earlier[name] for name in names]
        return [
            assess(text, dict(zip(names, row)), thread)
            for text, *row in zip(texts, *columns)
        ]

    def encode(self, result: Attention) -> Any:
        return [result.score, list(result.reasons)] if result.reasons else 0

    def decode(self, value: Any) -> Attention:
        if value == 0 and type(value) is int:
            return NO_ATTENTION
        if type(value) is not list or len(value) != 2 or type(value[1]) is not list:
            raise ValueError("bad attention")
        reasons = value[1]
        if not all(type(reason) is str for reason in reasons):
            raise ValueError("bad attention reason")
        return Attention(number(value[0]), tuple(reasons))


ATTENTION = AttentionAnalyser()
