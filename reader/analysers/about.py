"""Which of the article's claims a comment is about (SPEC section 5 `about`).

The `ABOUT` analyser reads the whole article (reader.analysers.article_claims), finds its
claims once, and links each comment to the claims it addresses, best first, at most three,
each with a score in [0, 1] (reader.quotes.claim_index says how). A comment about the story
in general links to none. Each link keeps the claim's speaker and the start of its text, so
the table and the detail pane can show it without the article. A comment known to be in a
language other than English links to none (the words compared are English).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from msgspec import Struct

from reader.analysers.article_claims import (
    ArticleClaims,
    article_seen,
    claims_of_seen,
    short_name,
    snippet,
)
from reader.analysers.base import AnalyserBase, AnalysisContext, Earlier, Seen, number
from reader.analysers.facets import (
    NONE,
    CsvColumns,
    Facets,
    FilterField,
    JsonFields,
    Styled,
    SummaryCounts,
    detail_label,
)
from reader.analysers.language import LANGUAGE
from reader.quotes.claims import MAX_LINKS

# The words compared are English (stopwords, stems): a comment known to be in another
# language is linked to nothing rather than through the odd shared name or number.
READ_LANGUAGES = frozenset({"en"})
LINKED = "a claim"  # the filter value of a comment about at least one claim
_CODE_REVISION = "1"


class AboutLink(Struct, frozen=True, gc=False):
    """One claim a comment addresses: its id and score, whether the comment negates it, and
    the claim's speaker and text (its first SNIPPET_CHARS) for display."""

    claim: str
    score: float
    negated: bool
    speaker: str | None
    text: str


About = tuple[AboutLink, ...]  # best first; empty: about no claim in particular


def links_of(claims: ArticleClaims, text: str) -> About:
    """The links of one comment text."""
    found: list[AboutLink] = []
    for link in claims.index.links(text):
        claim = claims.by_id[link.claim]
        found.append(AboutLink(link.claim, link.score, link.negated, claim.speaker,
                               _snippet(claim.text)))
    return tuple(found)


# A thread links its comments to a few claims again and again: each claim's snippet is cut once.
_snippet = lru_cache(maxsize=256)(snippet)


def describe(link: AboutLink) -> str:
    """`Kirby, 'Iranian military personnel were on the ground…'`."""
    name = short_name(link.speaker)
    return f"{name}, '{link.text}'" if name else f"'{link.text}'"


# -- facets ------------------------------------------------------------------------------------


def about_cell(result: About) -> Styled:
    """A short cell for a table: the best claim's speaker (or id), `!` when it negates it."""
    if not result:
        return ("–", "$text-muted")
    best = result[0]
    name = short_name(best.speaker) or best.claim
    return (f"{name}{'!' if best.negated else ''}", "$accent")


def _value(result: About) -> str:
    return LINKED if result else NONE


def _detail(result: About) -> list[Styled]:
    if not result:
        return [detail_label("About"), ("no claim in particular\n", "$text-muted")]
    lines: list[Styled] = []
    for n, link in enumerate(result):
        lines += [
            detail_label("About" if n == 0 else ""),
            (describe(link), ""),
            (f" ({link.score:.2f}{', negates it' if link.negated else ''})\n", "$text-muted"),
        ]
    return lines


def _json(result: About) -> tuple[list[dict[str, Any]]]:
    return ([{"claim": link.claim, "score": link.score} for link in result],)


def _csv(result: About) -> tuple[str, str]:
    return (";".join(link.claim for link in result),
            ";".join(f"{link.score:.3f}" for link in result))


def _text_label(result: About) -> str | None:
    return f"about {describe(result[0])}" if result else None


def _text_counts(results: Sequence[About]) -> str:
    linked = sum(1 for result in results if result)
    return f"about a claim: {linked}, about none in particular: {len(results) - linked}"


# -- the analyser ------------------------------------------------------------------------------


class AboutAnalyser(AnalyserBase[About]):
    """The article's claims each comment addresses."""

    name = "about"
    version = f"about-{_CODE_REVISION}"
    needs: tuple[str, ...] = (LANGUAGE.name,)
    facets: Facets[About] = Facets(
        # No table column: beside the others it left the comment's text a few characters
        # at 160 columns; the detail pane and the filter show the link (`cell` is kept for a
        # claims view to use).
        filters=(FilterField("about", _value, (LINKED, NONE)),),
        detail=_detail,
        summary=(SummaryCounts("about", "About", lambda v: "$accent" if v == LINKED else
                               "$text-disabled"),),
        json=JsonFields(("about",), _json),
        csv=CsvColumns(("about", "about_score"), _csv, own=True),
        text_label=_text_label,
        text_counts=_text_counts,
        rank=4,
    )

    def sees(self, context: AnalysisContext | None) -> Seen:
        return article_seen(context)

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[About]:
        claims = claims_of_seen(seen)
        if claims is None or not claims.claims:
            return [() for _ in texts]
        languages = LANGUAGE.among(earlier)
        return [
            () if language is not None and language.code not in READ_LANGUAGES
            else links_of(claims, text)
            for text, language in zip(texts, languages)
        ]

    def encode(self, result: About) -> Any:
        return [[link.claim, link.score, link.negated, link.speaker, link.text]
                for link in result]

    def decode(self, value: Any) -> About:
        if type(value) is not list or len(value) > MAX_LINKS:
            raise ValueError("bad about")
        links: list[AboutLink] = []
        for item in value:
            if type(item) is not list or len(item) != 5:
                raise ValueError("bad about link")
            claim, score, negated, speaker, text = item
            if (type(claim) is not str or type(negated) is not bool or type(text) is not str
                    or not (speaker is None or type(speaker) is str)):
                raise ValueError("bad about link")
            links.append(AboutLink(claim, number(score), negated, speaker, text))
        return tuple(links)


ABOUT = AboutAnalyser()
