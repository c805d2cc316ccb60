"""Marking the search's matches in a comment's author and text (the table and the detail)."""

from __future__ import annotations

import re

from textual.content import Content

# A match in Content (the detail pane); the comment table's `comment-table--match` class in
# app.tcss draws the same.
MATCH_STYLE = "bold reverse $accent"


def search_pattern(query: str) -> re.Pattern[str] | None:
    """The search as a case-blind pattern over the words as typed (None: no search)."""
    query = query.strip()
    return re.compile(re.escape(query), re.IGNORECASE) if query else None


def match_spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """Where the search matches in `text` (start, end)."""
    if pattern is None:
        return []
    return [match.span() for match in pattern.finditer(text) if match.end() > match.start()]


def mark_matches(text: str, pattern: re.Pattern[str] | None) -> Content:
    """The text as Content (never markup), each match of the search styled."""
    content = Content(text)
    for start, end in match_spans(text, pattern):
        content = content.stylize(MATCH_STYLE, start, end)
    return content
