"""Sentiment is VADER's own output, unchanged, with the label at +-0.05."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from reader.analysers.sentiment import score_sentiment, sentiment_label

TEXTS = [
    "This is brilliant news, well done to everyone involved!",
    "What a disgrace. Lies from start to finish.",
    "The meeting is on Tuesday.",
    "Not bad at all, but NOT great either :(",
    "😀😀😀",
    "😢",
    "",
    "kind of meh?",
]


@pytest.mark.parametrize("text", TEXTS)
def test_scores_are_vaders_raw_output(text: str) -> None:
    raw = SentimentIntensityAnalyzer().polarity_scores(text)
    sentiment = score_sentiment(text)
    assert (sentiment.compound, sentiment.pos, sentiment.neu, sentiment.neg) == (
        raw["compound"],
        raw["pos"],
        raw["neu"],
        raw["neg"],
    )
    assert sentiment.label == sentiment_label(raw["compound"])


def test_labels_at_the_conventional_thresholds() -> None:
    assert sentiment_label(0.05) == "positive"
    assert sentiment_label(0.0499) == "neutral"
    assert sentiment_label(0.0) == "neutral"
    assert sentiment_label(-0.0499) == "neutral"
    assert sentiment_label(-0.05) == "negative"
    assert score_sentiment(TEXTS[0]).label == "positive"
    assert score_sentiment(TEXTS[1]).label == "negative"
    assert score_sentiment(TEXTS[2]).label == "neutral"


def test_emoji_carry_sentiment() -> None:
    assert score_sentiment("😀😀😀").label == "positive"
    assert score_sentiment("😢").label == "negative"
