"""The history of decisions on this article: newest first, Enter jumps to the comment.

Each row is time, the comment's author and the start of its text, and what changed (decision
from -> to, note set or removed; an undo and an undone change say so). Authors, texts and
notes are strangers' or typed text: cleaned and shown as Content, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content

from reader.model import Comment
from reader.storage.decisions import HistoryEntry
from reader.text.clean import clean_text
from reader.tui.screens.choose import ChoiceScreen

# The newest this many changes are listed (an article's history can hold 100,000 rows).
HISTORY_ROWS = 1000
_TEXT_CHARACTERS = 40
_NOTE_CHARACTERS = 30


def _short(text: str, limit: int) -> str:
    line = " ".join(clean_text(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _what_changed(entry: HistoryEntry) -> list[Content | tuple[str, str] | str]:
    parts: list[Content | tuple[str, str] | str] = []
    if entry.old_decision != entry.new_decision:
        old = entry.old_decision.value if entry.old_decision else "none"
        new = entry.new_decision.value if entry.new_decision else "none"
        parts += [f"{old} → ", (new, "bold")]
    if entry.old_note != entry.new_note:
        if parts:
            parts.append("; ")
        if entry.new_note is None:
            parts.append("note removed")
        else:
            verb = "note set: " if entry.old_note is None else "note changed: "
            parts += [verb, Content(f"“{_short(entry.new_note, _NOTE_CHARACTERS)}”")]
    if entry.undoes is not None:
        parts.append((" (undo)", "$text-muted"))
    elif entry.undone_by is not None:
        parts.append((" (undone)", "$text-muted"))
    return parts


def history_row(entry: HistoryEntry, comment: Comment | None) -> Content:
    """One line: when, whose comment, what changed."""
    when = entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    if comment is None:
        about: list[Content | tuple[str, str] | str] = [("(comment not on this page)", "italic")]
    else:
        about = [Content(_short(comment.author, 20)).stylize("bold"), ": ",
                 Content(_short(comment.text, _TEXT_CHARACTERS))]
    return Content.assemble((when, "$text-muted"), "  ", *about, "  ", *_what_changed(entry))


class HistoryScreen(ChoiceScreen[str]):
    """The article's changes, newest first; Enter returns the comment's id."""

    def __init__(self, entries: Sequence[HistoryEntry], comments: Mapping[str, Comment]
                 ) -> None:
        shown = len(entries)
        title = f"History of decisions on this article ({shown:,} newest first)"
        if shown >= HISTORY_ROWS:
            title = f"History of decisions on this article (the newest {shown:,})"
        super().__init__(
            Content(title),
            [(history_row(entry, comments.get(entry.comment_id)), entry.comment_id)
             for entry in entries],
            hint="Enter jumps to the comment, Esc closes",
            empty="No decision or note on this article yet.",
        )
        self.add_class("history")
