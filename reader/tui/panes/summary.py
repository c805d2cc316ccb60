"""The thread summary pane: counts by each analysis and by decision, as Content."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from reader.analysers.facets import bar
from reader.tui.panes.base import Pane, PaneScroll
from reader.tui.panes.parts import DECISION_STYLES, Part, styled_parts
from reader.view.thread_view import ThreadSummary


def _bar_row(name: str, count: int, total: int, style: str) -> list[Part]:
    return [f"  {name:<10}", *styled_parts(bar(count / total, style)), f" {count:>7,}\n"]


def _analysis_sections(summary: ThreadSummary) -> list[Part]:
    """Each analysis's counts (a bar per value) and its tally's lines, in summary order."""
    parts: list[Part] = []
    total = max(summary.analysed, 1)
    for part in summary.analysers:
        for counts_of, counts in part.sections:
            rows = list(counts.items())
            parts.append((f"{counts_of.title}\n", "bold"))
            for name, count in rows[: counts_of.limit]:
                parts += _bar_row(name, count, total, counts_of.style(name))
            parts.append("\n")
            if counts_of.limit is not None and len(rows) > counts_of.limit:
                more = rows[counts_of.limit :]
                others = sum(n for _, n in more)
                parts.append((f"  and {len(more)} more ({others:,} comments)\n\n", "$text-muted"))
        if part.tally is not None:
            parts += styled_parts(part.tally.lines())
    return parts


def summary_content(summary: ThreadSummary) -> Content:
    """Counts by each analysis (stance, sentiment with its histogram, language) and decision."""
    reported = (
        f"{summary.reported:,} reported by the site" if summary.reported is not None
        else "the site's count not given"
    )
    parts: list[Part] = [("Comments  ", "bold"), f"{summary.saved:,} saved · {reported}"]
    if summary.analysed < summary.saved:
        parts.append((f" · {summary.analysed:,} analysed so far", "$text-muted"))
    parts.append("\n\n")
    parts += _analysis_sections(summary)
    decided_total = max(summary.saved, 1)
    parts.append(("Decisions\n", "bold"))
    for name, count in summary.decisions.items():
        style = DECISION_STYLES.get(name, "$text-disabled")
        parts += _bar_row(name, count, decided_total, style)
    return Content.assemble(*parts)


class SummaryView(Pane, PaneScroll):
    """The thread summary pane."""

    PANE_TITLE = "Summary"
    PANE_TAB = "summary"

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="summary-text")

    def show(self, summary: ThreadSummary) -> None:
        self.query_one("#summary-text", Static).update(summary_content(summary))
