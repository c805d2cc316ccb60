"""The status bar under the panes: what the list shows, and how far the analysis got."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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


Part = Content | str | tuple[str, str]
MUTED = "$text-muted"
SEARCH_SHOWN = 20  # cells of a long search shown when even the shortest form is too wide


def triage_segment(decisions: Mapping[Decision, int], comments: int, *,
                   breakdown: bool = True) -> str:
    """How many comments have a decision, and how many of each (those with none left out):
    `12 of 30 triaged: 8 keep · 3 flag · 1 hide`; without the breakdown when space is short."""
    triaged = sum(decisions.values())
    counts = " · ".join(f"{decisions[d]:,} {d.value}" for d in Decision if decisions.get(d))
    said = f"{triaged:,} of {comments:,} triaged"
    return said + (f": {counts}" if counts and breakdown else "")


@dataclass(frozen=True)
class StatusLine:
    """The status line in forms from the whole line to the shortest: each leaves out more of
    what matters least, so a narrow terminal still says what is filtered and searched."""

    forms: tuple[Content, ...]

    @property
    def whole(self) -> Content:
        return self.forms[0]

    def fitting(self, width: int) -> Content:
        """The longest form that fits `width` cells (the shortest, cut, when none does)."""
        return next((form for form in self.forms if form.cell_length <= width), self.forms[-1])


def _state(thread: ThreadView, search: str, search_position: str, *, short: bool = False
           ) -> list[Part]:
    """The filter and the search: what must stay on the line. `short`: the filter's fields
    without their values, and a long search cut."""
    parts: list[Part] = []
    if not thread.filter.is_empty:
        said = " ".join(thread.filter.wanted) if short else thread.filter.describe()
        parts += [(" · filter: ", MUTED), said]
    if search:  # the position among the matches: "3/17" (reader.tui.search)
        typed = Content(search)
        if short:
            typed = typed.truncate(SEARCH_SHOWN, ellipsis=True)
        parts += [(" · search: ", MUTED), typed]
        if search_position:
            parts.append((f" {search_position}", "bold"))
    return parts


def _progress(thread: ThreadView, page_complete: bool, analysis_done: bool) -> list[Part]:
    if not page_complete:
        return [(" · reading the rest of the page…", MUTED)]
    if not analysis_done:
        return [(f" · analysing {thread.analysed:,}/{len(thread.comments):,}", MUTED)]
    return []


def status_content(
    thread: ThreadView, *, search: str, page_complete: bool, analysis_done: bool,
    search_position: str = "", decisions: Mapping[Decision, int] | None = None,
) -> StatusLine:
    """Rows shown of all, the decisions, the order, the filter and search, and what is still
    running, in forms that leave out, in turn: the decisions' breakdown, the order when it is
    the thread's, any order, the progress (the bar shows it), how many have a decision, the
    filter's values (a long search is cut). The search is typed text: Content, never markup."""
    comments = len(thread.comments)
    count: list[Part] = [f"{len(thread.rows):,} of {comments:,} comments"]
    triage: list[Part] = []
    brief: list[Part] = []
    if decisions is not None:  # counted as decisions change (TriageSession.decision_counts)
        triage = [(" · ", MUTED), triage_segment(decisions, comments)]
        brief = [(" · ", MUTED), triage_segment(decisions, comments, breakdown=False)]
    sort: list[Part] = [(" · sorted: ", MUTED), thread.sort_title(thread.sort_key)]
    chosen_sort = [] if thread.sort_key == "thread" else sort
    state = _state(thread, search, search_position)
    progress = _progress(thread, page_complete, analysis_done)
    forms = [
        [*count, *triage, *sort, *state, *progress],
        [*count, *brief, *sort, *state, *progress],
        [*count, *brief, *chosen_sort, *state, *progress],
        [*count, *brief, *state, *progress],
        [*count, *brief, *state],
        [*count, *state],
        [*count, *_state(thread, search, search_position, short=True)],
    ]
    lines: dict[str, Content] = {}
    for form in forms:
        line = Content.assemble(*form)
        lines.setdefault(line.plain, line)
    return StatusLine(tuple(lines.values()))


class StatusText(Static):
    """The status line, in the longest of its forms that fits (again on every resize);
    `content` is the whole line."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content(""), id=id)
        self._line = StatusLine((Content(""),))

    def show(self, line: StatusLine) -> None:
        self._line = line
        self.update(line.whole)

    def render(self) -> Content:
        return self._line.fitting(self.content_size.width)


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
        yield StatusText(id="status")

    def show(self, line: StatusLine) -> None:
        self.query_one("#status", StatusText).show(line)

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
