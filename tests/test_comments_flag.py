"""`reader ARTICLE --comments THREAD` (and `analyze`, `export`): the article from one file,
the comments from another; which thread goes with which article when a file holds several;
errors naming the file that failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reader.tui.app
from reader.cli import main
from reader.errors import PageError
from reader.formats import load_article, load_articles
from reader.formats.comments_from import same_address, with_comments_from
from reader.model import Article, Decision
from reader.storage.store import TriageStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HTML = FIXTURES / "html" / "article.html"
REDDIT = FIXTURES / "reddit-thread.json"
WORDPRESS = FIXTURES / "wordpress-export.xml"
DISQUS = FIXTURES / "disqus-export.xml"


def analyze(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["analyze", "--no-cache", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def reader_json(tmp_path: Path, url: str | None) -> Path:
    path = tmp_path / "article.json"
    path.write_text(json.dumps({"headline": "About", "paragraphs": ["Us."], "url": url}))
    return path


def test_the_article_from_one_file_and_the_comments_from_another(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = analyze(capsys, str(HTML), "--comments", str(REDDIT))
    assert code == 0 and err == ""
    data = json.loads(out)
    article, thread = load_article(HTML), load_article(REDDIT)
    assert data["headline"] == article.headline and data["url"] == article.url
    assert data["paragraphs"] == list(article.paragraphs)
    assert data["source"] == "html+reddit"  # read from two formats, the article's first
    assert [c["id"] for c in data["comments"]] == [c.id for c in thread.comments]
    assert [c["parent"] for c in data["comments"]] == [c.parent for c in thread.comments]
    assert (data["comment_count"], data["replies_not_saved"]) == (14, 8)  # the thread's


def test_the_join_keeps_the_article_s_triage_key_and_both_files_warnings() -> None:
    article = Article("A", paragraphs=("p",), url="https://a.example/x", warnings=("w1",))
    thread = Article("T", comments=load_article(REDDIT).comments, source="reddit",
                     warnings=("w2",))  # fmt: skip
    (joined,) = with_comments_from([article], [thread], "t.json")
    assert joined.content_hash == article.content_hash  # decisions stay with the article
    assert joined.warnings == ("w1", "w2") and joined.comments == thread.comments


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("https://www.x.example/a/", "http://x.example/a", True),
        ("https://x.example/a#comments", "https://X.example/a", True),
        ("https://x.example/?p=1", "https://x.example/?p=2", False),
        ("https://x.example/a", "https://x.example/b", False),
        (None, None, False),
        ("not a url", "not a url", False),
    ],
)
def test_same_address(first: str | None, second: str | None, same: bool) -> None:
    assert same_address(first, second) is same


def test_a_thread_file_of_several_gives_the_thread_with_the_article_s_address(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = reader_json(tmp_path, "http://www.harbour.example.org/about")
    code, out, _ = analyze(capsys, str(article), "--comments", str(DISQUS))
    data = json.loads(out)
    assert code == 0 and data["headline"] == "About"
    assert [c["author"] for c in data["comments"]] == ["Gus"]  # the "About us" thread's


def test_a_thread_file_of_several_none_about_the_article_is_refused_in_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    article = reader_json(tmp_path, "https://elsewhere.example/page")
    code, out, err = analyze(capsys, str(article), "--comments", str(DISQUS))
    assert code == 1 and out == ""
    assert err == (
        f"reader: {DISQUS}: holds 2 threads and none has the article's address "
        "(https://elsewhere.example/page); give a file with the one thread (`reader analyze` "
        "prints each as a JSON line, which Reader reads)\n"
    )
    with pytest.raises(PageError, match="the article has no address to match"):
        with_comments_from([Article("A")], load_articles(DISQUS), "d.xml")


def test_an_export_s_articles_take_their_threads_from_another_export(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = analyze(capsys, str(WORDPRESS), "--comments", str(DISQUS))
    objects = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [o["source"] for o in objects] == ["wordpress+disqus"] * 2
    disqus = load_articles(DISQUS)
    assert [[c["id"] for c in o["comments"]] for o in objects] == [
        [c.id for c in thread.comments] for thread in disqus
    ]


def test_an_export_s_article_with_no_thread_keeps_its_own_comments() -> None:
    posts = load_articles(WORDPRESS)
    joined = with_comments_from(posts, load_articles(DISQUS)[:1], "d.xml")
    assert joined[0].source == "wordpress+disqus" and joined[1] == posts[1]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--comments", "missing.json"], "reader: missing.json: "),
        (["--comments", str(FIXTURES / "not-a-page")], f"reader: {FIXTURES / 'not-a-page'}: "),
    ],
)
def test_a_thread_file_that_cannot_be_read_is_named(
    capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    code, out, err = analyze(capsys, str(HTML), *args)
    assert code == 1 and out == "" and err.startswith(said) and err.count("\n") == 1


def test_export_and_the_app_take_the_flag_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "triage.sqlite3"
    joined = with_comments_from([load_article(HTML)], [load_article(REDDIT)], "r.json")[0]
    with TriageStore(db) as store:
        store.change_decision(joined.content_hash, joined.comments[1].id, Decision.HIDE)
    assert main(["export", "--db", str(db), str(HTML), "--comments", str(REDDIT)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "html+reddit" and data["comments"][1]["decision"] == "hide"
    opened: list[Article] = []
    monkeypatch.setattr(reader.tui.app.ReaderApp, "run", lambda app: opened.append(app.article))
    assert main([str(HTML), "--comments", str(REDDIT), "--db", str(db)]) == 0
    assert opened == [joined]
