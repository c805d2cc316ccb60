"""VADER with its per-word lower-casing hoisted and its per-character emoji scan skipped where
there is no emoji: the same scores, without the quadratic cost.

For every sentiment word, VADER's `_negation_check` (up to three times) and
`_special_idioms_check` lower-case the comment's whole word list to read at most three words
before it and two after, so a comment of n words costs O(n^2) `str.lower` calls (a third of
VADER's time on a 10,000-comment thread). This subclass hands those two checks the window of
words they read, re-indexed, and VADER's own code does the rest: nothing is copied from
VADER, and tests/test_sentiment.py checks the scores are identical to plain VADER's.

`polarity_scores` first copies the text a character at a time, replacing each emoji with its
description: a Python loop over every character (a tenth of VADER's time on a long thread).
When no character is an emoji, that copy is the text itself, so the subclass hands VADER the
text as one item to copy (`_Whole`), and VADER's loop runs once instead of once per character.

The window is exact: VADER calls `_negation_check(..., start_i, i)` only when i > start_i,
reading words i-1-start_i .. i-1, and `_special_idioms_check` only at start_i == 2 (so i >= 3),
reading words i-3 .. i+2 and asking whether words i+1 and i+2 exist; none wraps around.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

BEFORE = 3  # words before a sentiment word that the checks read
AFTER = 2  # words after it


class _Whole(str):
    """A text without emoji that iterates as one item, itself: VADER's emoji loop
    (`for chr in text`, copying each item that is not an emoji) then copies it in one step."""

    __slots__ = ()

    def __iter__(self) -> Iterator[str]:
        return iter((str(self),))


def windowed_vader() -> SentimentIntensityAnalyzer:
    """A VADER analyser whose word-window checks see only their window (same results)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    class WindowedVader(SentimentIntensityAnalyzer):  # type: ignore[misc]
        """VADER, with `_negation_check` and `_special_idioms_check` given their window and
        the emoji scan skipped for a text without emoji."""

        def polarity_scores(self, text: str) -> Any:
            emojis = self.emojis
            # No character is an emoji, and the whole text is not one (a key of several
            # characters, which VADER's character loop never matches): nothing to replace.
            if type(text) is str and emojis.keys().isdisjoint(text) and text not in emojis:
                text = _Whole(text)
            return SentimentIntensityAnalyzer.polarity_scores(self, text)

        def _negation_check(
            self, valence: float, words_and_emoticons: list[str], start_i: int, i: int
        ) -> Any:
            start = max(0, i - BEFORE)
            return SentimentIntensityAnalyzer._negation_check(
                valence, words_and_emoticons[start : i + 1], start_i, i - start
            )

        def _special_idioms_check(
            self, valence: float, words_and_emoticons: list[str], i: int
        ) -> Any:
            start = max(0, i - BEFORE)
            return SentimentIntensityAnalyzer._special_idioms_check(
                valence, words_and_emoticons[start : i + AFTER + 1], i - start
            )

    return WindowedVader()
