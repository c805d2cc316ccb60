"""The thread summary pane: the reply tree's shape, counts by each analysis and by decision,
as Content."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from reader.analysers.facets import bar
from reader.tui.panes.base import Pane, PaneScroll
from reader.tui.panes.parts import DECISION_STYLES, Part, styled_parts
from reader.view.thread_view import ThreadSummary
from reader.view.tree import TreeSummary

_CHAIN_NAMES = 6  # authors named along the longest chain (its first few and its last)
_SNIPPET = 36
# The labels' column: as wide as the longest label (cut at the most), at least the least, which
# with the space after it keeps the bars where they stood before labels could be longer.
_LABEL_LEAST, _LABEL_MOST = 9, 24


def _one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _author(name: str, status: str | None) -> str:
    return _one_line(name, 20) or f"[{status or 'no name'}]"


@dataclass(frozen=True)
class _Bar:
    """A row of a bar chart, drawn once the width of the labels' column is known."""

    name: str
    count: int
    total: int
    style: str


Row = Part | _Bar


def _drawn(rows: list[Row]) -> list[Part]:
    """The rows as parts: every bar in the pane in one column, after the longest label
    (cut at _LABEL_MOST) and a space, so no label runs into its bar."""
    names = [row.name for row in rows if isinstance(row, _Bar)]
    width = min(max([_LABEL_LEAST, *map(len, names)]), _LABEL_MOST)
    parts: list[Part] = []
    for row in rows:
        if not isinstance(row, _Bar):
            parts.append(row)
            continue
        parts += [f"  {_one_line(row.name, width):<{width}} ",
                  *styled_parts(bar(row.count / row.total, row.style)), f" {row.count:>7,}\n"]
    return parts


def _analysis_sections(summary: ThreadSummary) -> list[Row]:
    """Each analysis's counts (a bar per value) and its tally's lines, in summary order."""
    parts: list[Row] = []
    total = max(summary.analysed, 1)
    for part in summary.analysers:
        for counts_of, counts in part.sections:
            rows = list(counts.items())
            parts.append((f"{counts_of.title}\n", "bold"))
            for name, count in rows[: counts_of.limit]:
                parts.append(_Bar(name, count, total, counts_of.style(name)))
            parts.append("\n")
            if counts_of.limit is not None and len(rows) > counts_of.limit:
                more = rows[counts_of.limit :]
                others = sum(n for _, n in more)
                parts.append((f"  and {len(more)} more ({others:,} comments)\n\n", "$text-muted"))
        if part.tally is not None:
            parts += styled_parts(part.tally.lines())
    return parts


def _tree_section(tree: TreeSummary) -> list[Row]:
    """Comments per depth, the longest chain of replies and the most replied comments."""
    total = max(sum(tree.per_depth), 1)
    parts: list[Row] = [("Replies\n", "bold")]
    parts += [_Bar(f"depth {depth}", count, total, "$primary")
              for depth, count in enumerate(tree.per_depth)]
    if tree.replies_not_saved:
        more = "reply" if tree.replies_not_saved == 1 else "replies"
        parts.append((f"  {tree.replies_not_saved:,} more {more} not saved by the source\n",
                      "$text-muted"))
    chain = tree.longest_chain
    names = [_author(c.author, c.status) for c in chain]
    if len(names) > _CHAIN_NAMES:
        names = [*names[: _CHAIN_NAMES - 1], "…", names[-1]]
    parts += [("\nLongest chain  ", "bold"), f"{len(chain):,} comments deep\n",
              ("  " + " → ".join(names) + "\n", "$text-muted")]
    parts.append(("\nMost replied\n", "bold"))
    for comment, replies, direct in tree.most_replied:
        parts += [f"  {replies:>6,} ", ("replies" if replies != 1 else "reply  ", "$text-muted"),
                  (f" ({direct:,} direct)  ", "$text-muted"),
                  (_author(comment.author, comment.status), "bold"),
                  f"  {_one_line(comment.text, _SNIPPET)}\n"]
    parts.append("\n")
    return parts


def summary_content(summary: ThreadSummary) -> Content:
    """Counts by each analysis (stance, sentiment with its histogram, language) and decision."""
    reported = (
        f"{summary.reported:,} reported by the site" if summary.reported is not None
        else "the site's count not given"
    )
    parts: list[Row] = [("Comments  ", "bold"), f"{summary.saved:,} saved · {reported}"]
    if summary.analysed < summary.saved:
        parts.append((f" · {summary.analysed:,} analysed so far", "$text-muted"))
    parts.append("\n\n")
    if summary.tree is not None:
        parts += _tree_section(summary.tree)
    parts += _analysis_sections(summary)
    decided_total = max(summary.saved, 1)
    parts.append(("Decisions\n", "bold"))
    for name, count in summary.decisions.items():
        style = DECISION_STYLES.get(name, "$text-disabled")
        parts.append(_Bar(name, count, decided_total, style))
    return Content.assemble(*_drawn(parts))


class SummaryView(Pane, PaneScroll):
    """The thread summary pane."""

    PANE_TITLE = "Summary"
    PANE_TAB = "summary"

    _shown: Content = Content("")

    def compose(self) -> ComposeResult:
        yield Static(self._shown, id="summary-text")

    def show(self, summary: ThreadSummary) -> None:
        """Draw `summary`; kept for `compose` too, so a pane not composed yet, or taken down
        as the app closes (its text gone while a mount was awaited), draws it or loses
        nothing, rather than failing."""
        self._shown = summary_content(summary)
        for text in self.query("#summary-text").results(Static):
            text.update(self._shown)
