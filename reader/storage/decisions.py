"""The decision database: each comment's decision and note, and the history of every change.

What a person decided must survive crashes, two windows on the same file and upgrades (SPEC
section 4), so this file is only ever written by a person's keypress:

- `synchronous=FULL` and one `BEGIN IMMEDIATE` transaction per change, so a decision is on
  disk when the call returns and a second process waits instead of failing (see `db`).
- Each change touches only the field it changes, read and written inside that transaction:
  a second window that decides keeps the note the first one wrote, and the reverse.
- Every change is also appended to a history table (before and after), so even an undo or a
  clear loses nothing. Each row names the person's action it belongs to (one keypress, or one
  bulk decision over many comments); an undo marks the action it undid and names it on its own
  rows, so undo works again after a restart and never undoes an undo.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Final, Literal, NamedTuple

from msgspec import Struct

from reader.errors import StoreError
from reader.model import Decision, TriageRecord
from reader.model.triage import FieldChange
from reader.storage.db import Database, Schema

if TYPE_CHECKING:
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
    # v5: which action each history row belongs to (a bulk decision is one action over many
    # comments), which action an undo's rows undid, and which undo undid a row; so undo
    # survives a restart. Rows from before are each their own action.
    (
        "ALTER TABLE history ADD COLUMN action TEXT",
        "ALTER TABLE history ADD COLUMN undoes TEXT",
        "ALTER TABLE history ADD COLUMN undone_by TEXT",
        "UPDATE history SET action = 'row-' || id WHERE action IS NULL",
        "CREATE INDEX history_by_action ON history (article, action)",
        # What undo looks for after a restart: the newest change still in effect.
        (
            "CREATE INDEX history_in_effect ON history (article, id)"
            " WHERE undoes IS NULL AND undone_by IS NULL"
        ),
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
# A bulk action over more comments than this reads the article's records in one query.
_READ_ONE_BY_ONE = 64
# Stored decision text to Decision.
_DECISIONS: Final[dict[object, Decision]] = {decision.value: decision for decision in Decision}


class _Unchanged(Enum):
    UNCHANGED = "unchanged"


# "Leave this field as stored": a change names only the field it changes.
UNCHANGED: Final = _Unchanged.UNCHANGED


class Edit(NamedTuple):
    """A comment's record just before and just after one change, both read in its transaction."""

    before: TriageRecord
    after: TriageRecord


class HistoryEntry(Struct, frozen=True):
    """One change to a comment's decision or note, as kept in the history table."""

    article_hash: str
    comment_id: str
    old_decision: Decision | None
    old_note: str | None
    new_decision: Decision | None
    new_note: str | None
    at: datetime  # UTC
    session: str  # which store instance made the change
    action: str = ""  # the person's action (keypress or bulk decision) the change belongs to
    undoes: str | None = None  # on an undo's rows: the action it undid
    undone_by: str | None = None  # the undo that undid this change, if one did


def new_action_id() -> str:
    """A fresh id for one action of a person (unique across windows and runs)."""
    return uuid.uuid4().hex


