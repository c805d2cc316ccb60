"""A triage session: the decisions and notes on one article's comments, with undo.

Kept apart from the app so the rules are tested without a terminal: write to the store first,
then remember; each change sets one field (decision or note) and leaves the other as stored,
so two windows on one database never undo each other's work; undo restores only the field the
change set, to what the store held just before it. The store does the durability.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from reader.model import Decision, TriageRecord

# Notes are one short line typed by the person triaging.
MAX_NOTE_LENGTH = 500

Field = Literal["decision", "note"]


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


@dataclass(frozen=True)
class TriageChange:
    """One change as made, so it can be undone: the record before and after, and which field
    of it the change set."""

    comment_id: str
    before: TriageRecord
    after: TriageRecord
    field: Field


def normalise_note(note: str | None) -> str | None:
    """One line, trimmed, bounded; an empty note is no note."""
    if note is None:
        return None
    line = " ".join(note.split())[:MAX_NOTE_LENGTH]
    return line or None


class TriageSession:
    """Decisions on one article's comments. Every change is written before it is remembered."""

    def __init__(
        self,
        article_hash: str,
        writer: DecisionWriter | None,
        records: Mapping[str, TriageRecord] | None = None,
    ) -> None:
        self.article_hash = article_hash
        self._writer = writer
        self.records: dict[str, TriageRecord] = dict(records or {})
        self._undo: list[TriageChange] = []

    def record(self, comment_id: str) -> TriageRecord:
        """The comment's current record (no decision, no note when never triaged)."""
        return self.records.get(comment_id) or TriageRecord(comment_id, None, None)

    def refresh(self, comment_id: str) -> TriageRecord:
        """Re-read one comment's record from the store (another window may have changed it)."""
        if self._writer is None:
            return self.record(comment_id)
        return self._remember(self._writer.record(self.article_hash, comment_id))

    def decide(self, comment_id: str, decision: Decision | None) -> TriageChange:
        """Set (or with None, clear) the decision, keeping the note as stored."""
        change = self._set_decision(comment_id, decision)
        self._undo.append(change)
        return change

    def annotate(self, comment_id: str, note: str | None) -> TriageChange:
        """Set (or with None or blank, remove) the note, keeping the decision as stored."""
        change = self._set_note(comment_id, normalise_note(note))
        self._undo.append(change)
        return change

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> TriageChange | None:
        """Put back the field the last change set, as it was just before (written first)."""
        if not self._undo:
            return None
        last = self._undo[-1]
        if last.field == "decision":
            change = self._set_decision(last.comment_id, last.before.decision)
        else:
            change = self._set_note(last.comment_id, last.before.note)
        self._undo.pop()
        return change

    def _set_decision(self, comment_id: str, decision: Decision | None) -> TriageChange:
        if self._writer is None:
            before = self.record(comment_id)
            after = replace(before, decision=decision)
        else:
            before, after = self._writer.change_decision(self.article_hash, comment_id, decision)
        self._remember(after)
        return TriageChange(comment_id, before, after, "decision")

    def _set_note(self, comment_id: str, note: str | None) -> TriageChange:
        if self._writer is None:
            before = self.record(comment_id)
            after = replace(before, note=note)
        else:
            before, after = self._writer.change_note(self.article_hash, comment_id, note)
        self._remember(after)
        return TriageChange(comment_id, before, after, "note")

    def _remember(self, record: TriageRecord) -> TriageRecord:
        if record.decision is None and record.note is None:
            self.records.pop(record.comment_id, None)
        else:
            self.records[record.comment_id] = record
        return record
