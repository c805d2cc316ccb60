"""A triage session: the decisions and notes on one article's comments, with undo.

Kept apart from the app so the rules (write to the store first, then remember; undo writes
the previous state back) are tested without a terminal. The store does the durability.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from reader.model import Decision, TriageRecord

# Notes are one short line typed by the person triaging.
MAX_NOTE_LENGTH = 500


class DecisionWriter(Protocol):
    """What the session needs from the store (reader.storage.store.TriageStore has it)."""

    def set_decision(
        self, article_hash: str, comment_id: str, decision: Decision | None, note: str | None
    ) -> TriageRecord: ...


@dataclass(frozen=True)
class TriageChange:
    """One change as made, so it can be undone: the record before and after."""

    comment_id: str
    before: TriageRecord
    after: TriageRecord


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

    def decide(self, comment_id: str, decision: Decision | None) -> TriageChange:
        """Set (or with None, clear) the decision, keeping the note."""
        before = self.record(comment_id)
        return self._apply(before, decision, before.note)

    def annotate(self, comment_id: str, note: str | None) -> TriageChange:
        """Set (or with None or blank, remove) the note, keeping the decision."""
        before = self.record(comment_id)
        return self._apply(before, before.decision, normalise_note(note))

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> TriageChange | None:
        """Restore the state before the last change (written to the store too)."""
        if not self._undo:
            return None
        last = self._undo[-1]
        restored = self._write(last.comment_id, last.before.decision, last.before.note)
        self._undo.pop()
        return TriageChange(last.comment_id, last.after, restored)

    def _apply(
        self, before: TriageRecord, decision: Decision | None, note: str | None
    ) -> TriageChange:
        after = self._write(before.comment_id, decision, note)
        change = TriageChange(before.comment_id, before, after)
        self._undo.append(change)
        return change

    def _write(self, comment_id: str, decision: Decision | None, note: str | None) -> TriageRecord:
        if self._writer is not None:
            record = self._writer.set_decision(self.article_hash, comment_id, decision, note)
        else:
            record = TriageRecord(comment_id, decision, note)
        if record.decision is None and record.note is None:
            self.records.pop(comment_id, None)
        else:
            self.records[comment_id] = record
        return record
