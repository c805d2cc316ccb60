"""VADER with exact shortcuts around its per-word work: the same scores, at a fraction of
the cost.

Nothing of VADER's algorithm is copied: each override either hands VADER's own method a
cheaper input or, when it can prove from VADER's code that the method would return its input
unchanged, returns it without the call. tests/test_sentiment.py and tests/test_vader_window.py
check the scores are identical to plain VADER's.

- `polarity_scores` first copies the text a character at a time (`for chr in text`),
  replacing each emoji with its description, put after a space unless the character before
  was one. It reads the text only through that loop, and an item that is not a key is
  appended as it is, so it is handed the text in pieces, each a key or not: the characters
  of a run of non-ASCII characters holding a key (or being one, which VADER's character loop
  never matches whole), and the other runs whole, a trailing space split off, so that
  whether the item before an emoji is " " is whether the character before it is. No emoji
  key is ASCII (checked when the analyser is made), so an ASCII text is one piece, and a
  comment with emoji is a few dozen pieces, not some hundred characters.
- `sentiment_valence` changes the valence only for a word in the lexicon; nine words in ten
  are not, and for them VADER only appends the valence given.
- For every sentiment word, `_negation_check` (up to three times) and `_special_idioms_check`
  lower-case the comment's whole word list to read at most three words before it and two
  after (O(n^2) `str.lower` calls). When the words they read hold no negation, "so", "this"
  or first two words of an idiom, they return the valence unchanged; otherwise they are handed
  the window of words they read, re-indexed.
- `_least_check` changes the valence only after "least"; `_but_check` only when a word is
  "but", which it looks for after one lower-casing of the words joined, not one per word.
- `_sift_sentiment_scores` adds up the nonzero scores and counts the zeros: it is handed the
  nonzero scores (in order, so the sums are the same) and the zeros are counted in C.

The window is exact: VADER calls `_negation_check(..., start_i, i)` only when i > start_i,
reading words i-1-start_i .. i-1, and `_special_idioms_check` only at start_i == 2 (so i >= 3),
reading words i-3 .. i+2 and asking whether words i+1 and i+2 exist; none wraps around.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as _Vader
else:  # the shortcuts are mixed into VADER's class when it is first needed
    _Vader = object

BEFORE = 3  # words before a sentiment word that the checks read
AFTER = 2  # words after it
# Words that make VADER's `_negation_check` at start_i == 2 scale the valence by 1.25 when
# they come just before the sentiment word.
_EMPHASIS = ("so", "this")

# Runs of characters that may be emoji keys (no key is ASCII: see `ascii_has_no_emoji`).
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")

_Valence = Callable[[Any, float, Any, str, int, list[float]], list[float]]


def _pieces(text: str, emojis: dict[str, str]) -> list[str]:
    """The items VADER's emoji loop is handed for `text` (see the module's docstring): what
    it makes of them is what it makes of the characters, in a few dozen steps."""
    pieces: list[str] = []
    start = 0
    for run in _NON_ASCII.finditer(text):
        _add_plain(pieces, text[start : run.start()])
        characters = run.group()
        if characters in emojis or not emojis.keys().isdisjoint(characters):
            pieces += characters  # one character at a time, as VADER reads them
        else:  # ends with a character that is not " ": VADER's prev_space is False after it
            pieces.append(characters)
        start = run.end()
    _add_plain(pieces, text[start:])
    return pieces


def _add_plain(pieces: list[str], characters: str) -> None:
    """An ASCII run: no key, appended whole, its trailing space its own item (VADER sets
    prev_space to whether the item is " "). An empty run is no item."""
    if len(characters) > 1 and characters[-1] == " ":
        pieces += (characters[:-1], " ")
    elif characters:
        pieces.append(characters)


class _Shortcuts(_Vader):  # type: ignore[misc]
    """VADER's methods, each behind an exact shortcut (see the module's docstring); mixed
    into VADER's class by `windowed_vader`, which sets the word sets from VADER's own."""

    negations: frozenset[str] = frozenset()  # VADER's NEGATE
    # The first word of each phrase `_special_idioms_check` looks up (in SPECIAL_CASES, or a
    # phrase of BOOSTER_DICT: the one-word keys never equal its phrases, which hold a space),
    # and the first two words of each.
    heads: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()
    # Whether an ASCII text can hold no emoji key (set once the lexicon is loaded).
    ascii_has_no_emoji = False
    # VADER's own sentiment_valence, called without building a super() per lexicon word.
    vader_valence: ClassVar[_Valence]

    def polarity_scores(self, text: str) -> Any:
        if type(text) is not str and isinstance(text, str) and type(text).__iter__ is str.__iter__:
            # A str subclass that iterates as str does (CommentText): VADER reads the text
            # only through that iteration, so the plain str of the same characters is read
            # alike (str.__str__ copies a subclass into a plain str).
            text = str.__str__(text)
        if type(text) is not str:
            return super().polarity_scores(text)
        if self.ascii_has_no_emoji:
            return super().polarity_scores(
                (text,) if text.isascii() else _pieces(text, self.emojis)
            )
        # No character is an emoji, and the whole text is not one: one piece.
        if self.emojis.keys().isdisjoint(text) and text not in self.emojis:
            return super().polarity_scores((text,))
        return super().polarity_scores(text)

    def sentiment_valence(
        self, valence: float, sentitext: Any, item: str, i: int, sentiments: list[float]
    ) -> list[float]:
        # VADER's method does nothing but append `valence` unless `item.lower()` is in the
        # lexicon.
        if item.lower() not in self.lexicon:
            sentiments.append(valence)
            return sentiments
        return self.vader_valence(valence, sentitext, item, i, sentiments)

    def _least_check(self, valence: float, words_and_emoticons: list[str], i: int) -> Any:
        # Both of VADER's branches need i > 0 and word i-1, lower-cased, to be "least".
        if i == 0 or words_and_emoticons[i - 1].lower() != "least":
            return valence
        return super()._least_check(valence, words_and_emoticons, i)

    def _but_check(self, words_and_emoticons: list[str], sentiments: list[float]) -> Any:
        # VADER's (static) method changes nothing unless a word, lower-cased, is "but". Such a
        # word holds no capital sigma, the one letter str.lower lower-cases by its neighbours,
        # so the words joined and lower-cased hold "but" too: the per-word test runs only then.
        if "but" not in " ".join(words_and_emoticons).lower() or "but" not in map(
            str.lower, words_and_emoticons
        ):
            return sentiments
        return super()._but_check(words_and_emoticons, sentiments)

    def _sift_sentiment_scores(self, sentiments: list[float]) -> Any:
        # VADER's loop adds up the positive and the negative scores, in order, and counts the
        # zeros (score == 0: exactly the falsy numbers). Handed the nonzero scores in the same
        # order it makes the same sums; the zeros are those filtered out.
        nonzero = list(filter(None, sentiments))
        pos_sum, neg_sum, _ = super()._sift_sentiment_scores(nonzero)
        return pos_sum, neg_sum, len(sentiments) - len(nonzero)

    def _negation_check(
        self, valence: float, words_and_emoticons: list[str], start_i: int, i: int
    ) -> Any:
        # VADER's conditions, case by case: at start_i 0 and 1 each needs word i-1-start_i
        # to be negated() ("never" and "without" are in NEGATE); at start_i 2, that or word
        # i-1 being "so" or "this". With none, it returns `valence` as given. negated([w])
        # lower-cases w again: an ASCII word lower-cased is lower-case already, so it is
        # False exactly when the lowered ASCII word is not in NEGATE and holds no "n't".
        lowered = words_and_emoticons[i - 1 - start_i].lower()
        if (
            lowered.isascii()
            and lowered not in self.negations
            and "n't" not in lowered
            and (start_i != 2 or words_and_emoticons[i - 1].lower() not in _EMPHASIS)
        ):
            return valence
        start = max(0, i - BEFORE)
        return super()._negation_check(
            valence, words_and_emoticons[start : i + 1], start_i, i - start
        )

    def _special_idioms_check(self, valence: float, words_and_emoticons: list[str], i: int) -> Any:
        # Each phrase VADER looks up is two or three of words i-3 .. i+2, lower-cased and
        # joined by spaces, starting at one of words i-3 .. i (at i only when word i+1 is
        # there). When no word holds a space, it equals a key only if its first two words
        # are the key's first two: with no such pair (or not even a first word), it returns
        # `valence` as given.
        if i >= BEFORE:
            # Lower-cased in one call: str.lower maps each character alone but a capital
            # sigma, which it maps by the nearest cased letters past case-ignorable ones, and
            # a space is neither (tests/test_sentiment.py checks). So this is the words
            # lower-cased, one piece each when no word holds a space (no character lower-
            # cases to one).
            window = words_and_emoticons[i - BEFORE : i + AFTER]
            lowered = " ".join(window).lower().split(" ")
            if len(lowered) == len(window) and (
                self.heads.isdisjoint(lowered[: BEFORE + 1])
                or self.pairs.isdisjoint(pairwise(lowered))
            ):
                return valence
        start = max(0, i - BEFORE)
        return super()._special_idioms_check(
            valence, words_and_emoticons[start : i + AFTER + 1], i - start
        )


def windowed_vader() -> SentimentIntensityAnalyzer:
    """A VADER analyser with exact shortcuts around its per-word checks (same results)."""
    from vaderSentiment import vaderSentiment as vader

    phrases = [key.split(" ") for key in (*vader.SPECIAL_CASES, *vader.BOOSTER_DICT)]
    pairs = frozenset((words[0], words[1]) for words in phrases if len(words) > 1)
    made = type(
        "WindowedVader",
        (_Shortcuts, vader.SentimentIntensityAnalyzer),
        {
            "__doc__": "VADER, with exact shortcuts (see reader.analysers.vader_window).",
            "negations": frozenset(vader.NEGATE),
            "heads": frozenset(first for first, _ in pairs),
            "pairs": pairs,
            "vader_valence": vader.SentimentIntensityAnalyzer.sentiment_valence,
        },
    )
    analyser: SentimentIntensityAnalyzer = made()
    analyser.ascii_has_no_emoji = not any(key.isascii() for key in analyser.emojis)
    return analyser