class DecisionStore:
    """Decisions, notes and their history in one SQLite file (the `--db` file).

    Safe to share between threads; it has its own connection and lock, so nothing else (the
    analysis cache in particular) ever waits in front of a decision.
    """

    def __init__(self, path: Path, *, create: bool = True) -> None:
        """`create=False`: refuse a missing file instead of making an empty database."""
        self.session = uuid.uuid4().hex
        # Read at opening, not at import, so a test can give the module another schema.
        self._db = Database(Path(path), SCHEMA, create=create)
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

    def history(
        self,
        article_hash: str,
        comment_id: str | None = None,
        *,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[HistoryEntry]:
        """Every change made to the article's comments (or to one comment), newest last (or,
        with `newest_first`, first; `limit` keeps that many from the newest end)."""
        query = (
            "SELECT article, comment, old_decision, old_note, new_decision, new_note, at,"
            " session, action, undoes, undone_by FROM history WHERE article = ?"
        )
        params: tuple[str | int, ...] = (article_hash,)
        if comment_id is not None:
            query += " AND comment = ?"
            params = (article_hash, comment_id)
        query += " ORDER BY id DESC" if newest_first or limit is not None else " ORDER BY id"
        if limit is not None:
            query += " LIMIT ?"
            params = (*params, limit)
        with self._db.connection() as conn:
            rows = conn.execute(query, params).fetchall()
        if limit is not None and not newest_first:
            rows.reverse()
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
                action=str(action),
                undoes=_text(undoes),
                undone_by=_text(undone_by),
            )
            for (article, comment, old_decision, old_note, new_decision, new_note, at, session,
                 action, undoes, undone_by) in rows
        ]

    def history_mark(self) -> int:
        """The newest history row now: what a window may undo after opening is at or below it
        (later rows are its own, or another open window's)."""
        with self._db.connection() as conn:
            return int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM history").fetchone()[0])

    def last_action(self, article_hash: str, up_to: int) -> tuple[str, list[Edit]] | None:
        """The newest action on the article at or below history row `up_to` that is neither
        an undo nor undone: its id and each change it made (for undo after a restart)."""
        with self._db.connection() as conn:
            found = conn.execute(
                "SELECT action FROM history WHERE article = ? AND id <= ? AND undoes IS NULL"
                " AND undone_by IS NULL ORDER BY id DESC LIMIT 1",
                (article_hash, up_to),
            ).fetchone()
            if found is None:
                return None
            rows = conn.execute(
                "SELECT comment, old_decision, old_note, new_decision, new_note FROM history"
                " WHERE article = ? AND action = ? ORDER BY id",
                (article_hash, found[0]),
            ).fetchall()
        return str(found[0]), [
            Edit(
                TriageRecord(str(comment), self._decision(old_decision), _text(old_note)),
                TriageRecord(str(comment), self._decision(new_decision), _text(new_note)),
            )
            for comment, old_decision, old_note, new_decision, new_note in rows
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

    def write_action(
        self,
        article_hash: str,
        action: str,
        changes: Sequence[FieldChange],
        *,
        undoes: str | None = None,
    ) -> list[Edit] | None:
        """One action of a person (one comment, or a bulk decision over many) in one write
        transaction: each change sets only its field, read and written inside it, and is
        logged under `action`. Returns each change's record before and after, in order.

        With `undoes` (an earlier action's id) this is that action's undo: the action is
        marked undone in the same transaction; None, and nothing written, when another window
        (or an earlier run) already undid it.
        """
        with self._db.write() as conn:
            if undoes is not None and not self._mark_undone(conn, article_hash, undoes, action):
                return None
            current = self._read_many(conn, article_hash, [c.comment_id for c in changes])
            edits: list[Edit] = []
            for change in changes:
                before = current[change.comment_id]
                current[change.comment_id] = after = _changed(before, change)
                edits.append(Edit(before, after))
            # A comment changed twice in one action (an undo of both fields) is logged twice.
            changed = [edit for edit in edits if edit.after != edit.before]
            if changed:
                self._store(conn, article_hash, changed, at=_now(), action=action,
                            undoes=undoes)
        return edits

    def _mark_undone(
        self, conn: sqlite3.Connection, article_hash: str, action: str, undo: str
    ) -> bool:
        """Mark the action's rows undone by `undo`; False when every one already was. An
        action that changed nothing has no rows, and is undone (to no effect) as asked."""
        rows, still_done = conn.execute(
            "SELECT COUNT(*), TOTAL(undone_by IS NULL) FROM history"
            " WHERE article = ? AND action = ?",
            (article_hash, action),
        ).fetchone()
        if rows and not still_done:
            return False
        conn.execute(
            "UPDATE history SET undone_by = ? WHERE article = ? AND action = ?"
            " AND undone_by IS NULL",
            (undo, article_hash, action),
        )
        return True

    def _read_many(
        self, conn: sqlite3.Connection, article_hash: str, comment_ids: Sequence[str]
    ) -> dict[str, TriageRecord]:
        """The records of these comments, read in the caller's transaction: one query for
        the whole article when there are many (a bulk decision over 100,000 comments)."""
        if len(comment_ids) <= _READ_ONE_BY_ONE:
            return {cid: self._read(conn, article_hash, cid) for cid in comment_ids}
        stored = {
            str(comment): TriageRecord(str(comment), self._decision(decision), _text(note))
            for comment, decision, note in conn.execute(
                "SELECT comment, decision, note FROM decisions WHERE article = ?",
                (article_hash,),
            )
        }
        return {cid: stored.get(cid) or TriageRecord(cid, None, None) for cid in comment_ids}

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
                self._store(conn, article_hash, [Edit(before, after)],
                            at=_now(), action=new_action_id(), undoes=None)
        return Edit(before, after)

    def _store(
        self,
        conn: sqlite3.Connection,
        article_hash: str,
        changed: Sequence[Edit],
        *,
        at: str,
        action: str,
        undoes: str | None,
    ) -> None:
        """Write each changed record (a record with neither field is deleted) and log each
        change: one statement per kind of write (see `_write_rows`), so a bulk action over
        100,000 comments stays about a second."""
        deleted: list[tuple[str]] = []
        upserted: list[tuple[str, str | None, str | None]] = []
        logged: list[tuple[str, str | None, str | None, str | None, str | None]] = []
        for before, after in changed:
            new_decision = None if after.decision is None else after.decision.value
            if new_decision is None and after.note is None:
                deleted.append((after.comment_id,))
            else:
                upserted.append((after.comment_id, new_decision, after.note))
            old_decision = None if before.decision is None else before.decision.value
            logged.append((after.comment_id, old_decision, before.note, new_decision, after.note))
        if deleted:
            _write_rows(conn, _DELETE, (article_hash,), deleted)
        if upserted:
            _write_rows(conn, _UPSERT, (article_hash, at), upserted)
        _write_rows(conn, _LOG, (article_hash, at, self.session, action, undoes), logged)

    def _read(self, conn: sqlite3.Connection, article_hash: str, comment_id: str) -> TriageRecord:
        row = conn.execute(
            "SELECT decision, note FROM decisions WHERE article = ? AND comment = ?",
            (article_hash, comment_id),
        ).fetchone()
        if row is None:
            return TriageRecord(comment_id, None, None)
        return TriageRecord(comment_id, self._decision(row[0]), _text(row[1]))

    def _decision(self, value: object) -> Decision | None:
        """A stored decision (a dict look-up: Decision(value) is slow at 100,000 rows)."""
        if value is None:
            return None
        try:
            return _DECISIONS[value]
        except (KeyError, TypeError):
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


class _RowsStatement(NamedTuple):
    """One write over many rows, two ways: `packed` takes the fixed parameters and then all
    the rows as one JSON array (`json_each`), `each` the fixed parameters and one row."""

    packed: str
    each: str


_DELETE = _RowsStatement(
    "DELETE FROM decisions WHERE article = ? AND comment IN"
    " (SELECT json_extract(value, '$[0]') FROM json_each(?))",
    "DELETE FROM decisions WHERE article = ? AND comment = ?",
)
_UPSERT_CONFLICT = (
    " ON CONFLICT (article, comment) DO UPDATE SET decision = excluded.decision,"
    " note = excluded.note, updated_at = excluded.updated_at"
)
_UPSERT = _RowsStatement(
    "INSERT INTO decisions (article, updated_at, comment, decision, note)"
    " SELECT ?, ?, json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
    " json_extract(value, '$[2]') FROM json_each(?) WHERE true" + _UPSERT_CONFLICT,
    "INSERT INTO decisions (article, updated_at, comment, decision, note)"
    " VALUES (?, ?, ?, ?, ?)" + _UPSERT_CONFLICT,
)
_LOG_COLUMNS = (
    "INSERT INTO history (article, at, session, action, undoes,"
    " comment, old_decision, old_note, new_decision, new_note)"
)
_LOG = _RowsStatement(
    _LOG_COLUMNS + " SELECT ?, ?, ?, ?, ?, json_extract(value, '$[0]'),"
    " json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'),"
    " json_extract(value, '$[4]') FROM json_each(?) ORDER BY key",
    _LOG_COLUMNS + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
)


def _write_rows(conn: sqlite3.Connection, statement: _RowsStatement,
                fixed: tuple[str | None, ...], rows: Sequence[tuple[str | None, ...]]) -> None:
    """Run one write over many rows: the rows as one JSON array SQLite unpacks, which binds a
    few parameters instead of a million (about 40% less CPU than executemany at 100,000
    rows); or, when a text holds a NUL (SQLite's JSON functions cut text there), row by row.
    """
    packed = json.dumps(rows)
    if "\\u0000" not in packed:  # a NUL, or a literal backslash-u0000: row by row is exact
        try:
            conn.execute(statement.packed, (*fixed, packed))
            return
        except sqlite3.OperationalError as error:
            # An SQLite built without its JSON functions refuses the statement before it
            # runs anything; row by row gives the same rows.
            if "no such" not in str(error):
                raise
    conn.executemany(statement.each, [(*fixed, *row) for row in rows])


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _changed(record: TriageRecord, change: FieldChange) -> TriageRecord:
    """The record with the one field the change sets (an empty note is no note)."""
    value = change.value
    if change.field == "decision":
        decision = value if value is None or isinstance(value, Decision) else Decision(value)
        return TriageRecord(record.comment_id, decision, record.note)
    return TriageRecord(record.comment_id, record.decision, str(value) if value else None)
