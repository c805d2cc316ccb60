"""An analysis (and any triage decisions) as the JSON object SPEC section 2 fixes.

The JSON is also an input format (reader.formats.reader_json reads it back), so every field
the parser needs to rebuild the article is here under the same name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import msgspec

from reader.analysers import Analyser, registered
from reader.analysers.article_claims import claims_of
from reader.export.notes import note_of
from reader.model import (
    OUTPUT_SCHEMA_VERSION,
    Analysis,
    Article,
    Comment,
    CommentAnalysis,
    Quote,
    TriageRecord,
)

# Per analyser: its name, its fields before it ran (all None), and the function giving them.
FieldPlan = list[tuple[str, tuple[None, ...], Callable[[Any], tuple[Any, ...]]]]
COMMENT_FIELDS = (
    "id", "author", "age", "text", "likes",
    "parent", "depth", "source_id", "posted", "status", "replies_not_saved",
)  # fmt: skip


def field_plan(analysers: Sequence[Analyser[Any]]) -> FieldPlan:
    """Each analyser's JSON fields, in registry order."""
    return [
        (a.name, (None,) * len(a.facets.json.names), a.facets.json.values)
        for a in analysers
        if a.facets.json
    ]


def field_names(analysers: Sequence[Analyser[Any]]) -> tuple[str, ...]:
    """The fields of each comment: its own, then each analyser's in registry order."""
    return COMMENT_FIELDS + tuple(n for a in analysers if a.facets.json for n in a.facets.json.names)


def _values(comment: Comment, result: CommentAnalysis | None, plan: FieldPlan) -> list[Any]:
    """The values of `field_names`, in order (None for an analyser that has not run)."""
    values = [
        comment.id, comment.author, comment.age, comment.text, comment.likes,
        comment.parent, comment.depth, comment.source_id, comment.posted, comment.status,
        comment.replies_not_saved,
    ]  # fmt: skip
    results = result.results if result is not None else {}
    for name, empty, values_of in plan:
        values += values_of(results[name]) if name in results else empty
    return values


def claims_to_list(article: Article) -> list[dict[str, Any]]:
    """SPEC section 5 `claims`: numbered as the `about` and `quoted` fields name them."""
    return [
        {
            "id": claim.id,
            "where": claim.where,
            "index": claim.index,
            "start": claim.start,
            "end": claim.end,
            "text": claim.text,
            "speaker": claim.speaker,
            "kind": claim.kind,
        }
        for claim in claims_of(article)
    ]


def comment_row(
    comment: Comment,
    result: CommentAnalysis | None,
    names: tuple[str, ...],
    plan: FieldPlan,
    records: Mapping[str, TriageRecord] | None = None,
) -> dict[str, Any]:
    """One comment's object; with `records`, also its `decision` and `note`."""
    row = dict(zip(names, _values(comment, result, plan)))
    if records is not None:
        record = records.get(comment.id)
        decision = record.decision if record is not None else None
        row["decision"] = decision.value if decision is not None else None
        row["note"] = note_of(record)
    return row


def article_fields(article: Article, quotes: Sequence[Quote]) -> dict[str, Any]:
    """The SPEC section 2 fields before `comments` (the article, its quotes and claims)."""
    return {
        "schema": OUTPUT_SCHEMA_VERSION,
        "headline": article.headline,
        "byline": article.byline,
        "authors": list(article.authors),
        "outlet": article.outlet,
        "published": article.published,
        "paragraphs": list(article.paragraphs),
        "images": [
            {"url": image.url, "caption": image.caption, "after_paragraph": image.after_paragraph}
            for image in article.images
        ],
        "comment_count": article.comment_count,
        "url": article.url,
        "source": article.source,
        "replies_not_saved": article.replies_not_saved,
        "quotes": [
            {
                "where": quote.where,
                "index": quote.index,
                "start": quote.start,
                "end": quote.end,
                "text": quote.text,
                "speaker": quote.speaker,
                "kind": quote.kind,
            }
            for quote in quotes
        ],
        "claims": claims_to_list(article),
    }


def analysis_to_dict(
    analysis: Analysis,
    records: Mapping[str, TriageRecord] | None = None,
    analysers: Sequence[Analyser[Any]] | None = None,
) -> dict[str, Any]:
    """The SPEC section 2 object; with `records`, each comment also gets `decision` and `note`.

    `reader analyze` writes the same text without building it (reader.export.stream)."""
    analysers = registered() if analysers is None else analysers
    plan, names = field_plan(analysers), field_names(analysers)
    article = analysis.article
    result = article_fields(article, analysis.quotes)
    result["comments"] = [
        comment_row(comment, analysis.comments.get(comment.id), names, plan, records)
        for comment in article.comments
    ]
    if article.warnings:
        result["warnings"] = list(article.warnings)
    return result


def export_json(analysis: Analysis, records: Mapping[str, TriageRecord] | None = None) -> str:
    """`analysis_to_dict` as the indented UTF-8 JSON text a person opens (app export)."""
    return json_document(analysis_to_dict(analysis, records)) + "\n"


# The JSON text is made by msgspec, 4-10x faster than the json module, and byte for byte what
# `json.dumps(data, ensure_ascii=False, indent=2)` (or without indent, on one line) gives for
# every value Reader writes (tests/test_json_text.py). The two differ only on floats below 1e-4
# or from 1e16 up (exponent form: 1e-05 / 0.00001) and NaN (NaN / null), which the analysers
# never give (scores are rounded to 4 decimals), and on a lone surrogate, which msgspec
# refuses: only a file name can hold one, and then the json module writes the text as before.
_ENCODER = msgspec.json.Encoder()


def json_document(data: Any) -> str:
    """`data` as indented JSON: `json.dumps(data, ensure_ascii=False, indent=2)`."""
    try:
        return msgspec.json.format(_ENCODER.encode(data), indent=2).decode()
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=False, indent=2)


def json_line(data: Any) -> str:
    """`data` as JSON on one line (JSON Lines): `json.dumps(data, ensure_ascii=False)`."""
    try:
        return msgspec.json.format(_ENCODER.encode(data), indent=0).decode()
    except UnicodeEncodeError:
        return json.dumps(data, ensure_ascii=False)
