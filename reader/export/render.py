"""Turn an analysis (and any triage decisions) into the JSON, CSV and text that SPEC section 2 fixes.

The JSON is also an input format (the parser reads it back), so every field the parser needs
to rebuild the article is here under the same name.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any, TextIO

from reader.model import SCHEMA_VERSION, STANCE_LABELS, Analysis, CommentAnalysis, TriageRecord
from reader.text.clean import clean_text

CSV_COLUMNS = (
    "id",
    "author",
    "age",
    "likes",
    "language",
    "compound",
    "sentiment",
    "stance",
    "stance_score",
    "text",
)
CSV_DECISION_COLUMNS = ("decision", "note")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def _note(record: TriageRecord | None) -> str | None:
    """A note from the database is shown inertly too: another tool may have written it raw."""
    return clean_text(record.note) if record is not None and record.note is not None else None


def _comment_analysis_dict(result: CommentAnalysis | None) -> dict[str, Any]:
    if result is None:
        return {"language": None, "language_confidence": None, "sentiment": None, "stance": None}
    sentiment = result.sentiment
    return {
        "language": result.language,
        "language_confidence": result.language_confidence,
        "sentiment": None
        if sentiment is None
        else {
            "compound": sentiment.compound,
            "pos": sentiment.pos,
            "neu": sentiment.neu,
            "neg": sentiment.neg,
            "label": sentiment.label,
        },
        "stance": {
            "label": result.stance.label,
            "score": result.stance.score,
            "evidence": list(result.stance.evidence),
        },
    }


def analysis_to_dict(
    analysis: Analysis, records: Mapping[str, TriageRecord] | None = None
) -> dict[str, Any]:
    """The SPEC section 2 object; with `records`, each comment also gets `decision` and `note`."""
    article = analysis.article
    comments: list[dict[str, Any]] = []
    for comment in article.comments:
        row: dict[str, Any] = {
            "id": comment.id,
            "author": comment.author,
            "age": comment.age,
            "text": comment.text,
            "likes": comment.likes,
        }
        row.update(_comment_analysis_dict(analysis.comments.get(comment.id)))
        if records is not None:
            record = records.get(comment.id)
            decision = record.decision if record is not None else None
            row["decision"] = decision.value if decision is not None else None
            row["note"] = _note(record)
        comments.append(row)
    result: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
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
            for quote in analysis.quotes
        ],
        "comments": comments,
    }
    if article.warnings:
        result["warnings"] = list(article.warnings)
    return result


def spreadsheet_safe(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula, so it shows as text instead."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def csv_rows(
    analysis: Analysis, records: Mapping[str, TriageRecord] | None = None
) -> list[list[str]]:
    """One row per comment (header first); text from the file is made spreadsheet-safe.

    Our own numbers (a negative compound score) are left alone so they stay numbers.
    """
    header = list(CSV_COLUMNS) + (list(CSV_DECISION_COLUMNS) if records is not None else [])
    rows = [header]
    for comment in analysis.article.comments:
        result = analysis.comments.get(comment.id)
        sentiment = result.sentiment if result is not None else None
        cells = [
            spreadsheet_safe(comment.id),
            spreadsheet_safe(comment.author),
            spreadsheet_safe(comment.age),
            str(comment.likes),
            (result.language or "") if result is not None else "",
            f"{sentiment.compound:.4f}" if sentiment is not None else "",
            sentiment.label if sentiment is not None else "",
            result.stance.label if result is not None else "",
            f"{result.stance.score:.3f}" if result is not None else "",
            spreadsheet_safe(comment.text),
        ]
        if records is not None:
            record = records.get(comment.id)
            decision = record.decision if record is not None else None
            cells.append(decision.value if decision is not None else "")
            cells.append(spreadsheet_safe(_note(record) or ""))
        rows.append(cells)
    return rows


def write_csv(
    analysis: Analysis, out: TextIO, records: Mapping[str, TriageRecord] | None = None
) -> None:
    """Write `csv_rows` to `out` (open it with newline="" when it is a file)."""
    csv.writer(out).writerows(csv_rows(analysis, records))


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def render_text(analysis: Analysis, records: Mapping[str, TriageRecord] | None = None) -> str:
    """A readable summary for a person: headline, counts, quotes by speaker, labelled comments."""
    article = analysis.article
    lines = [article.headline, "=" * min(len(article.headline), 78)]
    if article.byline:
        lines.append(f"By {article.byline}")
    if article.published:
        lines.append(article.published)
    saved = len(article.comments)
    reported = article.comment_count
    lines.append("")
    lines.append(
        f"{len(article.paragraphs)} paragraphs, {len(article.images)} images, "
        f"{len(analysis.quotes)} quotes, {saved} comments saved"
        + (f" of {reported:,} reported" if reported is not None else "")
    )
    for warning in article.warnings:
        lines.append(f"warning: {warning}")

    by_speaker: dict[str, list[str]] = defaultdict(list)
    for quote in analysis.quotes:
        by_speaker[quote.speaker or "(unattributed)"].append(
            f"  [{quote.where} {quote.index}, {quote.kind}] {_clip(quote.text, 90)}"
        )
    if by_speaker:
        lines += ["", "Quotes by speaker"]
        for speaker, quoted in by_speaker.items():
            lines.append(f"- {speaker} ({len(quoted)})")
            lines += quoted

    results = [analysis.comments.get(c.id) for c in article.comments]
    stances = Counter(r.stance.label for r in results if r is not None)
    moods = Counter(r.sentiment.label for r in results if r is not None and r.sentiment)
    languages = Counter((r.language or "unknown") for r in results if r is not None)
    if article.comments:
        lines += ["", "Comments"]
        lines.append("  stance: " + ", ".join(f"{s} {stances.get(s, 0)}" for s in STANCE_LABELS))
        lines.append(
            "  sentiment: "
            + ", ".join(f"{m} {moods.get(m, 0)}" for m in ("positive", "neutral", "negative"))
        )
        lines.append(
            "  languages: " + ", ".join(f"{lang} {n}" for lang, n in languages.most_common())
        )
        lines.append("")
        for comment, result in zip(article.comments, results):
            labels = []
            if result is not None:
                labels.append(f"{result.stance.label} {result.stance.score:.2f}")
                if result.sentiment is not None:
                    labels.append(f"{result.sentiment.label} {result.sentiment.compound:+.2f}")
                labels.append(result.language or "language unknown")
            record = records.get(comment.id) if records is not None else None
            if record is not None and record.decision is not None:
                labels.append(f"decision {record.decision.value}")
            lines.append(
                f"- {comment.author} ({comment.age}, {comment.likes:,} likes) [{', '.join(labels)}]"
            )
            lines.append(f"    {_clip(comment.text, 110)}")
            note = _note(record)
            if note:
                lines.append(f"    note: {_clip(note, 100)}")
    return "\n".join(lines) + "\n"
