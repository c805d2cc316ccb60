"""What the triage keys do to the session, a refused write told rather than raised.

The session writes each change before it remembers it (reader.view.triage); a write the store
refuses (locked, read-only, a newer version) is a ReaderError, returned here as a Notice so
the screen shows it and carries on. A change made is returned for the screen to show.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content

from reader.errors import ReaderError
from reader.model import Comment, Decision
from reader.tui.notices import Notice
from reader.tui.screens.prompt import PromptScreen
from reader.view.triage import TriageChange, TriageSession

# What a triage key did: a change to show, a notice to show instead, or nothing to show.
Outcome = TriageChange | Notice | None


def attempt(change: Callable[[], TriageChange | None]) -> Outcome:
    """Make a change through the session (which writes it first); a refusal is a Notice."""
    try:
        return change()
    except ReaderError as error:
        return Notice(str(error), "error", title="Not saved")


def decide(session: TriageSession, comment: Comment | None, decision: Decision | None
           ) -> Outcome:
    """Set (None: clear) the decision on the comment under the cursor."""
    if comment is None:
        return Notice("No comment selected.", "warning")
    return attempt(lambda: session.decide(comment.id, decision))


def undo(session: TriageSession) -> Outcome:
    """Put back the field the last change set."""
    if not session.can_undo:
        return Notice("Nothing to undo.")
    return attempt(session.undo)


def note_prompt(session: TriageSession, comment: Comment) -> PromptScreen:
    """The prompt for the comment's note, holding the note it has now."""
    title = Content.assemble("Note on the comment by ", Content(comment.author),
                             " (empty removes it)")
    return PromptScreen(title.plain, session.record(comment.id).note or "", "a short note")


def annotate(session: TriageSession, comment_id: str, note: str) -> Outcome:
    """Set the note (empty removes it)."""
    return attempt(lambda: session.annotate(comment_id, note))


def refresh(session: TriageSession, comment_id: str) -> bool | Notice:
    """Re-read the comment's record (another window on the database may have changed it):
    True when it changed, a Notice when the store could not be read."""
    before = session.record(comment_id)
    try:
        return session.refresh(comment_id) != before
    except ReaderError as error:
        return Notice(str(error), "error", title="Cannot re-read the decision")
