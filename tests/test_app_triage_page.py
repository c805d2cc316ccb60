"""The status line counts the decisions on comments this page holds (QA: a page saved again
after the site removed Kev's comment said `3 of 29 triaged: 1 keep · 1 flag · 1 hide`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from textual.content import Content
from textual.widgets import Static
from waiting import wait_until

from reader.formats import parse_page, sample_path
from reader.model import Article, CommentAnalysis, Decision
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen
from reader.tui.workers import Analysers
from reader.view.triage import TriageSession


def _no_analysis() -> Analysers:
    def comments(article: Article, cache: Any) -> Iterator[list[tuple[str, CommentAnalysis]]]:
        yield from ()

    return Analysers(quotes=lambda article: (), comments=comments)


async def test_the_status_line_counts_only_the_comments_on_this_page(tmp_path: Path) -> None:
    lines = sample_path().read_text(encoding="utf-8").split("\n")
    first = parse_page("\n".join(lines))
    resaved = parse_page("\n".join(lines[:54] + lines[61:]))  # sed '55,61d': Kev's comment
    kev = next(c.id for c in first.comments if c.author == "Kev on two wheels")
    key = first.content_hash
    with TriageStore(tmp_path / "t.db") as store:
        for comment_id, decision in ((kev, Decision.KEEP), (resaved.comments[0].id,
                                     Decision.FLAG), (resaved.comments[1].id, Decision.HIDE)):
            TriageSession(key, store, store.load(key)).decide(comment_id, decision)
        app = ReaderApp(resaved, store, source="resaved.txt", analysers=_no_analysis())
        async with app.run_test(size=(160, 40)) as pilot:
            main = pilot.app.screen_stack[0]
            assert isinstance(main, MainScreen)
            await wait_until(pilot, lambda: main.analysis_done)

            def status() -> str:
                content = main.query_one("#status", Static).content
                assert isinstance(content, Content)
                return content.plain

            n = len(resaved.comments)
            assert f"2 of {n} triaged: 1 flag · 1 hide" in status()
            assert kev in main.session.records  # the history still lists it
