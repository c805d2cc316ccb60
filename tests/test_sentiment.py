"""Sentiment is VADER's own output, unchanged, with the label at +-0.05."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment import vaderSentiment as vader
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from reader.analysers.base import CommentText
from reader.analysers.language import Language
from reader.analysers.sentiment import (
    SENTIMENT,
    Sentiment,
    _analyser,
    score_sentiment,
    sentiment_label,
)
from reader.formats import load_article, parse_page, sample_path
from reader.model import Comment

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


# -- identity with plain VADER, through the shortcuts of reader.analysers.vader_window --------

PLAIN = SentimentIntensityAnalyzer()
GENERATE = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _same_as_plain_vader(text: str) -> None:
    """Bit for bit: the repr of a float tells -0.0 from 0.0, and the dict's key order shows."""
    raw = PLAIN.polarity_scores(text)
    for sent in (text, CommentText(text, "the parent", 2)):
        windowed = _analyser().polarity_scores(sent)
        assert repr(windowed) == repr(raw), text
        found = score_sentiment(sent)
        assert repr((found.compound, found.pos, found.neu, found.neg)) == repr(
            (raw["compound"], raw["pos"], raw["neu"], raw["neg"])
        ), text


def _vocabulary() -> list[str]:
    """Words every rule of VADER's looks for, some it scores, cased three ways, and
    punctuation, emoji and non-ASCII words around them."""
    lexicon = sorted(PLAIN.lexicon)
    phrases = [*vader.SPECIAL_CASES, *vader.BOOSTER_DICT, *vader.SENTIMENT_LADEN_IDIOMS]
    words = {
        *lexicon[::97], *(w for p in phrases for w in p.split()), *vader.NEGATE,
        "no", "nor", "or", "but", "least", "at", "very", "kind", "of", "sort", "never", "so",
        "this", "without", "doubt", "good", "bad", "great", "love", "hate", "kinda", "lol",
        "the", "weather", "n't", "isnt", "don’t", "café", "İnanılmaz", "ΣΟΦΟΣ", "ﬁne",
        "shouldn't've", "mayn't", "y'all", "dOn'T",
    }
    cased = {variant for w in words for variant in (w, w.upper(), w.title())}
    decorated = [f"{w}{p}" for w in ("good", "bad", "not", "but", "least") for p in "!?.,"]
    marks = ["!", "?", "!!", "???", ":)", ":(", ":D", "...", ",", "-", "'", '"', "(bad)"]
    emoji = ["😀", "😢", "❤️", "💘", "👍🏽", "🙂bad", "good😀"]
    return sorted(cased) + decorated + marks + emoji


VOCABULARY = _vocabulary()
# VADER's phrases whole, so that its idiom and "kind of" rules meet them often.
PHRASES = sorted(
    variant
    for phrase in (*vader.SPECIAL_CASES, *vader.BOOSTER_DICT, "never so", "without doubt")
    if " " in phrase
    for variant in (phrase, phrase.upper())
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(VOCABULARY) | st.sampled_from(PHRASES), max_size=30),
    st.sampled_from([" ", "  ", "\n", " \t", ""]),
)
def test_texts_of_vaders_rule_words_score_as_plain_vader(words: list[str], joiner: str) -> None:
    _same_as_plain_vader(joiner.join(words))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"abnotuskily SONTB!?'.:()-\n", "😀", "é", "İ"])))
def test_any_characters_score_as_plain_vader(text: str) -> None:
    _same_as_plain_vader(text)


def test_generated_pages_and_fixtures_score_as_plain_vader() -> None:
    spec = importlib.util.spec_from_file_location("benchmark_generate", GENERATE)
    assert spec is not None and spec.loader is not None
    generate = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("benchmark_generate", generate)  # its dataclasses look it up
    spec.loader.exec_module(generate)
    texts = {
        comment.text
        for seed in (0, 3, 11)
        for comment in parse_page(generate.generate_page(400, seed=seed), source="g").comments
    }
    for path in [*sorted(FIXTURES.rglob("*")), sample_path()]:
        texts.update(comment.text for comment in _comments(path))
    assert len(texts) > 1000
    for text in sorted(texts):
        _same_as_plain_vader(text)


def _comments(path: Path) -> tuple[Comment, ...]:
    try:
        return tuple(load_article(path).comments)
    except Exception:  # noqa: BLE001 - fixtures that are not pages hold no comments
        return ()


def test_a_text_with_no_lexicon_word_or_no_word_scores_as_plain_vader() -> None:
    for text in ("", " ", "\n\t", "the meeting is on tuesday", "BUT the", "kind of", "!!! ???"):
        _same_as_plain_vader(text)


def test_the_shortcuts_premises_hold() -> None:
    """What the shortcuts rely on: no emoji key is ASCII; str.__str__ makes a plain str."""
    assert not any(key.isascii() for key in PLAIN.emojis)
    assert getattr(_analyser(), "ascii_has_no_emoji", False)
    copied = str.__str__(CommentText("good", "parent", 1))
    assert type(copied) is str and copied == "good"
    assert CommentText.__iter__ is str.__iter__
