"""The app, driven through Textual's pilot: every key, triage with a real store, safety.

A small hand-built article and instant fake analysers keep each run fast and independent of
the analysers' models; one test runs the real analysers on the bundled sample.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from made_analyses import comment_analysis
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static, TabbedContent
from waiting import wait_until

from reader.analysers.sentiment import Sentiment
from reader.analysers.stance import Stance
from reader.model import (
    Article,
    Comment,
    CommentAnalysis,
    Decision,
    Image,
    Quote,
)
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.export_file import export_file_name
from reader.tui.panes.article import ArticleView
from reader.tui.panes.claims import ClaimsList
from reader.tui.panes.comments import CommentTable
from reader.tui.panes.speaker_styles import speaker_styles
from reader.tui.screens.export import ExportScreen
from reader.tui.screens.filter import FilterScreen
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.prompt import PromptScreen
from reader.tui.workers import Analysers

HOSTILE = (
    "[b]bold?[/b] [@click=app.quit]x [ @click=app.quit]x [/x] "
    "[link='https://evil']https://bank[/]"
)
PARAGRAPHS = (
    "'We will build it,' said Mayor Jo Bloggs on Monday.",
    "Critics called the plan a 'disaster' for the harbour.",
    "Jo Bloggs added: 'The money is there.'",
)
COMMENTS = (
    Comment("c0", "Alice", "2h ago", "Saw the cranes myself, exactly where they say.", 12),
    Comment("c1", "Bob", "1d ago", "Pull the other one, this is a cover-up.", 3),
    Comment("c2", "[b]Mallory[/b]", "Just now", HOSTILE, 0),
    Comment("c3", "Dora", "3w ago", "¿Dónde está el informe del ayuntamiento?", 40),
    Comment("c4", "Eve", "5m ago", "Which councillors voted against it?", 7),
    Comment("c5", "alice b", "6h ago", "Lovely harbour, shame about the plan.\n\nSecond para.", 2400),
)


def _quote(paragraph: int, text: str, speaker: str | None, kind: str = "direct") -> Quote:
    start = PARAGRAPHS[paragraph].index(text)
    return Quote("body", paragraph, start, start + len(text), text, speaker, kind)  # type: ignore[arg-type]


QUOTES = (
    _quote(0, "We will build it", "Jo Bloggs"),
    _quote(1, "disaster", None, "partial"),
    _quote(2, "The money is there.", "Jo Bloggs"),
)


def _analysis(stance: str, score: float, compound: float | None, lang: str | None
              ) -> CommentAnalysis:
    sentiment = None
    if compound is not None:
        label = "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"
        sentiment = Sentiment(compound, pos=max(compound, 0), neu=1 - abs(compound),
                              neg=max(-compound, 0), label=label)  # type: ignore[arg-type]
    return comment_analysis(lang, 0.99 if lang else None, sentiment,
                            Stance(stance, score, ("'exactly where' (support)",)))  # type: ignore[arg-type]


ANALYSES = {
    "c0": _analysis("support", 0.81, 0.42, "en"),
    "c1": _analysis("deny", 0.92, -0.51, "en"),
    "c2": _analysis("comment", 0.40, 0.0, None),
    "c3": _analysis("query", 0.66, None, "es"),
    "c4": _analysis("query", 0.88, 0.0, "en"),
    "c5": _analysis("comment", 0.55, -0.2, "en"),
}

ARTICLE = Article(
    headline="Council 'approves' harbour plan",
    byline="Ann Writer, Harbour Reporter",
    authors=("Ann Writer",),
    published="4 days ago",
    paragraphs=PARAGRAPHS,
    images=(Image("https://example.com/cranes.jpg", "Cranes over the harbour on Monday", 0),),
    comment_count=24,
    comments=COMMENTS,
)


def fake_analysers(batches: Sequence[Sequence[str]] | None = None) -> Analysers:
    def comments(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        for batch in batches or [list(ANALYSES)]:
            yield [(comment_id, ANALYSES[comment_id]) for comment_id in batch]

    return Analysers(quotes=lambda article: QUOTES, comments=comments)


class RecordingApp(ReaderApp):
    """The app, remembering its notifications (run_test turns toasts off)."""

    notified: list[tuple[str, bool]]

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        self.__dict__.setdefault("notified", []).append((message, markup))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)


def make_app(store: TriageStore | None = None, article: Article = ARTICLE, **kwargs: Any
             ) -> RecordingApp:
    kwargs.setdefault("analysers", fake_analysers())
    kwargs.setdefault("source", "harbour.txt")
    return RecordingApp(article, store, **kwargs)


def main_screen(app: ReaderApp) -> MainScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def settle(pilot: Pilot[Any]) -> MainScreen:
    """Wait for the analysis to finish and the screen to be idle."""
    main = main_screen(pilot.app)  # type: ignore[arg-type]
    await wait_until(pilot, lambda: main.analysis_done)
    assert main.analysis_done
    return main


def current_id(app: ReaderApp) -> str | None:
    comment = main_screen(app).table.current_comment
    return comment.id if comment else None


def table_text(app: ReaderApp) -> str:
    table = main_screen(app).table
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def detail_text(app: ReaderApp) -> str:
    static = main_screen(app).query_one("#detail-text", Static)
    assert isinstance(static.content, Content)
    return static.content.plain


def toasts(app: ReaderApp) -> list[str]:
    """What the app notified; every notification must be plain text, never markup."""
    notified = app.__dict__.get("notified", [])
    assert all(markup is False for _, markup in notified), notified
    return [message for message, _ in notified]


async def answer_prompt(pilot: Pilot[Any], text: str) -> None:
    """Fill the open prompt and press Enter (faster than one key press per character)."""
    screen = pilot.app.screen
    assert isinstance(screen, PromptScreen)
    screen.query_one(Input).value = text
    await pilot.press("enter")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TriageStore]:
    with TriageStore(tmp_path / "triage.sqlite3") as opened:
        yield opened


# -- opening ---------------------------------------------------------------------------------


async def test_opens_on_the_first_comment_with_the_list_focused() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        assert isinstance(app.focused, CommentTable)
        assert current_id(app) == "c0"
        assert "Saw the cranes myself" in detail_text(app)
        assert "support 0.81" in detail_text(app)
        assert main.query_one("#reading", TabbedContent).active == "article"
        assert app.sub_title == "harbour.txt"


async def test_screen_paints_before_analysis_finishes_and_shows_progress() -> None:
    release = threading.Event()

    def slow(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        yield [("c0", ANALYSES["c0"])]
        release.wait(10)
        yield [(cid, ANALYSES[cid]) for cid in list(ANALYSES)[1:]]

    app = make_app(analysers=Analysers(quotes=lambda a: QUOTES, comments=slow))
    async with app.run_test(size=(160, 48)) as pilot:
        main = main_screen(app)
        await wait_until(pilot, lambda: bool(main.thread.analysed))
        assert not main.analysis_done
        assert main.query_one("#progress").display
        status = main.query_one("#status", Static).content
        assert "analysing 1/6" in str(status)
        assert "…" in table_text(app)  # the rows not analysed yet
        try:
            await pilot.press("j")  # the UI answers keys meanwhile
            assert current_id(app) == "c1"
        finally:
            release.set()
        await settle(pilot)
        assert not main.query_one("#progress").display
        assert main.thread.analysed == 6


async def test_analysis_failure_is_reported_and_the_app_keeps_working() -> None:
    def broken(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        raise RuntimeError("model file\nmissing")
        yield []  # pragma: no cover

    app = make_app(analysers=Analysers(quotes=lambda a: (), comments=broken))
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_until(
            pilot, lambda: any("Analysis stopped" in text for text in toasts(app))
        )
        assert any("Analysis stopped: model file missing" in text for text in toasts(app))
        await pilot.press("j", "a")
        assert main_screen(app).session.record("c1").decision is Decision.KEEP


# -- moving ----------------------------------------------------------------------------------


async def test_cursor_keys() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        assert current_id(app) == "c2"
        await pilot.press("k")
        assert current_id(app) == "c1"
        await pilot.press("down", "down", "up")
        assert current_id(app) == "c2"
        await pilot.press("G")
        assert current_id(app) == "c5"
        await pilot.press("j")  # stays on the last
        assert current_id(app) == "c5"
        await pilot.press("g")
        assert current_id(app) == "c0"
        await pilot.press("ctrl+d")
        assert current_id(app) == "c5"  # half a page is more than the six rows
        await pilot.press("ctrl+u")
        assert current_id(app) == "c0"
        await pilot.press("end")
        assert current_id(app) == "c5"
        await pilot.press("home")
        assert current_id(app) == "c0"


async def test_half_page_moves_half_the_visible_rows() -> None:
    many = tuple(Comment(f"m{i}", f"u{i}", "1h ago", f"text {i}") for i in range(200))
    article = Article("Many", comments=many)
    app = make_app(article=article, analysers=Analysers(quotes=lambda a: (),
                                                        comments=lambda a, c: iter(())))
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        table = main_screen(app).table
        page = table.scrollable_content_region.height - 1
        await pilot.press("ctrl+d")
        assert table.cursor_row == page // 2
        await pilot.press("G")
        assert table.cursor_row == 199
        assert table.scroll_offset.y > 0  # the cursor row is scrolled into view
        await pilot.press("ctrl+u")
        assert table.cursor_row == 199 - page // 2


async def test_click_selects_a_row() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        table = main.table
        await pilot.click(table, offset=(5, 4))  # header is line 0: line 4 is the 4th comment
        assert current_id(app) == "c3"
        assert "Dónde" in detail_text(app)


# -- triage ----------------------------------------------------------------------------------


async def test_triage_keys_write_to_the_store_and_reopen_restores(tmp_path: Path) -> None:
    db = tmp_path / "t.sqlite3"
    with TriageStore(db) as store:
        app = make_app(store)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press("a", "j", "f", "j", "x", "j", "a", "c")
            assert store.load(ARTICLE.content_hash) == {
                "c0": main_screen(app).session.record("c0"),
                "c1": main_screen(app).session.record("c1"),
                "c2": main_screen(app).session.record("c2"),
            }
            assert "keep" in table_text(app) and "flag" in table_text(app)
            assert "Decision   none" in detail_text(app)  # c3 cleared
    with TriageStore(db) as store:
        records = store.load(ARTICLE.content_hash)
        assert {cid: r.decision for cid, r in records.items()} == {
            "c0": Decision.KEEP, "c1": Decision.FLAG, "c2": Decision.HIDE,
        }
        app = make_app(store)
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert "Decision   keep" in detail_text(app)
            await pilot.press("j")
            assert "Decision   flag" in detail_text(app)
            assert main_screen(app).thread.summary().decisions["hide"] == 1


async def test_undo_restores_the_previous_state_in_the_store(store: TriageStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("a", "f", "j", "x")
        await pilot.press("u")  # undoes hide on c1, cursor stays there
        assert current_id(app) == "c1"
        assert "c1" not in store.load(ARTICLE.content_hash)
        await pilot.press("u")  # flag -> keep on c0, cursor moves to it
        assert current_id(app) == "c0"
        assert store.load(ARTICLE.content_hash)["c0"].decision is Decision.KEEP
        await pilot.press("u", "u")
        assert store.load(ARTICLE.content_hash) == {}
        assert any("Nothing to undo" in text for text in toasts(app))


async def test_note_is_saved_edited_undone_and_removed(store: TriageStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("j", "m")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"check [b]this[/b]", "enter")
        assert isinstance(app.screen, MainScreen)
        assert store.load(ARTICLE.content_hash)["c1"].note == "check [b]this[/b]"
        assert "Note       check [b]this[/b]" in detail_text(app)
        await pilot.press("f")
        assert store.load(ARTICLE.content_hash)["c1"].decision is Decision.FLAG
        await pilot.press("m", "escape")  # cancel keeps it
        assert store.load(ARTICLE.content_hash)["c1"].note == "check [b]this[/b]"
        await pilot.press("u", "u")  # undo flag, then undo the note
        assert "c1" not in store.load(ARTICLE.content_hash)
        await pilot.press("m", *"x", "enter", "m", "ctrl+u", "enter")  # blank removes
        assert "c1" not in store.load(ARTICLE.content_hash)


async def test_store_errors_are_shown_not_raised(store: TriageStore) -> None:
    app = make_app(store)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        store.close()
        await pilot.press("a")
        assert any("closed" in text for text in toasts(app))
        assert main_screen(app).session.record("c0").decision is None
        assert app.is_running


# -- search, filter, sort ----------------------------------------------------------------------


async def test_search_then_next_and_previous() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await answer_prompt(pilot, "alice")
        assert current_id(app) == "c0"  # matches at or after the cursor
        await pilot.press("n")
        assert current_id(app) == "c5"  # author "alice b"
        await pilot.press("n")
        assert current_id(app) == "c0"  # wraps
        await pilot.press("N")
        assert current_id(app) == "c5"
        await pilot.press("slash")
        await answer_prompt(pilot, "cover-up")
        assert current_id(app) == "c1"  # text
        await pilot.press("slash")
        await answer_prompt(pilot, "[b]x")
        assert await wait_until(
            pilot, lambda: any("No comment matches '[b]x'" in text for text in toasts(app))
        )


async def test_filter_modal_and_clear() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("F")
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("down", "space")  # stance: deny
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, MainScreen)
        assert [c.id for c in (main.thread.comment_at(r) for r in range(len(main.thread.rows)))
                ] == ["c1"]
        assert "filter: stance=deny" in str(main.query_one("#status", Static).content)
        await pilot.press("F")
        await pilot.click("#filter-clear")
        assert len(main.thread.rows) == 6


async def test_filter_by_language_and_decision_follows_triage() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("F")
        filters = app.screen
        assert isinstance(filters, FilterScreen)
        filters.query_one("#filter-decision").select("none")  # type: ignore[attr-defined]
        filters.query_one("#filter-language").select("en")  # type: ignore[attr-defined]
        await pilot.click("#filter-apply")
        assert [main.thread.comment_at(r).id for r in range(len(main.thread.rows))] == [
            "c0", "c1", "c4", "c5"
        ]
        await pilot.press("a")  # kept: leaves the "no decision" filter; cursor on the next
        assert len(main.thread.rows) == 3
        assert current_id(app) == "c1"
        await pilot.press("F", "escape")  # cancel changes nothing
        assert len(main.thread.rows) == 3


async def test_sort_key_cycles_and_keeps_the_cursor_comment() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("j")  # c1
        await pilot.press("s")
        assert main.thread.sort_key == "likes"
        assert main.thread.comment_at(0).id == "c5"
        assert current_id(app) == "c1"
        await pilot.press("s")
        assert main.thread.sort_key == "sentiment"
        assert main.thread.comment_at(0).id == "c1"
        await pilot.press("s")
        assert main.thread.sort_key == "stance"
        assert [main.thread.comment_at(r).id for r in range(3)] == ["c1", "c4", "c3"]
        await pilot.press("s")
        assert main.thread.sort_key == "attention"  # needs a look first
        await pilot.press("s")
        assert main.thread.sort_key == "thread"
        assert "sorted: thread order" in str(main.query_one("#status", Static).content)


def _palette_offers(app: Any, name: str) -> bool:
    """Whether the open command palette lists a command called `name`."""
    from textual.command import CommandPalette
    from textual.widgets import OptionList

    if not isinstance(app.screen, CommandPalette):
        return False
    options = app.screen.query_one(OptionList)
    return any(name in str(options.get_option_at_index(i).prompt)
               for i in range(options.option_count))


async def test_command_palette_runs_a_command() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("ctrl+p", *"most liked")
        await wait_until(pilot, lambda: _palette_offers(pilot.app, "Sort: most liked"))
        await pilot.press("enter")
        await pilot.pause()
        assert main.thread.sort_key == "likes"


async def test_every_domain_has_palette_commands_that_work() -> None:
    from reader.tui.commands import FilterCommands, PaneCommands, SortCommands, TriageCommands

    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        assert {FilterCommands, PaneCommands, SortCommands, TriageCommands} <= set(main.COMMANDS)

        def run(provider: type[Any], name: str) -> None:
            commands = {n: callback for n, callback, _ in provider(main).commands(main)}
            commands[name]()

        run(SortCommands, "Sort: stance (deny, query, support, comment)")
        assert main.thread.sort_key == "stance"
        run(FilterCommands, "Filter: only stance query")
        assert len(main.thread.rows) == 2
        run(FilterCommands, "Filter: only language es")
        assert [main.thread.comment_at(0).id] == ["c3"]
        run(TriageCommands, "Triage: flag comment")
        assert main.session.record("c3").decision is Decision.FLAG
        run(TriageCommands, "Triage: undo")
        assert main.session.records == {}
        run(FilterCommands, "Filter: clear all")
        assert len(main.thread.rows) == 6
        run(PaneCommands, "Show: claims")
        assert main.query_one("#reading", TabbedContent).active == "claims"
        run(PaneCommands, "Focus: comments")
        assert app.focused is main.table
        run(PaneCommands, "Help: show every key")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


# -- panes -----------------------------------------------------------------------------------


async def test_tab_cycles_panes_and_number_keys_show_tabs() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("tab")
        assert app.focused is main.query_one("#detail")
        await pilot.press("tab")
        assert app.focused is main.query_one("#article-view")
        await pilot.press("tab")
        assert app.focused is main.table
        await pilot.press("shift+tab")
        assert app.focused is main.query_one("#article-view")
        await pilot.press("j", "G", "g")  # scroll keys in the article do not move comments
        assert current_id(app) == "c0"
        await pilot.press("a")  # triage works from any pane
        assert main.session.record("c0").decision is Decision.KEEP
        tabs = main.query_one("#reading", TabbedContent)
        for key, tab, widget in [("2", "captions", "#captions-view"),
                                 ("3", "claims", "#claims-list"),
                                 ("4", "summary", "#summary-view"),
                                 ("1", "article", "#article-view")]:
            await pilot.press(key)
            assert tabs.active == tab
            assert app.focused is main.query_one(widget)
        await pilot.press("z")
        assert main.maximized is main.query_one("#article-view")
        await pilot.press("z")
        assert main.maximized is None


async def test_article_captions_claims_and_summary_content() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        article = main.query_one(ArticleView)
        paragraph = article.query_one("#paragraph-0", Static).content
        assert isinstance(paragraph, Content)
        styles = [span.style for span in paragraph.spans]
        # Jo Bloggs: the first speaker's colour on this theme
        assert styles == [speaker_styles(QUOTES, app.current_theme)["Jo Bloggs"]]
        muted = article.query_one("#paragraph-1", Static).content
        assert isinstance(muted, Content)
        assert {str(span.style) for span in muted.spans} == {"italic underline $text-muted"}
        # the caption stands after paragraph 0, before paragraph 1
        ids = [child.id for child in article.children]
        assert ids.index("caption-0") == ids.index("paragraph-0") + 1
        await pilot.press("2")
        captions = " ".join(str(s.content) for s in main.query("#captions-view Static")
                            .results(Static))
        assert "Cranes over the harbour" in captions and "https://example.com/cranes.jpg" in captions
        await pilot.press("4")
        summary = main.query_one("#summary-text", Static).content
        assert "6 saved · 24 reported by the site" in str(summary)
        assert "query" in str(summary) and "es" in str(summary)


async def test_choosing_a_claim_scrolls_to_and_highlights_it() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("3")
        claims = main.query_one(ClaimsList)
        prompts = [str(claims.get_option_at_index(i).prompt) for i in range(claims.option_count)]
        assert prompts[0].startswith("Jo Bloggs")
        assert prompts[-2].startswith("Unattributed")
        await pilot.press("down", "enter")  # from the first claim to Jo Bloggs' second quote
        await pilot.pause()
        assert main.query_one("#reading", TabbedContent).active == "article"
        article = main.query_one(ArticleView)
        assert article.chosen == QUOTES[2]
        content = article.query_one("#paragraph-2", Static).content
        assert isinstance(content, Content)
        assert "bold reverse" in {str(span.style) for span in content.spans}


async def test_narrow_terminal_stacks_every_pane_visibly() -> None:
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        main = await settle(pilot)
        assert main.has_class("-narrow")
        for selector in ("#reading", "#comments", "#detail", "#status"):
            region = main.query_one(selector).region
            assert region.width > 0 and region.height > 0, selector
            assert region.right <= 80 and region.bottom <= 30, selector
        await pilot.press("tab", "z")  # the detail pane can be maximized to read it whole
        assert main.maximized is main.query_one("#detail")


async def test_help_lists_every_key_including_remapped_ones() -> None:
    app = make_app(keymap={"keep": "K", "filter": "ctrl+f"})
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("a")  # no longer bound
        assert main.session.records == {}
        await pilot.press("K")
        assert main.session.record("c0").decision is Decision.KEEP
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text", Static).content)
        for expected in ("K  ", "keep the comment", "^f ", "j", "/", "n", "N", "?", "tab",
                         "undo the last decision or note", "export"):
            assert expected in text, expected
        assert "(unbound)" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


# -- export ----------------------------------------------------------------------------------


async def test_export_writes_json_with_decisions(tmp_path: Path) -> None:
    app = make_app(export_dir=tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("f", "m")
        await answer_prompt(pilot, "[b]n")
        await pilot.press("e")  # a dialog suggests the file beside the page; Enter writes it
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("enter")
        await pilot.pause()
        target = tmp_path / "harbour.reader.json"
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["comments"][0]["decision"] == "flag"
        assert data["comments"][0]["note"] == "[b]n"
        assert data["comments"][1]["decision"] is None
        assert data["comments"][1]["stance"]["label"] == "deny"
        assert len(data["quotes"]) == 3
        assert any(f"Exported to {target}" in text for text in toasts(app))


def test_export_file_name_is_safe() -> None:
    assert export_file_name("page.txt") == "page.reader.json"
    assert export_file_name("/x/y/a b;rm -rf.html") == "a_b_rm_-rf.reader.json"
    assert export_file_name("") == "reader.reader.json"


async def test_export_waits_for_the_analysis(tmp_path: Path) -> None:
    release = threading.Event()

    def slow(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        release.wait(10)
        yield [(cid, a) for cid, a in ANALYSES.items()]

    app = make_app(export_dir=tmp_path, analysers=Analysers(quotes=lambda a: (), comments=slow))
    async with app.run_test(size=(160, 48)) as pilot:
        try:
            await pilot.press("e")
            await pilot.pause()
            assert not list(tmp_path.iterdir())
            assert any("still running" in text for text in toasts(app))
        finally:
            release.set()
        await settle(pilot)


# -- untrusted text --------------------------------------------------------------------------


async def test_markup_in_comments_shows_literally_and_cannot_act() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("j", "j")
        assert current_id(app) == "c2"
        assert HOSTILE in detail_text(app)
        assert "[b]Mallory[/b]" in detail_text(app)
        assert "[b]Mallory[/b]" in table_text(app)
        assert "[b]bold?[/b]" in table_text(app)
        # clicking the rendered text runs nothing
        detail = main.query_one("#detail-text", Static)
        for x in range(0, 60, 12):
            await pilot.click(detail, offset=(x, 2))
        await pilot.click(main.table, offset=(70, 3))
        await pilot.pause()
        assert app.is_running and app.return_code is None
        # notifications and the note prompt treat it as text too
        await pilot.press("slash")
        await answer_prompt(pilot, "[@click=app.quit]zz")
        assert await wait_until(
            pilot, lambda: any("[@click=app.quit]zz" in text for text in toasts(app))
        )
        assert app.is_running


async def test_markup_in_the_article_and_source_shows_literally() -> None:
    article = Article("[b]Head[/b] [@click=app.quit]q",
                      paragraphs=("[link='https://evil']https://bank[/]",),
                      images=(Image("https://x/[b]", "[/x] caption", 0),))
    app = make_app(article=article, source="[b]src[/b]",
                   analysers=Analysers(quotes=lambda a: (), comments=lambda a, c: iter(())))
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        view = main.query_one(ArticleView)
        assert str(view.query_one("#headline", Static).content) == "[b]Head[/b] [@click=app.quit]q"
        assert str(view.query_one("#paragraph-0", Static).content) == (
            "[link='https://evil']https://bank[/]"
        )
        assert str(view.query_one("#caption-0", Static).content) == "[/x] caption"
        assert app.format_title(app.title, app.sub_title).plain == "Reader — [b]src[/b]"
        await pilot.click(view.query_one("#headline"), offset=(14, 0))
        assert app.is_running


# -- real analysers ----------------------------------------------------------------------------


async def test_bundled_sample_with_the_real_analysers(tmp_path: Path) -> None:
    from reader.formats import load_article, sample_path

    article = load_article(sample_path())
    with TriageStore(tmp_path / "t.sqlite3") as store:
        app = ReaderApp(article, store, source="sample.txt")
        async with app.run_test(size=(160, 48)) as pilot:
            main = await settle(pilot)
            assert main.thread.analysed == len(article.comments)
            assert main.quotes  # the sample quotes people
            await pilot.press("a")
        assert store.load(article.content_hash)[article.comments[0].id].decision is Decision.KEEP


# -- snapshots -------------------------------------------------------------------------------


def _snapshot_app() -> ReaderApp:
    app = make_app()
    app.theme = "textual-dark"
    return app


async def _ready(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("j")  # a comment with sentiment bars and evidence
    await pilot.pause()


def test_snapshot_wide(snap_compare: Any) -> None:
    assert snap_compare(_snapshot_app(), terminal_size=(160, 48), run_before=_ready)


def test_snapshot_narrow(snap_compare: Any) -> None:
    assert snap_compare(_snapshot_app(), terminal_size=(80, 30), run_before=_ready)


async def test_the_title_line_names_the_page_and_its_icon_opens_the_palette() -> None:
    from textual.command import CommandPalette

    from reader.tui.widgets.title_bar import TitleBar

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        title = main_screen(app).query_one(TitleBar)
        line = title.render()
        assert line.plain.startswith(" ⭘") and line.plain.endswith("Reader — harbour.txt")
        app.sub_title = "other.txt"
        await pilot.pause()
        assert title.render().plain.endswith("Reader — other.txt")
        await pilot.click(TitleBar, offset=(1, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))


async def test_a_filter_dialog_open_during_the_analysis_offers_the_languages_found_after() -> None:
    """Opened before the analysis ended, the dialog knew no languages; it learns them when the
    analysis ends, and a tick made meanwhile stays."""
    release = threading.Event()

    def slow(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        release.wait(10)
        yield [(cid, a) for cid, a in ANALYSES.items()]

    app = make_app(analysers=Analysers(quotes=lambda a: QUOTES, comments=slow))
    async with app.run_test(size=(160, 48)) as pilot:
        try:
            await pilot.press("F")
            await wait_until(pilot, lambda: isinstance(app.screen, FilterScreen))
            languages = app.screen.query_one("#filter-language", SelectionList)
            before = [languages.get_option_at_index(i).value
                      for i in range(languages.option_count)]
            assert "en" not in before
            languages.select(before[0])
        finally:
            release.set()
        await wait_until(pilot, lambda: main_screen(app).analysis_done)
        await wait_until(pilot, lambda: languages.option_count > len(before))
        after = [languages.get_option_at_index(i).value for i in range(languages.option_count)]
        assert {"en", "es"} <= set(after)
        assert languages.selected == [before[0]]
