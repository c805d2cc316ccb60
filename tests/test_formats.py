"""The format registry: each text is read by the format its content shows, whatever the name."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reader.formats
from reader.cli import main
from reader.errors import PageError
from reader.export import analysis_to_dict
from reader.formats import (
    FORMATS,
    comment_id,
    format_of,
    load_article,
    parse_page,
    parse_page_start,
    sample_path,
)
from reader.formats.ids import comment_ids
from reader.formats.reader_json import READER_JSON
from reader.model import Analysis

PAGE = "Headline\n\nA paragraph.\n\nComments / 1\n\nAnn\n2h ago\n\nHello.\n\nReply\n"


def reader_json_text() -> str:
    article = load_article(sample_path())
    return json.dumps(analysis_to_dict(Analysis(article=article, quotes=(), comments={})))


def test_each_format_has_a_spec_source_name_and_a_title() -> None:
    names = [f.name for f in FORMATS]
    assert names[names.index("saved-page") :] == ["saved-page", "reader-json", "reddit",
                                                  "hacker-news"]  # fmt: skip
    assert len(set(names)) == len(names)
    assert all(f.title.startswith(("a ", "an ")) for f in FORMATS)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (PAGE, "saved-page"),
        ("[VIDEO] Mayor resigns\n\nBody.\n", "saved-page"),  # a headline may start with "["
        ("<html>\n", "html"),
        ('{"headline": "H"}', "reader-json"),
        ("  \n {not json", "reader-json"),  # the JSON reader says why it is not valid
        ('{"headline": "H", "comments": [{"text": "{\\"story_id\\": 1}"}]}', "reader-json"),
        ('[{"kind": "Listing", "data": {"children": []}}]', "reddit"),
        ('[{"data": {"children": [{"data": {}, "kind": "t3"}]}, "kind": "Listing"}]', "reddit"),
        ('[{"kind": "Listing", "data": {"children": [', "reddit"),  # cut short: Reddit says so
        ('{"id": 1, "created_at_i": 1160418111, "title": "T", "children": []}', "hacker-news"),
        ('{"by": "pg", "descendants": 3, "kids": [2], "type": "story"}', "hacker-news"),
        ('{"author": "pg", "children": [], "created_at_i": 1, "title": "T"}', "hacker-news"),
        ('{"headline": "H", "comments": [{"text": "t", "children": []}]}', "reader-json"),
        ('<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/">', "wordpress"),
        ('<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com">', "disqus"),
        ("MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n", "mhtml"),
    ],
)
def test_the_content_picks_the_format(text: str, name: str) -> None:
    page_format = format_of(text)
    assert page_format is not None and page_format.name == name
    assert [f.sniff(text) for f in FORMATS].count(True) == 1  # no two formats claim a text


@pytest.mark.parametrize("file_name", ["page.txt", "page", "notes.md", "thread.html"])
def test_reader_json_is_read_whatever_the_file_is_called(tmp_path: Path, file_name: str) -> None:
    path = tmp_path / file_name
    path.write_text(reader_json_text(), encoding="utf-8")
    assert load_article(path) == load_article(sample_path())


@pytest.mark.parametrize("file_name", ["page.json", "page", "saved.html", "x.csv"])
def test_a_saved_page_is_read_whatever_the_file_is_called(tmp_path: Path, file_name: str) -> None:
    path = tmp_path / file_name
    path.write_bytes(sample_path().read_bytes())
    assert load_article(path) == load_article(sample_path())


def test_the_command_line_reads_a_file_of_any_name_but_walks_folders_for_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    named = tmp_path / "thread.saved"
    named.write_text(PAGE, encoding="utf-8")
    assert main(["analyze", "--no-cache", str(named)]) == 0
    assert json.loads(capsys.readouterr().out)["headline"] == "Headline"
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "page.txt").write_text(PAGE, encoding="utf-8")
    (folder / "analysis.json").write_text(reader_json_text(), encoding="utf-8")
    (folder / "notes.md").write_text("not read: a folder gives its .txt and .json files")
    assert main(["analyze", "--no-cache", str(folder)]) == 0
    pages = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [page["file"] for page in pages] == [str(folder / "analysis.json"), str(folder / "page.txt")]
    assert [page["source"] for page in pages] == ["saved-page", "saved-page"]  # the format


def test_a_text_in_no_format_names_the_formats() -> None:
    with pytest.raises(PageError) as caught:
        parse_page("[1, 2, 3]", source="list.json")
    message = str(caught.value)
    titles = " or ".join(page_format.title for page_format in FORMATS)
    assert message == f"list.json: is a JSON list, not {titles}"
    assert "a Reddit thread or a Hacker News thread" in message
    assert all(page_format.title in message for page_format in FORMATS)
    assert parse_page_start("[1, 2, 3]" + " " * 10_000, prefix_chars=10) is None


def test_a_text_no_listed_format_claims_names_the_ones_listed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reader.formats, "FORMATS", (READER_JSON,))
    assert format_of(PAGE) is None
    with pytest.raises(PageError) as caught:
        parse_page(PAGE, source="page.txt")
    assert str(caught.value) == (
        "page.txt: is in none of the formats Reader reads (a Reader analysis)"
    )


SNIFF_TEXTS = st.one_of(
    st.text(max_size=300),
    st.builds(
        lambda a, b: a + b + "]",
        st.sampled_from(["[", " [", "\ufeff[", "[[", "{"]),
        st.text(max_size=100),
    ),
    st.builds(lambda n: "[" * n + "]" * n, st.integers(0, 50_000)),
)


@settings(max_examples=300, deadline=None)
@given(SNIFF_TEXTS)
def test_sniffers_never_raise(text: str) -> None:
    claims = [page_format.sniff(text) for page_format in FORMATS]
    assert all(isinstance(claim, bool) for claim in claims)
    assert claims.count(True) <= 1  # the order of FORMATS picks nothing
    page_format = format_of(text)
    assert page_format is None or page_format in FORMATS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=50), st.text(max_size=200))
def test_comment_id_is_the_pinned_hash(author: str, text: str) -> None:
    """Ids key saved triage decisions: the scheme must never change (lone surrogates too)."""
    key = f"{author}\x00{text}".encode("utf-8", "surrogatepass")
    assert comment_id(author, text) == "c" + hashlib.sha256(key).hexdigest()[:12]


def test_repeats_are_numbered_in_page_order() -> None:
    next_id = comment_ids()
    ids = [next_id(*pair) for pair in [("A", "t"), ("B", "t"), ("A", "t"), ("A", "t")]]
    base = comment_id("A", "t")
    assert ids == [base, comment_id("B", "t"), f"{base}-2", f"{base}-3"]


def test_a_saved_page_and_reader_json_give_the_same_computed_ids() -> None:
    page = parse_page(PAGE + "Ann\n2h ago\n\nHello.\n\nReply\n")
    data = {"headline": "H", "comments": [{"author": "Ann", "text": "Hello."}] * 2}
    from_json = parse_page(json.dumps(data))
    assert [c.id for c in from_json.comments] == [c.id for c in page.comments]
