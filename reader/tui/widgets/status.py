"""The status bar under the panes: what the list shows, and how far the analysis got."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import MountError
from textual.widgets import Static

from reader.model import Decision
from reader.view.thread_view import ThreadView

if TYPE_CHECKING:
    from textual.widgets import ProgressBar


def triage_segment(decisions: Mapping[Decision, int], comments: int) -> str:
    """How many comments have a decision, and how many of each (those with none left out):
    `12 of 30 triaged: 8 keep · 3 flag · 1 hide`."""
    triaged = sum(decisions.values())
    counts = " · ".join(f"{decisions[d]:,} {d.value}" for d in Decision if decisions.get(d))
    return f"{triaged:,} of {comments:,} triaged" + (f": {counts}" if counts else "")


def status_content(
    thread: ThreadView, *, search: str, page_complete: bool, analysis_done: bool,
    search_position: str = "", decisions: Mapping[Decision, int] | None = None,
) -> Content:
    """One line: rows shown of all, the order, the filter and search, and what is still
    running. The search is typed text: Content, never markup."""
    parts: list[Content | str | tuple[str, str]] = [
        f"{len(thread.rows):,} of {len(thread.comments):,} comments",
    ]
    if decisions is not None:  # counted as decisions change (TriageSession.decision_counts)
        parts += [(" · ", "$text-muted"), triage_segment(decisions, len(thread.comments))]
    parts += [
        (" · sorted: ", "$text-muted"),
        thread.sort_title(thread.sort_key),
    ]
    if not thread.filter.is_empty:
        parts += [(" · filter: ", "$text-muted"), thread.filter.describe()]
    if search:  # the position among the matches: "3/17" (reader.tui.search)
        parts += [(" · search: ", "$text-muted"), Content(search)]
        if search_position:
            parts.append((f" {search_position}", "bold"))
    if not page_complete:
        parts.append((" · reading the rest of the page…", "$text-muted"))
    elif not analysis_done:
        parts.append((f" · analysing {thread.analysed:,}/{len(thread.comments):,}",
                      "$text-muted"))
    return Content.assemble(*parts)


class StatusBar(Horizontal):
    """The status line and, while the analysis runs, its progress bar.

    The bar is mounted when the analysis starts (`start_progress`), not with the first frame:
    the analysis starts after it, and the bar's widgets and their import are not its work.
    """

    def __init__(self, comments: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._comments = comments
        self._bar: ProgressBar | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="status")

    def show(self, line: Content) -> None:
        self.query_one("#status", Static).update(line)

    def start_progress(self) -> None:
        """The analysis started: show its progress bar (mounted the first time)."""
        if self._bar is None:
            from textual.widgets import ProgressBar

            bar = ProgressBar(total=self._comments or 1, show_eta=False, id="progress")
            try:
                self.mount(bar)
            except MountError:  # the app is closing before the analysis began
                return
            self._bar = bar
        self._bar.display = True

    def set_total(self, comments: int) -> None:
        """The whole page arrived: the progress counts all of its comments."""
        self._comments = comments
        if self._bar is not None:
            self._bar.update(total=comments or 1)

    def advance(self, comments: int) -> None:
        if self._bar is not None:
            self._bar.advance(comments)

    def analysis_ended(self) -> None:
        """Finished or failed: the progress bar goes."""
        if self._bar is not None:
            self._bar.display = False
