"""VADER with its per-word lower-casing hoisted: the same scores, without the quadratic cost.

For every sentiment word, VADER's `_negation_check` (up to three times) and
`_special_idioms_check` lower-case the comment's whole word list to read at most three words
before it and two after, so a comment of n words costs O(n^2) `str.lower` calls (a third of
VADER's time on a 10,000-comment thread). This subclass hands those two checks the window of
words they read, re-indexed, and VADER's own code does the rest: nothing is copied from
VADER, and tests/test_sentiment.py checks the scores are identical to plain VADER's.

The window is exact: VADER calls `_negation_check(..., start_i, i)` only when i > start_i,
reading words i-1-start_i .. i-1, and `_special_idioms_check` only at start_i == 2 (so i >= 3),
reading words i-3 .. i+2 and asking whether words i+1 and i+2 exist; none wraps around.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

BEFORE = 3  # words before a sentiment word that the checks read
AFTER = 2  # words after it


def windowed_vader() -> SentimentIntensityAnalyzer:
    """A VADER analyser whose word-window checks see only their window (same results)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    class WindowedVader(SentimentIntensityAnalyzer):  # type: ignore[misc]
        """VADER, with `_negation_check` and `_special_idioms_check` given their window."""

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
