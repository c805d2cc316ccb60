"""Opening one of Reader's SQLite files safely: refusals, WAL, migrations with a backup.

Both the triage database and the analysis cache are opened here, each with its own connection
and lock (SQLite gives one write lock per file, so they are two files):

- A file that is not ours is refused before anything can change it: a directory or device,
  text, a corrupt or foreign SQLite database, a schema from a newer Reader, an impossible
  schema version. The check is read-only, so a refused file stays byte-for-byte.
- A missing file is created (with its folders) only when the caller says so: reading
  decisions back (`reader export --db`) must not mistake a typo for an empty database.
- WAL journal, a busy timeout (a second process waits instead of failing) and every write in
  a `BEGIN IMMEDIATE` transaction.
- The schema version lives in `PRAGMA user_version`; migrations run in order, one transaction
  each, after a backup of an existing database when the schema asks for one.

Every sqlite3 error leaves this module as a one-line `StoreError` naming the file.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from msgspec import Struct

from reader.errors import StoreError

BUSY_TIMEOUT_SECONDS = 10.0
# Said of a `--db` that is not there when it must be (a typo must not read as "no decisions").
MISSING_DATABASE = "no such database (check the path; 'reader PAGE --db PATH' creates one)"
SQLITE_MAGIC = b"SQLite format 3\x00"


class Schema(Struct, frozen=True):
    """One kind of Reader database: how to build it and how to tell it from other files."""

    # Ordered migrations: migrations[n] takes a database from version n to n + 1. Never edit a
    # released entry; append a new one (files in the field were made by the old ones).
    migrations: tuple[tuple[str, ...], ...]
    # Tables every version from 1 on has: a file claiming a version without them is not ours.
    core_tables: frozenset[str]
    synchronous: Literal["FULL", "NORMAL"]
    backup_before_migrating: bool
    # The end of a refusal message: what the person can do about a file we will not use.
    other_file_advice: str
    wrong_file_hint: str

    @property
    def version(self) -> int:
        return len(self.migrations)


def describe(path: Path, exc: BaseException) -> str:
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


class Database:
    """One open SQLite file of a given schema: a connection, its lock, and transactions.

    Safe to share between threads (one lock around the connection): the app writes from the
    UI thread and from its analysis worker.
    """

    def __init__(self, path: Path, schema: Schema, *, create: bool = True) -> None:
        """`create=False`: the file must exist already (StoreError if not); nothing is made."""
        self.path = Path(path)
        self.schema = schema
        self.create = create
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

    # -- refusing files that are not ours -------------------------------------------------

    def _prepare_location(self) -> None:
        """Refuse a directory or device, and a missing file unless we may create it (then
        create its missing parent directories)."""
        try:
            if self.path.is_dir():
                raise StoreError(f"{self.path}: is a directory, not a database file")
            if self.path.exists() and not self.path.is_file():
                raise StoreError(f"{self.path}: is not a regular file")
            if not self.create:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: {MISSING_DATABASE}")
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise StoreError(f"{self.path}: cannot create its directory ({reason})") from None

    def _refuse_unusable_file(self) -> None:
        """Check an existing file read-only first, so a file we refuse stays byte-for-byte."""
        try:
            with self.path.open("rb") as handle:
                magic = handle.read(len(SQLITE_MAGIC))
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read ({exc.strerror or exc})") from None
        if not magic:
            return  # empty, or being created by another Reader: SQLite makes it a database
        if magic != SQLITE_MAGIC:
            raise StoreError(f"{self.path}: not a SQLite database ({self.schema.wrong_file_hint})")
        try:
            # Read-only: whatever we find, this connection cannot change the file.
            uri = self.path.resolve().as_uri() + "?mode=ro"
            probe = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
        except (sqlite3.Error, OSError, RuntimeError) as exc:
            raise StoreError(describe(self.path, exc)) from None
        try:
            version, tables = _version_and_tables(probe)
        except sqlite3.Error as exc:
            raise StoreError(describe(self.path, exc)) from None
        finally:
            probe.close()
        self._refuse_version(version, tables)

    def _refuse_version(self, version: int, tables: frozenset[str]) -> None:
        """Refuse a version this Reader cannot open, and a file whose tables belie its version."""
        advice = self.schema.other_file_advice
        if version > self.schema.version:
            raise StoreError(
                f"{self.path}: made by a newer version of Reader (schema {version}, this one "
                f"knows {self.schema.version}); upgrade Reader or {advice}"
            )
        if version < 0:
            raise StoreError(
                f"{self.path}: has an impossible schema version ({version}): damaged, or not "
                f"made by Reader; {advice}"
            )
        if (version == 0 and tables) or (version > 0 and not self.schema.core_tables <= tables):
            raise StoreError(f"{self.path}: a SQLite database that Reader did not make; {advice}")

    # -- connecting ------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        """Connect; without `create`, in SQLite's read-write mode, which never makes the file
        (it may have gone since `_prepare_location` looked)."""
        try:
            # isolation_level=None: we issue BEGIN IMMEDIATE / COMMIT ourselves.
            if self.create:
                return sqlite3.connect(
                    str(self.path),
                    timeout=BUSY_TIMEOUT_SECONDS,
                    isolation_level=None,
                    check_same_thread=False,
                )
            return sqlite3.connect(
                self.path.resolve().as_uri() + "?mode=rw",
                uri=True,
                timeout=BUSY_TIMEOUT_SECONDS,
                isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            if not self.path.exists():
                raise StoreError(f"{self.path}: {MISSING_DATABASE}") from None
            raise StoreError(describe(self.path, exc)) from None
        except (OSError, RuntimeError) as exc:  # resolve() on a vanished folder, a loop
            raise StoreError(describe(self.path, exc)) from None

    def _configure(self, conn: sqlite3.Connection) -> None:
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            _switch_to_wal(conn)
            conn.execute(f"PRAGMA synchronous = {self.schema.synchronous}")
        except sqlite3.Error as exc:
            raise StoreError(describe(self.path, exc)) from None

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring the schema up to date, one migration per transaction, backing up first.

        The version is re-read under the write lock, so two processes opening an old file at
        once migrate it once. The backup is taken before any write lock (SQLite cannot copy a
        database out of a connection's own open write transaction).
        """
        target = self.schema.version
        try:
            version = self._checked_version(conn)
            if version == target:
                return  # the usual case: no write lock, so opening never waits on a writer
            if version >= 1 and self.schema.backup_before_migrating:
                self._backup(conn, version)
            while True:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    version = self._checked_version(conn)
                    if version >= target:
                        conn.execute("COMMIT")
                        return
                    for statement in self.schema.migrations[version]:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {version + 1}")
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
        except sqlite3.Error as exc:
            raise StoreError(describe(self.path, exc)) from None

    def _checked_version(self, conn: sqlite3.Connection) -> int:
        """The file's schema version, refused (as when opening) if this Reader cannot use it."""
        version, tables = _version_and_tables(conn)
        self._refuse_version(version, tables)
        return version

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

    # -- using it --------------------------------------------------------------------------

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """The open connection under the lock, with sqlite3 errors turned into StoreError."""
        with self._lock:
            if self._conn is None:
                raise StoreError(f"{self.path}: the database is closed")
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise StoreError(describe(self.path, exc)) from None

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so a busy database is waited for."""
        with self.connection() as conn:
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

    @property
    def closed(self) -> bool:
        return self._conn is None

    def close(self) -> None:
        """Close the connection (idempotent); SQLite checkpoints the WAL into the file."""
        with self._lock:
            conn, self._conn = self._conn, None
            if conn is not None:
                try:
                    conn.close()
                except sqlite3.Error as exc:
                    raise StoreError(describe(self.path, exc)) from None


def _version_and_tables(conn: sqlite3.Connection) -> tuple[int, frozenset[str]]:
    """The schema version and table names, read in one snapshot.

    Another process may be creating the schema right now: a version read before its commit
    with tables listed after it would look like a database Reader did not make.
    """
    own_transaction = not conn.in_transaction
    if own_transaction:
        conn.execute("BEGIN")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        if own_transaction and conn.in_transaction:
            conn.execute("COMMIT")
    return version, frozenset(str(name) for (name,) in rows)


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
