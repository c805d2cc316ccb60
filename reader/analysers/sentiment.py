"""Comment sentiment: VADER's polarity scores, exactly as VADER gives them.

VADER's lexicon is English, so the `SENTIMENT` analyser gives None for a comment known to be
in another language (from the `LANGUAGE` analyser's result); a comment whose language cannot
be told still gets VADER, which reads emoji. A comment with no text at all (a deleted or
removed one's placeholder) gets None too: "neutral" would be made up (SPEC 2). The analyser
loads two lexicon files, so it is created once, on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from msgspec import Struct, field

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
    bar,
    detail_label,
)
from reader.analysers.language import LANGUAGE
from reader.analysers.versions import installed_version

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

SentimentLabel = Literal["positive", "neutral", "negative"]
SENTIMENT_LABELS: tuple[SentimentLabel, ...] = ("positive", "neutral", "negative")

# The conventional VADER thresholds (Hutto & Gilbert 2014): |compound| < 0.05 is neutral.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05
# The summary's histogram: five bins over the compound score [-1, 1].
HISTOGRAM_BINS = 5
# In the version after VADER's own: bump when what this module gives for a text changes
# (2: no sentiment for a comment with no text).
_CODE_REVISION = "2"


class Sentiment(Struct, frozen=True, gc=False):
    """VADER's polarity scores, with the label at the conventional +-0.05 thresholds.

    A frozen Struct: see reader.analysers.language.Language.
    """

    compound: float
    pos: float
    neu: float
    neg: float
    label: SentimentLabel


@lru_cache(maxsize=1)
def _analyser() -> SentimentIntensityAnalyzer:
    """The one VADER analyser of this process (loading its lexicons takes ~0.1 s)."""
    from reader.analysers.vader_window import windowed_vader

    return windowed_vader()


def sentiment_label(compound: float) -> SentimentLabel:
    """positive at compound >= 0.05, negative at <= -0.05, neutral between."""
    if compound >= POSITIVE_THRESHOLD:
        return "positive"
    if compound <= NEGATIVE_THRESHOLD:
        return "negative"
    return "neutral"


def score_sentiment(text: str) -> Sentiment:
    """VADER's polarity scores of `text`, unrounded and unchanged, with the label."""
    scores = _analyser().polarity_scores(text)
    compound = float(scores["compound"])
    return Sentiment(
        compound,
        float(scores["pos"]),
        float(scores["neu"]),
        float(scores["neg"]),
        sentiment_label(compound),
    )


# -- facets ------------------------------------------------------------------------------------

_STYLES = {"positive": "$success", "negative": "$error", "neutral": "$text-muted"}


def _cell(result: Sentiment | None) -> Styled:
    if result is None:
        return ("–", "$text-muted")
    return (f"{result.compound:+.2f} {result.label[:3]}", _STYLES[result.label])


def _detail(result: Sentiment | None) -> list[Styled]:
    if result is None:
        return [detail_label("Sentiment"),
                ("none (no English text; VADER reads English only)\n", "$text-muted")]
    lines = [
        detail_label("Sentiment"),
        (f"{result.label} ", _STYLES[result.label]),
        (f"compound {result.compound:+.3f}\n", ""),
    ]
    for name, value, style in (
        ("neg", result.neg, "$error"),
        ("neu", result.neu, "$text-muted"),
        ("pos", result.pos, "$success"),
    ):
        lines += [(f"  {name}      ", ""), *bar(value, style), (f" {value:.3f}\n", "")]
    return lines


def _histogram_bin(compound: float) -> int:
    position = int((compound + 1.0) / 2.0 * HISTOGRAM_BINS)
    return min(max(position, 0), HISTOGRAM_BINS - 1)


