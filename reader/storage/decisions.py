"""The decision database: each comment's decision and note, and the history of every change.

What a person decided must survive crashes, two windows on the same file and upgrades (SPEC
section 4), so this file is only ever written by a person's keypress:

- `synchronous=FULL` and one `BEGIN IMMEDIATE` transaction per change, so a decision is on
  disk when the call returns and a second process waits instead of failing (see `db`).
- Each change touches only the field it changes, read and written inside that transaction:
  a second window that decides keeps the note the first one wrote, and the reverse.
- Every change is also appended to a history table (before and after), so even an undo or a
  clear loses nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Final, Literal, NamedTuple

from reader.errors import StoreError
from reader.model import Decision, TriageRecord
from reader.storage.db import Database, Schema

if TYPE_CHECKING:
    import sqlite3

    from typing_extensions import Self

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # v1: triage decisions and the append-only history of every change.
    (
        """CREATE TABLE decisions (
            article TEXT NOT NULL,
            comment TEXT NOT NULL,
            decision TEXT CHECK (decision IN ('keep', 'flag', 'hide')),
            note TEXT,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article, comment)
        ) WITHOUT ROWID""",
        """CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article TEXT NOT NULL,
            comment TEXT NOT NULL,
            old_decision TEXT,
            old_note TEXT,
            new_decision TEXT,
            new_note TEXT,
            at TEXT NOT NULL,
            session TEXT NOT NULL
        )""",
        "CREATE INDEX history_by_comment ON history (article, comment, id)",
    ),
    # v2: the analysis cache (key = hash of comment text + analyser version, value = JSON).
    (
        """CREATE TABLE analysis_cache (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID""",
    ),
    # v3: whole-thread analysis records (key = hash of every text in order, value = zlib'd
    # JSON), so reopening a long thread is one lookup; only the latest few are kept.
    (
        """CREATE TABLE thread_cache (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL,
            stored_at REAL NOT NULL
        )""",
    ),
    # v4: the cache moved to its own file (`analysis_cache`), so a cache flush never holds
    # the write lock a person's decision needs; its tables leave this one.
    (
        "DROP TABLE IF EXISTS analysis_cache",
        "DROP TABLE IF EXISTS thread_cache",
    ),
)
SCHEMA = Schema(
    migrations=MIGRATIONS,
    core_tables=frozenset({"decisions", "history"}),
    synchronous="FULL",
    backup_before_migrating=True,
    other_file_advice="use --db with another file",
    wrong_file_hint="is --db the right file?",
)
DATABASE_VERSION = SCHEMA.version


class _Unchanged(Enum):
    UNCHANGED = "unchanged"


# "Leave this field as stored": a change names only the field it changes.
UNCHANGED: Final = _Unchanged.UNCHANGED


class Edit(NamedTuple):
    """A comment's record just before and just after one change, both read in its transaction."""

    before: TriageRecord
    after: TriageRecord


@dataclass(frozen=True)
class HistoryEntry:
    """One change to a comment's decision or note, as kept in the history table."""

    article_hash: str
    comment_id: str
    old_decision: Decision | None
    old_note: str | None
    new_decision: Decision | None
    new_note: str | None
    at: datetime  # UTC
    session: str  # which store instance made the change


class DecisionStore:
    """Decisions, notes and their history in one SQLite file (the `--db` file).

    Safe to share between threads; it has its own connection and lock, so nothing else (the
    analysis cache in particular) ever waits in front of a decision.
    """

    def __init__(self, path: Path) -> None:
        self.session = uuid.uuid4().hex
        # Read at opening, not at import, so a test can give the module another schema.
        self._db = Database(Path(path), SCHEMA)
        self.path = self._db.path

    # -- reading ---------------------------------------------------------------------------

    def load(self, article_hash: str) -> dict[str, TriageRecord]:
        """Every comment of the article with a decision or a note, read fresh from the file."""
        with self._db.connection() as conn:
            rows = conn.execute(
                "SELECT comment, decision, note FROM decisions WHERE article = ?",
                (article_hash,),
            ).fetchall()
        return {
            str(comment): TriageRecord(str(comment), self._decision(decision), _text(note))
            for comment, decision, note in rows
        }

    def record(self, article_hash: str, comment_id: str) -> TriageRecord:
        """One comment's record as stored now (no decision, no note when never triaged)."""
        with self._db.connection() as conn:
            return self._read(conn, article_hash, comment_id)

    def history(self, article_hash: str, comment_id: str | None = None) -> list[HistoryEntry]:
        """Every change made to the article's comments (or to one comment), newest last."""
        query = (
            "SELECT article, comment, old_decision, old_note, new_decision, new_note, at,"
            " session FROM history WHERE article = ?"
        )
        params: tuple[str, ...] = (article_hash,)
        if comment_id is not None:
            query += " AND comment = ?"
            params = (article_hash, comment_id)
        with self._db.connection() as conn:
            rows = conn.execute(query + " ORDER BY id", params).fetchall()
        return [
            HistoryEntry(
                article_hash=str(article),
                comment_id=str(comment),
                old_decision=self._decision(old_decision),
                old_note=_text(old_note),
                new_decision=self._decision(new_decision),
                new_note=_text(new_note),
                at=datetime.fromisoformat(str(at)),
                session=str(session),
            )
            for article, comment, old_decision, old_note, new_decision, new_note, at, session in (
                rows
            )
        ]

    # -- changing --------------------------------------------------------------------------

    def set_decision(
        self,
        article_hash: str,
        comment_id: str,
        decision: Decision | None,
        note: str | None | Literal[_Unchanged.UNCHANGED] = UNCHANGED,
    ) -> TriageRecord:
        """Set (or with None, clear) the decision, keeping the stored note; on disk on return.

        Given a note too, both are set in one change (for filling a database, not for a
        keypress: a window's copy of the other field may be stale). Returns the fresh record.
        """
        return self._change(article_hash, comment_id, decision, note).after

    def set_note(self, article_hash: str, comment_id: str, note: str | None) -> TriageRecord:
        """Set (or with None or "", remove) the note, keeping the stored decision."""
        return self._change(article_hash, comment_id, UNCHANGED, note).after

    def change_decision(
        self, article_hash: str, comment_id: str, decision: Decision | None
    ) -> Edit:
        """`set_decision` that also says what was there before (for undo)."""
        return self._change(article_hash, comment_id, decision, UNCHANGED)

    def change_note(self, article_hash: str, comment_id: str, note: str | None) -> Edit:
        """`set_note` that also says what was there before (for undo)."""
        return self._change(article_hash, comment_id, UNCHANGED, note)

    def _change(
        self,
        article_hash: str,
        comment_id: str,
        decision: Decision | None | Literal[_Unchanged.UNCHANGED],
        note: str | None | Literal[_Unchanged.UNCHANGED],
    ) -> Edit:
        """Read, change the named fields, write and log: all in one write transaction.

        An empty note counts as no note; a record with neither is deleted. A change that
        changes nothing is not logged.
        """
        if decision is not UNCHANGED and decision is not None:
            decision = Decision(decision)  # a plain string is accepted; a wrong one raises here
        if note is not UNCHANGED:
            note = note or None
        with self._db.write() as conn:
            before = self._read(conn, article_hash, comment_id)
            after = TriageRecord(
                comment_id,
                before.decision if decision is UNCHANGED else decision,
                before.note if note is UNCHANGED else note,
            )
            if after != before:
                self._store(conn, article_hash, before, after)
        return Edit(before, after)

    def _store(
        self,
        conn: sqlite3.Connection,
        article_hash: str,
        before: TriageRecord,
        after: TriageRecord,
    ) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="microseconds")
        comment_id = after.comment_id
        new_decision = None if after.decision is None else after.decision.value
        if new_decision is None and after.note is None:
            conn.execute(
                "DELETE FROM decisions WHERE article = ? AND comment = ?",
                (article_hash, comment_id),
            )
        else:
            conn.execute(
                "INSERT INTO decisions (article, comment, decision, note, updated_at)"
                " VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (article, comment) DO UPDATE SET"
                " decision = excluded.decision, note = excluded.note,"
                " updated_at = excluded.updated_at",
                (article_hash, comment_id, new_decision, after.note, now),
            )
        conn.execute(
            "INSERT INTO history (article, comment, old_decision, old_note,"
            " new_decision, new_note, at, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_hash,
                comment_id,
                None if before.decision is None else before.decision.value,
                before.note,
                new_decision,
                after.note,
                now,
                self.session,
            ),
        )

    def _read(self, conn: sqlite3.Connection, article_hash: str, comment_id: str) -> TriageRecord:
        row = conn.execute(
            "SELECT decision, note FROM decisions WHERE article = ? AND comment = ?",
            (article_hash, comment_id),
        ).fetchone()
        if row is None:
            return TriageRecord(comment_id, None, None)
        return TriageRecord(comment_id, self._decision(row[0]), _text(row[1]))

    def _decision(self, value: object) -> Decision | None:
        if value is None:
            return None
        try:
            return Decision(value)
        except ValueError:
            raise StoreError(f"{self.path}: unknown decision {value!r} in the database") from None

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent); SQLite checkpoints the WAL into the file."""
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _text(value: object) -> str | None:
    return None if value is None else str(value)
