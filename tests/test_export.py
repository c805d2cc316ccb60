"""The export layer: the SPEC's JSON fields, spreadsheet-safe CSV, the text summary."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from made_analyses import comment_analysis

from reader.analysers.sentiment import Sentiment
from reader.analysers.stance import Stance
from reader.export import (
    analysis_to_dict,
    csv_rows,
    export_json,
    render_text,
    spreadsheet_safe,
    write_csv,
    write_text_atomically,
)
from reader.model import (
    Analysis,
    Article,
    Comment,
    Decision,
    Image,
    Quote,
    TriageRecord,
)

SPEC_TOP_FIELDS = {
    "schema", "headline", "byline", "authors", "outlet", "published", "paragraphs", "images",
    "comment_count", "quotes", "comments",
}
SPEC_COMMENT_FIELDS = {
    "id", "author", "age", "text", "likes", "language", "language_confidence", "sentiment",
    "stance",
}


def _analysis() -> Analysis:
    article = Article(
        headline="Council 'fair deal' vote",
        byline="Ann Lee, Reporter For The Gazette",
        authors=("Ann Lee",),
        outlet="The Gazette",
        published="2 days ago",
        paragraphs=("'It is a fair deal,' Mayor Jo Park said.", "Nothing more."),
        images=(Image("https://img.example/1.jpg", "The hall", 0),),
        comment_count=1482,
        comments=(
            Comment("c1", "Sam", "4d ago", "=HYPERLINK(\"http://evil\")", 2400),
            Comment("c2", "Ana", "Just now", "¿Quién votó en contra?", 0),
        ),
    )
    return Analysis(
        article=article,
        quotes=(Quote("body", 0, 1, 18, "It is a fair deal", "Jo Park", "direct"),),
        comments={
            "c1": comment_analysis(
                "en", 0.99, Sentiment(-0.4, 0.0, 0.6, 0.4, "negative"),
                Stance("deny", 0.7, ("'evil' (deny +1.0)",)),
            ),
            "c2": comment_analysis("es", 0.98, None, Stance("query", 0.8, ("ends with '?'",))),
        },
    )


def test_json_has_every_spec_field_with_the_spec_types() -> None:
    data = analysis_to_dict(_analysis())
    assert SPEC_TOP_FIELDS <= data.keys()
    assert data["schema"] == 1 and data["comment_count"] == 1482
    assert data["images"] == [
        {"url": "https://img.example/1.jpg", "caption": "The hall", "after_paragraph": 0}
    ]
    assert data["quotes"][0] == {
        "where": "body", "index": 0, "start": 1, "end": 18, "text": "It is a fair deal",
        "speaker": "Jo Park", "kind": "direct",
    }
    first, second = data["comments"]
    assert SPEC_COMMENT_FIELDS <= first.keys()
    assert "decision" not in first
    assert first["sentiment"] == {
        "compound": -0.4, "pos": 0.0, "neu": 0.6, "neg": 0.4, "label": "negative"
    }
    assert first["stance"] == {"label": "deny", "score": 0.7, "evidence": ["'evil' (deny +1.0)"]}
    assert second["sentiment"] is None and second["language"] == "es"
    json.dumps(data)  # serialisable as is


def test_json_with_records_adds_decision_and_note_to_every_comment() -> None:
    records = {"c1": TriageRecord("c1", Decision.FLAG, "check the figure")}
    comments = analysis_to_dict(_analysis(), records)["comments"]
    assert (comments[0]["decision"], comments[0]["note"]) == ("flag", "check the figure")
    assert (comments[1]["decision"], comments[1]["note"]) == (None, None)


def test_csv_prefixes_formula_cells_but_not_our_numbers() -> None:
    rows = csv_rows(_analysis())
    assert rows[0][:3] == ["id", "author", "age"]
    assert rows[1][rows[0].index("text")].startswith("'=HYPERLINK")
    assert rows[1][5] == "-0.4000"  # a negative score stays a number
    assert rows[2][5] == "" and rows[2][7] == "query"
    for start in ("=", "+", "-", "@", "\t", "\x00"):
        assert spreadsheet_safe(start + "1") == "'" + start + "1"
    assert spreadsheet_safe("plain") == "plain"


def test_write_csv_round_trips_through_the_csv_module_with_decisions() -> None:
    out = io.StringIO()
    write_csv(_analysis(), out, {"c2": TriageRecord("c2", Decision.KEEP, None)})
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][-2:] == ["decision", "note"]
    assert rows[2][-2:] == ["keep", ""]
    assert len(rows) == 3


def test_text_summary_names_speakers_counts_and_labels() -> None:
    text = render_text(_analysis(), {"c1": TriageRecord("c1", Decision.HIDE, "spam")})
    assert "Council 'fair deal' vote" in text
    assert "2 comments saved of 1,482 reported" in text
    assert "- Jo Park (1)" in text
    assert "deny 0.70" in text and "query 0.80" in text and "decision hide" in text
    assert "note: spam" in text


def test_text_shows_each_comments_status_and_says_when_it_has_no_text() -> None:
    """A spam post read as a normal comment, and a placeholder as an empty line, hid what
    the source says of them (QA: a Disqus "Cheap Pills" spam post)."""
    article = Article(
        headline="Harbour plan", byline="", authors=(), published="", paragraphs=("Text.",),
        images=(),
        comments=(
            Comment("c1", "[deleted]", "", "", 3, status="deleted"),
            Comment("c2", "Bo", "", "Why was it deleted?", 1, parent="c1", depth=1),
            Comment("c3", "Cheap Pills", "", "Buy pills now!!!", 0, status="spam"),
            Comment("c4", "[deleted]", "", " ", 0, status="removed"),
            Comment("c5", "Di", "", "Gone?", 0, parent="c4", depth=1),
            Comment("c6", "Ed", "", "", 0, status="pending\nnow"),
        ),
    )
    lines = render_text(Analysis(article=article, quotes=(), comments={})).split("\n")
    assert "- [deleted] (3 likes) [deleted]" in lines
    assert "    (deleted)" in lines and "    (removed)" in lines
    assert "- Cheap Pills (0 likes) [spam]" in lines
    assert "- Ed (0 likes) [pending now]" in lines and "    (no text)" in lines
    assert "    1 reply (1 direct) to [deleted]: (deleted)" in lines
    assert "    1 reply (1 direct) to [deleted]: (removed)" in lines
    assert not [line for line in lines if line and line.isspace()]  # no blank text line


def test_an_unanalysed_comment_has_empty_analysis_fields() -> None:
    analysis = _analysis()
    del analysis.comments["c2"]
    second = analysis_to_dict(analysis)["comments"][1]
    assert [second[k] for k in ("language", "language_confidence", "sentiment", "stance")] == [
        None, None, None, None
    ]
    assert csv_rows(analysis)[2][4:9] == ["", "", "", "", ""]
    assert "- Ana (Just now, 0 likes) []" in render_text(analysis)


def test_the_app_export_is_indented_json_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "page.reader.json"
    target.write_text("old", encoding="utf-8")
    write_text_atomically(target, export_json(_analysis()))
    assert json.loads(target.read_text(encoding="utf-8")) == analysis_to_dict(_analysis())
    assert target.read_text(encoding="utf-8").startswith('{\n  "schema": 1,')
    assert [p.name for p in tmp_path.iterdir()] == ["page.reader.json"]  # no temporary left


def test_a_failed_atomic_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "page.reader.json"
    target.write_text("old", encoding="utf-8")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_text_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["page.reader.json"]
