"""`reader analyze` writes each comment as its analysis is ready (reader.export.stream), byte
for byte what the whole-document writers give."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from msgspec.structs import replace as struct_replace

from reader.cli import main
from reader.export import analysis_to_dict, csv_rows, json_document, json_line
from reader.export.stream import AnalysedComments, write_csv_rows, write_json
from reader.formats import load_article, load_articles, sample_path
from reader.model import Analysis, Comment, CommentAnalysis, Decision, TriageRecord
from reader.pipeline.run import analyze

FIXTURES = Path(__file__).parent.parent / "fixtures"
LABEL: dict[str, str | int] = {"file": "pages/a.txt", "article": 2}


def _analysed(analysis: Analysis) -> list[tuple[Comment, CommentAnalysis | None]]:
    return [(c, analysis.comments.get(c.id)) for c in analysis.article.comments]


def _records(analysis: Analysis) -> dict[str, TriageRecord]:
    first, second = analysis.article.comments[:2]
    return {
        first.id: TriageRecord(first.id, Decision.KEEP, "=a note"),
        second.id: TriageRecord(second.id, None, "only a note"),
    }


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return analyze(load_article(sample_path()))


def _variants(analysis: Analysis) -> Iterator[Analysis]:
    """The analysis as it is, with warnings, with no comments, and before any analyser ran."""
    yield analysis
    article = analysis.article  # a dataclass; the Analysis a Struct
    yield struct_replace(analysis, article=replace(article, warnings=("cut off", "twice")))
    yield struct_replace(analysis, article=replace(article, comments=()))
    yield struct_replace(analysis, comments={})


def _json(analysis: Analysis, records: dict[str, TriageRecord] | None, *, label: bool) -> str:
    out = io.StringIO()
    write_json(
        out, analysis.article, analysis.quotes, _analysed(analysis), records,
        label=LABEL if label else None,
    )  # fmt: skip
    return out.getvalue()


@pytest.mark.parametrize("records", [False, True])
def test_streamed_json_document_is_the_whole_documents_text(
    sample: Analysis, records: bool
) -> None:
    kept = _records(sample) if records else None
    for analysis in _variants(sample):
        data = analysis_to_dict(analysis, kept)
        assert _json(analysis, kept, label=False) == json_document(data) + "\n"


@pytest.mark.parametrize("records", [False, True])
def test_streamed_json_line_is_the_whole_lines_text(sample: Analysis, records: bool) -> None:
    kept = _records(sample) if records else None
    for analysis in _variants(sample):
        data = {**LABEL, **analysis_to_dict(analysis, kept)}
        streamed = _json(analysis, kept, label=True)
        assert streamed == json_line(data) + "\n"
        assert streamed.count("\n") == 1


def test_a_lone_surrogate_in_a_label_is_written_as_the_json_module_does(
    sample: Analysis,
) -> None:
    label: dict[str, str | int] = {"file": "bad\udcff.txt", "article": 1}
    out = io.StringIO()
    write_json(out, sample.article, sample.quotes, _analysed(sample), label=label)
    assert out.getvalue() == json.dumps({**label, **analysis_to_dict(sample)},
                                        ensure_ascii=False) + "\n"  # fmt: skip


@pytest.mark.parametrize("records", [False, True])
def test_streamed_csv_is_the_whole_rows_text(sample: Analysis, records: bool) -> None:
    for analysis in _variants(sample):
        kept = _records(sample) if records else None
        whole = io.StringIO()
        csv.writer(whole).writerows(csv_rows(analysis, kept))
        out = io.StringIO()
        write_csv_rows(out, _analysed(analysis), kept)
        assert out.getvalue() == whole.getvalue()


def test_streamed_csv_label_columns_in_front_and_header_only_when_asked(
    sample: Analysis,
) -> None:
    out = io.StringIO()
    write_csv_rows(out, _analysed(sample), label={"file": "=x.txt", "article": 1})
    header, *rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert header[:3] == ["file", "article", "id"]
    assert all(row[:2] == ["'=x.txt", "1"] for row in rows)
    again = io.StringIO()
    write_csv_rows(again, _analysed(sample), header=False)
    assert len(list(csv.reader(io.StringIO(again.getvalue())))) == len(rows)


def _watched(analysis: Analysis, out: io.StringIO, seen: list[str]) -> AnalysedComments:
    """The comments one by one, noting what was written before each was handed over."""
    for pair in _analysed(analysis):
        seen.append(out.getvalue())
        yield pair


def test_json_goes_out_comment_by_comment(sample: Analysis) -> None:
    out, seen = io.StringIO(), list[str]()
    write_json(out, sample.article, sample.quotes, _watched(sample, out, seen))
    first, second = sample.article.comments[:2]
    assert '"claims"' in seen[0] and '"comments": [' in seen[0]
    assert first.id not in seen[0]
    assert json.dumps(first.id) in seen[1] and json.dumps(second.id) not in seen[1]


def test_csv_goes_out_row_by_row(sample: Analysis) -> None:
    out, seen = io.StringIO(), list[str]()
    write_csv_rows(out, _watched(sample, out, seen))
    assert seen[0].count("\r\n") == 1  # the header
    assert seen[2].count("\r\n") == 3  # and the first two comments


def test_cli_json_is_the_whole_documents_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--no-cache", str(FIXTURES / "quotes.txt")]) == 0
    analysis = analyze(load_article(FIXTURES / "quotes.txt"))
    assert capsys.readouterr().out == json_document(analysis_to_dict(analysis)) + "\n"


def test_cli_json_lines_per_article_of_a_file_of_several(
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = FIXTURES / "wordpress-export.xml"
    assert main(["analyze", "--no-cache", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    articles = load_articles(path)
    assert len(lines) == len(articles) > 1
    for number, (line, article) in enumerate(zip(lines, articles), 1):
        assert line == json_line({"article": number, **analysis_to_dict(analyze(article))})


def test_cli_csv_header_once_over_several_articles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", "--no-cache", "--format", "csv",
                 str(FIXTURES / "wordpress-export.xml")]) == 0  # fmt: skip
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert sum(row[:2] == ["article", "id"] for row in rows) == 1
