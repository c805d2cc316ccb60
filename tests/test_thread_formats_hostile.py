"""The hostile corpus (fixtures/hostile) through the thread formats: each page's text put in
every field of a Reddit thread and a Hacker News thread, read in-process and by the `reader`
command, with nothing a terminal obeys in what comes out, and the same analysis back from
its Reader JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.export import analysis_to_dict
from reader.formats import load_article, parse_page
from reader.model import Analysis, Article
from reader.text.decode import read_page_text

HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
PAGES = sorted(HOSTILE.glob("*.txt"))
BIDI = {*"\u061c\u200e\u200f\u2028\u2029", *map(chr, range(0x202A, 0x202F)),
        *map(chr, range(0x2066, 0x206A))}  # fmt: skip


def unsafe(text: str) -> set[str]:
    """What a terminal would obey or reorder."""
    return {
        c for c in text
        if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F or c in BIDI
        or 0xD800 <= ord(c) <= 0xDFFF
    }  # fmt: skip


def reddit_of(text: str) -> str:
    lines = text.split("\n")

    def t1(name: str, body: str, replies: object) -> object:
        return {"kind": "t1", "data": {"name": name, "author": lines[0], "body": body,
                                       "replies": replies}}  # fmt: skip

    reply = t1(lines[-1], text, "")
    top = t1(lines[0], text, {"kind": "Listing", "data": {"children": [reply]}})
    post = {"title": lines[0] or "T", "selftext": text, "url": text, "author": text,
            "subreddit": text}  # fmt: skip
    return json.dumps([
        {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": post}]}},
        {"kind": "Listing", "data": {"children": [top]}},
    ])  # fmt: skip


def hacker_news_of(text: str) -> str:
    markup = text.replace("\n\n", "<p>")
    reply = {"id": text, "author": text, "text": markup, "children": []}
    top = {"id": 2, "author": text, "text": f"<i>{markup}</i><a href='{text}'></a>",
           "children": [reply]}  # fmt: skip
    return json.dumps({"id": 1, "created_at_i": 1, "title": text.split("\n")[0] or "T",
                       "text": markup, "url": text, "author": text, "children": [top]})  # fmt: skip


WRAPS: dict[str, Callable[[str], str]] = {"reddit": reddit_of, "hacker-news": hacker_news_of}


def strings_of(article: Article) -> list[str]:
    strings = [article.headline, article.outlet or "", article.published or "",
               article.url or "", *article.authors, *article.paragraphs]  # fmt: skip
    for c in article.comments:
        strings += [c.id, c.author, c.text, c.parent or "", c.source_id or "", c.posted or ""]
    return strings


@pytest.mark.parametrize("wrap", sorted(WRAPS))
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_each_hostile_page_read_as_a_thread_is_inert_and_round_trips(page: Path, wrap: str) -> None:
    text, _ = read_page_text(page)
    article = parse_page(WRAPS[wrap](text), source="wrapped.json")
    assert article.source == wrap and len(article.comments) == 2
    strings = strings_of(article)
    for string in strings:
        assert not unsafe(string.replace("\n", " ")), repr(string)
    shown = {"escapes.txt": "^[", "bidi.txt": "<U+202E>", "combining-flood.txt": " marks>"}
    if page.name in shown:  # shown, not dropped
        assert any(shown[page.name] in string for string in strings)
    data = analysis_to_dict(Analysis(article=article, quotes=(), comments={}))
    for ascii_only in (True, False):
        assert parse_page(json.dumps(data, ensure_ascii=ascii_only)) == article


def test_the_command_reads_the_wrapped_corpus_inertly(tmp_path: Path) -> None:
    paths = []
    for page in PAGES:
        text, _ = read_page_text(page)
        for name, wrap in WRAPS.items():
            path = tmp_path / f"{page.stem}.{name}.json"
            path.write_text(wrap(text), encoding="utf-8")
            paths.append(path)
    result = subprocess.run(
        [sys.executable, "-m", "reader", "analyze", "--no-cache", "--format", "json", *paths],
        check=False, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and not unsafe(result.stderr)
    assert not unsafe(result.stdout)
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(o["source"] for o in objects) == sorted(list(WRAPS) * len(PAGES))
    assert load_article(paths[0]).comments  # the files are threads, comments and all
