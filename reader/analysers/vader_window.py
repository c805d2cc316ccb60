"""VADER with exact shortcuts around its per-word work: the same scores, at a fraction of
the cost.

Nothing of VADER's algorithm is copied: each override either hands VADER's own method a
cheaper input or, when it can prove from VADER's code that the method would return its input
unchanged, returns it without the call. tests/test_sentiment.py and tests/test_vader_window.py
check the scores are identical to plain VADER's.

- `polarity_scores` first copies the text a character at a time, replacing each emoji with
  its description. When no character is an emoji (always so for an ASCII text: no emoji key
  is ASCII, checked when the analyser is made), that copy is the text itself, so the subclass
  hands VADER the text as one item to copy (`_Whole`), and VADER's loop runs once.
- `sentiment_valence` changes the valence only for a word in the lexicon; nine words in ten
  are not, and for them VADER only appends the valence given.
- For every sentiment word, `_negation_check` (up to three times) and `_special_idioms_check`
  lower-case the comment's whole word list to read at most three words before it and two
  after (O(n^2) `str.lower` calls). When the words they read hold no negation, "so", "this"
  or first word of an idiom, they return the valence unchanged; otherwise they are handed
  the window of words they read, re-indexed.
- `_least_check` changes the valence only after "least"; `_but_check` only when a word is
  "but".

The window is exact: VADER calls `_negation_check(..., start_i, i)` only when i > start_i,
reading words i-1-start_i .. i-1, and `_special_idioms_check` only at start_i == 2 (so i >= 3),
reading words i-3 .. i+2 and asking whether words i+1 and i+2 exist; none wraps around.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

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


class _Whole(str):
    """A text without emoji that iterates as one item, itself: VADER's emoji loop
    (`for chr in text`, copying each item that is not an emoji) then copies it in one step."""

    __slots__ = ()

    def __iter__(self) -> Iterator[str]:
        return iter((str(self),))


def _plain_word(lowered: str, negations: frozenset[str]) -> bool:
    """True when VADER's `negated([lowered])` is False. It lower-cases again: an ASCII word
    lower-cased is lower-case already, so it tests `lowered` itself (NEGATE and "n't" only)."""
    return lowered.isascii() and lowered not in negations and "n't" not in lowered


class _Shortcuts(_Vader):  # type: ignore[misc]
    """VADER's methods, each behind an exact shortcut (see the module's docstring); mixed
    into VADER's class by `windowed_vader`, which sets the two word sets from VADER's own."""

    negations: frozenset[str] = frozenset()  # VADER's NEGATE
    # The first word of each phrase `_special_idioms_check` looks up (in SPECIAL_CASES, or a
    # phrase of BOOSTER_DICT: the one-word keys never equal its phrases, which hold a space).
    heads: frozenset[str] = frozenset()
    # Whether an ASCII text can hold no emoji key (set once the lexicon is loaded).
    ascii_has_no_emoji = False

    def polarity_scores(self, text: str) -> Any:
        if type(text) is not str and isinstance(text, str) and type(text).__iter__ is str.__iter__:
            # A str subclass that iterates as str does (CommentText): VADER reads the text
            # only through that iteration, so the plain str of the same characters is read
            # alike (str.__str__ copies a subclass into a plain str).
            text = str.__str__(text)
        emojis = self.emojis
        # No character is an emoji, and the whole text is not one (a key of several
        # characters, which VADER's character loop never matches): nothing to replace.
        if type(text) is str and (
            (self.ascii_has_no_emoji and text.isascii())
            or (emojis.keys().isdisjoint(text) and text not in emojis)
        ):
            text = _Whole(text)
        return super().polarity_scores(text)

    def sentiment_valence(
        self, valence: float, sentitext: Any, item: str, i: int, sentiments: list[float]
    ) -> list[float]:
        # VADER's method does nothing but append `valence` unless `item.lower()` is in the
        # lexicon.
        if item.lower() not in self.lexicon:
            sentiments.append(valence)
            return sentiments
        return super().sentiment_valence(  # type: ignore[no-any-return]
            valence, sentitext, item, i, sentiments
        )

    def _least_check(self, valence: float, words_and_emoticons: list[str], i: int) -> Any:
        # Both of VADER's branches need i > 0 and word i-1, lower-cased, to be "least".
        if i == 0 or words_and_emoticons[i - 1].lower() != "least":
            return valence
        return super()._least_check(valence, words_and_emoticons, i)

    def _but_check(self, words_and_emoticons: list[str], sentiments: list[float]) -> Any:
        # VADER's (static) method changes nothing unless a word, lower-cased, is "but".
        if "but" not in map(str.lower, words_and_emoticons):
            return sentiments
        return super()._but_check(words_and_emoticons, sentiments)

    def _negation_check(
        self, valence: float, words_and_emoticons: list[str], start_i: int, i: int
    ) -> Any:
        # VADER's conditions, case by case: at start_i 0 and 1 each needs word i-1-start_i
        # to be negated() ("never" and "without" are in NEGATE); at start_i 2, that or word
        # i-1 being "so" or "this". With none, it returns `valence` as given.
        if _plain_word(words_and_emoticons[i - 1 - start_i].lower(), self.negations) and (
            start_i != 2 or words_and_emoticons[i - 1].lower() not in _EMPHASIS
        ):
            return valence
        start = max(0, i - BEFORE)
        return super()._negation_check(
            valence, words_and_emoticons[start : i + 1], start_i, i - start
        )

    def _special_idioms_check(self, valence: float, words_and_emoticons: list[str], i: int) -> Any:
        # Each phrase VADER looks up starts with one of words i-3 .. i, lower-cased. A phrase
        # of words without a space equals a key only if its first word is the key's first
        # word; with none of them a head, it returns `valence` as given.
        if i >= BEFORE:
            lowered = [word.lower() for word in words_and_emoticons[i - BEFORE : i + 1]]
            # the join holds one space per gap only if no word holds a space
            if self.heads.isdisjoint(lowered) and " ".join(lowered).count(" ") == BEFORE:
                return valence
        start = max(0, i - BEFORE)
        return super()._special_idioms_check(
            valence, words_and_emoticons[start : i + AFTER + 1], i - start
        )


def windowed_vader() -> SentimentIntensityAnalyzer:
    """A VADER analyser with exact shortcuts around its per-word checks (same results)."""
    from vaderSentiment import vaderSentiment as vader

    phrases = (*vader.SPECIAL_CASES, *vader.BOOSTER_DICT)
    made = type(
        "WindowedVader",
        (_Shortcuts, vader.SentimentIntensityAnalyzer),
        {
            "__doc__": "VADER, with exact shortcuts (see reader.analysers.vader_window).",
            "negations": frozenset(vader.NEGATE),
            "heads": frozenset(key.split(" ")[0] for key in phrases if " " in key),
        },
    )
    analyser: SentimentIntensityAnalyzer = made()
    analyser.ascii_has_no_emoji = not any(key.isascii() for key in analyser.emojis)
    return analyser
