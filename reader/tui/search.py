"""Searching the comment list: the search typed last, and the row of its next match."""

from __future__ import annotations

from reader.tui.notices import Notice
from reader.tui.screens.prompt import PromptScreen
from reader.view.thread_view import ThreadView


class CommentSearch:
    """The search typed last (kept while the filter or the sort changes); n and N step
    through its matches from the cursor."""

    def __init__(self) -> None:
        self.query = ""

    def prompt(self) -> PromptScreen:
        """The prompt for a new search, holding the last one."""
        return PromptScreen("Search comment text and authors", self.query, "words…")

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
