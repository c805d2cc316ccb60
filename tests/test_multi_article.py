"""Files of several articles (WordPress and Disqus exports): `reader analyze` and `reader
export` print one JSON line per article (a CSV column and a text header say which), and the
app opens on a list of the articles (titles as Content, comment counts) to choose one."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.widgets import OptionList
from waiting import wait_until

import reader.tui.app
from reader.cli import main
from reader.formats import load_articles, open_pages, parse_articles
from reader.model import Article, Comment, Decision
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.screens.choose_article import ChooseArticleScreen, article_option
from reader.tui.screens.main import MainScreen
from reader.tui.workers import Analysers

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
WORDPRESS = FIXTURES / "wordpress-export.xml"
DISQUS = FIXTURES / "disqus-export.xml"
HEADLINES = ["Ferry & harbour plan approved", "About us"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("export", [WORDPRESS, DISQUS], ids=["wordpress", "disqus"])
def test_analyze_prints_one_json_line_per_article(
    capsys: pytest.CaptureFixture[str], export: Path
) -> None:
    code, out, err = run(capsys, "analyze", "--no-cache", str(export))
    assert code == 0 and err == ""
    objects = [json.loads(line) for line in out.splitlines()]
    assert [(o["article"], o["headline"]) for o in objects] == [(1, HEADLINES[0]), (2, HEADLINES[1])]
    assert "file" not in objects[0]  # one file named: its articles are told by number
    assert [len(o["comments"]) for o in objects] == [
        len(a.comments) for a in load_articles(export)
    ]


def test_csv_has_an_article_column_and_text_a_header_per_article(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "analyze", "--no-cache", "--format", "csv", str(WORDPRESS))
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and rows[0][0] == "article" and rows[0][1] == "id"
    assert [row[0] for row in rows[1:]] == ["1"] * 6 + ["2"]  # one header, each comment's row
    code, out, _ = run(capsys, "analyze", "--no-cache", "--format", "text", str(WORDPRESS))
    assert f"== article 1: {HEADLINES[0]} ==\n" in out
    assert f"== article 2: {HEADLINES[1]} ==\n" in out


def test_a_batch_names_the_file_and_the_article(capsys: pytest.CaptureFixture[str]) -> None:
    page = FIXTURES / "minimal.txt"
    code, out, _ = run(capsys, "analyze", "--no-cache", str(page), str(WORDPRESS))
    labels = [(o["file"], o["article"]) for o in map(json.loads, out.splitlines())]
    assert code == 0 and labels == [(str(page), 1), (str(WORDPRESS), 1), (str(WORDPRESS), 2)]
    code, out, _ = run(capsys, "analyze", "--no-cache", "--format", "text", str(page),
                       str(WORDPRESS))  # fmt: skip
    assert f"== {page} ==\n" in out  # a file of one article: its name, as before
    assert f"== {WORDPRESS} · article 2: {HEADLINES[1]} ==\n" in out


def test_one_article_prints_one_document_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "analyze", "--no-cache", str(FIXTURES / "minimal.txt"))
    data = json.loads(out)  # one (indented) JSON document, no label
    assert code == 0 and "article" not in data and "file" not in data


def test_export_prints_each_article_with_its_decisions(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "triage.sqlite3"
    about = load_articles(WORDPRESS)[1]
    with TriageStore(db) as store:
        store.change_decision(about.content_hash, about.comments[0].id, Decision.FLAG)
    code, out, _ = run(capsys, "export", "--db", str(db), str(WORDPRESS))
    objects = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [o["article"] for o in objects] == [1, 2]
    assert {c["decision"] for c in objects[0]["comments"]} == {None}
    assert objects[1]["comments"][0]["decision"] == "flag"


def test_open_pages_gives_every_article_of_an_export_and_one_of_a_page() -> None:
    pages = open_pages(WORDPRESS)
    assert [article.headline for article, _ in pages] == HEADLINES
    assert all(load_rest is None for _, load_rest in pages)
    assert len(open_pages(FIXTURES / "minimal.txt")) == 1


def test_the_command_opens_the_app_with_the_articles_to_choose_from(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: list[tuple[Article, ...]] = []
    monkeypatch.setattr(reader.tui.app.ReaderApp, "run", lambda app: seen.append(app.choices))
    assert main([str(DISQUS), "--db", str(tmp_path / "t.sqlite3")]) == 0
    assert main([str(FIXTURES / "minimal.txt"), "--db", str(tmp_path / "t.sqlite3")]) == 0
    assert [[a.headline for a in choices] for choices in seen] == [HEADLINES, []]


# -- the app's list ---------------------------------------------------------------------------

HOSTILE = "[b]bold?[/b] [@click=app.quit]x[/]"


def quiet() -> Analysers:
    return Analysers(quotes=lambda article: (), comments=lambda article, cache: iter(()))


def test_each_option_is_the_headline_and_its_counts_as_content() -> None:
    article = parse_articles(WORDPRESS.read_text(encoding="utf-8"))[0]
    option = article_option(article)
    assert isinstance(option, Content)
    assert option.plain == f"{HEADLINES[0]}  6 comments, 1 pending, 1 spam, 1 trash"
    hostile = Article(HOSTILE, comments=(Comment("c1", "a", "", "t"),))
    assert article_option(hostile).plain == f"{HOSTILE}  1 comment"  # shown, not obeyed


async def test_the_app_opens_on_the_list_and_enter_opens_the_article() -> None:
    articles = load_articles(WORDPRESS)
    hostile = Article(HOSTILE)
    choices = [*articles, hostile]
    app = ReaderApp(choices[0], None, source="export.xml", analysers=quiet(), choices=choices)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, ChooseArticleScreen))
        options = app.screen.query_one(OptionList)
        assert options.option_count == 3
        prompt = options.get_option_at_index(2).prompt
        assert isinstance(prompt, Content) and prompt.plain.startswith(HOSTILE)
        await pilot.press("down", "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        screen: Any = app.screen
        assert screen.article == articles[1] and app.is_running


async def test_b_goes_back_to_the_list_and_another_article_opens() -> None:
    articles = load_articles(WORDPRESS)
    app = ReaderApp(articles[0], None, source="export.xml", analysers=quiet(), choices=articles)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, ChooseArticleScreen))
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("b")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ChooseArticleScreen))
        await pilot.press("down", "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        screen: Any = app.screen
        assert screen.article == articles[1]


async def test_escape_on_the_list_quits() -> None:
    articles = load_articles(DISQUS)
    app = ReaderApp(articles[0], None, source="d.xml", analysers=quiet(), choices=articles)
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, ChooseArticleScreen))
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: not app.is_running)


async def test_one_article_opens_on_the_main_screen() -> None:
    article = load_articles(DISQUS)[0]
    app = ReaderApp(article, None, source="d.xml", analysers=quiet(), choices=[article])
    async with app.run_test(size=(120, 40)) as pilot:
        assert await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
