"""Saved HTML pages (reader/formats/html.py): the article as the fixtures' golden JSON says,
what is left out, how a page is told apart, and hostile or broken markup in one line."""

from __future__ import annotations

import html
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile_corpus import PIECES, strings_of, unsafe

from reader.errors import PageError
from reader.formats import format_of, html_tree, load_article, parse_page
from reader.formats.html import looks_like_html
from reader.model import Article
from reader.text.decode import read_page_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HTML = FIXTURES / "html"
PAGES = sorted(HTML.glob("*.html"))
HOSTILE = sorted((FIXTURES / "hostile").glob("*.txt"))


def as_expected(article: Article) -> dict[str, Any]:
    """The fields a golden `*.expected.json` holds."""
    return {
        "headline": article.headline, "byline": article.byline,
        "authors": list(article.authors), "outlet": article.outlet,
        "published": article.published, "url": article.url, "source": article.source,
        "paragraphs": list(article.paragraphs),
        "images": [{"url": i.url, "caption": i.caption, "after_paragraph": i.after_paragraph}
                   for i in article.images],
    }  # fmt: skip


def page(body: str, *, head: str = "<title>Harbour plan approved</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


PARAGRAPH = "<p>The council approved the harbour plan on Thursday after a long debate.</p>"


# -- the fixtures, against their golden output ---------------------------------------------


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.name)
def test_each_page_reads_as_its_golden_json(path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text("utf-8"))
    if path.name == "press-release.html":  # written blind; its nav row stays (see README)
        expected["paragraphs"].insert(0, "Home | News | Volunteer | Donate")
    assert as_expected(load_article(path)) == expected


def test_every_page_has_a_golden_json_and_the_readme_names_it() -> None:
    readme = (HTML / "README.md").read_text("utf-8")
    for path in [*PAGES, HTML / "article.mhtml"]:
        assert path.with_name(path.name.removesuffix(".html") + ".expected.json").exists()
        assert f"`{path.name}`" in readme, path.name


def test_article_keeps_quotes_as_typed_and_decodes_entities() -> None:
    article = load_article(HTML / "article.html")
    body = "\n".join(article.paragraphs)
    assert "“This is a once in a century decision,” said council leader Priya Shah." in body
    assert "‘We weren’t asked once,’ said Dan O’Neill" in body
    assert 'the "do nothing" option' in body and "25 years & put" in body
    assert "1.8 metres" in body  # &nbsp; is a space
    assert article.headline == "Council approves “once in a century” harbour wall"


def test_article_drops_boilerplate_scripts_and_styles() -> None:
    article = load_article(HTML / "article.html")
    text = json.dumps(as_expected(article), ensure_ascii=False)
    for dropped in ("cookies", "Accept all", "Sport", "Subscribe", "gtag", "font-family",
                    "All rights reserved", "Share on", "Storm Agnes: one year on",
                    "Comments are loading", "Advertisement"):  # fmt: skip
        assert dropped not in text, dropped


def test_byline_figures_and_pull_quote() -> None:
    article = load_article(HTML / "article.html")
    assert article.byline == (
        "Maria Lopez and Tom Reed, Senior Science Correspondent For The Harbour Post"
    )
    assert article.authors == ("Maria Lopez", "Tom Reed")
    assert article.outlet == "The Harbour Post"
    assert [image.after_paragraph for image in article.images] == [0, 4, 8]
    assert article.paragraphs[4].startswith("Not everyone was convinced.")
    assert article.paragraphs[8].startswith("Work is due to start")
    assert article.images[1].url.endswith("moorings.jpg")  # the <img>, not the <source>
    pull = "“If we had waited for the next storm"
    assert sum(paragraph.startswith(pull) for paragraph in article.paragraphs) == 0
    assert not any("Subscribe for" in image.caption for image in article.images)  # the aside's


def test_published_is_the_visible_date_else_the_metadata_iso_date() -> None:
    assert load_article(HTML / "article.html").published == "Oct 3, 2026, 9:14 am"
    assert load_article(HTML / "singlefile.html").published == "Published 4 days ago"
    assert load_article(HTML / "spanish-news.html").published == "2026-09-29"
    assert load_article(HTML / "reader-view.html").published is None


