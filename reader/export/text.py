"""An analysis as a readable summary for a person: headline, counts, quotes, labelled comments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from reader.analysers import Analyser, by_rank, registered
from reader.export.claims_text import claims_summary
from reader.export.notes import note_of
from reader.model import Analysis, CommentAnalysis, TriageRecord


def counted(count: int, noun: str, plural: str = "") -> str:
    """`1 quote`, `2 quotes`, `1,482 comments`: the count and the noun in its number."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _header(analysis: Analysis) -> list[str]:
    article = analysis.article
    lines = [article.headline, "=" * min(len(article.headline), 78)]
    if article.byline:
        lines.append(f"By {article.byline}")
    if article.published and article.published.strip():
        # kept as written in the data (a leading no-break space, SPEC 1), not on its own line
        lines.append(article.published.strip())
    reported = article.comment_count
    lines.append("")
    lines.append(
        f"{counted(len(article.paragraphs), 'paragraph')}, "
        f"{counted(len(article.images), 'image')}, {counted(len(analysis.quotes), 'quote')}, "
        f"{counted(len(article.comments), 'comment')} saved"
        + (f" of {reported:,} reported" if reported is not None else "")
    )
    lines += [f"warning: {warning}" for warning in article.warnings]
    return lines


def _quotes(analysis: Analysis) -> list[str]:
    by_speaker: dict[str, list[str]] = defaultdict(list)
    for quote in analysis.quotes:
        by_speaker[quote.speaker or "(unattributed)"].append(
            f"  [{quote.where} {quote.index}, {quote.kind}] {_clip(quote.text, 90)}"
        )
    if not by_speaker:
        return []
    lines = ["", "Quotes by speaker"]
    for speaker, quoted in by_speaker.items():
        lines.append(f"- {speaker} ({len(quoted)})")
        lines += quoted
    return lines


def _counts(results: Sequence[CommentAnalysis], analysers: Sequence[Analyser[Any]]) -> list[str]:
    """One line per analyser: its counts over the analysed comments."""
    lines = []
    for analyser in analysers:
        if analyser.facets.text_counts is not None:
            name = analyser.name
            found = [r.results[name] for r in results if name in r.results]
            lines.append("  " + analyser.facets.text_counts(found))
    return lines


def _labels(result: CommentAnalysis | None, analysers: Sequence[Analyser[Any]]) -> list[str]:
    labels: list[str] = []
    if result is None:
        return labels
    for analyser in analysers:
        label_of = analyser.facets.text_label
        if label_of is not None and analyser.name in result.results:
            label = label_of(result.results[analyser.name])
            if label is not None:
                labels.append(label)
    return labels


def render_text(
    analysis: Analysis,
    records: Mapping[str, TriageRecord] | None = None,
    analysers: Sequence[Analyser[Any]] | None = None,
) -> str:
    """A readable summary for a person: headline, counts, quotes by speaker, labelled comments."""
    ranked = by_rank(registered() if analysers is None else analysers)
    article = analysis.article
    lines = _header(analysis) + _quotes(analysis)
    results = [analysis.comments.get(c.id) for c in article.comments]
    lines += claims_summary(analysis, ranked)
    if article.comments:
        lines += ["", "Comments"]
        lines += _counts([r for r in results if r is not None], ranked)
        lines.append("")
        for comment, result in zip(article.comments, results):
            labels = _labels(result, ranked)
            record = records.get(comment.id) if records is not None else None
            if record is not None and record.decision is not None:
                labels.append(f"decision {record.decision.value}")
            lines.append(
                f"- {comment.author} ({comment.age}, {counted(comment.likes, 'like')}) "
                f"[{', '.join(labels)}]"
            )
            lines.append(f"    {_clip(comment.text, 110)}")
            note = note_of(record)
            if note:
                lines.append(f"    note: {_clip(note, 100)}")
    return "\n".join(lines) + "\n"
