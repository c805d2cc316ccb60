"""The app, through Textual's pilot, on every hostile page: it opens, analyses, walks every
comment and pane, and shows stranger text (and a hostile file name, search or note) literally.

The whole rendered screen is checked through `export_screenshot`, whose SVG carries every
character the app would paint: no control, C1 or bidi character may be in it, and no span the
app paints may hold a link or a click action. The real terminal bytes are checked in
tests/test_pty.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Label, Static
from waiting import wait_until

from reader.formats import load_article
from reader.model import Article
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.panes.comments import CommentTable
from reader.tui.screens.main import MainScreen
from reader.tui.screens.prompt import PromptScreen

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
PAGES = sorted(p for p in HOSTILE.iterdir() if p.suffix in (".txt", ".json"))
SIZE = (140, 44)

BIDI = {*"\u061c\u200e\u200f\u2028\u2029", *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A))}  # fmt: skip


def unsafe_chars(text: str) -> set[str]:
    """Characters a terminal would obey (newline and tab aside) or that reorder text."""
    return {
        char for char in text
        if (ord(char) < 0x20 and char not in "\n\t") or 0x7F <= ord(char) <= 0x9F or char in BIDI
    }  # fmt: skip


def main_screen(app: ReaderApp) -> MainScreen:
    screen = app.screen_stack[0]
    assert isinstance(screen, MainScreen)
    return screen


async def settle(pilot: Pilot[Any]) -> MainScreen:
    main = main_screen(pilot.app)  # type: ignore[arg-type]
    await wait_until(pilot, lambda: main.analysis_done)
    assert main.analysis_done, "analysis did not finish"
    return main


def painted_contents(app: ReaderApp) -> list[Content]:
    """The Content of every Static and Label on every screen in the stack."""
    found: list[Content] = []
    for screen in app.screen_stack:
        for widget in screen.query("Static, Label"):
            assert isinstance(widget, Static | Label)
            content = widget.visual
            if isinstance(content, Content):
                found.append(content)
    return found


def assert_screen_safe(app: ReaderApp) -> None:
    svg = app.export_screenshot()
    assert not unsafe_chars(svg), sorted(map(hex, map(ord, unsafe_chars(svg))))
    for content in painted_contents(app):
        assert not unsafe_chars(content.plain), content.plain
        for span in content.spans:
            style = str(span.style)
            assert "link" not in style and "@click" not in style, (content.plain, style)
    title = app.format_title(app.title, app.sub_title).plain
    assert not unsafe_chars(title), title


def table_text(app: ReaderApp) -> str:
    table = main_screen(app).query_one(CommentTable)
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


def detail_text(app: ReaderApp) -> str:
    content = main_screen(app).query_one("#detail-text", Static).visual
    assert isinstance(content, Content)
    return content.plain


async def paste_into_prompt(pilot: Pilot[Any], text: str) -> None:
    """Paste (as a terminal would, bracketed) into the open prompt and press Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, PromptScreen)
    field = screen.query_one(Input)
    field.value = ""
    field.post_message(events.Paste(text))
    await pilot.pause()
    assert not unsafe_chars(field.value), field.value
    assert_screen_safe(pilot.app)  # type: ignore[arg-type]
    await pilot.press("enter")


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with TriageStore(tmp_path / "triage.sqlite3") as opened:
        yield opened


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
async def test_every_hostile_page_opens_walks_and_stays_inert(
    page: Path, store: TriageStore
) -> None:
    article = load_article(page)
    app = ReaderApp(article, store, source=page.name)
    async with app.run_test(size=SIZE) as pilot:
        main = await settle(pilot)
        assert main.thread.analysed == len(article.comments)
        assert_screen_safe(app)
        for number in range(len(article.comments)):
            comment = main.table.current_comment
            assert comment is not None and comment.id == article.comments[number].id
            assert comment.text.split("\n")[0][:30] in detail_text(app)
            await pilot.press("j")
        await pilot.press("tab", "G", "tab", "G")  # the detail pane, then the article
        assert_screen_safe(app)
        assert app.is_running and app.return_code is None


@pytest.mark.parametrize("name", ["escapes.txt", "bidi.txt"])
async def test_every_pane_and_dialog_of_a_hostile_page_is_inert(
    name: str, store: TriageStore
) -> None:
    article = load_article(HOSTILE / name)
    app = ReaderApp(article, store, source=name)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for tab in "234":
            await pilot.press(tab, "G")
            assert_screen_safe(app)
        await pilot.press("question_mark")
        assert_screen_safe(app)
        await pilot.press("escape", "F")
        assert_screen_safe(app)
        await pilot.press("escape", "z", "z", "ctrl+p")
        assert_screen_safe(app)
        await pilot.press("escape")
        assert app.is_running and app.return_code is None


