"""An analysis written as it is made: each comment's JSON object or CSV row goes out as soon
as its analysis is ready, so `reader analyze` holds no whole document and its memory does not
grow with the output.

The text is byte for byte what `json_document`/`json_line` of `analysis_to_dict`, and
`csv_rows`, give (tests/test_streaming.py): the same objects, each encoded by msgspec, joined
with the separators and indentation the whole document would have. A comment's encoded object
holds no raw newline (JSON escapes those in strings), so indenting it is a plain replace.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

from reader.analysers import Analyser, registered
from reader.export.csv import column_plan, comment_cells, csv_header, spreadsheet_safe
from reader.export.json import (
    article_fields,
    comment_row,
    field_names,
    field_plan,
    json_document,
    json_line,
)
from reader.model import Article, Comment, CommentAnalysis, Quote, TriageRecord
from reader.text.decode import display_path

# Each comment with its analysis (None before its analysers ran), in the article's order.
AnalysedComments = Iterable[tuple[Comment, CommentAnalysis | None]]
_COMMENT_INDENT = "\n    "  # a comment's lines, inside "comments" inside the document


def write_json(
    out: TextIO,
    article: Article,
    quotes: Sequence[Quote],
    analysed: AnalysedComments,
    records: Mapping[str, TriageRecord] | None = None,
    *,
    label: Mapping[str, str | int] | None = None,
    analysers: Sequence[Analyser[Any]] | None = None,
) -> None:
    """The SPEC section 2 object, ended by a newline: indented, or with a `label` (its fields
    first) on one line (JSON Lines). The fields before `comments` go out first, then each
    comment as `analysed` gives it."""
    analysers = registered() if analysers is None else analysers
    plan, names = field_plan(analysers), field_names(analysers)
    head = {**(label or {}), **article_fields(article, quotes)}
    one_line = label is not None
    if one_line:
        out.write(json_line(head)[:-1] + ', "comments": [')
    else:
        out.write(json_document(head)[:-2] + ',\n  "comments": [')
    separator = "" if one_line else _COMMENT_INDENT
    wrote = False
    for comment, result in analysed:
        row = comment_row(comment, result, names, plan, records)
        if one_line:
            out.write(separator + json_line(row))
            separator = ", "
        else:
            out.write(separator + json_document(row).replace("\n", _COMMENT_INDENT))
            separator = "," + _COMMENT_INDENT
        wrote = True
    out.write("]" if one_line or not wrote else "\n  ]")
    if article.warnings:
        warnings = list(article.warnings)
        if one_line:
            out.write(', "warnings": ' + json_line(warnings))
        else:
            out.write(',\n  "warnings": ' + json_document(warnings).replace("\n", "\n  "))
    out.write("}\n" if one_line else "\n}\n")


def write_csv_rows(
    out: TextIO,
    analysed: AnalysedComments,
    records: Mapping[str, TriageRecord] | None = None,
    *,
    label: Mapping[str, str | int] | None = None,
    header: bool = True,
    analysers: Sequence[Analyser[Any]] | None = None,
) -> None:
    """`csv_rows` written row by row (the header only when asked); a `label` adds its columns
    in front, its values (a path from a stranger) shown inertly and formula-safe."""
    analysers = registered() if analysers is None else analysers
    plan = column_plan(analysers)
    writer = csv.writer(out)
    values = label.values() if label is not None else ()
    front = [spreadsheet_safe(display_path(str(value))) for value in values]
    if header:
        writer.writerow([*(label or {}), *csv_header(analysers, records)])
    for comment, result in analysed:
        writer.writerow([*front, *comment_cells(comment, result, plan, records)])
