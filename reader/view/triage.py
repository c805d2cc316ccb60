"""A triage session: the decisions and notes on one article's comments, with undo.

Kept apart from the app so the rules are tested without a terminal: write to the store first,
then remember; each change sets one field (decision or note) and leaves the other as stored,
so two windows on one database never undo each other's work; undo restores only the field the
change set, to what the store held just before it. The store does the durability.

A store that logs actions (`ActionLog`: the real one) also writes a bulk decision in one
transaction, marks what an undo undid, and lets a window reopened later undo what was done
before it opened: the undo stack outlives the process.

An action goes in three steps (`plan_many`/`plan_undo`, `write`, `apply`) so a big one can be
written in another thread: `write` touches only the store, and the session's memory (records,
counts, undo stack) changes only in `apply`, after the write has committed; a write that
fails leaves it as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import Protocol, runtime_checkable

from msgspec import Struct
from msgspec.structs import replace

from reader.model import Decision, TriageRecord
from reader.model.triage import Field, FieldChange

# Notes are one short line typed by the person triaging.
MAX_NOTE_LENGTH = 500

__all__ = [
    "MAX_NOTE_LENGTH", "ActionLog", "DecisionWriter", "Field", "PlannedAction", "TriageAction",
    "TriageChange", "TriageSession", "WrittenAction", "normalise_note",
]


class DecisionWriter(Protocol):
    """What the session needs from the store (reader.storage.decisions.DecisionStore has it).

    The change methods read and write in one transaction and return the record just before
    and just after the change.
    """

    def change_decision(
        self, article_hash: str, comment_id: str, decision: Decision | None
    ) -> tuple[TriageRecord, TriageRecord]: ...

    def change_note(
        self, article_hash: str, comment_id: str, note: str | None
    ) -> tuple[TriageRecord, TriageRecord]: ...

    def record(self, article_hash: str, comment_id: str) -> TriageRecord: ...


@runtime_checkable
class ActionLog(DecisionWriter, Protocol):
    """A store that logs each action of a person (reader.storage.decisions.DecisionStore):
    many comments in one transaction, undo marked, and undo after a restart."""

    def write_action(
        self, article_hash: str, action: str, changes: Sequence[FieldChange], *,
        undoes: str | None = None,
    ) -> Sequence[tuple[TriageRecord, TriageRecord]] | None: ...

    def history_mark(self) -> int: ...

    def last_action(
        self, article_hash: str, up_to: int
    ) -> tuple[str, Sequence[tuple[TriageRecord, TriageRecord]]] | None: ...


class TriageChange(Struct, frozen=True):
    """One change as made, so it can be undone: the record before and after, and which field
    of it the change set."""

    comment_id: str
    before: TriageRecord
    after: TriageRecord
    field: Field


class TriageAction(Struct, frozen=True):
    """One thing a person did, undone as a whole: a decision or note on one comment, or a
    bulk decision over many. On an undo, `undoes` is the action it undid."""

    id: str
    field: Field
    changes: tuple[TriageChange, ...]
    undoes: TriageAction | None = None
    # The undone action was made before this window opened (in an earlier run).
    earlier: bool = False
    # Another window had already undone it: nothing was written.
    already_undone: bool = False

    @property
    def comment_ids(self) -> tuple[str, ...]:
        """Each comment the action touched, once, in order."""
        return tuple(dict.fromkeys(change.comment_id for change in self.changes))

    @property
    def comment_id(self) -> str | None:
        """The first comment the action touched (where the cursor goes after an undo)."""
        return self.comment_ids[0] if self.comment_ids else None


class PlannedAction(Struct, frozen=True):
    """An action decided on but not yet written: its id, the changes it makes (for an undo,
    the action it undoes; its changes are worked out when written)."""

    id: str
    field: Field
    changes: tuple[FieldChange, ...]
    undoes: TriageAction | None = None
    # The undone action was made before this window opened (in an earlier run).
    earlier: bool = False

    @property
    def size(self) -> int:
        """How many changes the write makes (how long it takes)."""
        return len(self.undoes.changes if self.undoes is not None else self.changes)


class WrittenAction(Struct, frozen=True):
    """A planned action as the store committed it: each change's record before and after
    (`already_undone`: another window had undone it, so nothing was written)."""

    planned: PlannedAction
    changes: tuple[TriageChange, ...]
    already_undone: bool = False


def _restores(action: TriageAction) -> list[FieldChange]:
    """What puts back the fields an action set, as they were just before it (last first)."""
    restores: list[FieldChange] = []
    for change in reversed(action.changes):
        before, after = change.before, change.after
        if change.field == "decision" or before.decision != after.decision:
            restores.append(FieldChange(change.comment_id, "decision", before.decision))
        if change.field == "note" or before.note != after.note:
            restores.append(FieldChange(change.comment_id, "note", before.note))
    return restores


def normalise_note(note: str | None) -> str | None:
    """One line, trimmed, bounded; an empty note is no note."""
    if note is None:
        return None
    line = " ".join(note.split())[:MAX_NOTE_LENGTH]
    return line or None


class TriageSession:
    """Decisions on one article's comments. Every change is written before it is remembered.

    The store keeps decisions on comments a page saved later no longer has: they stay in
    `records` (the history lists them), but once `set_page` says which comments the page
    holds, only those are counted. Until then every record counts.
    """

    def __init__(
        self,
        article_hash: str,
        writer: DecisionWriter | None,
        records: Mapping[str, TriageRecord] | None = None,
    ) -> None:
        self.article_hash = article_hash
        self._writer = writer
        self.records: dict[str, TriageRecord] = {}
        self._on_page: Container[str] | None = None
        # Comments on the page per decision among `records`, kept as they change (the status
        # line's counts at 100,000 comments, without a pass over them per key).
        self.decision_counts: dict[Decision, int] = dict.fromkeys(Decision, 0)
        for record in (records or {}).values():
            self._remember(record)
        self._undo: list[TriageAction] = []
        self._log = writer if isinstance(writer, ActionLog) else None
        # What this window may undo from before it opened (an earlier run, another window).
        self._earlier_up_to = self._log.history_mark() if self._log is not None else 0
        self._earlier_left = self._earlier_up_to > 0

    def record(self, comment_id: str) -> TriageRecord:
        """The comment's current record (no decision, no note when never triaged)."""
        return self.records.get(comment_id) or TriageRecord(comment_id, None, None)

    def refresh(self, comment_id: str) -> TriageRecord:
        """Re-read one comment's record from the store (another window may have changed it)."""
        if self._writer is None:
            return self.record(comment_id)
        return self._remember(self._writer.record(self.article_hash, comment_id))

    @property
    def triaged(self) -> int:
        """How many comments on the page have a decision."""
        return sum(self.decision_counts.values())

    def set_page(self, on_page: Container[str] | None) -> None:
        """The ids of the comments the page holds (a set or a dict: only asked `in`; None:
        count every record), given again when the whole of a long page is read after its
        start: the counts are made again, once, over the records."""
        self._on_page = on_page
        counts = dict.fromkeys(Decision, 0)
        for comment_id, record in self.records.items():
            if record.decision is not None and self._counts(comment_id):
                counts[record.decision] += 1
        self.decision_counts.update(counts)

    def decide(self, comment_id: str, decision: Decision | None) -> TriageChange:
        """Set (or with None, clear) the decision, keeping the note as stored."""
        return self._act(PlannedAction(
            _new_id(), "decision", (FieldChange(comment_id, "decision", decision),)
        )).changes[0]

    def annotate(self, comment_id: str, note: str | None) -> TriageChange:
        """Set (or with None or blank, remove) the note, keeping the decision as stored."""
        return self._act(PlannedAction(
            _new_id(), "note", (FieldChange(comment_id, "note", normalise_note(note)),)
        )).changes[0]

    def decide_many(self, comment_ids: Iterable[str], decision: Decision | None
                    ) -> TriageAction:
        """One decision on many comments: one transaction, one undo."""
        return self._act(self.plan_many(comment_ids, decision))

    @property
    def can_undo(self) -> bool:
        """Whether `undo` may find something (after a restart: until the history is used up)."""
        return bool(self._undo) or self._earlier_left

    def undo(self) -> TriageAction | None:
        """Put back the fields the last action set, as they were just before it (written
        first): this window's last action, or, when it has none left, the last one made on
        the article before it opened. None when there is nothing to undo."""
        planned = self.plan_undo()
        return None if planned is None else self.apply(self.write(planned))

    # -- an action in three steps, so a big one is written off the UI thread ----------------
    # plan (here: reads memory, and for an earlier action the store), write (anywhere: the
    # store only, memory untouched), apply (here: memory, once the write has committed).

    def plan_many(self, comment_ids: Iterable[str], decision: Decision | None
                  ) -> PlannedAction:
        """A decision on many comments, to write (nothing changes until it is applied)."""
        changes = tuple(FieldChange(cid, "decision", decision)
                        for cid in dict.fromkeys(comment_ids))
        return PlannedAction(_new_id(), "decision", changes)

    def plan_undo(self) -> PlannedAction | None:
        """The undo of the last action (see `undo`), to write; None: nothing to undo."""
        earlier = not self._undo
        last = self._undo[-1] if self._undo else self._earlier_action()
        if last is None:
            return None
        return PlannedAction(_new_id(), last.field, (), undoes=last, earlier=earlier)

    @property
    def logs_actions(self) -> bool:
        """Whether the store writes an action in one transaction (so `write` may run in
        another thread: it touches only the store)."""
        return self._log is not None

    def write(self, planned: PlannedAction) -> WrittenAction:
        """Write a planned action to the store; the session's memory is not touched (with a
        store that logs actions, safe in another thread while this one waits). Raises the
        store's error, and then nothing was written."""
        changes = planned.changes if planned.undoes is None else tuple(_restores(planned.undoes))
        if self._log is None:
            return WrittenAction(planned, self._write_each(changes))
        undoes = planned.undoes.id if planned.undoes is not None else None
        written = self._log.write_action(self.article_hash, planned.id, changes, undoes=undoes)
        if written is None:
            return WrittenAction(planned, (), already_undone=True)
        return WrittenAction(planned, tuple(
            TriageChange(change.comment_id, before, after, change.field)
            for change, (before, after) in zip(changes, written)
        ))

    def apply(self, written: WrittenAction) -> TriageAction:
        """Remember a written action (and push it for undo, or pop what it undid)."""
        planned = written.planned
        undone = planned.undoes
        if undone is not None and not planned.earlier:
            if not self._undo or self._undo[-1] is not undone:
                raise RuntimeError("the undo stack changed while its undo was written")
            self._undo.pop()
        for change in written.changes:
            self._remember(change.after)
        if undone is not None:
            return TriageAction(planned.id, undone.field, written.changes, undone,
                                planned.earlier, already_undone=written.already_undone)
        action = TriageAction(planned.id, planned.field, written.changes)
        self._undo.append(action)
        return action

    def _earlier_action(self) -> TriageAction | None:
        """The newest action made before this window opened that is still in effect."""
        if self._log is None or not self._earlier_left:
            return None
        found = self._log.last_action(self.article_hash, self._earlier_up_to)
        if found is None:
            self._earlier_left = False
            return None
        action_id, edits = found
        changes = tuple(
            TriageChange(before.comment_id, before, after,
                         "decision" if before.decision != after.decision else "note")
            for before, after in edits
        )
        return TriageAction(action_id, changes[0].field if changes else "decision", changes)

    def _act(self, planned: PlannedAction) -> TriageAction:
        """Write the changes as one action (one transaction when the store logs actions),
        then remember them and push the action for undo."""
        return self.apply(self.write(planned))

    def _write_each(self, changes: Sequence[FieldChange]) -> tuple[TriageChange, ...]:
        """Without an action log: each change written on its own (or, with no store, only
        computed), each seeing the ones before it."""
        current: dict[str, TriageRecord] = {}
        made = []
        for change in changes:
            cid = change.comment_id
            if self._writer is None:
                before = current.get(cid) or self.record(cid)
                after = (replace(before, decision=_decision(change.value))
                         if change.field == "decision"
                         else replace(before, note=None if change.value is None
                                      else str(change.value)))
            elif change.field == "decision":
                before, after = self._writer.change_decision(
                    self.article_hash, cid, _decision(change.value))
            else:
                note = change.value
                before, after = self._writer.change_note(
                    self.article_hash, cid, None if note is None else str(note))
            current[cid] = after
            made.append(TriageChange(cid, before, after, change.field))
        return tuple(made)

    def _counts(self, comment_id: str) -> bool:
        """Whether the comment's decision is counted: it is on the page."""
        return self._on_page is None or comment_id in self._on_page

    def _remember(self, record: TriageRecord) -> TriageRecord:
        old = self.records.get(record.comment_id)
        if self._counts(record.comment_id):
            if old is not None and old.decision is not None:
                self.decision_counts[old.decision] -= 1
            if record.decision is not None:
                self.decision_counts[record.decision] += 1
        if record.decision is None and record.note is None:
            self.records.pop(record.comment_id, None)
        else:
            self.records[record.comment_id] = record
        return record


def _decision(value: Decision | str | None) -> Decision | None:
    return None if value is None else Decision(value)


def _new_id() -> str:
    """A fresh action id (unique across windows and runs)."""
    return uuid.uuid4().hex
