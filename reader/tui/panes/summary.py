"""The thread summary pane: the reply tree's shape, counts by each analysis and by decision,
as Content."""

from __future__ import annotations

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


def _one_line(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _author(name: str, status: str | None) -> str:
    return _one_line(name, 20) or f"[{status or 'no name'}]"


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


def _tree_section(tree: TreeSummary) -> list[Part]:
    """Comments per depth, the longest chain of replies and the most replied comments."""
    total = max(sum(tree.per_depth), 1)
    parts: list[Part] = [("Replies\n", "bold")]
    for depth, count in enumerate(tree.per_depth):
        parts += _bar_row(f"depth {depth}", count, total, "$primary")
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
    parts: list[Part] = [("Comments  ", "bold"), f"{summary.saved:,} saved · {reported}"]
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
        parts += _bar_row(name, count, decided_total, style)
    return Content.assemble(*parts)


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