class SentimentTally(Struct):
    """The mean compound score and its histogram, over the comments that have one."""

    histogram: list[int] = field(default_factory=lambda: [0] * HISTOGRAM_BINS)
    compound_sum: float = 0.0
    scored: int = 0

    @property
    def mean_compound(self) -> float | None:
        return self.compound_sum / self.scored if self.scored else None

    def add(self, result: Sentiment | None, sign: int) -> None:
        if result is not None:
            self.histogram[_histogram_bin(result.compound)] += sign
            self.compound_sum += sign * result.compound
            self.scored += sign

    def lines(self) -> list[Styled]:
        lines: list[Styled] = []
        mean = self.mean_compound
        if mean is not None:
            lines.append((f"  mean compound {mean:+.3f}\n", ""))
        edges = [-1 + 2 * i / HISTOGRAM_BINS for i in range(HISTOGRAM_BINS + 1)]
        scored = max(sum(self.histogram), 1)
        for i, count in enumerate(self.histogram):
            lines += [
                (f"  {edges[i]:+.1f}..{edges[i + 1]:+.1f} ", ""),
                *bar(count / scored, "$secondary"),
                (f" {count:>7,}\n", ""),
            ]
        lines.append(("\n", ""))
        return lines

    def copy(self) -> SentimentTally:
        return SentimentTally(list(self.histogram), self.compound_sum, self.scored)


def _json(result: Sentiment | None) -> tuple[dict[str, Any] | None]:
    if result is None:
        return (None,)
    return (
        {
            "compound": result.compound,
            "pos": result.pos,
            "neu": result.neu,
            "neg": result.neg,
            "label": result.label,
        },
    )


def _csv(result: Sentiment | None) -> tuple[str, str]:
    return ("", "") if result is None else (f"{result.compound:.4f}", result.label)


def _text_counts(results: Sequence[Sentiment | None]) -> str:
    counts = dict.fromkeys(SENTIMENT_LABELS, 0)
    for result in results:
        if result is not None:
            counts[result.label] += 1
    return "sentiment: " + ", ".join(f"{label} {n}" for label, n in counts.items())


# -- the analyser ------------------------------------------------------------------------------


class SentimentAnalyser(AnalyserBase[Sentiment | None]):
    """VADER sentiment, unless the comment is known not to be in English."""

    name = "sentiment"
    @property
    def version(self) -> str:
        """Read when a cache key is made, not at import (see LanguageAnalyser.version)."""
        installed = installed_version("vaderSentiment", "vaderSentiment") or "unknown"
        return f"vader{installed}-r{_CODE_REVISION}"
    needs: tuple[str, ...] = (LANGUAGE.name,)
    facets: Facets[Sentiment | None] = Facets(
        columns=(Column("Sentiment", 9, _cell),),
        filters=(
            FilterField(
                "sentiment", lambda r: NONE if r is None else r.label, (*SENTIMENT_LABELS, NONE)
            ),
        ),
        sorts=(
            SortOrder(
                "sentiment",
                "most negative first",
                lambda r: float("inf") if r is None else r.compound,
            ),
        ),
        detail=_detail,
        summary=(
            SummaryCounts("sentiment", "Sentiment", lambda v: _STYLES.get(v, "$text-disabled")),
        ),
        tally=SentimentTally,
        json=JsonFields(("sentiment",), _json),
        csv=CsvColumns(("compound", "sentiment"), _csv, own=True),
        text_label=lambda r: None if r is None else f"{r.label} {r.compound:+.2f}",
        text_counts=_text_counts,
        rank=2,
    )

    def sees(self, context: AnalysisContext | None) -> Seen:
        return ()

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[Sentiment | None]:
        languages = LANGUAGE.among(earlier)
        return [
            # no text, or only spaces: a deleted or removed comment's placeholder
            None if (language is not None and language.code != "en") or not text
            or text.isspace()
            else score_sentiment(text)
            for text, language in zip(texts, languages)
        ]

    def encode(self, result: Sentiment | None) -> Any:
        if result is None:
            return None
        return [result.compound, result.pos, result.neu, result.neg]

    def decode(self, value: Any) -> Sentiment | None:
        if value is None:
            return None
        if type(value) is not list or len(value) != 4:
            raise ValueError("bad sentiment")
        compound, pos, neu, neg = value
        if not (type(compound) is type(pos) is type(neu) is type(neg) is float):
            compound, pos, neu, neg = map(number, value)
        # sentiment_label, inline: reopening a long thread decodes one per comment
        label: SentimentLabel = (
            "positive" if compound >= POSITIVE_THRESHOLD
            else "negative" if compound <= NEGATIVE_THRESHOLD
            else "neutral"
        )
        return Sentiment(compound, pos, neu, neg, label)


SENTIMENT = SentimentAnalyser()
