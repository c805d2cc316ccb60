"""The main screen: reading panes, the comment list, the selected comment, status.

Thin on purpose: what to show comes from reader.view.thread_view.ThreadView and what was decided from
reader.view.triage.TriageSession; this module wires keys, messages and widgets to them.
"""

from __future__ import annotations

import gc
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, ProgressBar, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from reader.errors import ReaderError
from reader.model import Analysis, Article, CommentAnalysis, Decision, Quote
from reader.settings import BINDING_IDS
from reader.text.decode import display_path
from reader.tui.article import ArticleView, CaptionsView, ClaimsList, QuoteChosen
from reader.tui.commands import FilterCommands, PaneCommands, SortCommands, TriageCommands
from reader.tui.comment_table import CommentHighlighted, CommentTable
from reader.tui.details import CommentDetail, SummaryView
from reader.tui.dialogs import FilterScreen, HelpScreen, PromptScreen
from reader.tui.messages import (
    AnalysisFailed,
    AnalysisFinished,
    CommentsAnalysed,
    PageRead,
    PageReadFailed,
    QuotesAttributed,
)
from reader.tui.worker import Analysers
from reader.view.thread_view import SORT_KEYS, SORT_NAMES, CommentFilter, SortKey, ThreadView
from reader.view.triage import TriageChange, TriageSession

if TYPE_CHECKING:
    from reader.storage.store import TriageStore

TABS = ("article", "captions", "claims", "summary")
_TAB_WIDGETS = {
    "article": "#article-view",
    "captions": "#captions-view",
    "claims": "#claims-list",
    "summary": "#summary-view",
}
# How often counts and analysis-dependent filters catch up while analysis runs.
REFRESH_SECONDS = 0.5
POST_SECONDS = 0.1
# From this many comments the heap is frozen (gc.freeze) while the screen is open: a full
# collection walks every comment and analysis (~0.1 s at 100,000), a visible stall on a key.
FREEZE_HEAP_COMMENTS = 10_000


def export_file_name(source: str) -> str:
    """`page.txt` -> `page.reader.json`; anything odd in the name becomes `_`."""
    stem = Path(source).stem or "reader"
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") + ".reader.json"


