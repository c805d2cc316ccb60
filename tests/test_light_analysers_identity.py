"""The language and claim analysers' cheaper paths give exactly what the plain versions give.

Each shortcut is checked against the straightforward code it replaced: the URL test before
the URL regex, the letters-only token count, the ASCII word pattern, the claim links that read
a comment's negations only when it links, and the attention and quoted batches that look up
once what `assess` and `check_quotes` look up per comment.
"""

from __future__ import annotations

import math
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.analysers import AnalysisContext, registered
from reader.analysers.article_claims import article_seen, claims_of_seen
from reader.analysers.attention import ATTENTION, assess
from reader.analysers.base import replies_of
from reader.analysers.language import (
    _AT_TOKEN_RE,
    _HEAD_TOKENS,
    _LETTER_RE,
    _UNSPACED,
    _URL_RE,
    LANGUAGE,
    MIN_LETTERS,
    MIN_WORDS,
    Language,
    _may_hold_url,
    detect_language,
    is_detectable,
)
from reader.analysers.quoted import QUOTED, check_quotes
from reader.analysers.thread_signals import signals_of
from reader.formats import load_articles, sample_path
from reader.model import Article
from reader.pipeline import batch
from reader.pipeline.run import in_thread
from reader.quotes import wording
from reader.quotes.claim_index import MIN_SCORE, MIN_SHARED, MIN_WEIGHT, ClaimIndex, ClaimLink

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _articles() -> list[Article]:
    found: list[Article] = []
    for path in [sample_path(), *sorted(FIXTURES.rglob("*"))]:
        if path.is_dir() or path.suffix == ".md" or path.name.endswith(".expected.json"):
            continue
        try:
            found += load_articles(path)
        except Exception:  # noqa: BLE001, S112 - a fixture that is not a page gives no articles
            continue
    return found


def test_only_the_url_marks_case_fold_onto_themselves() -> None:
    """`_may_hold_url` looks for "://", "w." and "W." as they are: no other character matches
    "w", ":", "/" or "." when the URL regex ignores case."""
    marks = re.compile(r"[w:/.]", re.IGNORECASE)
    found = {chr(c) for c in range(sys.maxunicode + 1) if marks.fullmatch(chr(c))}
    assert found == set("wW:/.")


URL_PIECES = ["a", "word", "longerword", "http://x.y", "HTTPS://Q", "hTtP://z", "www.a.b",
              "WwW.c", "w.", "W.", "://", "http:/", "ww.", "@x", "a@b.c", "é", "²", "日本",
              "!", "\n", " ", "\u2003", "agree!", "I'll"]  # fmt: skip


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(URL_PIECES), max_size=24).map(" ".join))
def test_a_text_without_the_marks_has_no_url(text: str) -> None:
    if _URL_RE.search(text):
        assert _may_hold_url(text)


def _plain_detectable(text: str) -> bool:
    """`is_detectable` before: the URL regex on every text, the whole text split, the
    letter regex on every token."""
    if not text:
        return False
    stripped = _URL_RE.sub(" ", text)
    if "@" in stripped:
        stripped = _AT_TOKEN_RE.sub(" ", stripped)
    letters = words = 0
    for token in stripped.split():
        found = len(_LETTER_RE.findall(token))
        if found:
            letters += found
            words += 1
            if letters >= MIN_LETTERS and words >= MIN_WORDS:
                return True
    if letters < MIN_LETTERS:
        return False
    return words + len(re.findall(_UNSPACED, stripped)) >= MIN_WORDS


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([*URL_PIECES, "12", "_", "😀", "lol", "x"]), max_size=24)
       .map(" ".join))
def test_detectable_as_before(text: str) -> None:
    """Including texts of more tokens than are split off first."""
    assert is_detectable(text) == _plain_detectable(text)


def test_detectable_as_before_on_the_fixtures() -> None:
    for article in _articles():
        for text in [article.headline, *article.paragraphs, *(c.text for c in article.comments)]:
            assert is_detectable(text) == _plain_detectable(text), text[:80]


def test_the_ascii_word_pattern_is_the_word_pattern_on_ascii() -> None:
    for code in range(128):
        char = chr(code)
        assert bool(wording._WORD.fullmatch(char)) == bool(wording._ASCII_WORD.fullmatch(char))
    texts = [c.text for article in _articles() for c in article.comments]
    texts += ["it's o'neil's rock'n'roll 'quoted' a'' ''b x_y __ 1'2", "plain"]
    for text in texts:
        if text.isascii():
            assert wording._ASCII_WORD.findall(text) == wording._WORD.findall(text)


