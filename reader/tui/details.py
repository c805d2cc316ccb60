"""The selected comment in full, and the thread summary, as Content (never markup)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from reader.model import Comment, CommentAnalysis, TriageRecord
from reader.text.clean import clean_text
from reader.tui.article import PaneScroll
from reader.view.thread_view import HISTOGRAM_BINS, ThreadSummary

BAR_WIDTH = 20
_STANCE_STYLES = {
    "support": "$success",
    "deny": "$error",
    "query": "$accent",
    "comment": "$text-muted",
}
_SENTIMENT_STYLES = {"positive": "$success", "negative": "$error", "neutral": "$text-muted"}
_DECISION_STYLES = {"keep": "$success", "flag": "$warning", "hide": "$text-muted"}


def bar(fraction: float, width: int = BAR_WIDTH, style: str = "$primary") -> Content:
    """A horizontal bar for a value in [0, 1]."""
    filled = round(min(max(fraction, 0.0), 1.0) * width)
    return Content.assemble(("█" * filled, style), ("░" * (width - filled), "$text-disabled"))


def _label(text: str) -> tuple[str, str]:
    return (f"{text:<11}", "bold $text-muted")


def comment_content(
    comment: Comment, analysis: CommentAnalysis | None, record: TriageRecord | None
) -> Content:
    """Everything about one comment: text, sentiment bars, stance evidence, decision, note."""
    likes = f"{comment.likes} like" + ("" if comment.likes == 1 else "s")
    parts: list[Content | str | tuple[str, str]] = [
        Content(comment.author).stylize("bold"),
        (f"  {comment.age} · {likes}\n\n", "$text-muted"),
        Content(comment.text),
        "\n\n",
    ]
    if analysis is None:
        parts.append(("Analysing…\n", "italic $text-muted"))
    else:
        parts += [_label("Language")]
        if analysis.language is None:
            parts.append(("not told (too little text)\n", "$text-muted"))
        else:
            confidence = analysis.language_confidence
            shown = f" ({confidence:.2f})" if confidence is not None else ""
            parts.append(f"{analysis.language}{shown}\n")
        parts.append(_label("Sentiment"))
        sentiment = analysis.sentiment
        if sentiment is None:
            parts.append(("none (VADER reads English only)\n", "$text-muted"))
        else:
            parts += [
                (f"{sentiment.label} ", _SENTIMENT_STYLES[sentiment.label]),
                f"compound {sentiment.compound:+.3f}\n",
            ]
            for name, value, style in (
                ("neg", sentiment.neg, "$error"),
                ("neu", sentiment.neu, "$text-muted"),
                ("pos", sentiment.pos, "$success"),
            ):
                parts += [f"  {name}      ", bar(value, style=style), f" {value:.3f}\n"]
        stance = analysis.stance
        parts += [
            _label("Stance"),
            (stance.label, f"bold {_STANCE_STYLES[stance.label]}"),
            f" {stance.score:.2f}\n",
        ]
        if stance.evidence:
            parts += [_label("  evidence"), Content(", ".join(stance.evidence)), "\n"]
    decision = record.decision.value if record and record.decision else None
    parts += [
        _label("Decision"),
        (decision, f"bold {_DECISION_STYLES[decision]}") if decision else ("none", "$text-muted"),
        "\n",
    ]
    if record and record.note:
        # Notes come from the database, which may predate cleaning typed text: clean again.
        parts += [_label("Note"), Content(clean_text(record.note)), "\n"]
    return Content.assemble(*parts)


class CommentDetail(PaneScroll):
    """The selected comment, scrollable when long."""

    def compose(self) -> ComposeResult:
        yield Static(Content("No comment selected."), id="detail-text")

    def show(
        self, comment: Comment | None, analysis: CommentAnalysis | None,
        record: TriageRecord | None,
    ) -> None:
        static = self.query_one("#detail-text", Static)
        if comment is None:
            static.update(Content("No comment matches the filter."))
        else:
            static.update(comment_content(comment, analysis, record))


def summary_content(summary: ThreadSummary) -> Content:
    """Counts by stance, sentiment (labels and histogram), language and decision."""
    reported = (
        f"{summary.reported:,} reported by the site" if summary.reported is not None
        else "the site's count not given"
    )
    parts: list[Content | str | tuple[str, str]] = [
        ("Comments  ", "bold"),
        f"{summary.saved:,} saved · {reported}",
    ]
    if summary.analysed < summary.saved:
        parts.append((f" · {summary.analysed:,} analysed so far", "$text-muted"))
    parts.append("\n\n")
    total = max(summary.analysed, 1)

    def section(title: str, rows: list[tuple[str, int, str]]) -> None:
        parts.append((f"{title}\n", "bold"))
        for name, count, style in rows:
            parts.extend([f"  {name:<10}", bar(count / total, style=style), f" {count:>7,}\n"])
        parts.append("\n")

    section("Stance", [(k, v, _STANCE_STYLES[k]) for k, v in summary.stances.items()])
    section(
        "Sentiment",
        [(k, v, _SENTIMENT_STYLES.get(k, "$text-disabled")) for k, v in summary.sentiments.items()],
    )
    if summary.mean_compound is not None:
        parts.append(f"  mean compound {summary.mean_compound:+.3f}\n")
    edges = [-1 + 2 * i / HISTOGRAM_BINS for i in range(HISTOGRAM_BINS + 1)]
    scored = max(sum(summary.histogram), 1)
    for i, count in enumerate(summary.histogram):
        parts.extend([
            f"  {edges[i]:+.1f}..{edges[i + 1]:+.1f} ",
            bar(count / scored, style="$secondary"),
            f" {count:>7,}\n",
        ])
    parts.append("\n")
    section("Languages", [(k, v, "$primary") for k, v in summary.languages[:8]])
    if len(summary.languages) > 8:
        others = sum(v for _, v in summary.languages[8:])
        parts.append((f"  and {len(summary.languages) - 8} more ({others:,} comments)\n\n",
                      "$text-muted"))
    decided_total = max(summary.saved, 1)
    parts.append(("Decisions\n", "bold"))
    for name, count in summary.decisions.items():
        style = _DECISION_STYLES.get(name, "$text-disabled")
        parts.extend([f"  {name:<10}", bar(count / decided_total, style=style),
                      f" {count:>7,}\n"])
    return Content.assemble(*parts)


class SummaryView(PaneScroll):
    """The thread summary pane."""

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="summary-text")

    def show(self, summary: ThreadSummary) -> None:
        self.query_one("#summary-text", Static).update(summary_content(summary))
