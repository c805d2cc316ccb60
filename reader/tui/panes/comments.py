"""The comments pane: one row per comment, rendering only the rows on screen.

Built on ScrollView's Line API (as Textualize/toolong does) because DataTable took ~10 s to
add 100,000 rows here; this paints 100k rows as fast as 10. Rows are drawn as Rich
Segments straight from the comment fields, so stranger text is never parsed as markup.
Between the comment's own columns come the analysers' (reader.analysers.facets.Column).

A thread with replies shows its tree in the Comment cell (reader.tui.panes.tree_cells): the
indentation and a gutter mark coloured by depth, folded replies' count, OP, a placeholder's
status and, where the view breaks the tree, "↳ @parent". The "N more replies not saved" lines
sit between the rows without being rows: the cursor, the triage keys and the ThreadView's
rows never see them; only the mapping from screen lines to rows here does.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from reader.analysers import Analyser
from reader.model import Comment, CommentAnalysis, TriageRecord
from reader.tui.actions import bindings
from reader.tui.panes.base import Pane
from reader.tui.panes.parts import when_posted
from reader.tui.panes.search_marks import match_spans, search_pattern
from reader.tui.panes.tree_cells import (
    TREE_CLASSES,
    CellPart,
    fit_parts,
    not_saved_parts,
    tree_prefix,
)
from reader.view.thread_view import ThreadView

# (title, width or 0 for "the rest", right-aligned): the comment's own columns, before and
# after the analysers' columns.
ColumnLayout = tuple[str, int, bool]
_LEADING: tuple[ColumnLayout, ...] = (("Author", 15, False), ("Age", 10, False), ("Likes", 6, True))
_TRAILING: tuple[ColumnLayout, ...] = (("Dec.", 4, False), ("Comment", 0, False))
_MIN_TEXT_WIDTH = 20  # the author column gives way first (to 8), so the text stays readable
_PENDING = "…"
_MUTED = "$text-muted"
# Facets style cells with theme variables; these come from the stylesheet's classes instead,
# which resolve "auto" colours such as $text-muted against the table's own background. Any
# other style is parsed as it is.
_STYLE_CLASSES = {
    _MUTED: "comment-table--muted",
    "$success": "comment-table--positive",
    "$error": "comment-table--negative",
    "$accent": "comment-table--query",
    "bold $success": "comment-table--keep",
    "bold $warning": "comment-table--flag",
}
_DECISION_STYLES = {"keep": "bold $success", "flag": "bold $warning"}


def column_layout(analysers: tuple[Analyser[Any], ...]) -> tuple[ColumnLayout, ...]:
    """Every column of the table, in order."""
    analysed = tuple((c.title, c.width, c.right) for a in analysers for c in a.facets.columns)
    return _LEADING + analysed + _TRAILING


def one_line(text: str) -> str:
    """The text on one line (newlines and tabs as spaces), for a table cell."""
    return " ".join(text.split())


def _fit(text: str, width: int, right: bool = False) -> str:
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…" if width > 1 else set_cell_size(text, width)
    padding = " " * (width - cell_len(text))
    return padding + text if right else text + padding


@dataclass
class CommentHighlighted(Message):
    """The cursor moved to another comment (None when no comment is shown)."""

    comment_id: str | None


class CommentTable(Pane, ScrollView, can_focus=True):
    """A fast, read-only table over a ThreadView with a row cursor. Its title is drawn by the
    frame the screen puts around it and the selected comment."""

    PANE_TITLE = "Comments"

    BINDINGS: ClassVar[list[BindingType]] = bindings("list")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "comment-table--header",
        "comment-table--cursor",
        "comment-table--muted",
        "comment-table--hidden",
        "comment-table--positive",
        "comment-table--negative",
        "comment-table--query",
        "comment-table--keep",
        "comment-table--flag",
        "comment-table--match",
        *TREE_CLASSES,
    }

    def __init__(
        self, thread: ThreadView, *, name: str | None = None, id: str | None = None
    ) -> None:
        super().__init__(name=name, id=id)
        self.thread = thread
        self.cursor_row = 0
        self._lines: LRUCache[tuple[int, bool, int], Strip] = LRUCache(512)
        self._columns = column_layout(thread.analysers)
        self._styles: dict[str, RichStyle] = {}
        self._search: re.Pattern[str] | None = None
        # The "more replies not saved" lines: the row each follows, its depth and count,
        # and the screen line (below the header) each stands on.
        self._not_saved: list[tuple[int, int, int]] = []
        self._not_saved_after: list[int] = []
        self._not_saved_lines: list[int] = []

    # -- data changes -----------------------------------------------------------------------

    def rows_changed(self, keep_comment: str | None = None, *, only: int | None = None) -> None:
        """The ThreadView's rows were recomputed: resize, and keep the cursor on a comment.
        `only`: the position of the one comment whose line changed (a fold: the rest keep
        their cached lines, which hold nothing about where they stand)."""
        row = self.thread.row_of(keep_comment) if keep_comment is not None else None
        if only is None:
            self._lines.clear()
        else:
            width = self.scrollable_content_region.width
            self._lines.discard((only, True, width))
            self._lines.discard((only, False, width))
        self._place_not_saved()
        self._update_virtual_size()
        self.move_cursor(row if row is not None else 0, force=True)
        self.refresh()

    def show_thread(self, thread: ThreadView, keep_comment: str | None = None) -> None:
        """Show another ThreadView (the whole page after its start), cursor on the same comment."""
        self.thread = thread
        self._columns = column_layout(thread.analysers)
        self.rows_changed(keep_comment)

    def cells_changed(self) -> None:
        """Analyses or decisions changed: redraw what is on screen."""
        self._lines.clear()
        self.refresh()

    def show_search(self, search: str) -> None:
        """Mark another search's matches ("" for none) in the Author and Comment cells."""
        self._search = search_pattern(search)
        self.cells_changed()

    def _place_not_saved(self) -> None:
        """Where the "more replies not saved" lines go among the rows (a few per thread)."""
        self._not_saved = self.thread.not_saved_rows()
        self._not_saved_after = [after for after, _, _ in self._not_saved]
        self._not_saved_lines = [after + 1 + index
                                 for index, after in enumerate(self._not_saved_after)]

    def line_of(self, row: int) -> int:
        """The screen line (below the header, from the top of the list) a row stands on."""
        return row + bisect_left(self._not_saved_after, row)

    def _at_line(self, line: int) -> tuple[int, int]:
        """(row, -1) for a comment's line, (-1, index) for a "not saved" line."""
        index = bisect_left(self._not_saved_lines, line)
        if index < len(self._not_saved_lines) and self._not_saved_lines[index] == line:
            return -1, index
        return line - index, -1

    @property
    def current_comment(self) -> Comment | None:
        if not self.thread.rows:
            return None
        return self.thread.comment_at(self.cursor_row)

    # -- cursor -----------------------------------------------------------------------------

    @property
    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def move_cursor(self, row: int, *, force: bool = False) -> None:
        count = len(self.thread.rows)
        row = min(max(row, 0), max(count - 1, 0))
        previous = self.cursor_row
        changed = row != previous
        self.cursor_row = row
        if self._scroll_cursor_into_view() or force:
            self.refresh()
        elif changed:  # only the two rows whose cursor style changed (line 0 is the header)
            self.refresh_line(self.line_of(previous) + 1)
            self.refresh_line(self.line_of(row) + 1)
        if changed or force:
            comment = self.current_comment
            self.post_message(CommentHighlighted(comment.id if comment else None))

    def _scroll_cursor_into_view(self) -> bool:
        """Scroll so the cursor row shows; True when it scrolled."""
        top = int(self.scroll_offset.y)
        page = self._page_rows
        line = self.line_of(self.cursor_row)
        if line < top:
            self.scroll_to(y=line, animate=False, immediate=True)
        elif line >= top + page:
            self.scroll_to(y=line - page + 1, animate=False, immediate=True)
        else:
            return False
        return True

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_top(self) -> None:
        self.move_cursor(0)

    def action_cursor_bottom(self) -> None:
        self.move_cursor(len(self.thread.rows) - 1)

    def action_half_page_down(self) -> None:
        self.move_cursor(self.cursor_row + max(1, self._page_rows // 2))

    def action_half_page_up(self) -> None:
        self.move_cursor(self.cursor_row - max(1, self._page_rows // 2))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row, _ = self._at_line(int(self.scroll_offset.y) + offset.y - 1)
        if row >= 0:
            self.move_cursor(row)

    # -- rendering --------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()
        self._styles.clear()

    def _style(self, style: str) -> RichStyle:
        """A facet's style string as a Rich style for a cell (see _STYLE_CLASSES)."""
        found = self._styles.get(style)
        if found is None:
            if not style:
                found = RichStyle.null()
            elif style in _STYLE_CLASSES:
                found = self.get_component_rich_style(_STYLE_CLASSES[style])
            else:
                found = VisualStyle.parse(style).rich_style
            self._styles[style] = found
        return found

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self.thread.rows) + len(self._not_saved) + 1)

    def _widths(self, total: int) -> list[int]:
        widths = [width for _, width, _ in self._columns]
        fixed = sum(widths) + len(widths) - 1
        if total - fixed < _MIN_TEXT_WIDTH:
            widths[0] = max(8, widths[0] - (_MIN_TEXT_WIDTH - (total - fixed)))
            fixed = sum(widths) + len(widths) - 1
        widths[-1] = max(1, total - fixed)
        return widths

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header(width)
        row, not_saved = self._at_line(int(self.scroll_offset.y) + y - 1)
        if not_saved >= 0:
            return self._not_saved_line(not_saved, width)
        if row >= len(self.thread.rows):
            return Strip.blank(width, self.rich_style)
        position = self.thread.rows[row]
        key = (position, row == self.cursor_row, width)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._row(row, position, row == self.cursor_row, width)
            self._lines[key] = strip
        return strip

    def _not_saved_line(self, index: int, width: int) -> Strip:
        """ "⋯ 4 more replies not saved" across the comment's own columns (the Comment column
        is often narrow), and the tree's mark in the Comment column where a reply would be."""
        _, depth, count = self._not_saved[index]
        widths = self._widths(width)
        lead = sum(widths[:-1]) + len(widths) - 1
        said, mark = not_saved_parts(depth, count)
        segments = [Segment(text, self._part_style(name))
                    for text, name in fit_parts([said], lead - 1)]
        segments.append(Segment(" ", self.rich_style))
        segments += [Segment(text, self._part_style(name))
                     for text, name in fit_parts(mark, widths[-1])]
        return Strip(segments).crop_extend(0, width, self.rich_style)

    def _header(self, width: int) -> Strip:
        style = self.rich_style + self.get_component_rich_style("comment-table--header")
        cells = [
            _fit(title, cell_width, right)
            for (title, _, right), cell_width in zip(self._columns, self._widths(width))
        ]
        return Strip([Segment(" ".join(cells), style)], width).crop_extend(0, width, style)

    def _part_style(self, name: str) -> RichStyle:
        """A tree part's style: its component class over the list's own."""
        return self.rich_style + self.get_component_rich_style(name) if name else self.rich_style

    def _row(self, row: int, position: int, is_cursor: bool, width: int) -> Strip:
        thread = self.thread
        comment = thread.comments[position]
        analysis = thread.analyses.get(comment.id)
        record = thread.records.get(comment.id)
        base = self.rich_style
        if record is not None and record.decision is not None and record.decision.value == "hide":
            base += self.get_component_rich_style("comment-table--hidden")
        cells = self._cells(comment, analysis, record)
        prefix = tree_prefix(thread, row, comment)
        searched = {0, len(cells) - 1} if self._search is not None else set()
        segments: list[Segment] = []
        last = len(cells) - 1
        for index, ((text, style_name), (_, _, right), cell_width) in enumerate(
            zip(cells, self._columns, self._widths(width))
        ):
            style = base + self._style(style_name) if style_name else base
            if index:
                segments.append(Segment(" ", base))
            if index == last and prefix:
                segments += self._comment_cell([*prefix, (text, "")], cell_width, base)
                continue
            cell = _fit(text, cell_width, right)
            if index in searched:
                segments += self._marked(cell, style)
            else:
                segments.append(Segment(cell, style))
        strip = Strip(segments).crop_extend(0, width, base)
        if is_cursor:
            strip = strip.apply_style(self.get_component_rich_style("comment-table--cursor"))
        return strip

    def _comment_cell(self, parts: list[CellPart], width: int, base: RichStyle
                      ) -> list[Segment]:
        """The Comment cell with the tree's marks before the text (search marks the text)."""
        segments: list[Segment] = []
        for part_text, name in fit_parts(parts, width):
            style = base + self.get_component_rich_style(name) if name else base
            if name or self._search is None:
                segments.append(Segment(part_text, style))
            else:
                segments += self._marked(part_text, style)
        return segments

    def _marked(self, cell: str, style: RichStyle) -> list[Segment]:
        """A cell's text with the search's matches drawn in the match style."""
        spans = match_spans(cell, self._search)
        if not spans:
            return [Segment(cell, style)]
        match_style = style + self.get_component_rich_style("comment-table--match")
        segments: list[Segment] = []
        done = 0
        for start, end in spans:
            segments += [Segment(cell[done:start], style), Segment(cell[start:end], match_style)]
            done = end
        segments.append(Segment(cell[done:], style))
        return [segment for segment in segments if segment.text]

    def _cells(
        self,
        comment: Comment,
        analysis: CommentAnalysis | None,
        record: TriageRecord | None,
    ) -> list[tuple[str, str]]:
        """Each cell's text and style string (a facet's, see `_style`), in column order."""
        analysed: list[tuple[str, str]] = []
        results = analysis.results if analysis is not None else {}
        for analyser in self.thread.analysers:
            present = analyser.name in results
            for column in analyser.facets.columns:
                if present:
                    text, style = column.cell(results[analyser.name])
                    analysed.append((one_line(text), style))
                else:
                    analysed.append((_PENDING, _MUTED))
        decision = record.decision.value if record and record.decision else ""
        note_mark = "✎" if record and record.note else ""
        return [
            (one_line(comment.author), ""),
            (when_posted(comment.age, comment.posted, short=True), _MUTED),
            (_likes(comment.likes), ""),
            *analysed,
            (decision or note_mark, _DECISION_STYLES.get(decision, _MUTED)),
            (one_line(comment.text[:400]), ""),
        ]


def _likes(likes: int) -> str:
    if likes >= 1_000_000:
        return f"{likes / 1_000_000:.1f}M"
    if likes >= 10_000:
        return f"{likes / 1000:.0f}K"
    return str(likes) if likes else ""
