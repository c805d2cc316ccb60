"""The detectable-text rule, counted token by token with an early stop, says what the whole
counts say (the cached results' rule version stays valid)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.analysers.language import (
    _AT_TOKEN_RE,
    _LETTER_RE,
    _UNSPACED,
    _URL_RE,
    MIN_LETTERS,
    MIN_WORDS,
    is_detectable,
)


def whole_counts_rule(text: str) -> bool:
    """The rule as written in the module doc, counting over the whole text."""
    if not text:
        return False
    stripped = _AT_TOKEN_RE.sub(" ", _URL_RE.sub(" ", text))
    if len(_LETTER_RE.findall(stripped)) < MIN_LETTERS:
        return False
    words = sum(1 for token in stripped.split() if _LETTER_RE.search(token))
    return words >= MIN_WORDS or words + len(re.findall(_UNSPACED, stripped)) >= MIN_WORDS


PIECES = ["a", "ab", "word", "longerword", "42", "²", "_", "@x", "a@b.c", "http://x.y/z",
          "www.q.r", "日本語", "ไทย", "😀", "!", "  ", "\n", "é", "Ⅻ", "x1"]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map(" ".join))
def test_early_stop_gives_the_whole_counts_answer(text: str) -> None:
    assert is_detectable(text) == whole_counts_rule(text)


@given(st.text(max_size=60))
def test_any_text(text: str) -> None:
    assert is_detectable(text) == whole_counts_rule(text)


def test_examples() -> None:
    assert not is_detectable("Totally agree!")
    assert is_detectable("This is clearly written in English.")
    assert not is_detectable("lol 😀 👍")  # three words, too few letters
    assert not is_detectable("Absolutely, wonderful")  # letters enough, two words
    assert is_detectable("日本語のテキストです")  # unspaced script: each character a word
