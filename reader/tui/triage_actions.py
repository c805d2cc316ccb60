"""What the triage keys do to the session, a refused write told rather than raised.

The session writes each change before it remembers it (reader.view.triage); a write the store
refuses (locked, read-only, a newer version) is a ReaderError, returned here as a Notice so
the screen shows it and carries on. A change made is returned for the screen to show.

A bulk decision and an undo are planned here (`plan_many`, `plan_undo`) and written by the
screen: at once when small, in a thread worker when big (`PendingWrite`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from msgspec import Struct, field
from textual.content import Content

from reader.errors import ReaderError
from reader.model import Comment, Decision
from reader.tui.notices import Notice
from reader.view.triage import (
    MAX_NOTE_LENGTH,
    PlannedAction,
    TriageAction,
    TriageChange,
    TriageSession,
)

if TYPE_CHECKING:  # the dialog loads when a note is asked for, not with the app
    from reader.tui.screens.prompt import PromptScreen

# What a triage key did: a change to show, a notice to show instead, or nothing to show.
Outcome = TriageChange | TriageAction | Notice | None
# Which comments a bulk decision is on: those shown (filter and search), or one author's.
BulkScope = Literal["shown", "author"]
_VERBS = {Decision.KEEP: "Keep", Decision.FLAG: "Flag", Decision.HIDE: "Hide",
          None: "Clear the decision on"}
BULK_DECISIONS: tuple[Decision | None, ...] = (Decision.KEEP, Decision.FLAG, Decision.HIDE, None)


def attempt(change: Callable[[], TriageChange | TriageAction | None]) -> Outcome:
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


def plan_undo(session: TriageSession) -> PlannedAction | Notice:
    """The undo of the last action, to write (`undo` in two steps, for a big one)."""
    if not session.can_undo:
        return Notice("Nothing to undo.")
    try:
        planned = session.plan_undo()  # an action from before this window: read from the store
    except ReaderError as error:
        return Notice(str(error), "error", title="Not saved")
    return planned or Notice("Nothing to undo.")


def describe_action(action: TriageAction, author_of: Callable[[str], str | None]) -> str:
    """What an action did, for a notice: "flag on 37 comments", "the note on the comment by
    Alice". Plain text (notices are never markup)."""
    if action.field == "note":
        what = "the note"
    else:
        decision = action.changes[0].after.decision if action.changes else None
        what = decision.value if decision is not None else "clear"
    ids = action.comment_ids
    if len(ids) != 1:
        return f"{what} on {len(ids):,} comments"
    author = author_of(ids[0])
    return f"{what} on the comment by {author}" if author else f"{what} on a comment"


def undo_notice(undone: TriageAction, author_of: Callable[[str], str | None]
                ) -> Notice | None:
    """Say what an undo undid when the list alone would not: an action made before this
    window opened, one over many comments, or one another window had undone already. (Undoing
    this window's own last decision shows on its comment, where the cursor goes.)"""
    original = undone.undoes
    what = describe_action(original, author_of) if original is not None else "the last change"
    if undone.already_undone:
        return Notice(f"Already undone in another window: {what}", "warning")
    if undone.earlier:
        return Notice(f"Undid {what} (made before this window opened)")
    if len(undone.comment_ids) > 1:
        return Notice(f"Undid {what}")
    return None


class BulkTargets(Struct, frozen=True):
    """The comments a bulk decision would be on, and how to name them ("shown by the
    filter", "by Alice": Content, as an author is a stranger's text)."""

    scope: BulkScope
    comment_ids: tuple[str, ...]
    named: Content

    def question(self, decision: Decision | None) -> Content:
        """The one confirmation: "Flag 37 comments shown by the filter?"."""
        count = len(self.comment_ids)
        noun = "comment" if count == 1 else "comments"
        return Content.assemble(f"{_VERBS[decision]} {count:,} {noun} ", self.named, "?")

    def choice(self, decision: Decision | None) -> Content:
        """The bulk menu's line for this decision."""
        count = len(self.comment_ids)
        which = "the comment " if count == 1 else f"the {count:,} comments "
        return Content.assemble(f"{_VERBS[decision]} {which}", self.named)


def shown_targets(comment_ids: Sequence[str], *, filtered: bool, searched: bool
                  ) -> BulkTargets:
    """The comments shown by the filter and the search."""
    named = ("shown by the filter and the search" if filtered and searched
             else "shown by the search" if searched
             else "shown by the filter" if filtered
             else "in the thread")
    return BulkTargets("shown", tuple(comment_ids), Content(named))


def author_targets(author: str, comment_ids: Sequence[str]) -> BulkTargets:
    """Every comment by one author."""
    return BulkTargets("author", tuple(comment_ids), Content.assemble("by ", Content(author)))


def plan_many(session: TriageSession, targets: BulkTargets, decision: Decision | None
              ) -> PlannedAction | Notice:
    """`decide_many` in two steps: the action to write (nothing is written yet)."""
    if not targets.comment_ids:
        return Notice("No comment to decide on.", "warning")
    return session.plan_many(targets.comment_ids, decision)


class PendingWrite(Struct, frozen=True):
    """A big action being written in a thread worker: what the screen says meanwhile
    ("Deciding on 100,000 comments…"), what it does once the action is applied, and an event
    set when the worker has finished (committed or failed)."""

    planned: PlannedAction
    doing: str
    then: Callable[[TriageAction], None]
    done: threading.Event = field(default_factory=threading.Event)

    @property
    def refusal(self) -> Notice:
        """Said to a triage key pressed meanwhile (refused, not queued)."""
        return Notice(f"{self.doing} Wait until it is saved, then try again.", "warning",
                      title="Busy saving")


def note_prompt(session: TriageSession, comment: Comment) -> PromptScreen:
    """The prompt for the comment's note, holding the note it has now."""
    from reader.tui.screens.prompt import PromptScreen

    # The limit on a line of its own, so a long name cannot push it off a narrow screen.
    title = Content.assemble("Note on the comment by ", Content(" ".join(comment.author.split())),
                             f"\nUp to {MAX_NOTE_LENGTH:,} characters; empty removes it.")
    return PromptScreen(title.plain, session.record(comment.id).note or "", "a short note",
                        max_length=MAX_NOTE_LENGTH)


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
