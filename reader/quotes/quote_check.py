"""Does the article say what a comment quotes it as saying? Exact, altered or absent.

The article's words (reader.quotes.wording.words: case, accents and apostrophe styles
folded, punctuation dropped) are indexed once. A quoted stretch is:
- `exact` when its words stand in the article in that order (an ellipsis, `...` or `…`, may
  stand for words left out between parts found in order in one paragraph);
- `altered` when a stretch of the article is a close variant: word-level alignment
  (difflib) against windows found through the stretch's rarest words, a similarity
  2M / (stretch words + article words) of at least ALTERED_SIMILARITY with at least
  MIN_MATCHED words in common, MIN_SHARED_WEIGHTY of them more than short function words. The article's words and the word-by-word
  difference come with it;
- `absent` otherwise.
Words a comment credits to a speaker are looked for in that speaker's quotes first, then in
the whole article.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from reader.model import Article
from reader.quotes.claims import Claim
from reader.quotes.wording import is_content, words

Found = Literal["exact", "altered", "absent"]
Change = tuple[str, str]  # ("=", word) kept, ("-", word) the article's, dropped; ("+", word) added

ALTERED_SIMILARITY = 0.5  # tuned on benchmarks/claims_eval.py
MIN_MATCHED = 2  # words in common, at least
MIN_SHARED_WEIGHTY = 1  # of them, words that are not short function words
MAX_QUOTE_WORDS = 400  # a longer stretch is checked on its first words
ANCHORS = 4  # rare content words of the stretch used to find candidate windows
OTHER_ANCHORS = 2  # and other words
POSTINGS_PER_ANCHOR = 40
ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*(?:\.\s*\.\s*\.|…)\s*\]")
ELLIPSIS_GAP = 200  # words an ellipsis may leave out
EDGE_WORDS = 2  # unmatched words at either end of a variant shown as swapped, at most

Position = tuple[int, int]  # (segment, word index)


@dataclass(frozen=True)
class QuoteCheck:
    """What the article has of a quoted stretch."""

    found: Found
    claim: str | None = None  # the claim the article's words belong to
    article_text: str | None = None  # the article's words (exact or altered)
    changes: tuple[Change, ...] = ()  # word by word, from the article's words to the comment's


@dataclass
class _Segment:
    key: tuple[str, int]
    text: str
    folded: list[str]
    spans: list[tuple[int, int]]  # each word's offsets in text


@dataclass
class _Match:
    segment: int
    start: int  # word indexes in the segment, end exclusive
    end: int
    similarity: float


class ArticleWords:
    """The article's words, indexed for the misquote check (built once per article)."""

    def __init__(self, article: Article, claims: Sequence[Claim]) -> None:
        keyed = [(("headline", 0), article.headline)]
        keyed += [(("body", i), p) for i, p in enumerate(article.paragraphs)]
        keyed += [(("caption", j), image.caption) for j, image in enumerate(article.images)]
        self.segments: list[_Segment] = []
        self.postings: dict[str, list[Position]] = defaultdict(list)
        for key, text in keyed:
            found = words(text)
            segment = len(self.segments)
            self.segments.append(_Segment(key, text, [w for w, _, _ in found],
                                          [(s, e) for _, s, e in found]))
            for position, (word, _, _) in enumerate(found):
                self.postings[word].append((segment, position))
        self.claims = list(claims)
        self.by_segment: dict[tuple[str, int], list[Claim]] = defaultdict(list)
        for claim in self.claims:
            self.by_segment[(claim.where, claim.index)].append(claim)
        # Each speaker's quotes as word ranges: (segment, first word, end word).
        self.quotes_of: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        index = {segment.key: n for n, segment in enumerate(self.segments)}
        for claim in self.claims:
            n = index.get((claim.where, claim.index))
            if claim.kind == "quote" and n is not None:
                first, end = self._word_range(n, claim.start, claim.end)
                self.quotes_of[claim.speaker or ""].append((n, first, end))
        self.all_quotes = [r for ranges in self.quotes_of.values() for r in ranges]

    def _word_range(self, segment: int, start: int, end: int) -> tuple[int, int]:
        spans = self.segments[segment].spans
        inside = [k for k, (s, e) in enumerate(spans) if s >= start and e <= end]
        return (inside[0], inside[-1] + 1) if inside else (0, 0)

    def check(self, quoted: str, speaker: str | None = None) -> QuoteCheck:
        """Exact, altered or absent: `quoted` against `speaker`'s quotes, then the article."""
        parts = [[w for w, _, _ in words(part)] for part in ELLIPSIS.split(quoted)]
        parts = [part for part in parts if part]
        if not parts:
            return QuoteCheck("absent")
        scopes: list[list[tuple[int, int, int]] | None] = []
        if speaker and self.quotes_of.get(speaker):
            scopes.append(self.quotes_of[speaker])
        scopes.append(None)
        # Exact words are looked for in the article's quotes before anywhere else, so the
        # claim named is the quote (a scare quote's word may also stand outside it).
        for scope in [*scopes[:-1], self.all_quotes, None]:
            exact = self._exact(parts, scope)
            if exact is not None:
                return self._result("exact", exact, [w for part in parts for w in part])
        flat = [w for part in parts for w in part][:MAX_QUOTE_WORDS]
        for scope in scopes:
            close = self._closest(flat, scope)
            if close is not None:
                return self._result("altered", close, flat)
        return QuoteCheck("absent")

    # -- exact --------------------------------------------------------------------------

    def _occurrences(self, part: Sequence[str],
                     scope: list[tuple[int, int, int]] | None) -> list[Position]:
        """Where the words of `part` stand in order (the first word's position)."""
        anchor = min(range(len(part)), key=lambda k: len(self.postings.get(part[k], ())))
        found: list[Position] = []
        for segment, position in self.postings.get(part[anchor], ()):
            start = position - anchor
            if start < 0 or not _in_scope(scope, segment, start, start + len(part)):
                continue
            if self.segments[segment].folded[start:start + len(part)] == list(part):
                found.append((segment, start))
        return found

    def _exact(self, parts: list[list[str]],
               scope: list[tuple[int, int, int]] | None) -> _Match | None:
        first = self._occurrences(parts[0], scope)
        for segment, start in first:
            end = start + len(parts[0])
            for part in parts[1:]:
                later = [p for s, p in self._occurrences(part, scope)
                         if s == segment and end <= p <= end + ELLIPSIS_GAP]
                if not later:
                    break
                end = later[0] + len(part)
            else:
                return _Match(segment, start, end, 1.0)
        return None

    # -- altered ------------------------------------------------------------------------

    def _closest(self, quoted: list[str],
                 scope: list[tuple[int, int, int]] | None) -> _Match | None:
        """The best close variant of `quoted` in the article, if close enough."""
        n = len(quoted)
        order = sorted({w for w in quoted if w in self.postings},
                       key=lambda w: (len(self.postings[w]), w))
        # The rarest content words, and the rarest others: a changed word may be the only
        # content word the article also has, elsewhere.
        anchors = [w for w in order if is_content(w)][:ANCHORS]
        anchors += [w for w in order if not is_content(w)][:OTHER_ANCHORS]
        candidates: dict[Position, None] = {}
        for word in anchors:
            offsets = [k for k, w in enumerate(quoted) if w == word]
            for segment, position in self.postings[word][:POSTINGS_PER_ANCHOR]:
                for k in offsets[:3]:
                    candidates.setdefault((segment, position - k), None)
        slack = max(3, n // 2)
        best: _Match | None = None
        for segment, start in candidates:
            folded = self.segments[segment].folded
            lo = max(0, start - slack)
            hi = min(len(folded), start + n + slack)
            if not _in_scope(scope, segment, lo, hi):
                continue
            window = folded[lo:hi]
            blocks = [b for b in SequenceMatcher(None, quoted, window, autojunk=False)
                      .get_matching_blocks() if b.size]
            if not blocks:
                continue
            matched = sum(b.size for b in blocks)
            shared = sum(1 for b in blocks for w in quoted[b.a:b.a + b.size] if _weighty(w))
            first, last = lo + blocks[0].b, lo + blocks[-1].b + blocks[-1].size
            similarity = 2.0 * matched / (n + last - first)
            if matched < MIN_MATCHED or shared < min(MIN_SHARED_WEIGHTY, n):
                continue
            if best is None or similarity > best.similarity:
                # Words swapped at either end belong to the article's words shown.
                lead = min(blocks[0].a, first, EDGE_WORDS)
                tail = min(n - blocks[-1].a - blocks[-1].size, len(folded) - last, EDGE_WORDS)
                best = _Match(segment, first - lead, last + tail, similarity)
        if best is None or best.similarity < ALTERED_SIMILARITY:
            return None
        return best

    # -- the result ---------------------------------------------------------------------

    def _result(self, found: Found, match: _Match, quoted: list[str]) -> QuoteCheck:
        segment = self.segments[match.segment]
        start = segment.spans[match.start][0]
        end = segment.spans[match.end - 1][1]
        article_words = segment.folded[match.start:match.end]
        surface = [segment.text[s:e] for s, e in segment.spans[match.start:match.end]]
        changes: tuple[Change, ...] = ()
        if found == "altered":
            changes = _changes(article_words, surface, quoted)
        return QuoteCheck(found, self._claim_at(segment.key, start, end),
                          segment.text[start:end], changes)

    def _claim_at(self, key: tuple[str, int], start: int, end: int) -> str | None:
        """The claim holding these words: a quote first, else a reported sentence."""
        holding = [c for c in self.by_segment.get(key, ()) if c.start < end and start < c.end]
        holding.sort(key=lambda c: (c.kind != "quote", c.end - c.start))
        return holding[0].id if holding else None


def _weighty(word: str) -> bool:
    """A word that is more than glue: a content word, or any word of four letters or more."""
    return len(word) >= 4 or is_content(word)


def _in_scope(scope: list[tuple[int, int, int]] | None, segment: int, lo: int,
              hi: int) -> bool:
    """Whether words lo..hi of a segment overlap the scope (None: the whole article)."""
    if scope is None:
        return True
    return any(s == segment and lo < end and first < hi for s, first, end in scope)


def _changes(article: list[str], surface: list[str], quoted: list[str]) -> tuple[Change, ...]:
    """Word by word, from the article's words to the comment's (the article's own spelling
    for its words, the comment's folded words for the rest)."""
    changes: list[Change] = []
    for tag, a0, a1, b0, b1 in SequenceMatcher(None, article, quoted,
                                               autojunk=False).get_opcodes():
        if tag == "equal":
            changes += [("=", word) for word in surface[a0:a1]]
            continue
        changes += [("-", word) for word in surface[a0:a1]]
        changes += [("+", word) for word in quoted[b0:b1]]
    return tuple(changes)
