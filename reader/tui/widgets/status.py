"""The status bar under the panes: what the list shows, and how far the analysis got."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from reader.view.thread_view import ThreadView


def status_content(
    thread: ThreadView, *, search: str, page_complete: bool, analysis_done: bool
) -> Content:
    """One line: rows shown of all, the order, the filter and search, and what is still
    running. The search is typed text: Content, never markup."""
    parts: list[Content | str | tuple[str, str]] = [
        f"{len(thread.rows):,} of {len(thread.comments):,} comments",
        (" · sorted: ", "$text-muted"),
        thread.sort_title(thread.sort_key),
    ]
    if not thread.filter.is_empty:
        parts += [(" · filter: ", "$text-muted"), thread.filter.describe()]
    if search:
        parts += [(" · search: ", "$text-muted"), Content(search)]
    if not page_complete:
        parts.append((" · reading the rest of the page…", "$text-muted"))
    elif not analysis_done:
        parts.append((f" · analysing {thread.analysed:,}/{len(thread.comments):,}",
                      "$text-muted"))
    return Content.assemble(*parts)


class StatusBar(Horizontal):
    """The status line and, while the analysis runs, its progress bar."""

    def __init__(self, comments: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._comments = comments

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id="status")
        yield ProgressBar(total=self._comments or 1, show_eta=False, id="progress")

    def show(self, line: Content) -> None:
        self.query_one("#status", Static).update(line)

    def set_total(self, comments: int) -> None:
        """The whole page arrived: the progress counts all of its comments."""
        self.query_one("#progress", ProgressBar).update(total=comments or 1)

    def advance(self, comments: int) -> None:
        self.query_one("#progress", ProgressBar).advance(comments)

    def analysis_ended(self) -> None:
        """Finished or failed: the progress bar goes."""
        self.query_one("#progress", ProgressBar).display = False
