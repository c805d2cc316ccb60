"""The claim analysers' faster paths give exactly what the plain definitions give.

Issue 15: each comment's words are read once for both the claim links' terms and their
negations (`wording.reading`), the quote-mark test is one regex scan, and a comment's thread
flags are one hash. Each is checked here against the straightforward version it replaced.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reader.analysers.thread_signals import CHAIN, LIKED, REPLIED, ThreadSignals, text_key
from reader.formats import parse_page, sample_path
from reader.quotes import wording
from reader.quotes.comment_quotes import has_quotes
from reader.quotes.marks import FAMILY
from reader.quotes.wording import (
    NEGATION_REACH,
    fold,
    is_content,
    is_negation,
    negated_terms,
    reading,
    stem,
    terms,
    words,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ODD_TEXTS = [
    "",
    "   ",
    "Iran was not on the ground, Kirby said. It isn't true!",
    "No, no, NO. Never ever trainers in Crimea; don't believe the hoax.",
    "Zelenskyy’s aides’ claims aren't the Iranians' — ‘so-called’ experts",
    "İstanbul ŞEHİR straße ﬁnance Œuvre naïve café",
    "not " * 50 + "ground",
    "`backticks` ``double`` and 'single' and \"double\" and «guillemets» „low“",
    "&gt; quoted line\n> another",
    "123 4567 a1 b2 9x",
    "emoji 😂👍 only words",
]


def _texts() -> list[str]:
    texts = list(ODD_TEXTS)
    for path in [sample_path(), *sorted(FIXTURES.glob("*.txt"))]:
        try:
            article = parse_page(path.read_text(encoding="utf-8-sig"), source=str(path))
        except Exception:  # noqa: BLE001, S112 - a fixture that is not a page gives no texts
            continue
        texts += [article.headline, *article.paragraphs, *(c.text for c in article.comments)]
    return texts


def _plain_terms(text: str) -> list[str]:
    return [stem(w) for w, _, _ in words(text) if is_content(w)]


def _plain_negated(text: str) -> set[str]:
    found: set[str] = set()
    reach = 0
    for word, _, _ in words(text):
        if is_negation(word):
            reach = NEGATION_REACH
            continue
        if reach > 0:
            if is_content(word):
                found.add(stem(word))
            reach -= 1
    return found


def test_terms_and_negations_read_in_one_pass_are_the_plain_definitions() -> None:
    texts = _texts()
    assert len(texts) > 100
    for text in texts:
        expected = (_plain_terms(text), _plain_negated(text))
        assert reading(text) == expected, text
        assert terms(text) == expected[0]
        assert negated_terms(text) == expected[1]


def test_a_stem_is_never_the_negation_marker() -> None:
    """`reading` tells negations by an empty term: no content word may stem to it."""
    for text in _texts():
        for word, _, _ in words(text):
            if is_content(word):
                assert stem(word) != wording.NEGATION


def test_each_word_is_looked_up_once() -> None:
    """A repeated word costs one cache hit, not a fold, a content test and a stem."""
    wording._term_of.cache_clear()
    reading("trainers trainers trainers not trainers")
    info = wording._term_of.cache_info()
    assert (info.misses, info.hits) == (2, 3)
    assert fold("Trainers") == "trainers"


def _plain_has_quotes(text: str) -> bool:
    return ">" in text or "&gt;" in text or any(ch in FAMILY for ch in text)


def test_the_quote_mark_scan_is_the_plain_test() -> None:
    marks = [m for m in FAMILY if len(m) == 1]
    samples = [*_texts(), *marks, "`", "``", "&gt", "&gt;", "a > b", "plain words only"]
    samples += [f"word{mark}word" for mark in marks]
    for text in samples:
        assert has_quotes(text) == _plain_has_quotes(text), text


def test_a_comments_flags_are_those_it_has_one_by_one() -> None:
    texts = ["asks?", "liked", "chain", "all three", "none"]
    keys = {text: text_key(text) for text in texts}
    flags = {
        REPLIED: frozenset({keys["asks?"], keys["all three"]}),
        LIKED: frozenset({keys["liked"], keys["all three"]}),
        CHAIN: frozenset({keys["chain"], keys["all three"]}),
    }
    thread = ThreadSignals(True, Counter({"en": 5}), flags)
    for text in texts:
        one_by_one = {flag for flag in (REPLIED, LIKED, CHAIN) if thread.has(flag, text)}
        assert thread.flags_of(text) == one_by_one


def test_no_flag_in_the_thread_means_no_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.analysers import thread_signals

    def refuse(text: str) -> str:
        raise AssertionError("hashed a text although no comment has a flag")

    monkeypatch.setattr(thread_signals, "text_key", refuse)
    empty = {REPLIED: frozenset[str](), LIKED: frozenset[str](), CHAIN: frozenset[str]()}
    assert ThreadSignals(False, Counter(), empty).flags_of("any text") == frozenset()