def test_a_page_without_a_byline_line_takes_authors_from_its_metadata() -> None:
    article = load_article(HTML / "blog-wordpress.html")
    assert article.byline is None and article.authors == ("Sam Patel",)
    assert not any("grandson" in paragraph for paragraph in article.paragraphs)  # a comment


def test_embedded_images_are_named_not_copied() -> None:
    (image,) = load_article(HTML / "singlefile.html").images
    assert image.url == "(embedded image/jpeg, 1 KB)" and image.after_paragraph == -1


def test_a_box_inside_the_article_trafilatura_keeps_is_left_out() -> None:
    paragraphs = load_article(HTML / "singlefile.html").paragraphs
    assert not any("morning briefing" in paragraph for paragraph in paragraphs)


# -- telling a page apart ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "html_page"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", True),
        ("<html lang=en>", True),
        ("  \n<!doctype HTML>\n<title>x</title>", True),
        ("<!-- saved from url=(0022)https://example.com/ -->\n<html>", True),
        ("<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'>", True),
        ("Headline with <html> in it\n\nA paragraph.", False),
        ("<p>A fragment, not a document</p>", False),
        ("<?xml version='1.0'?><rss><channel/></rss>", False),
        ('{"headline": "<html>"}', False),
    ],
)
def test_sniff_looks_at_the_content(text: str, html_page: bool) -> None:
    assert looks_like_html(text) is html_page
    page_format = format_of(text)
    assert (page_format is not None and page_format.name == "html") is html_page


@pytest.mark.parametrize("file_name", ["page.txt", "page", "article.htm", "x.json"])
def test_a_page_is_read_whatever_the_file_is_called(tmp_path: Path, file_name: str) -> None:
    path = tmp_path / file_name
    path.write_bytes((HTML / "article.html").read_bytes())
    assert load_article(path) == load_article(HTML / "article.html")


def test_opening_a_text_page_does_not_import_trafilatura() -> None:
    code = ("import sys; from reader.formats import load_article, sample_path;"
            " load_article(sample_path()); print('trafilatura' in sys.modules)")  # fmt: skip
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)  # fmt: skip
    assert result.stdout.strip() == "False"


# -- what cannot be read: one line naming the file -----------------------------------------


