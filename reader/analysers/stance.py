"""Stance of a comment toward the article: support, deny, query or comment (SPEC section 3).

The analyser reads the comment, the comment it replies to (reader.analysers.base.CommentText)
and the article's claim (its headline and first paragraph), and asks the linear model of
reader.analysers.stance_model, whose features (reader.analysers.stance_features) include the
reply's place in the thread. Its score is a calibrated probability; a label less probable
than the model's `uncertain_below` (0.5: more likely wrong than right) is shown as uncertain
("comment?"). A comment in a language other than English is not assessed: the model reads
English words only, and a confident wrong "comment" is worse than saying nothing. Nor is a
comment with no words (a deleted or removed one's placeholder): a label would be made up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from msgspec import Struct

from reader.analysers.base import (
    AnalyserBase,
    AnalysisContext,
    Earlier,
    Seen,
    number,
    replies_of,
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
from reader.analysers.language import LANGUAGE
from reader.analysers.stance_features import SITES, Place, extract_features, normalize
from reader.analysers.stance_model import (
    STANCE_LABELS,
    StanceLabel,
    load_model,
    model_digest,
    stance_of,
)

__all__ = [
    "NOT_ASSESSED",
    "NO_TEXT_REASON",
    "STANCE",
    "STANCE_LABELS",
    "NotAssessed",
    "Stance",
    "StanceLabel",
    "classify_stance",
    "extract_features",
    "load_model",
    "normalize",
    "stance_model_version",
]

NOT_ASSESSED = "not assessed"  # the filter value and table word of a comment left unjudged
ASSESSED_LANGUAGES = frozenset({"en"})

# Bump when this module's or stance_features' feature extraction or evidence wording changes
# (4: a comment with no text is not assessed).
_CODE_REVISION = "4"
# Why a comment with no words gets no stance: a placeholder's text is empty (SPEC 1b).
NO_TEXT_REASON = "no text: the comment was deleted or removed, or is empty"


def stance_model_version() -> str:
    """The analyser's version: it carries the model file's digest, so it changes whenever
    the weights change (it is part of the analysis cache key). Worked out when a cache key
    is made, not at import: reading and hashing the model is not the first frame's work."""
    return f"stance-{_CODE_REVISION}-{model_digest()}"


class Stance(Struct, frozen=True, gc=False):
    """SDQC stance toward the article, with the evidence a person can check.

    A frozen Struct: see reader.analysers.language.Language.
    """

    label: StanceLabel
    score: float  # the calibrated probability of the label, in [0, 1]
    evidence: tuple[str, ...] = ()

    @property
    def uncertain(self) -> bool:
        """Less probable than the model's threshold: more likely wrong than right."""
        return self.score < load_model().uncertain_below


class NotAssessed(Struct, frozen=True, gc=False):
    """No stance given, and why (a language the model cannot read, or no text at all)."""

    reason: str


StanceResult = Stance | NotAssessed


def classify_stance(
    text: str,
    context: str | None = None,
    parent: str | None = None,
    depth: int = 0,
    *,
    site: str | None = None,
) -> Stance:
    """SDQC stance of an English comment, with its probability and what decided it.

    `context` is the article's claim (headline, first paragraph) when known; `parent` the text
    of the comment it replies to (None: it replies to the article), `depth` its depth, `site`
    "reddit" for a Reddit thread (see stance_features.Place).
    """
    label, score, evidence = stance_of(
        text, Place(claim=context, parent=parent, depth=depth, site=site)
    )
    return Stance(label, round(score, 4), evidence)


def not_assessed_reason(language: str) -> str:
    return f"written in '{language}'; the stance model reads English only"


# --- facets ------------------------------------------------------------------------------------

_STYLES = {"support": "$success", "deny": "$error", "query": "$accent", "comment": "$text-muted"}
_RANK = {"deny": 0, "query": 1, "support": 2, "comment": 3}  # the sort order's groups


def _cell(result: StanceResult) -> Styled:
    if isinstance(result, NotAssessed):
        return ("n/a", "$text-disabled")
    if result.uncertain:
        return (f"{result.label}?", "$text-muted")
    return (result.label, _STYLES[result.label])


def _value(result: StanceResult) -> str:
    return NOT_ASSESSED if isinstance(result, NotAssessed) else result.label


def _style(value: str) -> str:
    return _STYLES.get(value, "$text-disabled")


def _sort_key(result: StanceResult) -> float:
    """Deny first, then query, support, comment, then the unassessed; the surer first."""
    if isinstance(result, NotAssessed):
        return len(_RANK)
    return _RANK[result.label] + 0.5 * (1.0 - result.score)


