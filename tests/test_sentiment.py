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
from reader.analysers.vader_window import _pieces
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


# -- the second round of shortcuts: emoji pieces, one lower-casing, the zeros counted in C -----

# Multi-character keys none of whose characters is a key: VADER's character loop never
# matches them, so they must not be handed to it whole.
UNMATCHED_KEYS = sorted(
    key for key in PLAIN.emojis if len(key) > 1 and all(c not in PLAIN.emojis for c in key)
)
EMOJI_PARTS = [
    "good", "bad", "not", "but", "GREAT", " ", "  ", "\n", "\u00a0", "é", "naïve", "ΣΟΦΟΣ",
    "日本", "’", "“ok”", "!", "?", ":)", "😀", "😢", "😂😂", "👍🏽", "❤️", "❤", "\ufe0f",
    *UNMATCHED_KEYS[:40],
]  # fmt: skip


def test_some_keys_are_made_of_characters_that_are_not() -> None:
    """The case `_pieces` guards against exists in VADER's emoji lexicon."""
    assert UNMATCHED_KEYS


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(EMOJI_PARTS), max_size=24), st.sampled_from([" ", "", "  "]))
def test_texts_with_emoji_and_other_non_ascii_score_as_plain_vader(
    parts: list[str], joiner: str
) -> None:
    _same_as_plain_vader(joiner.join(parts))


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(EMOJI_PARTS), max_size=24).map("".join))
def test_the_pieces_are_the_text_cut_where_vader_reads_alike(text: str) -> None:
    """Joined they are the text; each is one character, or holds no key, is none, and, if
    it ends with a space, is followed by a space alone (so VADER's prev_space before each
    item is whether the character before it is a space)."""
    pieces = _pieces(text, PLAIN.emojis)
    assert "".join(pieces) == text
    for n, piece in enumerate(pieces):
        assert piece
        if len(piece) > 1:
            assert piece not in PLAIN.emojis
            assert all(c not in PLAIN.emojis for c in piece)
            assert piece[-1] != " " or pieces[n + 1] == " "


def test_every_unmatched_key_among_words_scores_as_plain_vader() -> None:
    for key in UNMATCHED_KEYS:
        for text in (key, f"good {key}", f"{key}bad", f" {key} 😀", f"é{key}😢 no"):
            _same_as_plain_vader(text)


def test_str_lower_maps_words_joined_by_spaces_one_by_one() -> None:
    """What `_special_idioms_check` and `_but_check` rely on: only a capital sigma is lower-
    cased by its neighbours, and a space is neither cased nor skipped over as case-ignorable
    (either would make these a final sigma); no character lower-cases to a space."""
    assert "A Σ".lower() == "a σ"
    assert "AΣ B".lower() == "aς b"
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if " " in c.lower()] == [" "]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(["ΣΟΦΟΣ", "Σ", "AΣ", "'Σ", "Σ'", "İ", "THE", "Bomb", "ﬁne",
                                 "ΌΣΟΣ", "x", "Kind", "OF", ".", "'"]), min_size=1, max_size=6))
def test_one_lower_casing_gives_each_word_lower_cased(words: list[str]) -> None:
    """(`_special_idioms_check` lower-cases a window of at least four words.)"""
    assert " ".join(words).lower().split(" ") == [w.lower() for w in words]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([0, 0.0, -0.0, 1.5, -0.3, 2.0, -2.5, 0.1, -1e-9]), max_size=30))
def test_sifting_the_nonzero_scores_sifts_them_all(sentiments: list[float]) -> None:
    assert repr(_analyser()._sift_sentiment_scores(list(sentiments))) == repr(
        SentimentIntensityAnalyzer._sift_sentiment_scores(list(sentiments))
    )


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["but", "BUT", "But", "ΣBUT", "butΣ", "İbut", "x", "good", "b",
                                 "ut", "abut", "but!"]), max_size=12))
def test_but_is_found_as_vader_finds_it(words: list[str]) -> None:
    sentiments = [float(n % 3) - 1 for n in range(len(words))]
    assert _analyser()._but_check(words, list(sentiments)) == (
        SentimentIntensityAnalyzer._but_check(words, list(sentiments))
    )


def test_the_analyser_gives_score_sentiment() -> None:
    """The batch builds each Sentiment itself: the same as `score_sentiment`, label too."""
    texts = [*TEXTS, "good", "bad", "meh", "  ", "😀 great", "not good"]
    found = SENTIMENT.analyse(texts, (), {"language": [None] * len(texts)}, parallel=False)
    for text, result in zip(texts, found):
        expected = None if not text.strip() else score_sentiment(text)
        assert repr(result) == repr(expected)
        if result is not None:
            assert result.label == sentiment_label(result.compound)
