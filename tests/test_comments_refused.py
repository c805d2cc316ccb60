"""`--comments THREAD` where it cannot apply is one line and a non-zero exit, not silently
ignored or misapplied (SPEC 1b: the article from one file, the comments from another)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reader.tui.app
from reader.cli import main
from reader.model import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HTML = FIXTURES / "html" / "article.html"
OPINION = FIXTURES / "html" / "opinion-column.html"
REDDIT = FIXTURES / "reddit-thread.json"
HN = FIXTURES / "hacker-news-story.json"
WORDPRESS = FIXTURES / "wordpress-export.xml"
DISQUS = FIXTURES / "disqus-export.xml"
USES = ["analyze", "export", "app"]


def _run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    use: str, *argv: str,
) -> tuple[int, str, str, list[Article]]:  # fmt: skip
    """`reader [analyze|export] ARGV`: exit code, stdout, stderr and what the app opened."""
    opened: list[Article] = []
    monkeypatch.setattr(reader.tui.app.ReaderApp, "run", lambda app: opened.append(app.article))
    command = {"analyze": ["analyze", "--no-cache"], "export": ["export"], "app": []}[use]
    db = [] if use == "analyze" else ["--db", str(tmp_path / "t.sqlite3")]
    if use == "export":
        main([*db, str(FIXTURES / "minimal.txt")])  # the app makes the database export reads
        opened.clear()
    code = main([*command, *argv, *db])
    out, err = capsys.readouterr()
    return code, out, err, opened


@pytest.mark.parametrize("use", USES)
def test_comments_without_the_article_s_file_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, use: str
) -> None:
    """It gave the bundled sample the Reddit thread's comments."""
    code, out, err, opened = _run(capsys, monkeypatch, tmp_path, use, "--comments", str(REDDIT))
    assert (code, out, opened) == (2, "", [])
    prog = "reader" if use == "app" else f"reader {use}"
    assert err == (
        f"reader: --comments needs the article's file too: '{prog} ARTICLE --comments THREAD'\n"
    )


@pytest.mark.parametrize("use", USES)
def test_a_thread_file_with_no_comments_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, use: str
) -> None:
    """An article page as THREAD gave `source html+html` and 0 comments, exit 0."""
    code, out, err, opened = _run(
        capsys, monkeypatch, tmp_path, use, str(HTML), "--comments", str(OPINION)
    )
    assert (code, out, opened) == (1, "", [])
    assert err == (
        f"reader: {OPINION}: has no comments to take; --comments THREAD takes them from a "
        "Reddit, Hacker News, WordPress or Disqus thread, or a Reader analysis with comments\n"
    )


@pytest.mark.parametrize("use", USES)
def test_an_article_with_comments_of_its_own_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, use: str
) -> None:
    """A thread file as FILE had its comments silently replaced by THREAD's."""
    code, out, err, opened = _run(
        capsys, monkeypatch, tmp_path, use, str(REDDIT), "--comments", str(HN)
    )
    assert (code, out, opened) == (1, "", [])
    assert err == (
        f"reader: {REDDIT}: has comments of its own (7); --comments THREAD gives comments to an "
        "article that has none, such as a saved HTML page\n"
    )


@pytest.mark.parametrize("use", USES)
def test_an_export_none_of_whose_articles_has_a_thread_in_the_file_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, use: str
) -> None:
    """The WordPress posts kept their own comments, exit 0, no word: the flag did nothing."""
    code, out, err, opened = _run(
        capsys, monkeypatch, tmp_path, use, str(WORDPRESS), "--comments", str(REDDIT)
    )
    assert (code, out, opened) == (1, "", [])
    assert err == (
        f"reader: {REDDIT}: no thread in it has the address of one of the 2 articles of "
        f"{WORDPRESS}, so --comments would change nothing\n"
    )


@pytest.mark.parametrize(
    ("article", "thread", "source"),
    [(HTML, REDDIT, "html+reddit"), (HTML, HN, "html+hacker-news"),
     (WORDPRESS, DISQUS, "wordpress+disqus"), (FIXTURES / "minimal.txt", HN, None)],
)  # fmt: skip
def test_the_uses_that_worked_still_work(
    capsys: pytest.CaptureFixture[str], article: Path, thread: Path, source: str | None
) -> None:
    """An article page (or a saved page without comments) with its thread, an export's posts
    with their threads from another export."""
    code = main(["analyze", "--no-cache", str(article), "--comments", str(thread)])
    out, err = capsys.readouterr()
    assert code == 0, err
    several = article == WORDPRESS  # JSON Lines; one article is one (indented) object
    objects = [json.loads(line) for line in out.splitlines()] if several else [json.loads(out)]
    assert all(o["comments"] for o in objects)
    if source is not None:
        assert {o["source"] for o in objects} == {source}


def test_in_a_folder_a_page_with_its_own_comments_is_reported_and_the_rest_joined(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_bytes(HTML.read_bytes())
    (pages / "b.json").write_bytes(REDDIT.read_bytes())
    code = main(["analyze", "--no-cache", str(pages), "--comments", str(HN)])
    out, err = capsys.readouterr()
    assert code == 1
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(pages / "a.html")]
    assert err.splitlines()[0].startswith(f"reader: {pages / 'b.json'}: has comments of its own")


def test_comments_with_scheduler_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """The cluster run read each page alone: THREAD was silently not used."""
    code = main(["analyze", "--scheduler", "tcp://127.0.0.1:1", "--out", "o", str(HTML),
                 "--comments", str(REDDIT)])  # fmt: skip
    assert code == 2
    assert capsys.readouterr().err == (
        "reader: --comments does not go with --scheduler: analyse those pages here\n"
    )