def _detail(result: StanceResult) -> list[Styled]:
    if isinstance(result, NotAssessed):
        return [
            detail_label("Stance"),
            (NOT_ASSESSED, "bold $text-muted"),
            (f" ({result.reason})\n", "$text-muted"),
        ]
    sureness = (
        f" uncertain ({result.score:.2f})\n" if result.uncertain else f" {result.score:.2f}\n"
    )
    lines = [
        detail_label("Stance"),
        (result.label, f"bold {_STYLES[result.label]}"),
        (sureness, "$text-muted" if result.uncertain else ""),
    ]
    if result.evidence:
        lines += [detail_label("  evidence"), ("; ".join(result.evidence), ""), ("\n", "")]
    return lines


def _json(result: StanceResult) -> tuple[dict[str, Any] | None, str | None]:
    if isinstance(result, NotAssessed):
        return (None, result.reason)
    stance = {"label": result.label, "score": result.score, "evidence": list(result.evidence)}
    return (stance, None)


def _csv(result: StanceResult) -> tuple[str, str]:
    if isinstance(result, NotAssessed):
        return ("", "")
    return (result.label, f"{result.score:.3f}")


def _text_label(result: StanceResult) -> str:
    if isinstance(result, NotAssessed):
        return f"stance {NOT_ASSESSED}"
    return f"{result.label} {result.score:.2f}" + (" (uncertain)" if result.uncertain else "")


def _text_counts(results: Sequence[StanceResult]) -> str:
    counts = dict.fromkeys((*STANCE_LABELS, NOT_ASSESSED), 0)
    for result in results:
        counts[_value(result)] += 1
    if not counts[NOT_ASSESSED]:
        del counts[NOT_ASSESSED]
    return "stance: " + ", ".join(f"{label} {n}" for label, n in counts.items())


# --- the analyser ------------------------------------------------------------------------------


def claim_seen(context: AnalysisContext | None) -> Seen:
    """`sees`: the site the model knows apart ("reddit"; "" for any other), then the
    article's headline and first paragraph (its claim); nothing without a context."""
    if context is None:
        return ()
    article = context.article
    site = article.source if article.source in SITES else ""
    return (site, article.headline, *article.paragraphs[:1])


def _site_and_claim(seen: Seen) -> tuple[str | None, str | None]:
    if not seen:
        return None, None
    return seen[0] or None, "\n".join(seen[1:]) or None


class StanceAnalyser(AnalyserBase[StanceResult]):
    """SDQC stance toward the article's claim, in the light of the comment replied to."""

    name = "stance"

    @property
    def version(self) -> str:
        return stance_model_version()

    needs: tuple[str, ...] = (LANGUAGE.name,)
    reads_replies = True
    facets: Facets[StanceResult] = Facets(
        columns=(Column("Stance", 8, _cell),),
        filters=(FilterField("stance", _value, (*STANCE_LABELS, NOT_ASSESSED)),),
        sorts=(SortOrder("stance", "stance (deny, query, support, comment)", _sort_key),),
        detail=_detail,
        summary=(SummaryCounts("stance", "Stance", _style),),
        json=JsonFields(("stance", "stance_reason"), _json),
        csv=CsvColumns(("stance", "stance_score"), _csv, own=True),
        text_label=_text_label,
        text_counts=_text_counts,
        rank=1,
    )

    def sees(self, context: AnalysisContext | None) -> Seen:
        return claim_seen(context)

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[StanceResult]:
        site, claim = _site_and_claim(seen)
        languages = earlier.get(LANGUAGE.name) or [None] * len(texts)
        found: list[StanceResult] = []
        for text, language in zip(texts, languages):
            if not text or text.isspace():
                found.append(NotAssessed(NO_TEXT_REASON))
                continue
            code = getattr(language, "code", None)
            if code is not None and code not in ASSESSED_LANGUAGES:
                found.append(NotAssessed(not_assessed_reason(code)))
                continue
            parent, depth = replies_of(text)
            found.append(classify_stance(text, claim, parent, depth, site=site))
        return found

    def encode(self, result: StanceResult) -> Any:
        if isinstance(result, NotAssessed):
            return [None, result.reason]
        return [result.label, result.score, list(result.evidence)]

    def decode(self, value: Any) -> StanceResult:
        if type(value) is list and len(value) == 2 and value[0] is None:
            if type(value[1]) is not str:
                raise ValueError("bad stance reason")
            return NotAssessed(value[1])
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
