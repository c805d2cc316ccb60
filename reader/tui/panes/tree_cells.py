"""The reply tree in the comment list's Comment cell: what marks a row, as (text, class) parts.

Kept apart from the table's drawing so each mark is one small rule: indentation of two cells
a level up to DEPTH_CAP and then the depth as a number ("·7"), a gutter mark whose colour
cycles with the depth (component classes, themed in app.tcss), "[+12]" on folded replies,
"OP" on the submitter's comments, a placeholder's status ("[deleted]") and "↳ @parent" where
the view does not show the parent just above; in the needs-a-look view, first, the reason.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from reader.model import Comment
from reader.view.thread_view import ThreadView

# A part of a cell: its text and the component class that styles it ("" for the row's own).
CellPart = tuple[str, str]

DEPTH_CAP = 6  # deeper replies are indented as this deep, with their depth written
GUTTER = "▎"
DEPTH_CLASSES: tuple[str, ...] = tuple(f"comment-table--depth-{n}" for n in range(1, 7))
FOLDED = "comment-table--folded"
SUBMITTER = "comment-table--op"
STATUS = "comment-table--status"
CONTEXT = "comment-table--context"
NOT_SAVED = "comment-table--not-saved"
REASON = "comment-table--reason"
TREE_CLASSES: frozenset[str] = frozenset(
    {*DEPTH_CLASSES, FOLDED, SUBMITTER, STATUS, CONTEXT, NOT_SAVED, REASON}
)


def indent_parts(depth: int) -> list[CellPart]:
    """Indentation and the gutter mark for a reply at `depth` (none at the top level)."""
    if depth <= 0:
        return []
    shown = min(depth, DEPTH_CAP)
    mark = GUTTER + (f"·{depth}" if depth > DEPTH_CAP else "") + " "
    parts: list[CellPart] = [("  " * (shown - 1), "")] if shown > 1 else []
    parts.append((mark, DEPTH_CLASSES[(depth - 1) % len(DEPTH_CLASSES)]))
    return parts


def _name(comment: Comment | None) -> str:
    """A parent's author as "↳ @" shows it (a deleted one has none: its status instead)."""
    if comment is None:
        return "?"
    author = " ".join(comment.author.split())
    return author or f"[{comment.status or 'no name'}]"


def tree_prefix(thread: ThreadView, row: int, comment: Comment) -> list[CellPart]:
    """The marks before the comment's text on `row` ([] for a plain comment of a flat page,
    which then looks as it always did)."""
    parts: list[CellPart] = reason_parts(thread.reasons_at(thread.rows[row]))
    in_order = thread.in_thread_order
    if in_order:
        parts += indent_parts(comment.depth)
        position = thread.rows[row]
        if position in thread.folded:
            parts.append((f"[+{thread.tree.replies(position):,}] ", FOLDED))
    if thread.is_submitter(comment):
        parts.append(("OP ", SUBMITTER))
    if comment.status:
        parts.append((f"[{' '.join(comment.status.split())}] ", STATUS))
    if thread.needs_context(row):
        parts.append((f"↳ @{_name(thread.parent_of(comment))} ", CONTEXT))
    return parts


def reason_parts(reasons: tuple[str, ...]) -> list[CellPart]:
    """In the needs-a-look view, why the comment needs a look: its heaviest reason, and how
    many more there are ("disputes Kirby's claim +1 ▸ ")."""
    if not reasons:
        return []
    more = f" +{len(reasons) - 1}" if len(reasons) > 1 else ""
    return [(f"{' '.join(reasons[0].split())}{more} ▸ ", REASON)]


def not_saved_parts(depth: int, count: int) -> tuple[CellPart, list[CellPart]]:
    """What a "not saved" line says ("⋯ 4 more replies not saved") and the mark it gets in
    the Comment column, where a reply at `depth` would stand."""
    noun = "reply" if count == 1 else "replies"
    said = (f"⋯ {count:,} more {noun} not saved", NOT_SAVED)
    return said, [*indent_parts(depth), ("⋯", NOT_SAVED)]


def fit_parts(parts: list[CellPart], width: int) -> list[CellPart]:
    """The parts cut to `width` cells (an ellipsis where cut) or padded to it with spaces."""
    total = sum(cell_len(text) for text, _ in parts)
    if total <= width:
        return [*(part for part in parts if part[0]), (" " * (width - total), "")]
    fitted: list[CellPart] = []
    left = width
    for text, name in parts:
        size = cell_len(text)
        if size < left:
            fitted.append((text, name))
            left -= size
            continue
        cut = set_cell_size(text, left - 1) + "…" if left > 1 else set_cell_size(text, left)
        fitted.append((cut, name))
        break
    return fitted