class MainScreen(Screen[None]):
    """Everything the person triaging sees at once (or in stacked panes when narrow)."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual declares it on the instance)
        (0, "-narrow"),
        (120, "-wide"),
    ]
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        TriageCommands, FilterCommands, SortCommands, PaneCommands
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Keys", id="help", tooltip="Show every key"),
        Binding("a", "keep", "Keep", id="keep", tooltip="Keep this comment"),
        Binding("f", "flag", "Flag", id="flag", tooltip="Flag for follow-up"),
        Binding("x", "hide", "Hide", id="hide", tooltip="Hide (abuse, spam)"),
        Binding("c", "clear", "Clear", id="clear", tooltip="Clear the decision"),
        Binding("u", "undo", "Undo", id="undo", tooltip="Undo the last change"),
        Binding("m", "note", "Note", id="note", tooltip="Edit the note"),
        Binding("slash", "search", "Search", id="search", tooltip="Search text and authors"),
        Binding("n", "search_next", "Next match", show=False, id="search-next",
                tooltip="Next search match"),
        Binding("N", "search_previous", "Previous match", show=False, id="search-previous",
                tooltip="Previous search match"),
        Binding("F", "filter", "Filter", id="filter", tooltip="Filter the comments"),
        Binding("s", "sort", "Sort", id="sort", tooltip="Cycle the sort order"),
        Binding("e", "export", "Export", id="export", tooltip="Export JSON with decisions"),
        Binding("tab", "next_pane", "Next pane", show=False, id="next-pane",
                tooltip="Focus the next pane"),
        Binding("shift+tab", "previous_pane", "Previous pane", show=False,
                id="previous-pane", tooltip="Focus the previous pane"),
        Binding("1", "show_tab('article')", "Article", show=False, id="show-article",
                tooltip="Show the article"),
        Binding("2", "show_tab('captions')", "Captions", show=False, id="show-captions",
                tooltip="Show the captions"),
        Binding("3", "show_tab('claims')", "Claims", show=False, id="show-claims",
                tooltip="Show the claims"),
        Binding("4", "show_tab('summary')", "Summary", show=False, id="show-summary",
                tooltip="Show the thread summary"),
        Binding("z", "toggle_maximize", "Maximize", show=False, id="maximize",
                tooltip="Maximize or restore the focused pane"),
    ]

    def __init__(
        self,
        article: Article,
        store: TriageStore | None,
        *,
        source: str,
        export_dir: Path | None = None,
        analysers: Analysers | None = None,
        load_rest: Callable[[], Article] | None = None,
    ) -> None:
        """`load_rest`: when `article` is only the start of a long page, parses the whole of
        it; the start is shown (and can be triaged) meanwhile, the analysis waits for it."""
        super().__init__()
        self.article = article
        self._load_rest = load_rest
        self.page_complete = load_rest is None
        self.store = store
        self.source = source
        self.export_dir = export_dir
        self.analysers = analysers or Analysers()
        records = store.load(article.content_hash) if store is not None else {}
        self.session = TriageSession(article.content_hash, store, records)
        self.thread = ThreadView(article.comments, self.session.records)
        self.quotes: tuple[Quote, ...] = ()
        self.search_query = ""
        self.analysis_done = False
        self._rows_stale = False
        self._summary_stale = True
        self._heap_frozen = False
        self._freeze_heap()

    def _freeze_heap(self) -> None:
        """Keep the cyclic garbage collector off what exists now (the comments, then their
        analyses); those are freed by reference counting, never by the cyclic collector."""
        if len(self.thread.comments) >= FREEZE_HEAP_COMMENTS:
            gc.freeze()
            self._heap_frozen = True

    def on_unmount(self) -> None:
        if self._heap_frozen:
            gc.unfreeze()

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with TabbedContent(id="reading", initial="article"):
                with TabPane("Article", id="article"):
                    yield ArticleView(self.article, id="article-view")
                with TabPane("Captions", id="captions"):
                    yield CaptionsView(self.article, id="captions-view")
                with TabPane("Claims", id="claims"):
                    yield ClaimsList(id="claims-list")
                with TabPane("Summary", id="summary"):
                    yield SummaryView(id="summary-view")
            with Vertical(id="comments-pane"):
                yield CommentTable(self.thread, id="comments")
                yield CommentDetail(id="detail")
        with Horizontal(id="status-bar"):
            yield Static(Content(""), id="status")
            yield ProgressBar(total=len(self.article.comments) or 1, show_eta=False,
                              id="progress")
        yield Footer()

    @property
    def table(self) -> CommentTable:
        return self.query_one("#comments", CommentTable)

    def on_mount(self) -> None:
        self.query_one("#reading Tabs").can_focus = False
        self.query_one("#comments-pane").border_title = "Comments"
        self.query_one("#detail").border_title = "Selected comment"
        self.table.rows_changed()
        self.table.focus()
        self._show_summary()
        self._show_status()
        self.set_interval(REFRESH_SECONDS, self._catch_up)
        # Start after the first frame: parsing the rest of a long page, or the analysis
        # worker's set-up (hashing every text for the cache), holds the GIL and would delay
        # the first rows.
        self.call_after_refresh(self.analyse if self.page_complete else self.read_rest)
        self._show_warnings()

    # -- the rest of a long page (worker thread posts a message; the handler swaps it in) ---

    @work(thread=True, exclusive=True, group="page")
    def read_rest(self) -> None:
        load_rest = self._load_rest
        if load_rest is None:
            return
        try:
            article = load_rest()
        except Exception as error:  # noqa: BLE001 - shown to the user; the start stays usable
            self.post_message(PageReadFailed(" ".join(str(error).split()) or type(error).__name__))
            return
        self.post_message(PageRead(article))

    def on_page_read(self, message: PageRead) -> None:
        """Show the whole page in place of its start: same filter, sort and cursor comment."""
        self._load_rest = None
        current = self.table.current_comment
        start = self.thread
        self.article = message.article
        self.thread = ThreadView(self.article.comments, self.session.records)
        self.thread.filter, self.thread.sort_key = start.filter, start.sort_key
        if not (start.filter.is_empty and start.sort_key == "thread"):
            self.thread.refresh_rows()
        self.table.show_thread(self.thread, current.id if current is not None else None)
        self.query_one("#progress", ProgressBar).update(total=len(self.article.comments) or 1)
        self.page_complete = True
        self._freeze_heap()
        self._show_summary()
        self._show_status()
        self._show_warnings()
        self.analyse()

    def on_page_read_failed(self, message: PageReadFailed) -> None:
        """Keep what was read: analyse and triage the start, and say the rest is missing."""
        self._load_rest = None
        self.page_complete = True
        self.notify(f"Only the first {len(self.thread.comments):,} comments could be read: "
                    f"{display_path(message.reason)}", severity="error", markup=False)
        self._show_status()
        self.analyse()

    def _show_warnings(self) -> None:
        """A best-effort reading (bytes replaced, comments cut off) says so, as the CLI does."""
        for warning in self.article.warnings:
            self.notify(display_path(warning), title="Page read with a warning",
                        severity="warning", timeout=10, markup=False)

    # -- analysis (worker thread posts messages; handlers below touch widgets) -------------

    @work(thread=True, exclusive=True, group="analysis")
    def analyse(self) -> None:
        worker = get_current_worker()
        try:
            self.post_message(QuotesAttributed(tuple(self.analysers.quotes(self.article))))
            analysed = 0
            pending: list[tuple[str, CommentAnalysis]] = []
            last_post = float("-inf")
            for batch in self.analysers.comments(self.article, self.store):
                if worker.is_cancelled:
                    return
                analysed += len(batch)
                pending.extend(batch)
                # Batches from the cache arrive faster than the screen needs them: post at
                # most every POST_SECONDS so the UI thread stays free for keys.
                if time.monotonic() - last_post >= POST_SECONDS:
                    self.post_message(CommentsAnalysed(pending))
                    pending, last_post = [], time.monotonic()
            if pending:
                self.post_message(CommentsAnalysed(pending))
            self.post_message(AnalysisFinished(analysed))
        except Exception as error:  # noqa: BLE001 - shown to the user; the app keeps working
            self.post_message(AnalysisFailed(" ".join(str(error).split()) or type(error).__name__))

    def on_quotes_attributed(self, message: QuotesAttributed) -> None:
        self.quotes = message.quotes
        self.query_one(ArticleView).show_quotes(message.quotes)
        self.query_one(ClaimsList).show_quotes(message.quotes)

    def on_comments_analysed(self, message: CommentsAnalysed) -> None:
        self.thread.add_analyses(message.batch)
        self.query_one("#progress", ProgressBar).advance(len(message.batch))
        self._summary_stale = True
        if self.thread.filter.uses_analysis or self.thread.sort_key in ("sentiment", "stance"):
            self._rows_stale = True
        self.table.cells_changed()
        self._show_status()
        current = self.table.current_comment
        if current is not None and any(cid == current.id for cid, _ in message.batch):
            self._show_detail()

    def on_analysis_finished(self, message: AnalysisFinished) -> None:
        self.analysis_done = True
        self._freeze_heap()
        self.query_one("#progress", ProgressBar).display = False
        self._catch_up()
        self._show_detail()

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.query_one("#progress", ProgressBar).display = False
        # The reason is an exception's text, which may quote a comment: shown inertly.
        self.notify(f"Analysis stopped: {display_path(message.reason)}", severity="error",
                    markup=False)
        self._show_status()

    def _catch_up(self) -> None:
        """Re-filter/sort and recount at most every REFRESH_SECONDS while analysis runs."""
        if self._rows_stale:
            self._rows_stale = False
            self._refresh_rows()
        if self._summary_stale:
            self._summary_stale = False
            self._show_summary()
        self._show_status()

    # -- showing ----------------------------------------------------------------------------

    def _refresh_rows(self, *, keep_row: bool = False) -> None:
        table = self.table
        current = table.current_comment
        row = table.cursor_row
        self.thread.refresh_rows()
        still_shown = current is not None and self.thread.row_of(current.id) is not None
        if keep_row and not still_shown:
            table.rows_changed()
            table.move_cursor(row, force=True)
        else:
            table.rows_changed(keep_comment=current.id if current else None)
        self._show_status()

    @on(CommentHighlighted)
    def _show_detail(self) -> None:
        comment = self.table.current_comment
        detail = self.query_one(CommentDetail)
        if comment is None:
            detail.show(None, None, None)
        else:
            detail.show(comment, self.thread.analyses.get(comment.id),
                        self.session.records.get(comment.id))
        detail.scroll_home(animate=False)

    def _show_summary(self) -> None:
        self.query_one(SummaryView).show(self.thread.summary(self.article.comment_count))

    def _show_status(self) -> None:
        thread = self.thread
        parts: list[Content | str | tuple[str, str]] = [
            f"{len(thread.rows):,} of {len(thread.comments):,} comments",
            (" · sorted: ", "$text-muted"),
            SORT_NAMES[thread.sort_key],
        ]
        if not thread.filter.is_empty:
            parts += [(" · filter: ", "$text-muted"), thread.filter.describe()]
        if self.search_query:
            parts += [(" · search: ", "$text-muted"), Content(self.search_query)]
        if not self.page_complete:
            parts.append((" · reading the rest of the page…", "$text-muted"))
        elif not self.analysis_done:
            parts.append((f" · analysing {thread.analysed:,}/{len(thread.comments):,}",
                          "$text-muted"))
        self.query_one("#status", Static).update(Content.assemble(*parts))

    # -- triage -----------------------------------------------------------------------------

    def decide(self, decision: Decision | None) -> None:
        comment = self.table.current_comment
        if comment is None:
            self.notify("No comment selected.", severity="warning", markup=False)
            return
        self._record(lambda: self.session.decide(comment.id, decision))

    def _record(self, change: Callable[[], TriageChange | None]) -> TriageChange | None:
        """Make a change through the session (which writes it first), then show it."""
        try:
            made = change()
        except ReaderError as error:
            self.notify(str(error), title="Not saved", severity="error", markup=False)
            return None
        self._after_change()
        return made

    def _after_change(self) -> None:
        if self.thread.filter.decisions:
            self._refresh_rows(keep_row=True)
        self.table.cells_changed()
        self._summary_stale = True
        self._show_detail()

    def action_keep(self) -> None:
        self.decide(Decision.KEEP)

    def action_flag(self) -> None:
        self.decide(Decision.FLAG)

    def action_hide(self) -> None:
        self.decide(Decision.HIDE)

    def action_clear(self) -> None:
        self.decide(None)

    def action_undo(self) -> None:
        if not self.session.can_undo:
            self.notify("Nothing to undo.", markup=False)
            return
        change = self._record(self.session.undo)
        if change is not None:
            row = self.thread.row_of(change.comment_id)
            if row is not None:
                self.table.move_cursor(row)

    def action_note(self) -> None:
        comment = self.table.current_comment
        if comment is None:
            return
        current = self.session.record(comment.id).note or ""

        def save(note: str | None) -> None:
            if note is not None:
                self._record(lambda: self.session.annotate(comment.id, note))

        title = Content.assemble("Note on the comment by ", Content(comment.author),
                                 " (empty removes it)")
        self.app.push_screen(PromptScreen(title.plain, current, "a short note"), save)

    # -- search, filter, sort ---------------------------------------------------------------

    def action_search(self) -> None:
        def search(query: str | None) -> None:
            if query is None:
                return
            self.search_query = query.strip()
            self._show_status()
            if self.search_query:
                self._jump_to_match(self.table.cursor_row - 1, backwards=False)

        self.app.push_screen(
            PromptScreen("Search comment text and authors", self.search_query, "words…"), search
        )

    def _jump_to_match(self, after_row: int, *, backwards: bool) -> None:
        if not self.search_query:
            self.notify("No search yet: press / to search.", markup=False)
            return
        row = self.thread.find(self.search_query, after_row, backwards=backwards)
        if row is None:
            self.notify(f"No comment matches {self.search_query!r}.", severity="warning",
                        markup=False)
        else:
            self.table.move_cursor(row)

    def action_search_next(self) -> None:
        self._jump_to_match(self.table.cursor_row, backwards=False)

    def action_search_previous(self) -> None:
        self._jump_to_match(self.table.cursor_row, backwards=True)

    def action_filter(self) -> None:
        def chosen(comment_filter: CommentFilter | None) -> None:
            if comment_filter is not None:
                self.apply_filter(comment_filter)

        self.app.push_screen(FilterScreen(self.thread.filter, self.thread.languages()), chosen)

    def apply_filter(self, comment_filter: CommentFilter) -> None:
        self.thread.filter = comment_filter
        self._refresh_rows()
        if not self.thread.rows:
            self.notify("No comment matches this filter.", severity="warning", markup=False)

    def action_sort(self) -> None:
        position = SORT_KEYS.index(self.thread.sort_key)
        self.apply_sort(SORT_KEYS[(position + 1) % len(SORT_KEYS)])

    def apply_sort(self, sort_key: SortKey) -> None:
        self.thread.sort_key = sort_key
        self._refresh_rows()

    # -- panes ------------------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.show_tab(tab)

    def show_tab(self, tab: str) -> None:
        self.query_one("#reading", TabbedContent).active = tab
        if self.maximized is not None:
            self.minimize()
        self.query_one(_TAB_WIDGETS[tab]).focus()

    def focus_comments(self) -> None:
        self.table.focus()

    def _panes(self) -> list[Widget]:
        active = self.query_one("#reading", TabbedContent).active or "article"
        return [self.table, self.query_one("#detail"), self.query_one(_TAB_WIDGETS[active])]

    def _cycle_pane(self, step: int) -> None:
        panes = self._panes()
        focused = self.focused
        index = 0
        for number, pane in enumerate(panes):
            if focused is not None and (focused is pane or pane in focused.ancestors):
                index = number
                break
        if self.maximized is not None:
            self.minimize()
        panes[(index + step) % len(panes)].focus()

    def action_next_pane(self) -> None:
        self._cycle_pane(1)

    def action_previous_pane(self) -> None:
        self._cycle_pane(-1)

    def action_toggle_maximize(self) -> None:
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            pane = next((p for p in self._panes() if p is self.focused
                         or p in self.focused.ancestors), self.focused)
            self.maximize(pane, container=False)

    @on(QuoteChosen)
    def _show_quote(self, message: QuoteChosen) -> None:
        self.query_one("#reading", TabbedContent).active = "article"
        article = self.query_one(ArticleView)
        article.focus()
        self.call_after_refresh(article.choose, message.quote)

    def action_help(self) -> None:
        rows: dict[str, list[str]] = {}
        seen: set[tuple[str, str]] = set()
        for key, active in self.active_bindings.items():
            binding = active.binding
            if binding.id is None or (binding.id, key) in seen:
                continue
            seen.add((binding.id, key))
            rows.setdefault(binding.id, []).append(self.app.get_key_display(binding))
        table = [
            (", ".join(dict.fromkeys(rows.get(binding_id, []))) or "(unbound)", description)
            for binding_id, description in BINDING_IDS.items()
        ]
        table += [("^p", "command palette: every action by name"),
                  ("mouse", "click a row, a tab or a claim; scroll any pane")]
        self.app.push_screen(HelpScreen(table))

    # -- export -----------------------------------------------------------------------------

    def action_export(self) -> None:
        if not self.analysis_done:
            self.notify("The analysis is still running; export when it finishes.",
                        severity="warning", markup=False)
            return
        from reader.export.render import analysis_to_dict

        analysis = Analysis(self.article, self.quotes, dict(self.thread.analyses))
        data = analysis_to_dict(analysis, self.session.records)
        target = (self.export_dir or Path.cwd()) / export_file_name(self.source)
        temporary = target.with_name(target.name + ".tmp")
        try:
            temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")
            os.replace(temporary, target)
        except OSError as error:
            self.notify(f"Cannot export to {display_path(target)}: {error.strerror or error}",
                        severity="error", markup=False)
            return
        self.notify(f"Exported to {display_path(target)}", title="Export", markup=False)
