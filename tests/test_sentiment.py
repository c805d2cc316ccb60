"""Sentiment is VADER's own output, unchanged, with the label at +-0.05."""

from __future__ import annotations

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from reader.analysers.language import Language
from reader.analysers.sentiment import SENTIMENT, Sentiment, score_sentiment, sentiment_label

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


def test_the_analyser_skips_comments_known_not_to_be_english() -> None:
    texts = [TEXTS[0], TEXTS[1], TEXTS[4]]
    languages = [Language("en", 0.99), Language("es", 0.9), None]  # None: not told
    found = SENTIMENT.analyse(texts, (), {"language": languages}, parallel=True)
    assert found == [score_sentiment(TEXTS[0]), None, score_sentiment(TEXTS[4])]
    assert SENTIMENT.needs == ("language",)


def test_a_comment_with_no_text_gets_no_sentiment() -> None:
    """A deleted or removed comment's placeholder: "neutral" would be made up (SPEC 2)."""
    texts = ["", " \n\t", TEXTS[2]]
    found = SENTIMENT.analyse(texts, (), {"language": [None, None, None]}, parallel=False)
    assert found == [None, None, score_sentiment(TEXTS[2])]
    assert SENTIMENT.version.startswith("vader") and SENTIMENT.version.endswith("-r2")


def test_the_analyser_codec_round_trips_and_refuses_bad_values() -> None:
    for result in (None, score_sentiment(TEXTS[0]), Sentiment(-1.0, 0.0, 0.0, 1.0, "negative")):
        assert SENTIMENT.decode(SENTIMENT.encode(result)) == result
    assert SENTIMENT.decode([1, 0, 1, 0]) == Sentiment(1.0, 0.0, 1.0, 0.0, "positive")
    for bad in ([], [0.1, 0.2, 0.3], [0.1, "x", 0.3, 0.4], [True, 0.0, 1.0, 0.0], {"a": 1}):
        with pytest.raises(ValueError):
            SENTIMENT.decode(bad)
