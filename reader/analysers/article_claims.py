"""The article as the claim analysers see it, and its claims, worked out once per article.

`about` and `quoted` read the whole article text (headline, paragraphs, captions): that is
what `article_seen` gives, so it is also what their cache key holds. From it,
`claims_of_seen` rebuilds the article's text, finds its claims (reader.quotes.claims) and
indexes them for links and misquotes, once per article in each process (a small LRU cache
keyed by the seen strings), so ten thousand comments share one index. The quote code
(reader.quotes: finding claims, indexing them, names) is imported when first used, not with
the analysers the app's first frame lists as columns.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from msgspec import Struct

from reader.analysers.base import AnalysisContext, Seen
from reader.model import Article, Image
from reader.quotes.claims import CLAIMS_REVISION, Claim, find_claims

if TYPE_CHECKING:  # the claim finder and its indexes load with the first analysis
    from reader.quotes.claim_index import ClaimIndex
    from reader.quotes.quote_check import ArticleWords

# The first seen string names the layout (and the claims' revision, so a cached link never
# names a claim by an id an older claim finder gave).
SEEN_TAG = f"article-text-{CLAIMS_REVISION}"
SNIPPET_CHARS = 80  # of a claim's text kept in a comment's result, for the table and detail


class ArticleClaims(Struct, frozen=True):
    """An article's claims, with the index of links and the index of its words."""

    claims: tuple[Claim, ...]
    by_id: dict[str, Claim]
    index: ClaimIndex
    words: ArticleWords


def article_seen(context: AnalysisContext | None) -> Seen:
    """`sees`: the tag, the headline, the paragraph count, the paragraphs, the captions."""
    if context is None:
        return ()
    article = context.article
    return (SEEN_TAG, article.headline, str(len(article.paragraphs)), *article.paragraphs,
            *(image.caption for image in article.images))


def article_from_seen(seen: Seen) -> Article | None:
    """The article's text back from `article_seen` (None for no context or another layout)."""
    if len(seen) < 3 or seen[0] != SEEN_TAG or not seen[2].isdigit():
        return None
    count = int(seen[2])
    paragraphs = tuple(seen[3:3 + count])
    captions = seen[3 + count:]
    images = tuple(Image("", caption, len(paragraphs) - 1) for caption in captions)
    return Article(headline=seen[1], paragraphs=paragraphs, images=images)


@lru_cache(maxsize=4)
def claims_of_seen(seen: Seen) -> ArticleClaims | None:
    """The claims of the article `seen` holds, indexed (once per article per process)."""
    from reader.quotes.claim_index import ClaimIndex
    from reader.quotes.quote_check import ArticleWords

    article = article_from_seen(seen)
    if article is None:
        return None
    claims = tuple(find_claims(article))
    return ArticleClaims(claims, {c.id: c for c in claims}, ClaimIndex(article, claims),
                         ArticleWords(article, claims))


def snippet(text: str) -> str:
    """A claim's text on one line, cut to SNIPPET_CHARS with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[: SNIPPET_CHARS - 1] + "…"


def short_name(speaker: str | None) -> str | None:
    """How a person is named again after the first time: the last word (`Kirby`); an
    organisation's name stays whole (`White House`)."""
    if not speaker:
        return None
    from reader.quotes.names import parse_name  # the name grammar: loaded once a name is shown

    parsed = parse_name(speaker)
    if parsed is not None and parsed[1] == "person" and " " in speaker:
        return speaker.split()[-1]
    return speaker


def claims_of(article: Article) -> tuple[Claim, ...]:
    """The article's claims exactly as the analysers number them."""
    found = claims_of_seen(article_seen(AnalysisContext(article)))
    return found.claims if found is not None else ()
