"""Does a comment quote the article right? (SPEC section 5 `quoted`.)

The `QUOTED` analyser finds each stretch a comment puts in quotation marks or on a Reddit
`>` line (reader.quotes.comment_quotes) and checks it against the whole article
(reader.quotes.quote_check): `exact`, `altered` (with the article's words and the word-by-word
difference) or `absent`; words the comment credits to a speaker are checked against that
speaker's quotes first.

Two kinds of stretch are left out, as they are not quotations of the article:
- scare quotes: one or two words the article does not have (`so-called "experts"`); one or
  two words it does have are kept, as `exact`;
- words quoted from the comment replied to (a Reddit `>` line usually quotes the parent):
  the analyser reads the parent's text (`reads_replies`), and a stretch found there is not
  checked against the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from reader.analysers.article_claims import ArticleClaims, article_seen, claims_of_seen
from reader.analysers.base import AnalyserBase, AnalysisContext, Earlier, Seen, replies_of
from reader.analysers.facets import (
    NONE,
    Column,
    CsvColumns,
    Facets,
    FilterField,
    JsonFields,
    Styled,
    SummaryCounts,
    detail_label,
)
from reader.quotes.wording import words

if TYPE_CHECKING:  # the quote finder and checker load with the first analysis
    from reader.quotes.quote_check import Found

_CODE_REVISION = "1"
FOUND: tuple[Found, ...] = ("exact", "altered", "absent")
_WORST_FIRST: tuple[Found, ...] = ("altered", "absent", "exact")
Change = tuple[str, str]


class QuotedStretch(Struct, frozen=True, gc=False):
    """A stretch a comment quotes and what the article has of it (offsets into the comment)."""

    text: str
    start: int
    end: int
    found: Found
    claim: str | None  # the claim the article's words belong to
    article_text: str | None  # the article's words, for exact and altered
    changes: tuple[Change, ...] = ()  # altered: ("=", w) kept, ("-", w) dropped, ("+", w) added
    speaker: str | None = None  # the speaker the comment credits these words to


Quoted = tuple[QuotedStretch, ...]


def _folded(text: str) -> str:
    return " " + " ".join(w for w, _, _ in words(text)) + " "


def check_quotes(claims: ArticleClaims, text: str, parent: str | None) -> Quoted:
    """Every stretch of one comment, checked (scare quotes and the parent's words left out)."""
    from reader.quotes.comment_quotes import has_quotes, quoted_stretches

    if not has_quotes(text):
        return ()
    found: list[QuotedStretch] = []
    parent_words: str | None = None  # folded when a stretch is first compared with it
    for stretch in quoted_stretches(text, claims.index.aliases):
        if parent_words is None:
            parent_words = _folded(parent) if parent else ""
        if parent_words and _folded(stretch.text) in parent_words:
            continue
        check = claims.words.check(stretch.text, stretch.speaker)
        if stretch.short and check.found != "exact":
            continue
        found.append(QuotedStretch(stretch.text, stretch.start, stretch.end, check.found,
                                   check.claim, check.article_text, check.changes,
                                   stretch.speaker))
    return tuple(found)


def worst(result: Quoted) -> str:
    """The filter value: altered, else absent, else exact, else none."""
    kinds = {stretch.found for stretch in result}
    return next((kind for kind in _WORST_FIRST if kind in kinds), NONE)


def misquotes(result: Quoted) -> list[QuotedStretch]:
    return [stretch for stretch in result if stretch.found != "exact"]


# -- facets ------------------------------------------------------------------------------------

_STYLES = {"altered": "$warning", "absent": "$error", "exact": "$success", NONE: "$text-muted"}


_MARKS = {"altered": "≠", "absent": "✗", "exact": "✓", NONE: "–"}


def _cell(result: Quoted) -> Styled:
    """One mark: ≠ altered, ✗ absent, ✓ exact (the filter and detail say it in words)."""
    value = worst(result)
    return (_MARKS[value], _STYLES[value])


def change_parts(changes: Sequence[Change]) -> list[Styled]:
    """The word-by-word difference: the article's dropped words struck through in red,
    the comment's own words in bold yellow."""
    parts: list[Styled] = []
    for op, word in changes:
        style = {"-": "strike $error", "+": "bold $warning"}.get(op, "")
        parts.append((f"{word} ", style))
    return parts


def _detail(result: Quoted) -> list[Styled]:
    lines: list[Styled] = []
    for stretch in result:
        credited = f" ({stretch.speaker})" if stretch.speaker else ""
        if stretch.found == "exact":
            lines += [detail_label("Quoted"), (f"'{stretch.text}'", ""),
                      (f"{credited}: the article's words\n", "$text-muted")]
        elif stretch.found == "absent":
            lines += [detail_label("Misquote"), (f"'{stretch.text}'", "$error"),
                      (f"{credited}: not in the article\n", "$text-muted")]
        else:
            lines += [
                detail_label("Misquote"), ("article says ", "$text-muted"),
                (f"'{stretch.article_text}'\n", ""),
                detail_label(""), ("comment says ", "$text-muted"),
                (f"'{stretch.text}'{credited}\n", "$warning"),
                detail_label(""), *change_parts(stretch.changes), ("\n", ""),
            ]
    return lines


def _json(result: Quoted) -> tuple[list[dict[str, Any]]]:
    return ([
        {"text": s.text, "start": s.start, "end": s.end, "found": s.found, "claim": s.claim,
         "article_text": s.article_text}
        for s in result
    ],)


def _csv(result: Quoted) -> tuple[str]:
    value = worst(result)
    return ("" if value == NONE else value,)


def _text_label(result: Quoted) -> str | None:
    wrong = misquotes(result)
    if not wrong:
        return None
    return "misquote: " + ", ".join(sorted({s.found for s in wrong}))


def _text_counts(results: Sequence[Quoted]) -> str:
    counts = dict.fromkeys(FOUND, 0)
    for result in results:
        for stretch in result:
            counts[stretch.found] += 1
    return "quoted stretches: " + ", ".join(f"{kind} {n}" for kind, n in counts.items())


# -- the analyser ------------------------------------------------------------------------------


class QuotedAnalyser(AnalyserBase[Quoted]):
    """Each quoted stretch of a comment, checked against the article."""

    name = "quoted"
    version = f"quoted-{_CODE_REVISION}"
    needs: tuple[str, ...] = ()
    reads_replies = True
    facets: Facets[Quoted] = Facets(
        columns=(Column("Q", 1, _cell),),
        filters=(FilterField("misquote", worst, (*_WORST_FIRST, NONE)),),
        detail=_detail,
        summary=(SummaryCounts("misquote", "Quoted", lambda v: _STYLES.get(v, "")),),
        json=JsonFields(("quoted",), _json),
        csv=CsvColumns(("misquote",), _csv, own=True),
        text_label=_text_label,
        text_counts=_text_counts,
        rank=5,
    )

    def sees(self, context: AnalysisContext | None) -> Seen:
        return article_seen(context)

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[Quoted]:
        claims = claims_of_seen(seen)
        if claims is None:
            return [() for _ in texts]
        return [check_quotes(claims, text, replies_of(text)[0]) for text in texts]

    def encode(self, result: Quoted) -> Any:
        return [
            [s.text, s.start, s.end, s.found, s.claim, s.article_text,
             [list(change) for change in s.changes], s.speaker]
            for s in result
        ]

    def decode(self, value: Any) -> Quoted:
        if type(value) is not list:
            raise ValueError("bad quoted")
        return tuple(_decode_stretch(item) for item in value)


def _optional_str(value: object) -> bool:
    return value is None or type(value) is str


def _decode_stretch(item: Any) -> QuotedStretch:
    if type(item) is not list or len(item) != 8:
        raise ValueError("bad quoted stretch")
    text, start, end, found, claim, article_text, changes, speaker = item
    if (type(text) is not str or type(start) is not int or type(end) is not int
            or found not in FOUND or not _optional_str(claim) or not _optional_str(article_text)
            or not _optional_str(speaker) or type(changes) is not list):
        raise ValueError("bad quoted stretch")
    pairs: list[Change] = []
    for change in changes:
        if (type(change) is not list or len(change) != 2 or change[0] not in ("=", "-", "+")
                or type(change[1]) is not str):
            raise ValueError("bad quoted change")
        pairs.append((change[0], change[1]))
    return QuotedStretch(text, start, end, found, claim, article_text, tuple(pairs), speaker)


QUOTED = QuotedAnalyser()