def _plain_links(index: ClaimIndex, text: str) -> list[ClaimLink]:
    """`ClaimIndex.links` before: `reading` first, every sum made up front."""
    found, negated = wording.reading(text)
    comment_terms = {t for t in found if t in index.idf}
    if len(comment_terms) < MIN_SHARED:
        return []
    shared: dict[int, list[str]] = defaultdict(list)
    for term in comment_terms:
        for k in index.postings.get(term, ()):
            shared[k].append(term)
    comment_weight = sum(index.idf[t] for t in comment_terms)
    scored: list[tuple[float, int]] = []
    for k, common in shared.items():
        if len(common) < MIN_SHARED:
            continue
        entry = index.claims[k]
        weight = sum(entry.weights[t] for t in common)
        if weight < MIN_WEIGHT:
            continue
        score = math.sqrt((weight / entry.total) * min(1.0, weight / comment_weight))
        if score >= MIN_SCORE:
            scored.append((score, k))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return index._best(scored, negated)


def _texts(article: Article) -> list[str]:
    texts, _ = in_thread(article.comments, [c.text for c in article.comments])
    return list(dict.fromkeys(texts))


def test_links_as_before() -> None:
    linked = 0
    for article in _articles():
        claims = claims_of_seen(article_seen(AnalysisContext(article)))
        if claims is None:
            continue
        for text in [*_texts(article), *article.paragraphs]:
            links = claims.index.links(text)
            assert repr(links) == repr(_plain_links(claims.index, text)), text[:80]
            linked += bool(links)
    assert linked > 10


def test_batches_as_one_comment_at_a_time() -> None:
    """attention's and quoted's batches give what `assess` and `check_quotes` give."""
    analysers = tuple(registered())
    assessed = 0
    for article in _articles():
        texts = _texts(article)
        seen = batch.seen_by(analysers, AnalysisContext(article))
        results: dict[str, list[Any]] = {}
        for analyser in analysers:
            earlier = {name: results[name] for name in analyser.needs}
            results[analyser.name] = analyser.analyse(texts, seen[analyser.name], earlier,
                                                      parallel=False)
        thread = signals_of(seen[ATTENTION.name])
        claims = claims_of_seen(seen[QUOTED.name])
        for n, text in enumerate(texts):
            row = {name: results[name][n] for name in ATTENTION.needs}
            assert results[ATTENTION.name][n] == assess(text, row, thread)
            if claims is not None:
                alone = check_quotes(claims, text, replies_of(text)[0])
                assert results[QUOTED.name][n] == alone
            assessed += bool(results[ATTENTION.name][n].reasons)
    assert assessed > 10


# -- the language analyser, one detection at a time ----------------------------------------


def test_the_at_token_pattern_removes_what_split_calls_a_token() -> None:
    """`is_detectable` skips the tokens holding "@" that `_AT_TOKEN_RE` removed from the
    whole text: the same when the pattern's \\S and str.split agree on every space."""
    spaces = re.compile(r"\s")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert bool(spaces.fullmatch(char)) == char.isspace(), hex(code)


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from([*URL_PIECES, "x@", "@", "@@a", "mail@x.org,", "日本@", "²",
                                 "ⅩⅩⅩ"]), max_size=3 * _HEAD_TOKENS).map(" ".join))
def test_detectable_as_before_around_at_tokens(text: str) -> None:
    assert is_detectable(text) == _plain_detectable(text)


def _one_by_one(texts: list[str]) -> list[Language | None]:
    """The analyser's results as they were: `detect_language` of each text."""
    found = [detect_language(text) for text in texts]
    return [None if code is None or p is None else Language(code, p) for code, p in found]


def test_the_language_batch_is_detect_language_of_each_text() -> None:
    texts = [text for article in _articles() for text in
             [article.headline, *article.paragraphs, *(c.text for c in article.comments)]]
    # no features for langdetect (it raises), and a batch with nothing to detect
    texts += ["ⅩⅩⅩ ⅩⅩⅩ ⅩⅩⅩ", "我们不同意这个说法，这是假新闻，根本没有发生。", "", "lol"]
    assert repr(LANGUAGE.analyse(texts, (), {}, parallel=False)) == repr(_one_by_one(texts))
    assert LANGUAGE.analyse(["", "lol", "😀"], (), {}, parallel=False) == [None, None, None]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from([*URL_PIECES, "the", "council", "voted", "ⅩⅩⅩ",
                                          "puente", "Brücke"]), max_size=12).map(" ".join),
                max_size=6))
def test_the_language_batch_is_detect_language_of_any_texts(texts: list[str]) -> None:
    assert repr(LANGUAGE.analyse(texts, (), {}, parallel=False)) == repr(_one_by_one(texts))
