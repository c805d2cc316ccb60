"""An analysis as CSV for spreadsheets: one row per comment (SPEC section 2).

Every cell from the page (and any analysis cell that is not our own number) is made
spreadsheet-safe, so a comment cannot run as a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TextIO

from reader.analysers import Analyser, registered
from reader.export.notes import note_of
from reader.model import Analysis, Comment, CommentAnalysis, TriageRecord

CSV_DECISION_COLUMNS = ("decision", "note")
# After the text, so the SPEC's columns keep their places: the reply tree and what the source
# says of each comment.
CSV_TREE_COLUMNS = ("parent", "depth", "posted", "status")
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00")


def spreadsheet_safe(cell: str) -> str:
    """Prefix a cell a spreadsheet would run as a formula, so it shows as text instead."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def csv_columns(analysers: Sequence[Analyser[Any]] | None = None) -> list[str]:
    """The header: the comment's fields, each analyser's columns in registry order, the text,
    then its place in the reply tree."""
    analysers = registered() if analysers is None else analysers
    analysed = [n for a in analysers if a.facets.csv for n in a.facets.csv.names]
    return ["id", "author", "age", "likes", *analysed, "text", *CSV_TREE_COLUMNS]


# Per analyser: its name, its empty cells, the function giving its cells, whether they are
# Reader's own (not made spreadsheet-safe).
ColumnPlan = list[tuple[str, tuple[str, ...], Callable[[Any], tuple[str, ...]], bool]]


def column_plan(analysers: Sequence[Analyser[Any]]) -> ColumnPlan:
    """Each analyser's CSV cells, in registry order."""
    return [
        (a.name, ("",) * len(a.facets.csv.names), a.facets.csv.cells, a.facets.csv.own)
        for a in analysers
        if a.facets.csv
    ]


def _row(comment: Comment, result: CommentAnalysis | None, plan: ColumnPlan) -> list[str]:
    """A comment's cells, up to its place in the tree; an analyser's cells are empty before
    it ran."""
    row = [
        spreadsheet_safe(comment.id),
        spreadsheet_safe(comment.author),
        spreadsheet_safe(comment.age),
        str(comment.likes),
    ]
    results = result.results if result is not None else {}
    for name, empty, cells_of, own in plan:
        if name not in results:
            row += empty
        elif own:
            row += cells_of(results[name])
        else:
            row += map(spreadsheet_safe, cells_of(results[name]))
    row.append(spreadsheet_safe(comment.text))
    row += [
        spreadsheet_safe(comment.parent or ""),
        str(comment.depth),
        spreadsheet_safe(comment.posted or ""),
        spreadsheet_safe(comment.status or ""),
    ]
    return row


def csv_header(
    analysers: Sequence[Analyser[Any]], records: Mapping[str, TriageRecord] | None = None
) -> list[str]:
    """The header row; with `records`, the decision columns last."""
    return csv_columns(analysers) + (list(CSV_DECISION_COLUMNS) if records is not None else [])


def comment_cells(
    comment: Comment,
    result: CommentAnalysis | None,
    plan: ColumnPlan,
    records: Mapping[str, TriageRecord] | None = None,
) -> list[str]:
    """One comment's row; with `records`, its decision and note last."""
    cells = _row(comment, result, plan)
    if records is not None:
        record = records.get(comment.id)
        decision = record.decision if record is not None else None
        cells.append(decision.value if decision is not None else "")
        cells.append(spreadsheet_safe(note_of(record) or ""))
    return cells


def csv_rows(
    analysis: Analysis,
    records: Mapping[str, TriageRecord] | None = None,
    analysers: Sequence[Analyser[Any]] | None = None,
) -> list[list[str]]:
    """One row per comment (header first); text from the file is made spreadsheet-safe.

    Our own numbers (a negative compound score) are left alone so they stay numbers.
    `reader analyze` writes the same rows one by one (reader.export.stream).
    """
    analysers = registered() if analysers is None else analysers
    plan = column_plan(analysers)
    rows = [csv_header(analysers, records)]
    for comment in analysis.article.comments:
        rows.append(comment_cells(comment, analysis.comments.get(comment.id), plan, records))
    return rows


def write_csv(
    analysis: Analysis, out: TextIO, records: Mapping[str, TriageRecord] | None = None
) -> None:
    """Write `csv_rows` to `out` (open it with newline="" when it is a file)."""
    csv.writer(out).writerows(csv_rows(analysis, records))
