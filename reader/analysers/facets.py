"""How an analyser's result is shown, filtered, sorted, counted and exported.

Each analyser declares its `Facets`; the app, the thread view and the exports read results only
through them. Nothing here knows Textual: styled text is plain `(text, style)` pairs whose
style is a Textual style string naming theme variables ("$error", "bold $success", "" for
none). The app turns them into Content, where text is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from msgspec import Struct

R = TypeVar("R")
R_contra = TypeVar("R_contra", contravariant=True)

Styled = tuple[str, str]  # (text, style)

# The filter value of "no value": no result (not analysed yet) or a result of None.
NONE = "none"
BAR_WIDTH = 20
_DETAIL_LABEL_WIDTH = 11


def bar(fraction: float, style: str = "$primary", width: int = BAR_WIDTH) -> list[Styled]:
    """A horizontal bar for a value in [0, 1]."""
    filled = round(min(max(fraction, 0.0), 1.0) * width)
    return [("█" * filled, style), ("░" * (width - filled), "$text-disabled")]


def detail_label(text: str) -> Styled:
    """A field's name in the detail pane, in the column the values line up after."""
    return (f"{text:<{_DETAIL_LABEL_WIDTH}}", "bold $text-muted")


class Column(Struct, Generic[R], frozen=True):
    """A comment-table column (the table shows a placeholder until the comment is analysed)."""

    title: str
    width: int
    cell: Callable[[R], Styled]
    right: bool = False


class FilterField(Struct, Generic[R], frozen=True):
    """A field comments can be filtered on, and counted by in the summary pane."""

    name: str  # unique among all filter fields; also the filter's label ("stance")
    value: Callable[[R], str]  # a result's value; NONE for no value
    values: tuple[str, ...] | None = None  # every value in order; None: those seen, most first


class SortOrder(Struct, Generic[R], frozen=True):
    """An order for the comment list: ascending key, ties in thread order, unanalysed last."""

    name: str  # unique among sort orders
    title: str  # shown in the status line: "most negative first"
    key: Callable[[R], float]  # float("inf") sorts with the unanalysed, last


class SummaryCounts(Struct, frozen=True):
    """A section of the thread summary: how many comments have each value of a filter field."""

    field: str  # a FilterField name of the same analyser
    title: str
    style: Callable[[str], str]  # a value's bar style
    limit: int | None = None  # show only the most common values (for open-ended fields)


class Tally(Protocol[R_contra]):
    """Running figures beyond the counts (a mean, a histogram), kept as results arrive."""

    def add(self, result: R_contra, sign: int) -> None:
        """Count a result in (sign 1) or out again (sign -1, when it is replaced)."""
        ...

    def lines(self) -> list[Styled]:
        """The summary lines under the analyser's counts (each ending in a newline)."""
        ...

    def copy(self) -> Tally[R_contra]:
        """A snapshot, for a summary that must not change as more results arrive."""
        ...


class JsonFields(Struct, Generic[R], frozen=True):
    """An analyser's fields of each comment in the JSON export (None before it ran).

    One function gives all of them: the export calls it once per comment.
    """

    names: tuple[str, ...]
    values: Callable[[R], tuple[Any, ...]]  # JSON-able, one per name


class CsvColumns(Struct, Generic[R], frozen=True):
    """An analyser's columns of the CSV export (empty before it ran)."""

    names: tuple[str, ...]
    cells: Callable[[R], tuple[str, ...]]  # one per name
    # Reader's own words and numbers only (labels, codes, scores: a negative score must stay
    # a number); otherwise each cell is made spreadsheet-safe, as the comment's text is.
    own: bool = False


class Facets(Struct, Generic[R], frozen=True):
    """Everything the rest of Reader needs to show one analyser's results.

    Columns, filter fields, sort orders, JSON fields and CSV columns appear in registry
    order; the summary pane, the filter screen and the text export list analysers by `rank`
    (lower first), so the most telling analysis can lead there.
    """

    columns: tuple[Column[R], ...] = ()
    filters: tuple[FilterField[R], ...] = ()
    sorts: tuple[SortOrder[R], ...] = ()
    detail: Callable[[R], list[Styled]] | None = None  # lines for the detail pane
    summary: tuple[SummaryCounts, ...] = ()
    tally: Callable[[], Tally[R]] | None = None
    json: JsonFields[R] | None = None
    csv: CsvColumns[R] | None = None
    text_label: Callable[[R], str | None] | None = None  # a comment's label in the text export
    text_counts: Callable[[Sequence[R]], str] | None = None  # the thread's counts, one line
    rank: int = 100
