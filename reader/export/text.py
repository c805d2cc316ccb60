"""An analysis as a readable summary for a person: headline, counts, quotes, labelled comments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from reader.analysers import Analyser, by_rank, registered
from reader.export.claims_text import claims_summary
from reader.export.notes import note_of
from reader.model import Analysis, Article, Comment, CommentAnalysis, TriageRecord
from reader.view.tree import ThreadTree

MAX_INDENT_DEPTH = 6  # as in the app: deeper replies are indented as far and say their depth
_CHAIN_NAMES = 6  # authors named along the longest chain (its first few and its last)
_GONE = ("deleted", "removed")  # statuses whose text the source took away


def counted(count: int, noun: str, plural: str = "") -> str:
    """`1 quote`, `2 quotes`, `1,482 comments`: the count and the noun in its number."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _shown(comment: Comment, width: int) -> str:
    """A comment's text, clipped; a placeholder's (no words) says so: `(deleted)`,
    `(removed)`, `(no text)`, never an empty line."""
    if comment.text.strip():
        return _clip(comment.text, width)
    if comment.status in _GONE:
        return f"({comment.status})"
    return "(no text)"


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


def _replies(article: Article, tree: ThreadTree) -> list[str]:
    """The thread's shape: comments per depth, the longest chain, the most replied."""
    shape = tree.summary(article.comments, article.replies_not_saved)
    lines = ["", "Replies"]
    lines += [f"  depth {depth}: {counted(count, 'comment')}"
              for depth, count in enumerate(shape.per_depth)]
    if shape.replies_not_saved:
        lines.append(f"  {counted(shape.replies_not_saved, 'more reply', 'more replies')} "
                     "not saved by the source")
    names = [comment.author for comment in shape.longest_chain]
    if len(names) > _CHAIN_NAMES:
        names = [*names[: _CHAIN_NAMES - 1], "…", names[-1]]
    lines.append(f"  longest chain: {counted(len(shape.longest_chain), 'comment')} deep: "
                 + " → ".join(names))
    lines.append("  most replied:")
    lines += [f"    {counted(replies, 'reply', 'replies')} ({direct:,} direct) to "
              f"{comment.author}: {_shown(comment, 60)}"
              for comment, replies, direct in shape.most_replied]
    return lines


def _indent(depth: int) -> str:
    """Replies sit under their parent, as in the app; past six levels the depth is written."""
    if depth <= MAX_INDENT_DEPTH:
        return "  " * depth
    return "  " * MAX_INDENT_DEPTH + f"[depth {depth}] "


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
    tree = ThreadTree(article.comments)
    if not tree.is_flat:
        lines += _replies(article, tree)
    if article.comments:
        lines += ["", "Comments"]
        lines += _counts([r for r in results if r is not None], ranked)
        lines.append("")
        for position, (comment, result) in enumerate(zip(article.comments, results)):
            indent = _indent(tree.depth[position])
            labels = _labels(result, ranked)
            if comment.status:  # what the source says of it (spam, trash, deleted) first
                labels.insert(0, _clip(comment.status, 40))
            record = records.get(comment.id) if records is not None else None
            if record is not None and record.decision is not None:
                labels.append(f"decision {record.decision.value}")
            when = comment.age or comment.posted  # a thread file gives a time, not an age
            lines.append(
                f"{indent}- {comment.author} ("
                + (f"{when}, " if when else "")
                + f"{counted(comment.likes, 'like')}) [{', '.join(labels)}]"
            )
            lines.append(f"{indent}    {_shown(comment, 110)}")
            note = note_of(record)
            if note:
                lines.append(f"{indent}    note: {_clip(note, 100)}")
    return "\n".join(lines) + "\n"
