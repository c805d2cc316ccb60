"""Pane defects found by a newcomer's QA pass, driven through Textual's pilot: Enter on the
claims pane's first visit, the detail pane of a page without comments, the note prompt's
limit, and the summary's long labels."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from conftest import FIXTURES
from test_app import ANALYSES, QUOTES, detail_text, make_app, settle
from test_app_claims import KIRBY, status
from test_app_claims import make_app as make_claims_app
from test_app_claims import ready as claims_ready
from textual.content import Content
from textual.widgets import Input, Label, Static

from reader.analysers.stance import NotAssessed, not_assessed_reason
from reader.formats import load_article
from reader.model import Article, CommentAnalysis
from reader.tui.panes.claims import ClaimsList
from reader.tui.screens.prompt import PromptScreen
from reader.tui.workers import Analysers
from reader.view.thread_view import CLAIM
from reader.view.triage import MAX_NOTE_LENGTH

# A bar row of the summary: its label, then the bar (filled, then empty), then the count.
BAR_ROW = re.compile(r"^  (?P<label>.*?)(?P<bar>█*░*) +[\d,]+$")


def _spanish_not_assessed() -> Analysers:
    """The harbour page's analyses, its Spanish comment's stance not assessed."""
    unjudged = {**ANALYSES["c3"].results, "stance": NotAssessed(not_assessed_reason("es"))}
    analyses = {**ANALYSES, "c3": CommentAnalysis(unjudged)}

    def comments(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        yield list(analyses.items())

    return Analysers(quotes=lambda article: QUOTES, comments=comments)


async def test_enter_on_the_claims_panes_first_visit_chooses_the_first_claim() -> None:
    app = make_claims_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await claims_ready(pilot)
        await pilot.press("3")
        claims = main.query_one(ClaimsList)
        assert claims.highlighted == 1  # the first line names a speaker: not a claim
        first = claims.get_option_at_index(1).id
        assert first is not None and first.startswith("claim-")
        await pilot.press("enter")
        assert main.thread.filter.values(CLAIM) == {first.removeprefix("claim-")}
        assert "filter: claim=" in status(main)


async def test_the_claims_cursor_stays_on_its_claim_as_the_counts_come() -> None:
    app = make_claims_app()
    async with app.run_test(size=(160, 50)) as pilot:
        main = await claims_ready(pilot)
        await pilot.press("3")
        claims = main.query_one(ClaimsList)
        claims.highlighted = claims.get_option_index(f"claim-{KIRBY}")
        claims.show_stances({}, None)  # drawn again
        claims.show_stances(main.thread.claim_stances(), None)
        assert claims.highlighted is not None
        assert claims.get_option_at_index(claims.highlighted).id == f"claim-{KIRBY}"


async def test_a_page_without_comments_says_so_and_how_to_add_a_thread() -> None:
    article = load_article(FIXTURES / "html" / "article.mhtml")
    assert not article.comments
    app = make_app(article=article)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        text = detail_text(app)
        assert "No comment matches the filter" not in text
        assert "This page has no comments saved with it." in text
        assert "reader PAGE --comments THREAD" in text
        for source in ("Reddit", "Hacker News", "WordPress", "Disqus"):
            assert source in text


async def test_a_filter_that_hides_every_comment_still_says_so() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        main.apply_filter(main.thread.filter.with_values("stance", ["no such stance"]))
        await pilot.pause()
        assert main.thread.rows == []
        assert detail_text(app) == "No comment matches the filter."


async def test_the_note_prompt_stops_at_the_limit_and_says_it() -> None:
    app = make_app()
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        assert isinstance(app.screen, PromptScreen)
        note = app.screen.query_one(Input)
        assert note.max_length == MAX_NOTE_LENGTH
        title = app.screen.query_one("#prompt-title", Label).content
        assert isinstance(title, Content)
        assert f"Up to {MAX_NOTE_LENGTH:,} characters" in title.plain
        await pilot.press(*"abc")
        note.insert_text_at_cursor("x" * (MAX_NOTE_LENGTH + 101))  # a paste that runs over
        assert note.value == "abc" + "x" * (MAX_NOTE_LENGTH - 3)  # as much as fits
        await pilot.press("y")  # typing stops there too
        assert len(note.value) == MAX_NOTE_LENGTH


async def test_every_summary_label_has_a_space_before_its_bar() -> None:
    app = make_app(analysers=_spanish_not_assessed())
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        await pilot.press("4")
        content = main.query_one("#summary-text", Static).content
        assert isinstance(content, Content)
        rows = [found for line in content.plain.splitlines()
                if (found := BAR_ROW.match(line)) and found["bar"]]
        labels = {found["label"].rstrip(): found for found in rows}
        assert "not assessed" in labels
        assert labels["not assessed"]["label"] == "not assessed "  # the longest: one space
        for found in rows:
            assert found["label"].endswith(" "), found.string
        # the bars of the labelled rows (not the sentiment histogram's) in one column
        assert len({found.start("bar") for found in rows
                    if found["label"][:1] not in "-+"}) == 1
