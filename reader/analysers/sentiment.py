"""Comment sentiment: VADER's polarity scores, exactly as VADER gives them.

VADER's lexicon is English; the caller decides when a comment is not English (see
`reader.pipeline.run`). The analyser loads two lexicon files, so it is created once, on first use.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from reader.model import Sentiment, SentimentLabel

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# The conventional VADER thresholds (Hutto & Gilbert 2014): |compound| < 0.05 is neutral.
POSITIVE_THRESHOLD = 0.05
NEGATIVE_THRESHOLD = -0.05


@lru_cache(maxsize=1)
def _analyser() -> SentimentIntensityAnalyzer:
    """The one VADER analyser of this process (loading its lexicons takes ~0.1 s)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


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
        compound=compound,
        pos=float(scores["pos"]),
        neu=float(scores["neu"]),
        neg=float(scores["neg"]),
        label=sentiment_label(compound),
    )
