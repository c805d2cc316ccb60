"""VADER with its word-window checks given only their window scores exactly as VADER does."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from reader.analysers.sentiment import score_sentiment
from reader.analysers.vader_window import windowed_vader
from reader.formats import load_article, sample_path
from reader.model import Comment

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Words VADER's negation, idiom, booster and "but" rules look for, and some it scores.
RULE_WORDS = ["no", "not", "never", "isn't", "without", "doubt", "so", "this", "kind", "of", "sort", "least", "at", "very", "but", "the", "bad", "ass", "cut", "me", "some", "slack", "yeah", "right", "good", "GOOD", "great", "love", "hate", "awful", "kiss", "death", "bomb", "hand", "extremely", "barely", ":)", ":(", "!", "?"]

PLAIN = SentimentIntensityAnalyzer()
WINDOWED = windowed_vader()


def test_fixture_comments_score_the_same() -> None:
    pages = [*sorted(FIXTURES.glob("*.txt")), sample_path()]
    texts = [c.text for page in pages for c in _comments(page)]
    assert len(texts) > 10
    for text in texts:
        assert WINDOWED.polarity_scores(text) == PLAIN.polarity_scores(text), text


def _comments(path: Path) -> tuple[Comment, ...]:
    try:
        return tuple(load_article(path).comments)
    except Exception:  # noqa: BLE001 - fixtures that are not pages are not comments
        return ()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(RULE_WORDS), min_size=0, max_size=40))
def test_rule_words_in_any_order_score_the_same(words: list[str]) -> None:
    text = " ".join(words)
    assert WINDOWED.polarity_scores(text) == PLAIN.polarity_scores(text)


def test_long_comments_score_the_same_and_reader_uses_the_window() -> None:
    rng = random.Random(7)
    for _ in range(50):
        text = " ".join(rng.choice(RULE_WORDS) for _ in range(rng.randint(50, 300)))
        assert WINDOWED.polarity_scores(text) == PLAIN.polarity_scores(text)
    text = "never so good, but not bad at all " * 20
    assert score_sentiment(text).compound == PLAIN.polarity_scores(text)["compound"]
    from reader.analysers.sentiment import _analyser

    assert type(_analyser()).__name__ == "WindowedVader"


EMOJI_TEXTS = ["😀", "great 😀 day", "😀great", "no😢", "❤️", "❤", "sad :( 😢😢", " 😀 ", "plain text only"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*RULE_WORDS, *EMOJI_TEXTS, "", " ", "\u00a0"]), max_size=20),
    st.sampled_from([" ", "", "  ", "\n"]),
)
def test_texts_with_and_without_emoji_score_the_same(parts: list[str], joiner: str) -> None:
    text = joiner.join(parts)
    assert WINDOWED.polarity_scores(text) == PLAIN.polarity_scores(text)


def test_every_emoji_key_alone_and_in_words_scores_the_same() -> None:
    """Keys of several characters (which VADER's character loop never matches whole) too."""
    for key in PLAIN.emojis:
        for text in (key, f"good {key}", f"{key}bad", f" {key} "):
            assert WINDOWED.polarity_scores(text) == PLAIN.polarity_scores(text), text
