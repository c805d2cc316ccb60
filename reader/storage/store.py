"""The triage database: decisions and notes per comment, their history, and the analysis cache.

One SQLite file (stdlib sqlite3) so that what a person decided survives crashes, two windows on
the same file and upgrades (SPEC section 4):

- WAL journal with `synchronous=FULL`, every write in its own `BEGIN IMMEDIATE` transaction, so
  a decision is on disk when `set_decision` returns and a second process waits (busy timeout)
  instead of failing.
- Every change is also appended to a history table, so even an undo or a clear loses nothing.
- The schema version lives in `PRAGMA user_version`; migrations run in order, one transaction
  each, after a backup of an existing database. A database from a newer Reader is refused and
  left untouched, as is a file that is not a SQLite database.

Every sqlite3 error leaves this module as a `StoreError` naming the file, never a traceback.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from reader.errors import StoreError
from reader.model import Decision, TriageRecord

if TYPE_CHECKING:
    from typing_extensions import Self

BUSY_TIMEOUT_SECONDS = 10.0
# Stay below SQLite's smallest historical host-parameter limit (999) for `IN (...)` queries.
_CHUNK = 900
_SQLITE_MAGIC = b"SQLite format 3\x00"
# Whole-thread records kept (the most recently stored); each repeats its thread's per-text
# entries, so they are few.
THREAD_RECORDS_KEPT = 16

# Ordered migrations: MIGRATIONS[n] takes a database from schema n to n + 1. Never edit a
# released entry; append a new one (databases in the field were made by the old ones).
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
)
SCHEMA_VERSION = len(MIGRATIONS)


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
    session: str  # which TriageStore instance made the change


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def _describe(path: Path, exc: BaseException) -> str:
    """One line for the user: what is wrong with the file, not SQLite's internals."""
    text = str(exc).strip() or type(exc).__name__
    lowered = text.lower()
    if "not a database" in lowered or "malformed" in lowered:
        return f"{path}: not a usable SQLite database (corrupt, or some other kind of file)"
    if "locked" in lowered or "busy" in lowered:
        return (
            f"{path}: the database stayed busy for {BUSY_TIMEOUT_SECONDS:g} s "
            "(another Reader is writing to it); try again"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path}: the database cannot be written (read-only file or directory)"
    if "unable to open" in lowered:
        return f"{path}: cannot open the database here (missing directory or no permission)"
    if "disk is full" in lowered or "disk i/o" in lowered:
        return f"{path}: cannot write the database ({text})"
    return f"{path}: {text}"


def _decision(value: object, path: Path) -> Decision | None:
    if value is None:
        return None
    try:
        return Decision(value)
    except ValueError:
        raise StoreError(f"{path}: unknown decision {value!r} in the database") from None


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


