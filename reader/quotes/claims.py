"""The article's claims: every quote, and every sentence that reports what someone said.

SPEC section 5. A claim is either a quote (what `attribute_quotes` finds, with its speaker)
or a sentence that reports speech without quotation marks: `Kirby said Iran had put trainers
in Crimea`, `According to the ministry, ...`, `..., sources said.` Such a sentence's speaker
comes from the same resolver the quotes use (reader.quotes.speakers), read in article order
so that `he said` points back to the right person. A sentence that holds a direct quote is
left to the quote (its reporting clause is not a second claim); one with a partial quote
(`Kirby said Iranian personnel 'on the ground' assisted ...`) is both.

Claims come in article order (headline, body, captions; then by offset) with ids `c0`,
`c1`, ... in that order, so the same article always gives the same ids.

What a claim is loads with the app (its panes name claims); finding them (reader.quotes.
attribution, reader.quotes.reported) loads with the first analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from msgspec import Struct

from reader.model import Article, Quote, QuoteWhere

__all__ = ["CLAIMS_REVISION", "MAX_LINKS", "Claim", "ClaimKind", "find_claims"]

# Bump when which claims are found, or their ids, could change (it is in analysers' versions).
CLAIMS_REVISION = "1"
MAX_LINKS = 3  # claims a comment is linked to, at most (reader.quotes.claim_index)

ClaimKind = Literal["quote", "reported"]


class Claim(Struct, frozen=True, gc=False):
    """A quote or a reported sentence, with who made it (SPEC section 5 `claims`).

    `start`/`end` are offsets into the headline, paragraph `index` or caption `index`: of
    the quoted words (without marks) for a quote, of the sentence for a reported claim.
    """

    id: str
    where: QuoteWhere
    index: int
    start: int
    end: int
    text: str
    speaker: str | None
    kind: ClaimKind


def find_claims(article: Article, quotes: Sequence[Quote] | None = None) -> list[Claim]:
    """Every claim of the article in article order, each with its id (`c0`, `c1`, ...).

    `quotes` are the article's quotes when already found (`attribute_quotes(article)`).
    """
    from reader.quotes.reported import reported_claims  # the finder: only an analysis needs it

    if quotes is None:
        from reader.quotes.attribution import attribute_quotes

        quotes = attribute_quotes(article)
    rank = {"headline": 0, "body": 1, "caption": 2}
    found: list[tuple[tuple[int, int, int, int], QuoteWhere, int, int, int, str, str | None,
                      ClaimKind]] = []
    for quote in quotes:
        found.append(((rank[quote.where], quote.index, quote.start, 0), quote.where,
                      quote.index, quote.start, quote.end, quote.text, quote.speaker, "quote"))
    direct: set[tuple[str, int, int]] = {
        (q.where, q.index, q.start) for q in quotes if q.kind == "direct"}
    for where, index, start, end, text, speaker in reported_claims(article, direct):
        found.append(((rank[where], index, start, 1), where, index, start, end, text, speaker,
                      "reported"))
    found.sort(key=lambda row: row[0])
    return [
        Claim(f"c{n}", where, index, start, end, text, speaker, kind)
        for n, (_, where, index, start, end, text, speaker, kind) in enumerate(found)
    ]