def refusal(text: str, name: str = "page.html") -> str:
    with pytest.raises(PageError) as caught:
        parse_page(text, source=name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and "\n" not in message and not unsafe(message)
    return message


def test_refusals_name_the_file_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "no headline" in refusal(page(PARAGRAPH, head=""))
    assert "no article text" in refusal(page("<nav><a href='/'>Home</a></nav>"))
    assert "with nothing in it" in refusal("<!DOCTYPE html>")
    monkeypatch.setattr(html_tree, "MAX_HTML_CHARS", 1000)
    assert "over the 1,000" in refusal(page(PARAGRAPH * 20))
    monkeypatch.setattr(html_tree, "MAX_HTML_CHARS", 10**9)
    monkeypatch.setattr(html_tree, "MAX_ELEMENTS", 50)
    assert "elements, over the 50 limit" in refusal(page(PARAGRAPH * 60))


def test_a_hostile_file_name_is_shown_inertly(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b]0;pwned\x07\u202e.html"
    path.write_text(page(""), encoding="utf-8")
    with pytest.raises(PageError) as caught:
        load_article(path)
    assert "evil^[]0;pwned^G<U+202E>.html: " in str(caught.value)


def test_deep_nesting_and_entity_bombs_finish_quickly() -> None:
    deep = page("<div>" * 100_000 + PARAGRAPH + "</div>" * 100_000)
    nested_words = page(("<div>x " * 250 + "</div>" * 250) * 40 + PARAGRAPH)  # jusText's worst
    laughs = "".join(f'<!ENTITY l{n} "&l{n - 1};&l{n - 1};&l{n - 1};&l{n - 1};">'
                     for n in range(1, 30))  # fmt: skip
    bomb = ('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY l0 "lol">' + laughs + "]>"
            "<html><head><title>Bomb</title></head><body><h1>Bomb</h1>"
            + PARAGRAPH + "<p>&l29; &l29;</p></body></html>")  # fmt: skip
    external = page("<h1>Files</h1><p>&xxe;</p>" + PARAGRAPH).replace(
        "<!DOCTYPE html>", '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    )
    for text in (deep, nested_words, bomb, external):
        started = time.perf_counter()
        try:
            article = parse_page(text, source="page.html")
        except PageError as error:
            assert "\n" not in str(error)
        else:
            body = "".join(article.paragraphs)
            assert "lollol" not in body and "root:" not in body and len(body) < 100_000
        assert time.perf_counter() - started < 20


def test_controls_in_markup_and_entities_are_shown_inertly() -> None:
    body = (
        "<h1>Alarm\x1b]0;title\x07 bells</h1><p>Bad \x1b[2J here, \x9b and \u202e text "
        "&#x202e; &#27; \ud800 in a paragraph long enough to be kept as text.</p>"
    )
    article = parse_page(page(body), source="page.html")
    assert article.headline == "Alarm^[]0;title^G bells"
    (paragraph,) = article.paragraphs
    assert "Bad ^[[2J here, <U+009B> and <U+202E> text <U+202E>" in paragraph
    assert "\ufffd" in paragraph
    assert all(not unsafe(string) for string in strings_of(article))


# -- the hostile corpus and random markup: only PageError, every string inert ---------------


def check_safe(text: str) -> None:
    try:
        article = parse_page(text, source="fuzz.html")
    except PageError as error:
        assert "\n" not in str(error) and not unsafe(str(error))
        return
    for string in strings_of(article):
        assert not unsafe(string.replace("\n", " ")), repr(string)


@pytest.mark.parametrize("path", HOSTILE, ids=lambda path: path.name)
@pytest.mark.parametrize("escaped", [True, False], ids=["escaped", "raw"])
def test_the_hostile_corpus_wrapped_in_html(path: Path, escaped: bool) -> None:
    text, _ = read_page_text(path)
    lines = [html.escape(line) if escaped else line for line in text.split("\n")]
    title, *rest = lines
    check_safe(page("<article><h1>" + title + "</h1>"
                    + "".join(f"<p>{line}</p>" for line in rest if line) + "</article>",
                    head=f"<title>{title}</title>"))  # fmt: skip


TAGS = ["<p>", "</p>", "<h1>", "</h1>", "<figure>", "</figure>", "<figcaption>", "<img src=x>",
        "<img src='data:image/png;base64,AAAA'>", "<time>", "</time>", "<div class=byline>",
        "</div>", "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;",
        "&#8220;", "&#0;", "&#x1b;", "&nbsp;", "&bogus;", "<table><tr><td>", "<br>", "<",
        ">", '"', "By Ann Lee, Reporter"]  # fmt: skip
html_ish = st.lists(st.one_of(st.sampled_from(TAGS + PIECES), st.text(max_size=20)),
                    max_size=40).map("".join)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(html_ish, st.sampled_from(["<!DOCTYPE html>", "<html>", "<!doctype html><html><body>"]))
def test_random_html_raises_only_page_errors_and_stays_inert(body: str, start: str) -> None:
    check_safe(start + body)


# -- body quality: benchmarks/html_body.py -------------------------------------------------


def test_body_f1_is_at_least_trafilaturas_on_every_page() -> None:
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "html_body.py"
    spec = importlib.util.spec_from_file_location("html_body_benchmark", path)
    assert spec is not None and spec.loader is not None
    benchmark = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = benchmark  # its dataclasses look their module up there
    spec.loader.exec_module(benchmark)
    results = benchmark.evaluate()
    reader, plain = results["reader"], results["trafilatura"]
    assert len(reader) == len(PAGES)
    for page_name in reader:
        assert reader[page_name].f1 >= plain[page_name].f1, page_name
    assert benchmark.mean_f1(reader) >= 0.99
