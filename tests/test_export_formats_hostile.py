"""The hostile corpus (fixtures/hostile) through the export formats: each page's text put in
every field of a WordPress export and a Disqus export (escaped as XML text, and raw in
CDATA where the exports use it), read in-process and by the `reader` command, with nothing a
terminal obeys in what comes out, and the same analysis back from its Reader JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from test_thread_formats_hostile import PAGES, strings_of, unsafe

from reader.export import analysis_to_dict
from reader.formats import load_articles, parse_articles
from reader.model import Analysis
from reader.text.decode import read_page_text


def cdata(text: str) -> str:
    """Text in CDATA, split where it holds "]]>" (as WordPress's exporter does)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wordpress_of(text: str) -> str:
    lines = text.split("\n")

    def comment(source_id: str, parent: str) -> str:
        return (
            f"<wp:comment><wp:comment_id>{escape(source_id)}</wp:comment_id>"
            f"<wp:comment_author>{cdata(lines[0])}</wp:comment_author>"
            f"<wp:comment_content>{cdata(text)}</wp:comment_content>"
            f"<wp:comment_approved>{escape(lines[-1])}</wp:comment_approved>"
            f"<wp:comment_date_gmt>{escape(text)}</wp:comment_date_gmt>"
            f"<wp:comment_parent>{escape(parent)}</wp:comment_parent></wp:comment>"
        )

    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:wp="http://wordpress.org/export/1.2/">'
        f"<channel><title>{escape(text)}</title><item><title>{cdata(lines[0] or 'T')}</title>"
        f"<link>{escape(text)}</link><dc:creator>{cdata(text)}</dc:creator>"
        f"<content:encoded>{cdata(text)}</content:encoded>"
        f"{comment('1', '0')}{comment(lines[-1] or '2', '1')}</item></channel></rss>"
    )


def disqus_of(text: str) -> str:
    lines = text.split("\n")
    top = quoteattr(lines[0] or "p1")

    def post(source_id: str, parent: str) -> str:
        return (
            f"<post dsq:id={source_id}><message>{cdata(text)}</message>"
            f"<createdAt>{escape(text)}</createdAt><author><name>{escape(text)}</name></author>"
            f"<isSpam>{escape(lines[-1])}</isSpam><thread dsq:id='t'/>{parent}</post>"
        )

    return (
        '<?xml version="1.0"?><disqus xmlns="http://disqus.com"'
        ' xmlns:dsq="http://disqus.com/disqus-internals">'
        f"<thread dsq:id='t'><link>{escape(text)}</link><title>{escape(lines[0] or 'T')}"
        f"</title><message>{cdata(text)}</message></thread>"
        f"{post(top, '')}{post(quoteattr(lines[-1] + '-r'), f'<parent dsq:id={top}/>')}"
        "</disqus>"
    )


WRAPS: dict[str, Callable[[str], str]] = {"wordpress": wordpress_of, "disqus": disqus_of}


@pytest.mark.parametrize("wrap", sorted(WRAPS))
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_each_hostile_page_read_as_an_export_is_inert_and_round_trips(
    page: Path, wrap: str
) -> None:
    text, _ = read_page_text(page)
    (article,) = parse_articles(WRAPS[wrap](text), source="wrapped.xml")
    assert article.source == wrap and len(article.comments) == 2
    assert article.comments[1].depth == 1  # the reply stays a reply
    strings = strings_of(article) + [c.status or "" for c in article.comments]
    strings += [image.url for image in article.images] + [i.caption for i in article.images]
    for string in strings:
        assert not unsafe(string.replace("\n", " ")), repr(string)
    shown = {"escapes.txt": "^[", "bidi.txt": "<U+202E>", "combining-flood.txt": " marks>"}
    if page.name in shown:  # shown, not dropped
        assert any(shown[page.name] in string for string in strings)
    data = analysis_to_dict(Analysis(article=article, quotes=(), comments={}))
    for ascii_only in (True, False):
        assert parse_articles(json.dumps(data, ensure_ascii=ascii_only)) == (article,)


def test_the_command_reads_the_wrapped_corpus_inertly(tmp_path: Path) -> None:
    paths = []
    for page in PAGES:
        text, _ = read_page_text(page)
        for name, wrap in WRAPS.items():
            path = tmp_path / f"{page.stem}.{name}.xml"
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
    assert all(len(load_articles(path)[0].comments) == 2 for path in paths[:2])