async def test_markup_shows_literally_and_clicking_it_runs_nothing(store: TriageStore) -> None:
    article = load_article(HOSTILE / "markup.txt")
    app = ReaderApp(article, store, source="markup.txt")
    async with app.run_test(size=SIZE) as pilot:
        main = await settle(pilot)
        listed = table_text(app)
        for literal in ("[b]Sho", "[b]x", "[ @click=app.", "[link='https:"):
            assert literal in listed, literal
        shown = []
        for comment in article.comments:
            shown.append(detail_text(app))
            detail = main.query_one("#detail-text", Static)
            for x in range(0, 24, 6):  # across the markup
                await pilot.click(detail, offset=(x, 2))
            row = main.table.cursor_row - int(main.table.scroll_offset.y) + 1
            await pilot.click(main.table, offset=(main.table.size.width - 3, row))
            assert app.is_running, comment.text
            await pilot.press("j")
        everything = "\n".join(shown)
        for literal in ("[b]x", "[ @click=app.quit]x", "[B]x and [/foo] and [/]",
                        "[link='https://evil.example']https://bank.example[/]",
                        "[@click=app.bell]ring[/] :smile:", "[b]Shouty[/b]"):
            assert literal in everything, literal
        headline = main.query_one("#headline", Static)
        assert str(headline.visual) == "Theatre reopens with a [b]bold[/b] new season"
        await pilot.click(headline, offset=(25, 0))
        assert app.is_running and app.return_code is None
        assert_screen_safe(app)


async def test_search_and_note_accept_hostile_text(store: TriageStore) -> None:
    article = load_article(HOSTILE / "escapes.txt")
    app = ReaderApp(article, store, source="escapes.txt")
    async with app.run_test(size=SIZE) as pilot:
        main = await settle(pilot)
        await pilot.press("slash")
        await paste_into_prompt(pilot, "52;c;\x1b]0;t\x07\u202e\x9b")
        assert main.search_query == "52;c;^[]0;t^G<U+202E><U+009B>"
        assert_screen_safe(app)
        await pilot.press("slash")
        await paste_into_prompt(pilot, "^[]52;c;")  # the inert form finds the comment
        assert main.table.current_comment == article.comments[0]
        await pilot.press("m")
        await paste_into_prompt(pilot, "[ @click=app.quit]x \x1b[2J\u2066note\x07")
        note = "[ @click=app.quit]x ^[[2J<U+2066>note^G"
        assert store.load(article.content_hash)[article.comments[0].id].note == note
        assert f"Note       {note}" in detail_text(app)
        await pilot.press("m")  # the saved note comes back as the starting value, still inert
        screen = app.screen
        assert isinstance(screen, PromptScreen) and screen.query_one(Input).value == note
        await pilot.press("escape")
        assert app.is_running
        assert_screen_safe(app)


async def test_a_prompt_never_holds_a_raw_control_even_when_given_one(store: TriageStore) -> None:
    """A note saved by an older version (or written straight to the database) stays inert."""
    article = load_article(HOSTILE / "bidi.txt")
    comment = article.comments[0]
    store.set_decision(article.content_hash, comment.id, None, "old \x1b]0;x\x07 \u202enote")
    app = ReaderApp(article, store, source="bidi.txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(Input).value == "old ^[]0;x^G <U+202E>note"
        assert_screen_safe(app)


async def test_title_and_sub_title_carry_no_raw_controls(store: TriageStore) -> None:
    article = load_article(HOSTILE / "escapes.txt")
    app = ReaderApp(article, store, source="a\x1b]0;pwned\x07\u202e\x9b[b]x[/b].txt")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.sub_title == "a^[]0;pwned^G<U+202E><U+009B>[b]x[/b].txt"
        assert not unsafe_chars(app.title)
        assert_screen_safe(app)


def _json_page(tmp_path: Path, urls: list[str]) -> Article:
    data = {
        "schema": 1,
        "headline": "Gallery\x1b]0;t\x07 reopens",
        "paragraphs": ["The gallery reopens on Friday."],
        "images": [{"url": url, "caption": f"Image {n}", "after_paragraph": 0}
                   for n, url in enumerate(urls)],
        "comments": [{"author": "Ann", "age": "1h ago", "text": "Lovely.", "likes": 0}],
    }
    path = tmp_path / "gallery.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return load_article(path)


async def test_image_urls_are_shown_as_text_never_as_links(
    tmp_path: Path, store: TriageStore
) -> None:
    """Nothing in the app is a followable link; an image URL shows its real text, inertly."""
    urls = [
        "javascript:alert(document.cookie)",
        "file:///etc/passwd",
        "https://bank.example/\x1b]8;;https://evil.example\x1b\\x",
        "https://ok.example/a.jpg",
    ]
    article = _json_page(tmp_path, urls)
    app = ReaderApp(article, store, source="gallery.json")
    async with app.run_test(size=SIZE) as pilot:
        main = await settle(pilot)
        await pilot.press("2")
        shown = [w.visual for w in main.query(".caption-url").results(Static)]
        assert [str(c) for c in shown] == [
            "javascript:alert(document.cookie)",
            "file:///etc/passwd",
            "https://bank.example/^[]8;;https://evil.example^[\\x",
            "https://ok.example/a.jpg",
        ]
        for widget in main.query(".caption-url").results(Widget):
            await pilot.click(widget, offset=(3, 0))
        assert app.is_running
        assert_screen_safe(app)