class TriageStore:
    """Triage decisions and the analysis cache in one SQLite file.

    Safe to share between threads (one lock around the connection) because the app analyses
    in a worker thread while the person triages in the UI thread.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.session = uuid.uuid4().hex
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._prepare_location()
        self._refuse_unusable_file()
        conn = self._connect()
        try:
            self._configure(conn)
            self._migrate(conn)
        except BaseException:
            conn.close()
            raise
        self._conn = conn

    # -- opening -------------------------------------------------------------------------

    def _prepare_location(self) -> None:
        """Refuse a directory or device and create missing parent directories."""
        try:
            if self.path.is_dir():
                raise StoreError(f"{self.path}: is a directory, not a database file")
            if self.path.exists() and not self.path.is_file():
                raise StoreError(f"{self.path}: is not a regular file")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StoreError(f"{self.path}: cannot create its directory ({reason})") from None

    def _refuse_unusable_file(self) -> None:
        """Check an existing file read-only first, so a file we refuse stays byte-for-byte."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read ({exc.strerror or exc})") from None
        if size == 0:
            return  # SQLite treats an empty file as an empty database
        try:
            with self.path.open("rb") as handle:
                magic = handle.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read ({exc.strerror or exc})") from None
        if magic != _SQLITE_MAGIC:
            raise StoreError(f"{self.path}: not a SQLite database (is --db the right file?)")
        try:
            # Read-only: whatever we find, this connection cannot change the file.
            uri = self.path.resolve().as_uri() + "?mode=ro"
            probe = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        except (sqlite3.Error, OSError, RuntimeError) as exc:
            raise StoreError(_describe(self.path, exc)) from None
        try:
            version = int(probe.execute("PRAGMA user_version").fetchone()[0])
            tables = probe.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        except sqlite3.Error as exc:
            raise StoreError(_describe(self.path, exc)) from None
        finally:
            probe.close()
        self._refuse_version(version)
        if version == 0 and tables:
            raise StoreError(
                f"{self.path}: a SQLite database that Reader did not make; "
                "use --db with another file"
            )

    def _refuse_version(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer version of Reader (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); upgrade Reader or use --db with another file"
            )

    def _connect(self) -> sqlite3.Connection:
        try:
            # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
            return sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError(_describe(self.path, exc)) from None

    def _configure(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            self._switch_to_wal(conn)
            conn.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error as exc:
            raise StoreError(_describe(self.path, exc)) from None

    @staticmethod
    def _switch_to_wal(conn: sqlite3.Connection) -> None:
        """Turn on WAL, retrying while another process holds the file.

        SQLite reports a busy file at once (without the busy handler) when two processes open
        a new database together and both try to change its journal mode, so we wait here.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        pause = 0.005
        while True:
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring the schema up to date, one migration per transaction, backing up first.

        The version is re-read under the write lock, so two processes opening an old file at
        once migrate it once. The backup is taken before any write lock (SQLite cannot copy a
        database out of a connection's own open write transaction).
        """
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            self._refuse_version(version)
            if version == SCHEMA_VERSION:
                return  # the usual case: no write lock, so opening never waits on a writer
            if version >= 1:
                self._backup(conn, version)
            while True:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                    if version >= SCHEMA_VERSION:
                        conn.execute("COMMIT")
                        self._refuse_version(version)
                        return
                    for statement in MIGRATIONS[version]:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {version + 1}")
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise StoreError(_describe(self.path, exc)) from None

    def _backup(self, conn: sqlite3.Connection, version: int) -> Path:
        """Copy the whole database beside it before changing its schema.

        The name is claimed with an exclusive create, so two processes upgrading the same file
        in the same second write two backups rather than one backup twice.
        """
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        base = f"{self.path.name}.bak-v{version}-{stamp}"
        for counter in range(1, 1000):
            target = self.path.with_name(base if counter == 1 else f"{base}-{counter}")
            try:
                target.open("xb").close()
                break
            except FileExistsError:
                continue
            except OSError as exc:
                raise StoreError(
                    f"{self.path}: cannot back up before upgrading ({exc.strerror or exc})"
                ) from None
        else:
            raise StoreError(f"{self.path}: cannot back up before upgrading (too many backups)")
        try:
            copy = sqlite3.connect(str(target), isolation_level=None)
            try:
                conn.backup(copy)
                # A backup should be one self-contained file, not a WAL pair.
                copy.execute("PRAGMA journal_mode = DELETE")
            finally:
                copy.close()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot back up before upgrading ({exc})") from None
        return target

    # -- plumbing ------------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """The open connection under the lock, with sqlite3 errors turned into StoreError."""
        with self._lock:
            if self._conn is None:
                raise StoreError(f"{self.path}: the triage store is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise StoreError(_describe(self.path, exc)) from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so a busy database is waited for."""
        with self._connection() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    # -- triage --------------------------------------------------------------------------

    def load(self, article_hash: str) -> dict[str, TriageRecord]:
        """Every comment of the article with a decision or a note, read fresh from the file."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT comment, decision, note FROM decisions WHERE article = ?",
                (article_hash,),
            ).fetchall()
        return {
            str(comment): TriageRecord(
                comment_id=str(comment),
                decision=_decision(decision, self.path),
                note=_optional_str(note),
            )
            for comment, decision, note in rows
        }

    def set_decision(
        self,
        article_hash: str,
        comment_id: str,
        decision: Decision | None,
        note: str | None,
    ) -> TriageRecord:
        """Set (or, with both None, clear) a comment's decision and note; on disk on return.

        An empty note counts as no note. The old and new values go to the history table.
        """
        new_decision = None if decision is None else Decision(decision)
        new_note = note if note else None
        with self._write() as conn:
            row = conn.execute(
                "SELECT decision, note FROM decisions WHERE article = ? AND comment = ?",
                (article_hash, comment_id),
            ).fetchone()
            old_decision, old_note = (None, None) if row is None else row
            new_value = None if new_decision is None else new_decision.value
            if (old_decision, old_note) != (new_value, new_note):
                now = _utc_now()
                if new_value is None and new_note is None:
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
                        (article_hash, comment_id, new_value, new_note, now),
                    )
                conn.execute(
                    "INSERT INTO history (article, comment, old_decision, old_note,"
                    " new_decision, new_note, at, session) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        article_hash,
                        comment_id,
                        old_decision,
                        old_note,
                        new_value,
                        new_note,
                        now,
                        self.session,
                    ),
                )
        return TriageRecord(comment_id=comment_id, decision=new_decision, note=new_note)

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
        with self._connection() as conn:
            rows = conn.execute(query + " ORDER BY id", params).fetchall()
        return [
            HistoryEntry(
                article_hash=str(article),
                comment_id=str(comment),
                old_decision=_decision(old_decision, self.path),
                old_note=_optional_str(old_note),
                new_decision=_decision(new_decision, self.path),
                new_note=_optional_str(new_note),
                at=datetime.fromisoformat(str(at)),
                session=str(session),
            )
            for article, comment, old_decision, old_note, new_decision, new_note, at, session in (
                rows
            )
        ]

    # -- analysis cache ------------------------------------------------------------------

    def get_cached(self, keys: Sequence[str]) -> dict[str, str]:
        """The cached values for those keys that have one (one consistent read)."""
        unique = sorted(set(keys))  # in index order: each lookup starts near the last one
        found: dict[str, str] = {}
        with self._connection() as conn:
            conn.execute("BEGIN")
            try:
                for start in range(0, len(unique), _CHUNK):
                    chunk = unique[start : start + _CHUNK]
                    marks = ",".join("?" * len(chunk))
                    for key, value in conn.execute(
                        f"SELECT key, value FROM analysis_cache WHERE key IN ({marks})", chunk
                    ):
                        found[str(key)] = str(value)
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")
        return found

    def put_cached(self, items: Mapping[str, str]) -> None:
        """Store (or replace) cached values, all in one transaction."""
        if not items:
            return
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO analysis_cache (key, value) VALUES (?, ?)",
                items.items(),
            )

    def get_thread(self, key: str) -> bytes | None:
        """The whole-thread record stored under `key`, if there is one."""
        with self._connection() as conn:
            row = conn.execute("SELECT value FROM thread_cache WHERE key = ?", (key,)).fetchone()
        if row is None or not isinstance(row[0], bytes):
            return None
        return row[0]

    def put_thread(self, key: str, value: bytes) -> None:
        """Store (or replace) a whole-thread record, dropping all but the latest few."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO thread_cache (key, value, stored_at) VALUES (?, ?, ?)",
                (key, value, time.time()),
            )
            conn.execute(
                "DELETE FROM thread_cache WHERE key NOT IN "
                "(SELECT key FROM thread_cache ORDER BY stored_at DESC LIMIT ?)",
                (THREAD_RECORDS_KEPT,),
            )

    # -- closing -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent); SQLite checkpoints the WAL into the file."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                try:
                    conn.close()
                except sqlite3.Error as exc:
                    raise StoreError(_describe(self.path, exc)) from None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
