"""The main screen: composes the panes, routes messages between them, holds the thread.

What to show comes from reader.view.thread_view.ThreadView and what was decided from
reader.view.triage.TriageSession; the slow work runs in reader.tui.workers, the keys'
work in small helpers (triage_actions, search, export_file), and each pane draws itself
(reader.tui.panes). This module wires keys, messages and panes to them.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from msgspec.structs import replace
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import MountError
from textual.widgets import TabbedContent, TabPane

from reader.errors import ReaderError
from reader.keys import NEEDS_A_LOOK
from reader.model import Analysis, Article, Decision, Quote
from reader.text.decode import display_path
from reader.tui import comment_links, triage_actions
from reader.tui.actions import bindings, help_rows, keys_display
from reader.tui.commands import (
    FilterCommands,
    PaneCommands,
    SortCommands,
    TreeCommands,
    TriageCommands,
)
from reader.tui.keymap import current_keys
from reader.tui.messages import (
    AnalysisFailed,
    AnalysisFinished,
    ClaimsFound,
    CommentsAnalysed,
    PageRead,
    PageReadFailed,
    QuotesAttributed,
    TriageWriteFailed,
    TriageWritten,
)
from reader.tui.notices import Notice, tell
from reader.tui.panes.article import ArticleView
from reader.tui.panes.base import Pane, in_tab, next_pane, pane_holding, pane_in_tab
from reader.tui.panes.captions import CaptionsView
from reader.tui.panes.claims import ClaimChosen, ClaimsList, claim_name
from reader.tui.panes.comments import CommentHighlighted, CommentTable
from reader.tui.panes.detail import CommentDetail
from reader.tui.panes.summary import SummaryView
from reader.tui.screens.choose_article import ChooseArticleScreen
from reader.tui.search import CommentSearch
from reader.tui.widgets.footer import ReaderFooter
from reader.tui.widgets.status import StatusBar, status_content
from reader.tui.widgets.title_bar import TitleBar
from reader.tui.workers import (
    Analysers,
    analyse_thread,
    read_page,
    start_process_tracker,
    write_triage,
)
from reader.view.thread_view import AUTHOR, CLAIM, CommentFilter, SortKey, ThreadView
from reader.view.triage import PlannedAction, TriageAction, TriageChange, TriageSession

if TYPE_CHECKING:
    from reader.quotes.claims import Claim
    from reader.storage.store import TriageStore

# How often counts and analysis-dependent filters catch up while analysis runs.
REFRESH_SECONDS = 0.5
# From this many comments the heap is frozen (gc.freeze) while the screen is open: a full
# collection walks every comment and analysis (~0.1 s at 100,000), a visible stall on a key.
FREEZE_HEAP_COMMENTS = 10_000
# From this many changes a bulk decision or an undo is written in a thread worker (a bulk
# decision over 100,000 comments takes seconds); fewer take milliseconds, written at once.
BACKGROUND_WRITE_FROM = 1_000


class MainScreen(Screen[None]):
    """Everything the person triaging sees at once (or in stacked panes when narrow)."""

    HORIZONTAL_BREAKPOINTS = [  # noqa: RUF012 (Textual declares it on the instance)
        (0, "-narrow"),
        (120, "-wide"),
    ]
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        TriageCommands, FilterCommands, SortCommands, PaneCommands, TreeCommands
    }
    BINDINGS: ClassVar[list[BindingType]] = bindings("screen")
    # The comment list has the focus from the start: Textual's default ("*") would give it
    # to the reading tabs first, and restyling them, then the list, delays the first frame.
    AUTO_FOCUS = "#comments"

    def __init__(
        self,
        article: Article,
        store: TriageStore | None,
        *,
        source: str,
        export_dir: Path | None = None,
        analysers: Analysers | None = None,
        load_rest: Callable[[], Article] | None = None,
        auto_advance: bool = False,
        article_number: int = 1,
    ) -> None:
        """`load_rest`: when `article` is only the start of a long page, parses the whole of
        it; the start is shown (and can be triaged) meanwhile, the analysis waits for it.
        `auto_advance`: after keep, flag or hide, go to the next undecided comment.
        `article_number`: which of the file's articles this is (for its export's name)."""
        super().__init__()
        self.article_number = article_number
        self.auto_advance = auto_advance
        self.article = article
        self._load_rest = load_rest
        self.page_complete = load_rest is None
        self.store = store
        self.source = source
        self.export_dir = export_dir
        self.analysers = analysers or Analysers()
        # The real analysis may start worker processes (injected ones never do).
        self._may_start_processes = analysers is None
        records = store.load(article.content_hash) if store is not None else {}
        self.session = TriageSession(article.content_hash, store, records)
        self.thread = ThreadView.of_article(article, self.session.records)
        self.session.set_page(self.thread.position_of)  # count only this page's comments
        self.quotes: tuple[Quote, ...] = ()
        self.claims: dict[str, Claim] = {}  # by id, in article order
        self._claim_shown: tuple[str, str] | None = None  # (comment id, claim id) shown last
        self.search = CommentSearch()
        self.analysis_done = False
        self._rows_stale = False
        self._summary_stale = True
        self._heap_frozen = False
        # A big triage action being written in a worker (triage keys wait for it).
        self._writing: triage_actions.PendingWrite | None = None
        # Built with the screen, mounted in their tabs after its first frame (issue 15).
        self._hidden_panes: tuple[Pane, ...] = (
            CaptionsView(article, id="captions-view"),
            ClaimsList(id="claims-list"),
            SummaryView(id="summary-view"),
        )
        self._freeze_heap()

    @property
    def search_query(self) -> str:
        return self.search.query

    def _freeze_heap(self) -> None:
        """Keep the cyclic garbage collector off what exists now (the comments, then their
        analyses); those are freed by reference counting, never by the cyclic collector."""
        if len(self.thread.comments) >= FREEZE_HEAP_COMMENTS:
            gc.freeze()
            self._heap_frozen = True

    def on_unmount(self) -> None:
        if self._heap_frozen:
            gc.unfreeze()
        if self._writing is not None:
            # Quitting while a bulk decision is written: let its one transaction commit
            # before the app (and then the store) closes, so nothing confirmed is lost.
            self._writing.done.wait()

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="main"):
            with TabbedContent(id="reading", initial="article"):
                yield in_tab(ArticleView(self.article, id="article-view"))
                # The hidden tabs' panes come after the first frame (_mount_hidden_panes).
                for pane in self._hidden_panes:
                    yield TabPane(pane.PANE_TITLE, id=pane.PANE_TAB)
            # The comment list's frame holds the selected comment too, so it bears the title.
            with Vertical(id="comments-pane") as frame:
                frame.border_title = CommentTable.PANE_TITLE
                yield CommentTable(self.thread, id="comments")
                yield CommentDetail(id="detail")
        yield StatusBar(len(self.article.comments), id="status-bar")
        yield ReaderFooter()

    @property
    def table(self) -> CommentTable:
        return self.query_one("#comments", CommentTable)

    @property
    def status_bar(self) -> StatusBar:
        return self.query_one(StatusBar)

    def on_mount(self) -> None:
        self.query_one("#reading Tabs").can_focus = False
        self.table.rows_changed()
        self.table.focus()
        self._show_summary()
        self._show_status()
        self.set_interval(REFRESH_SECONDS, self._catch_up)
        # After the first frame, in this order: the hidden tabs' panes (mounted before any
        # message of the workers can name them), then the work. Parsing the rest of a long
        # page, or the analysis worker's set-up (hashing every text for the cache), holds
        # the GIL and would delay the first rows.
        self.call_after_refresh(self._mount_hidden_panes)
        self.call_after_refresh(self.analyse if self.page_complete else self.read_rest)
        self._show_warnings()

    async def _mount_hidden_panes(self) -> None:
        """Mount the panes of the tabs the first frame does not show (Captions, Claims,
        Summary): the first frame builds only what it shows (issue 15). Until now the
        screen has shown them nothing: what the workers have told it so far is drawn here."""
        try:
            reading = self.query_one("#reading", TabbedContent)
            mounts = [reading.get_pane(pane.PANE_TAB).mount(pane) for pane in self._hidden_panes]
        except (NoMatches, MountError):
            # The tabs are not there yet (a loaded machine) or the app is closing: try after
            # the next frame (a closing screen runs no more callbacks).
            self.call_after_refresh(self._mount_hidden_panes)
            return
        for mounted in mounts:
            await mounted
        self._hidden_panes = ()
        claims_list = self._claims_list()
        if claims_list is not None:
            claims_list.show_quotes(self.quotes)
            claims_list.show_claims(tuple(self.claims.values()))
        self._show_summary()

    def _claims_list(self) -> ClaimsList | None:
        """The Claims tab's pane, once mounted (the workers' messages may come before it)."""
        if self._hidden_panes:
            return None
        try:
            return self.query_one(ClaimsList)
        except NoMatches:  # the app is closing
            return None

    def tell(self, notice: Notice) -> None:
        tell(self, notice)

    # -- the rest of a long page (worker thread posts a message; the handler swaps it in) ---

    def read_rest(self) -> None:
        if self._load_rest is not None:
            self.run_worker(partial(read_page, self._load_rest, self.post_message),
                            name="read_rest", thread=True, exclusive=True, group="page")

    def on_page_read(self, message: PageRead) -> None:
        """Show the whole page in place of its start: same filter, sort and cursor comment."""
        self._load_rest = None
        current = self.table.current_comment
        start = self.thread
        self.article = message.article
        self.thread = ThreadView.of_article(self.article, self.session.records)
        self.session.set_page(self.thread.position_of)
        self.thread.filter, self.thread.sort_key = start.filter, start.sort_key
        self.thread.before_queue = start.before_queue
        if not (start.filter.is_empty and start.sort_key == "thread"):
            self.thread.refresh_rows()
        self.table.show_thread(self.thread, current.id if current is not None else None)
        self.status_bar.set_total(len(self.article.comments))
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
        self.tell(Notice(f"Only the first {len(self.thread.comments):,} comments could be "
                         f"read: {display_path(message.reason)}", "error"))
        self._show_status()
        self.analyse()

    def _show_warnings(self) -> None:
        """A best-effort reading (bytes replaced, comments cut off) says so, as the CLI does."""
        for warning in self.article.warnings:
            self.tell(Notice(display_path(warning), "warning", "Page read with a warning", 10))

    # -- analysis (worker thread posts messages; handlers below touch widgets) -------------

    def analyse(self) -> None:
        self.status_bar.start_progress()
        if self._may_start_processes:
            start_process_tracker(self.article)
        self.run_worker(
            partial(analyse_thread, self.article, self.store, self.analysers, self.post_message),
            name="analyse", thread=True, exclusive=True, group="analysis",
        )

    def on_quotes_attributed(self, message: QuotesAttributed) -> None:
        self.quotes = message.quotes
        self.query_one(ArticleView).show_quotes(message.quotes)
        claims_list = self._claims_list()
        if claims_list is not None:  # else shown when it is mounted
            claims_list.show_quotes(message.quotes)

    def on_claims_found(self, message: ClaimsFound) -> None:
        self.claims = {claim.id: claim for claim in message.claims}
        self.query_one(ArticleView).show_claims(message.claims)
        claims_list = self._claims_list()
        if claims_list is not None:  # else shown when it is mounted
            claims_list.show_claims(message.claims)
        self._show_claims()

    def on_comments_analysed(self, message: CommentsAnalysed) -> None:
        self.thread.add_analyses(message.batch)
        self.status_bar.advance(len(message.batch))
        self._summary_stale = True
        if self.thread.depends_on_analysis:
            self._rows_stale = True
        self.table.cells_changed()
        self._show_status()
        current = self.table.current_comment
        if current is not None and any(cid == current.id for cid, _ in message.batch):
            self._show_detail()

    def on_analysis_finished(self, message: AnalysisFinished) -> None:
        self.analysis_done = True
        self._freeze_heap()
        self.status_bar.analysis_ended()
        self._catch_up()
        self._show_detail()
        self._offer_found_values()

    def _offer_found_values(self) -> None:
        """A filter dialog opened during the analysis offers the values found since (its
        module is loaded only once a dialog has been opened)."""
        dialogs = sys.modules.get("reader.tui.screens.filter")
        if dialogs is not None and isinstance(self.app.screen, dialogs.FilterScreen):
            self.app.screen.offer(self.thread.filter_choices())

    def on_analysis_failed(self, message: AnalysisFailed) -> None:
        self.status_bar.analysis_ended()
        # The reason is an exception's text, which may quote a comment: shown inertly.
        self.tell(Notice(f"Analysis stopped: {display_path(message.reason)}", "error"))
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
        self._show_claims()

    @on(CommentHighlighted)
    def _comment_selected(self, message: CommentHighlighted) -> None:
        """Show the comment under the cursor as the database has it now: another window on
        the same database may have changed it since."""
        current = self.table.current_comment
        # (Not while a big action is written: the store is busy, and the record may change.)
        if current is not None and current.id == message.comment_id and self._writing is None:
            changed = triage_actions.refresh(self.session, current.id)
            if isinstance(changed, Notice):
                self.tell(changed)
            elif changed:
                self._after_change()
                return
        self._show_detail()

    def _show_detail(self) -> None:
        comment = self.table.current_comment
        detail = self.query_one(CommentDetail)
        if comment is None:
            detail.show(None, None, None, saved=len(self.thread.comments))
        else:
            detail.show(comment, self.thread.analyses.get(comment.id),
                        self.session.records.get(comment.id), self.thread.analysers)
        detail.scroll_home(animate=False)

    def _show_summary(self) -> None:
        if self._hidden_panes:  # drawn once its pane is mounted (_mount_hidden_panes)
            return
        try:
            summary = self.query_one(SummaryView)
        except NoMatches:  # the app is closing
            return
        summary.show(self.thread.summary(self.article.comment_count))
        self._show_claims()

    def _show_claims(self) -> None:
        """The stances of the comments about each claim (in the claims pane), the denials
        beside the claims in the article, and which claim the comments are filtered to."""
        if not self.claims:
            return
        stances = self.thread.claim_stances()
        chosen = self.thread.filter.values(CLAIM)
        claims_list = self._claims_list()
        if claims_list is not None:  # else drawn by _show_summary once it is mounted
            claims_list.show_stances(stances, next(iter(chosen)) if len(chosen) == 1 else None)
        self.query_one(ArticleView).show_denials(
            {claim: counts.get("deny", 0) for claim, counts in stances.items()})

    def _show_status(self) -> None:
        self.status_bar.show(status_content(
            self.thread, search=self.search.query, page_complete=self.page_complete,
            analysis_done=self.analysis_done,
            search_position=self.search.position(self.thread, self.table.cursor_row),
            decisions=self.session.decision_counts,
        ))

    # -- triage (reader.tui.triage_actions) -------------------------------------------------

    def _made(self, outcome: triage_actions.Outcome) -> TriageChange | TriageAction | None:
        """Show what a triage key did: a notice, or the change on every pane."""
        if isinstance(outcome, Notice):
            self.tell(outcome)
            return None
        self._after_change()
        return outcome

    def _after_change(self) -> None:
        if self.thread.filter.uses_triage:
            self._refresh_rows(keep_row=True)
        self.table.cells_changed()
        self._summary_stale = True
        self._show_detail()
        self._show_status()

    def decide(self, decision: Decision | None) -> None:
        if self._refused_while_writing():
            return
        comment, row = self.table.current_comment, self.table.cursor_row
        made = self._made(triage_actions.decide(self.session, comment, decision))
        # The needs-a-look view is a queue: a decision always moves on.
        advance = self.auto_advance or self.thread.in_queue
        if advance and made is not None and comment and decision is not None:
            self._advance_from(comment.id, row)

    def _advance_from(self, comment_id: str, row: int) -> None:
        """Go to the next undecided comment after the one just decided (which a decision
        filter may have taken out of the list: then from the row it was on)."""
        shown = self.thread.row_of(comment_id)
        found = self.thread.next_undecided(shown if shown is not None else row - 1)
        if found is None:
            self.tell(Notice("Every comment shown has a decision."))
        else:
            self.table.move_cursor(found)

    def _to_undecided(self, *, backwards: bool) -> None:
        found = self.thread.next_undecided(self.table.cursor_row, backwards=backwards)
        if found is None:
            self.tell(Notice("Every comment shown has a decision."))
        else:
            self.table.move_cursor(found)

    def action_next_undecided(self) -> None:
        self._to_undecided(backwards=False)

    def action_previous_undecided(self) -> None:
        self._to_undecided(backwards=True)

    def action_keep(self) -> None:
        self.decide(Decision.KEEP)

    def action_flag(self) -> None:
        self.decide(Decision.FLAG)

    def action_hide(self) -> None:
        self.decide(Decision.HIDE)

    def action_clear(self) -> None:
        self.decide(None)

    def action_undo(self) -> None:
        if self._refused_while_writing():
            return
        planned = triage_actions.plan_undo(self.session)
        if isinstance(planned, Notice):
            self.tell(planned)
            return
        undoes = planned.undoes
        what = triage_actions.describe_action(undoes, self._author_of) if undoes else "it"
        self._write(planned, f"Undoing {what}…", self._undone)

    def _undone(self, undone: TriageAction) -> None:
        """Say what an undo undid (when the list alone would not) and go to its comment."""
        notice = triage_actions.undo_notice(undone, self._author_of)
        if notice is not None:
            self.tell(notice)
        comment_id = undone.comment_id
        row = self.thread.row_of(comment_id) if comment_id is not None else None
        if row is not None:
            self.table.move_cursor(row)

    def _author_of(self, comment_id: str) -> str | None:
        position = self.thread.position_of.get(comment_id)
        return self.thread.comments[position].author if position is not None else None

    # -- bulk decisions: a menu, one confirmation, one transaction, one undo ----------------

    def bulk_shown(self) -> triage_actions.BulkTargets:
        """The comments the filter and the search show now."""
        query = self.search.query
        positions = self.thread.shown_matching(query)
        targets = triage_actions.shown_targets(
            [self.thread.comments[p].id for p in positions],
            filtered=not self.thread.filter.is_empty, searched=bool(query.strip()),
        )
        folded = self.thread.folded_matching(query)
        if not folded:
            return targets
        replies = "reply" if folded == 1 else "replies"
        return replace(targets, named=Content.assemble(
            targets.named, f" (not the {folded:,} collapsed {replies})"))

    def bulk_author(self) -> triage_actions.BulkTargets | None:
        """Every comment by the selected comment's author (None: no comment selected)."""
        comment = self.table.current_comment
        if comment is None:
            return None
        positions = self.thread.by_author(comment.author)
        return triage_actions.author_targets(
            comment.author, [self.thread.comments[p].id for p in positions])

    def action_bulk(self) -> None:
        """Choose a decision and which comments (shown, or this author's), then confirm."""
        if self._refused_while_writing():
            return
        from reader.tui.screens.choose import ChoiceScreen  # the dialogs load when opened

        scopes = [self.bulk_shown(), self.bulk_author()]
        choices = [
            (targets.choice(decision), (targets, decision))
            for targets in scopes if targets is not None and targets.comment_ids
            for decision in triage_actions.BULK_DECISIONS
        ]

        def chosen(choice: tuple[triage_actions.BulkTargets, Decision | None] | None) -> None:
            if choice is not None:
                self.confirm_bulk(*choice)

        self.app.push_screen(
            ChoiceScreen(Content("Decide on many comments at once (one undo restores them)"),
                         choices, empty="No comment to decide on."),
            chosen,
        )

    def confirm_bulk(self, targets: triage_actions.BulkTargets | None,
                     decision: Decision | None) -> None:
        """Ask once, then write every decision in one transaction."""
        if self._refused_while_writing():
            return
        if targets is None or not targets.comment_ids:
            self.tell(Notice("No comment to decide on.", "warning"))
            return
        from reader.tui.screens.confirm import ConfirmScreen

        done = Notice(f"{targets.question(decision).plain[:-1]}: done (u undoes all of them).")

        def confirmed(yes: bool | None) -> None:
            if not yes or self._refused_while_writing():
                return
            planned = triage_actions.plan_many(self.session, targets, decision)
            if isinstance(planned, Notice):
                self.tell(planned)
                return
            self._write(planned, f"Deciding on {len(planned.changes):,} comments…",
                        lambda _: self.tell(done))

        self.app.push_screen(ConfirmScreen(targets.question(decision)), confirmed)

    # -- writing a big action in a thread worker (reader.tui.workers.write_triage) ----------

    def _write(self, planned: PlannedAction, doing: str,
               then: Callable[[TriageAction], None]) -> None:
        """Write a planned action, then show it and do `then`: at once when small; else in a
        thread worker, the list saying so and the triage keys refused until it commits (the
        session's memory changes only then, in `on_triage_written`)."""
        session = self.session
        if planned.size < BACKGROUND_WRITE_FROM or not session.logs_actions:
            made = self._made(triage_actions.attempt(lambda: session.apply(session.write(planned))))
            if isinstance(made, TriageAction):
                then(made)
            return
        self._writing = pending = triage_actions.PendingWrite(planned, doing, then)
        self._show_writing(doing)
        self.tell(Notice(doing))
        self.run_worker(
            partial(write_triage, planned, session.write, self.post_message, pending.done),
            name="write_triage", thread=True, group="triage",
        )

    def _show_writing(self, doing: str | None) -> None:
        """What is being written, under the comment list (nothing once it is done)."""
        self.query_one("#comments-pane").border_subtitle = doing or ""

    def _refused_while_writing(self) -> bool:
        """Whether a big action is being written (then the key is refused, and told so)."""
        if self._writing is None:
            return False
        self.tell(self._writing.refusal)
        return True

    def _end_writing(self, planned: PlannedAction) -> triage_actions.PendingWrite | None:
        pending = self._writing
        if pending is None or pending.planned is not planned:
            return None
        self._writing = None
        self._show_writing(None)
        return pending

    def on_triage_written(self, message: TriageWritten) -> None:
        """The write committed: now the session remembers it, and the panes show it."""
        pending = self._end_writing(message.written.planned)
        if pending is None:
            return
        made = self._made(triage_actions.attempt(lambda: self.session.apply(message.written)))
        if isinstance(made, TriageAction):
            pending.then(made)

    def on_triage_write_failed(self, message: TriageWriteFailed) -> None:
        """Nothing was written, so nothing in memory changes: say so, once."""
        if self._end_writing(message.planned) is not None:
            self.tell(Notice(message.reason, "error", title="Not saved"))

    # -- history, links, clipboard -----------------------------------------------------------

    def action_history(self) -> None:
        from reader.tui.screens.history import HISTORY_ROWS, HistoryScreen

        if self._refused_while_writing():
            return
        if self.store is None:
            self.tell(Notice("No decision database is open, so there is no history.",
                             "warning"))
            return
        try:
            entries = self.store.history(self.article.content_hash, newest_first=True,
                                         limit=HISTORY_ROWS)
        except ReaderError as error:
            self.tell(Notice(str(error), "error", "Cannot read the history"))
            return
        comments = {comment.id: comment for comment in self.thread.comments}

        def chosen(comment_id: str | None) -> None:
            if comment_id is not None:
                self.jump_to_comment(comment_id)

        self.app.push_screen(HistoryScreen(entries, comments), chosen)

    def jump_to_comment(self, comment_id: str) -> None:
        """Put the cursor on a comment (and the focus on the list), or say why not."""
        row = self.thread.row_of(comment_id)
        position = self.thread.position_of.get(comment_id)
        if row is None and position is not None and self.thread.reveal(position):
            self.table.rows_changed(comment_id)
            row = self.thread.row_of(comment_id)
        if row is None:
            shown = comment_id in self.thread.position_of
            self.tell(Notice("That comment is not shown by the filter; clear the filter to see "
                             "it." if shown else "That comment is not on this page.", "warning"))
            return
        self.table.move_cursor(row)
        self.table.focus()

    def action_open_link(self) -> None:
        """The selected comment's web link, or in the captions pane an image's; several:
        choose one."""
        in_captions = isinstance(pane_holding(self.focused), CaptionsView)
        if in_captions:
            links = comment_links.image_links(self.article.images)
        elif (comment := self.table.current_comment) is None:
            links = Notice("No comment selected.", "warning")
        else:
            links = comment_links.comment_links(comment)
        if isinstance(links, Notice):
            self.tell(links)
            return
        kind = "image" if in_captions else "comment"
        if len(links) == 1:
            self.tell(comment_links.open_link(self.app, links[0][1], of=f"the {kind}'s link"))
            return
        numbered = [(prompt, (number, url)) for number, (prompt, url) in enumerate(links, 1)]

        def chosen(choice: tuple[int, str] | None) -> None:
            if choice is not None:
                number, url = choice
                self.tell(comment_links.open_link(
                    self.app, url, of=f"{kind} link {number} of {len(links)}"))

        from reader.tui.screens.choose import ChoiceScreen

        title = "Open which image's link?" if in_captions else "Open which of the comment's links?"
        self.app.push_screen(ChoiceScreen(Content(title), numbered), chosen)

    def action_copy_text(self) -> None:
        self.tell(comment_links.copy_comment(self.app, self.table.current_comment))

    def action_note(self) -> None:
        comment = self.table.current_comment
        if comment is None or self._refused_while_writing():
            return

        def save(note: str | None) -> None:
            if note is not None:
                self._made(triage_actions.annotate(self.session, comment.id, note))

        self.app.push_screen(triage_actions.note_prompt(self.session, comment), save)

    # -- search (reader.tui.search), filter, sort -------------------------------------------

    def action_search(self) -> None:
        """Search (Esc in the prompt keeps the search as it was; an empty one clears it)."""
        def search(query: str | None) -> None:
            if query is None:
                return
            had_search = bool(self.search.query)
            searching = self.search.set(query)
            self._search_changed()
            if searching:
                self._jump_to_match(self.table.cursor_row - 1, backwards=False)
            elif had_search:
                self.tell(Notice("Search cleared."))

        self.app.push_screen(self.search.prompt(), search)

    def action_clear_search(self) -> None:
        """Esc: clear the search; else leave the needs-a-look view; else the claim filter."""
        if self.search.query:
            self.search.set("")
            self._search_changed()
            self.tell(Notice("Search cleared."))
        elif self.thread.in_queue:
            self.leave_needs_a_look()
        elif self.thread.filter.values(CLAIM):
            self.show_every_claim()

    def _search_changed(self) -> None:
        """Mark the search's matches in the list and the selected comment, and count them."""
        self.table.show_search(self.search.query)
        self.query_one(CommentDetail).show_search(self.search.query)
        self._show_status()

    def _jump_to_match(self, after_row: int, *, backwards: bool) -> None:
        rows = self.thread.rows
        match = self.search.match(self.thread, after_row, backwards=backwards)
        if isinstance(match, Notice):
            self.tell(match)
        else:
            if self.thread.rows is not rows:  # the match was in collapsed replies: shown now
                self.table.rows_changed(self.thread.comment_at(match).id)
                self.tell(Notice("Expanded the collapsed replies that hold the match."))
            self.table.move_cursor(match)
            self._show_status()

    def action_search_next(self) -> None:
        self._jump_to_match(self.table.cursor_row, backwards=False)

    def action_search_previous(self) -> None:
        self._jump_to_match(self.table.cursor_row, backwards=True)

    def action_filter(self) -> None:
        def chosen(comment_filter: CommentFilter | None) -> None:
            if comment_filter is not None:
                if not comment_filter.is_empty:  # the dialog has no claim field: keep it
                    claim = self.thread.filter.values(CLAIM)
                    comment_filter = comment_filter.with_values(CLAIM, claim)
                self.apply_filter(comment_filter)

        from reader.tui.screens.filter import FilterScreen

        current = self.table.current_comment
        self.app.push_screen(
            FilterScreen(self.thread.filter, self.thread.filter_choices(),
                         suggested_author=current.author if current is not None else ""),
            chosen,
        )

    def filter_author(self) -> None:
        """Show only the selected comment's author's comments (with the rest of the filter)."""
        comment = self.table.current_comment
        if comment is None:
            self.tell(Notice("No comment selected.", "warning"))
            return
        self.apply_filter(self.thread.filter.with_values(AUTHOR, [comment.author]))

    def apply_filter(self, comment_filter: CommentFilter, *, say_none: bool = True) -> None:
        self.thread.filter = comment_filter
        self._refresh_rows()
        if say_none and not self.thread.rows:
            self.tell(Notice("No comment matches this filter.", "warning"))

    def action_sort(self) -> None:
        keys = self.thread.sort_keys()
        self.apply_sort(keys[(keys.index(self.thread.sort_key) + 1) % len(keys)])

    def apply_sort(self, sort_key: SortKey) -> None:
        self.thread.sort_key = sort_key
        self._refresh_rows()

    # -- the reply tree (folds and jumps: reader.view.thread_view) --------------------------

    def _refold(self, fold: Callable[[], str | None], only: int | None = None) -> None:
        """Fold or unfold, keeping the cursor on its comment (or, folded away, on the
        top-level comment above it); or say why nothing changed. `only`: the one comment
        (position) whose line changes."""
        current = self.table.current_comment
        refused = fold()
        if refused is not None:
            self.tell(Notice(refused))
            return
        keep = current
        if current is not None and self.thread.row_of(current.id) is None:
            keep = self.thread.comments[self.thread.tree.root_of(
                self.thread.position_of[current.id])]
        self.table.rows_changed(keep.id if keep is not None else None, only=only)
        self._show_status()

    def action_toggle_replies(self) -> None:
        row = self.table.cursor_row
        position = self.thread.rows[row] if row < len(self.thread.rows) else None
        self._refold(lambda: self.thread.toggle_fold(row), position)

    def action_collapse_all(self) -> None:
        self._refold(self.thread.fold_all)

    def action_expand_all(self) -> None:
        self._refold(self.thread.unfold_all)

    def _tree_jump(self, found: int | str) -> None:
        if isinstance(found, str):
            self.tell(Notice(found))
        else:
            self.table.move_cursor(found)

    def action_go_to_parent(self) -> None:
        self._tree_jump(self.thread.parent_row(self.table.cursor_row))

    def action_next_sibling(self) -> None:
        self._tree_jump(self.thread.sibling_row(self.table.cursor_row, 1))

    def action_previous_sibling(self) -> None:
        self._tree_jump(self.thread.sibling_row(self.table.cursor_row, -1))

    def action_next_top_level(self) -> None:
        self._tree_jump(self.thread.top_level_row(self.table.cursor_row, 1))

    def action_previous_top_level(self) -> None:
        self._tree_jump(self.thread.top_level_row(self.table.cursor_row, -1))

    # -- panes (reader.tui.panes.base) ------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        self.show_tab(tab)

    def show_tab(self, tab: str) -> None:
        reading = self.query_one("#reading", TabbedContent)
        reading.active = tab
        if self.maximized is not None:
            self.minimize()
        pane_in_tab(reading.get_pane(tab)).focus()

    def focus_comments(self) -> None:
        self.table.focus()

    def _cycle_pane(self, step: int) -> None:
        pane = next_pane(self, step, home=self.table)
        if self.maximized is not None:
            self.minimize()
        if pane is not None:
            pane.focus()

    def action_next_pane(self) -> None:
        self._cycle_pane(1)

    def action_previous_pane(self) -> None:
        self._cycle_pane(-1)

    def action_toggle_maximize(self) -> None:
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None:
            self.maximize(pane_holding(self.focused) or self.focused, container=False)

    # -- claims (SPEC 5): the comments about a claim, the claim of a comment, a queue -------

    @on(ClaimChosen)
    def _claim_chosen(self, message: ClaimChosen) -> None:
        """A claim chosen in the claims pane: its comments in the list, it in the article;
        the claim the comments are filtered to, chosen again: every comment again."""
        claim = message.claim
        if self.thread.filter.values(CLAIM) == {claim.id}:
            self.show_every_claim()
            return
        self.apply_filter(self.thread.filter.with_values(CLAIM, [claim.id]), say_none=False)
        self.show_claim(claim)
        self.table.focus()
        shown = len(self.thread.rows)
        counted = f"{shown:,} comment{'' if shown == 1 else 's'}" if shown else "No comment"
        also = " that the rest of the filter shows" if len(self.thread.filter.wanted) > 1 else ""
        self.tell(Notice(f"{counted} about {claim_name(claim)}{also}; Esc shows every "
                         "comment again."))

    def show_every_claim(self) -> None:
        """Take the claim out of the filter (the rest of it stays)."""
        self.apply_filter(self.thread.filter.with_values(CLAIM, ()))
        self.tell(Notice("Showing the comments about every claim again."))

    def show_claim(self, claim: Claim) -> None:
        """Show the claim in the article (the reading pane on the article, not focused)."""
        if self.maximized is not None:
            self.minimize()
        self.query_one("#reading", TabbedContent).active = ArticleView.PANE_TAB
        self.call_after_refresh(self.query_one(ArticleView).choose_claim, claim)

    def action_go_to_claim(self) -> None:
        """The claim the selected comment is about (or quotes) in the article; pressed again,
        its next claim."""
        comment = self.table.current_comment
        if comment is None:
            self.tell(Notice("No comment selected.", "warning"))
            return
        ids = [i for i in self.thread.claims_of_comment(comment.id) if i in self.claims]
        if not ids:
            self.tell(Notice("This comment is about no claim in particular."))
            return
        last = self._claim_shown
        at = ids.index(last[1]) + 1 if last and last[0] == comment.id and last[1] in ids else 0
        claim = ids[at % len(ids)]
        self._claim_shown = (comment.id, claim)
        self.show_claim(self.claims[claim])

    def action_needs_a_look(self) -> None:
        """The comments that need a look, by attention, with their reasons; or back."""
        if self.thread.in_queue:
            self.leave_needs_a_look()
            return
        refused = self.thread.open_queue()
        if refused is not None:
            self.tell(Notice(refused, "warning"))
            return
        self.table.rows_changed()
        first = self.thread.next_undecided(-1)
        self.table.move_cursor(first if first is not None else 0)
        self._show_status()
        self._show_claims()
        count = len(self.thread.rows)
        still = "" if self.analysis_done else " so far (more as the analysis goes on)"
        back = keys_display(self.app, current_keys(self.app)[NEEDS_A_LOOK][:1])
        self.tell(Notice(f"Needs a look: {count:,} comment{'' if count == 1 else 's'}{still}, "
                         f"highest first; a decision moves on to the next. {back} or Esc goes "
                         "back."))

    def leave_needs_a_look(self) -> None:
        current = self.table.current_comment
        self.thread.close_queue()
        self.table.rows_changed(keep_comment=current.id if current else None)
        self._show_status()
        self._show_claims()
        self.tell(Notice("Back to the order and filter from before."))

    def action_back_to_articles(self) -> None:
        """Back to the list this article was chosen from; decisions are already saved."""
        stack = self.app.screen_stack
        if len(stack) > 1 and isinstance(stack[-2], ChooseArticleScreen):
            self.app.pop_screen()
        else:
            self.tell(Notice("This file holds one article.", "information"))

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(help_rows(self.app)))

    # -- export (reader.tui.export_file, the dialog in screens/export.py) --------------------

    def action_export(self) -> None:
        """Ask where (beside the page by default) and as what, then write there."""
        if self._refused_while_writing():  # it would export the decisions of before
            return
        if not self.analysis_done:
            self.tell(Notice("The analysis is still running; export when it finishes.",
                             "warning"))
            return
        from reader.tui.export_file import default_export_folder, export_analysis
        from reader.tui.screens.export import ExportScreen

        analysis = Analysis(self.article, self.quotes, dict(self.thread.analyses))
        save = partial(export_analysis, analysis, self.session.records)
        folder = default_export_folder(self.export_dir)
        self.app.push_screen(
            ExportScreen(folder, self.source, save, article=self.article_number)
        )
