"""Searching the comment list: the search typed last, the row of its next match, and where
the cursor stands among its matches ("3/17")."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from reader.model import Comment
from reader.tui.notices import Notice
from reader.view.thread_view import ThreadView

if TYPE_CHECKING:  # the dialog loads when a search is asked for, not with the app
    from reader.tui.screens.prompt import PromptScreen


def _matches(comment: Comment, needle: str) -> bool:
    """ThreadView.find's test: the author or the text holds the words, ignoring case."""
    return needle in f"{comment.author}\n{comment.text}".casefold()


class CommentSearch:
    """The search typed last (kept while the filter or the sort changes); n and N step
    through its matches from the cursor. Esc on the list, or an empty search, clears it."""

    def __init__(self) -> None:
        self.query = ""
        # The comments (by position) that match, for one search of one thread...
        self._matched: tuple[str, ThreadView, frozenset[int]] | None = None
        # ...and the rows they stand on, for one list of rows.
        self._rows: tuple[list[int], list[int]] | None = None

    def prompt(self) -> PromptScreen:
        """The prompt for a new search, holding the last one."""
        from reader.tui.screens.prompt import PromptScreen

        return PromptScreen("Search comment text and authors (empty: no search)", self.query,
                            "words…")

    def set(self, typed: str) -> bool:
        """Search for `typed` from now on; False when it is blank (no search)."""
        self.query = typed.strip()
        return bool(self.query)

    def match(self, thread: ThreadView, after_row: int, *, backwards: bool) -> int | Notice:
        """The row of the next (or previous) match after `after_row`, or why there is none."""
        if not self.query:
            return Notice("No search yet: press / to search.")
        row = thread.find(self.query, after_row, backwards=backwards)
        if row is None:
            return Notice(f"No comment matches {self.query!r}.", "warning")
        return row

    def matching_rows(self, thread: ThreadView) -> list[int]:
        """The rows shown now whose comment matches, in order (worked out once per search,
        and the rows once per filter or sort)."""
        needle = self.query.casefold()
        matched_before = self._matched
        if (matched_before is None or matched_before[0] != needle
                or matched_before[1] is not thread):
            matched = frozenset(
                position for position, comment in enumerate(thread.comments)
                if _matches(comment, needle)
            )
            self._matched = (needle, thread, matched)
            self._rows = None
        assert self._matched is not None
        if self._rows is None or self._rows[0] is not thread.rows:
            matched = self._matched[2]
            self._rows = (thread.rows,
                          [row for row, position in enumerate(thread.rows) if position in matched])
        return self._rows[1]

    def position(self, thread: ThreadView, cursor_row: int) -> str:
        """Where the cursor stands among the matches shown: "3/17" on the third of 17, "17
        matches" between them, "no match"; "" with no search."""
        if not self.query:
            return ""
        rows = self.matching_rows(thread)
        index = bisect_left(rows, cursor_row)
        if index < len(rows) and rows[index] == cursor_row:
            return f"{index + 1}/{len(rows)}"
        if not rows:
            return "no match"
        return f"{len(rows)} match" + ("" if len(rows) == 1 else "es")
