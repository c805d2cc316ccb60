"""Which of the article's claims a comment addresses (SPEC section 5 `about`).

A weighted overlap of content words (reader.quotes.wording.terms), weighted by how rare each
is in the article itself (an inverse document frequency over the article's sentences, so
`Crimea` in a story about Crimea weighs little and `trainers` much). A claim's words are
those of its sentence (for a quote, the sentences it stands in) plus its speaker's name as a
comment would write it (`Kirby` for John Kirby; an organisation by its full name); `he` or
`she` never count. Comment words the article never uses carry no weight either way.

A claim's score is the geometric mean of how much of the claim the comment covers and how
much of the comment's article words the claim takes up, both weighted. A link needs a score
of at least MIN_SCORE, at least MIN_SHARED shared words, and a shared weight of at least
MIN_WEIGHT (rare words, or several common ones): a comment about the story in general shares
only its common words with every claim and links to none.

Scare quotes (one or two unattributed words) are claims of the article but nobody's claim:
no comment links to them.

Negation-aware: negations are no content, so `Iran was not on the ground` links to the claim
that it was; the link then says the comment negates words the claim asserts (`negated`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reader.model import Article
from reader.quotes.claims import MAX_LINKS, Claim
from reader.quotes.marks import find_spans, mask_quotes, sentence_starts
from reader.quotes.names import parse_name
from reader.quotes.wording import (
    is_content,
    negated_of,
    negated_terms,
    stem,
    term_list,
    terms,
    words,
)

__all__ = ["MAX_LINKS", "MIN_SCORE", "MIN_SHARED", "MIN_WEIGHT", "SECOND_LINK_SHARE", "ClaimIndex",
           "ClaimLink"]  # MAX_LINKS is defined with the claim (reader.quotes.claims)

# Tuned on benchmarks/claims_eval.py (paraphrases of one claim vs comments on the story).
MIN_SCORE = 0.25
MIN_SHARED = 2
MIN_WEIGHT = 4.5
SECOND_LINK_SHARE = 0.6  # a second or third link must score at least this share of the best


@dataclass(frozen=True)
class ClaimLink:
    """A claim a comment addresses, its score in [0, 1], and whether the comment negates it."""

    claim: str
    score: float
    negated: bool


@dataclass
class _ClaimTerms:
    claim: Claim
    weights: dict[str, float]
    total: float
    negated: frozenset[str]  # the claim's own negated words (`was not selling`)


def speaker_aliases(name: str, lower_words: set[str], text: str = "") -> list[str]:
    """How a comment names a speaker: the full name, and the last word of a person's
    (`Kirby`) when the name is a person's or the article itself names them so (`Whitlock
    said`), unless the article also uses that word in lower case; never `he` or `she`."""
    full = " ".join(w for w, _, _ in words(name))
    parts = full.split()
    aliases = [full] if full else []
    if len(parts) < 2 or len(parts[-1]) < 3 or parts[-1] in lower_words:
        return aliases
    parsed = parse_name(name)
    last = name.split()[-1]
    if (parsed is not None and parsed[1] == "person") or _named_alone(text, name, last):
        aliases.append(parts[-1])
    return aliases


def _named_alone(text: str, name: str, last: str) -> bool:
    """Whether `text` uses the last word of `name` without the words before it."""
    return text.count(last) > text.count(name)


class ClaimIndex:
    """The article's claims, ready to be matched against comments (built once per article)."""

    def __init__(self, article: Article, claims: Sequence[Claim]) -> None:
        segments = {("headline", 0): article.headline}
        segments |= {("body", i): p for i, p in enumerate(article.paragraphs)}
        segments |= {("caption", j): image.caption for j, image in enumerate(article.images)}
        sentences = {key: _sentences(text) for key, text in segments.items()}
        documents = [set(terms(text[lo:hi])) for key, text in segments.items()
                     for lo, hi in sentences[key]]
        frequency: Counter[str] = Counter(t for doc in documents for t in doc)
        count = max(len(documents), 1)
        self.idf = {t: math.log(1.0 + count / df) for t, df in frequency.items()}
        lower = {w for text in segments.values() for w, _, _ in words(text)
                 if w.islower() and w.isalpha()}
        lower_text = {w for text in segments.values() for w in text.split() if w.islower()}
        whole = "\n".join(segments.values())
        self.aliases: dict[str, str] = {}  # how a comment names a speaker -> the speaker
        self.claims: list[_ClaimTerms] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        for claim in claims:
            if claim.kind == "quote" and claim.speaker is None and len(claim.text.split()) <= 2:
                continue  # a scare quote (`a 'killer' drone`) is no claim anyone made
            text = segments.get((claim.where, claim.index), "")
            lo, hi = _around(sentences.get((claim.where, claim.index), []), claim.start,
                             claim.end)
            context = text[lo:hi] if hi > lo else claim.text
            found = set(terms(context))
            if claim.speaker:
                aliases = speaker_aliases(claim.speaker, lower & lower_text, whole)
                for alias in aliases:
                    self.aliases.setdefault(alias, claim.speaker)
                if aliases:  # the surname of a person, the whole name of anyone else
                    found.update(stem(w) for w in aliases[-1].split() if is_content(w))
            weights = {t: self.idf.get(t, math.log(1.0 + count)) for t in found}
            self.claims.append(_ClaimTerms(claim, weights, sum(weights.values()),
                                           frozenset(negated_terms(context))))
            for term in weights:
                self.postings[term].append(len(self.claims) - 1)

    def links(self, text: str) -> list[ClaimLink]:
        """The claims `text` addresses, best first (at most MAX_LINKS)."""
        mapped = term_list(text)  # each word read once; its negations only if it links
        idf = self.idf
        # The comment's article words: the set `{t for t in terms if t in idf}` built, in C,
        # by adding the same words in the same order (so it iterates, and sums, the same).
        comment_terms = idf.keys() & mapped
        if len(comment_terms) < MIN_SHARED:
            return []
        shared: dict[int, list[str]] = defaultdict(list)
        postings = self.postings
        for term in comment_terms:
            for k in postings.get(term, ()):
                shared[k].append(term)
        comment_weight = -1.0  # summed when a claim first shares enough with the comment
        scored: list[tuple[float, int]] = []
        for k, common in shared.items():
            if len(common) < MIN_SHARED:
                continue
            entry = self.claims[k]
            weight = sum(map(entry.weights.__getitem__, common))
            if weight < MIN_WEIGHT:
                continue
            if comment_weight < 0.0:
                comment_weight = sum(map(idf.__getitem__, comment_terms))
            score = math.sqrt((weight / entry.total) * min(1.0, weight / comment_weight))
            if score >= MIN_SCORE:
                scored.append((score, k))
        if not scored:
            return []
        scored.sort(key=lambda pair: (-pair[0], pair[1]))
        return self._best(scored, negated_of(mapped))

    def _best(self, scored: list[tuple[float, int]], negated: set[str]) -> list[ClaimLink]:
        """The top links, dropping one that overlaps a better one (a partial quote inside a
        reported sentence is one claim to a reader) and one far below the best. `negated`:
        the comment's negated terms."""
        chosen: list[ClaimLink] = []
        spans: list[Claim] = []
        for score, k in scored:
            entry = self.claims[k]
            claim = entry.claim
            if chosen and score < SECOND_LINK_SHARE * chosen[0].score:
                break
            if any(_overlap(claim, other) for other in spans):
                continue
            denies = bool((negated - entry.negated) & entry.weights.keys())
            chosen.append(ClaimLink(claim.id, round(min(score, 1.0), 4), denies))
            spans.append(claim)
            if len(chosen) == MAX_LINKS:
                break
        return chosen


def _overlap(a: Claim, b: Claim) -> bool:
    return a.where == b.where and a.index == b.index and a.start < b.end and b.start < a.end


def _sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of a segment as (start, end), quotes masked so their stops count."""
    masked = mask_quotes(text, find_spans(text))
    starts = sentence_starts(masked)
    return [(lo, starts[k + 1] if k + 1 < len(starts) else len(text))
            for k, lo in enumerate(starts)]


def _around(sentences: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """From the start of the sentence holding `start` to the end of the one holding `end`."""
    inside = [(lo, hi) for lo, hi in sentences if lo < max(end, start + 1) and hi > start]
    if not inside:
        return start, end
    return inside[0][0], inside[-1][1]
