"""The analysis cache: per-text results and whole-thread records, in a file of their own.

A speed-up, nothing more, so it is kept apart from the decisions and may fail:

- Its own SQLite file beside the decision database (`analysis-cache.sqlite3` in the same
  directory, so `--db` keeps a test's files in its own directory), because two connections to
  one file share one write lock: a 5,000-entry flush from the analysis worker must never hold
  up a person's decision. Any decision database there may share it (keys are content hashes).
- `synchronous=NORMAL`: losing the last writes in a power cut costs a recomputation.
- A cache that cannot be opened, read or written is skipped with one warning: the analysis
  goes on uncached (a full disk must not stop `reader analyze`).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from reader.errors import StoreError
from reader.storage.db import Database, Schema
from reader.text.decode import display_path

if TYPE_CHECKING:
    from typing_extensions import Self

CACHE_FILE_NAME = "analysis-cache.sqlite3"
# Stay below SQLite's smallest historical host-parameter limit (999) for `IN (...)` queries.
_CHUNK = 900
# Whole-thread records kept (the most recently stored); each repeats its thread's per-text
# entries, so they are few.
THREAD_RECORDS_KEPT = 16

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # v1: per text (key = hash of comment text + analyser version, value = JSON) and per long
    # thread (key = hash of every text in order, value = zlib'd JSON, the latest few kept).
    (
        """CREATE TABLE analysis_cache (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE thread_cache (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL,
            stored_at REAL NOT NULL
        )""",
    ),
)
SCHEMA = Schema(
    migrations=MIGRATIONS,
    core_tables=frozenset({"analysis_cache", "thread_cache"}),
    synchronous="NORMAL",
    backup_before_migrating=False,  # a cache is rebuilt, not restored
    other_file_advice="remove it to start a new cache",
    wrong_file_hint="remove it to start a new cache",
)
DATABASE_VERSION = SCHEMA.version


def cache_path_for(decisions_path: Path) -> Path:
    """Where the analysis cache lives for a decision database: beside it."""
    return Path(decisions_path).with_name(CACHE_FILE_NAME)


def warn_on_stderr(message: str) -> None:
    """The default way a cache says it is not used: one line on stderr, as the CLI does."""
    print(f"reader: cache not used: {display_path(message)}", file=sys.stderr)


class AnalysisCacheStore:
    """The `AnalysisCache` of `reader.pipeline.run` in SQLite, off for good after a failure.

    Every failure (cannot open, busy past the timeout, disk full, corrupt) is reported once
    through `warn` and the cache then answers as an empty one and ignores writes. Using it
    after `close()` is a mistake in the caller and raises StoreError.
    """

    def __init__(self, path: Path, warn: Callable[[str], None] = warn_on_stderr) -> None:
        self.path = Path(path)
        self._warn = warn
        self._lock = threading.Lock()  # guards the switch to off, not the connection
        self._closed = False
        self._warned = False
        self._db: Database | None = None
        try:
            self._db = Database(self.path, SCHEMA)
        except StoreError as error:
            self._give_up(error)

    @property
    def usable(self) -> bool:
        """False once the cache is off (could not be opened or written) or closed."""
        return self._db is not None

    def _open(self) -> Database | None:
        if self._closed:
            raise StoreError(f"{self.path}: the analysis cache is closed")
        return self._db

    def _give_up(self, error: StoreError) -> None:
        """Turn the cache off, saying why the first time only."""
        with self._lock:
            db, self._db = self._db, None
            # After close() a worker's last write may fail on the closed file: not news.
            first = not self._warned and not self._closed
            self._warned = True
        if db is not None:
            try:
                db.close()
            except StoreError:
                pass  # already failing: the warning below says what matters
        if first:
            self._warn(str(error))

    # -- the AnalysisCache protocol ----------------------------------------------------------

    def get_cached(self, keys: Sequence[str]) -> dict[str, str]:
        """The cached values for those keys that have one (one consistent read)."""
        db = self._open()
        if db is None or not keys:
            return {}
        unique = sorted(set(keys))  # in index order: each lookup starts near the last one
        found: dict[str, str] = {}
        try:
            with db.connection() as conn:
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
        except StoreError as error:
            self._give_up(error)
            return {}
        return found

    def put_cached(self, items: Mapping[str, str]) -> None:
        """Store (or replace) cached values, all in one transaction."""
        db = self._open()
        if db is None or not items:
            return
        try:
            with db.write() as conn:
                conn.executemany(
                    "INSERT OR REPLACE INTO analysis_cache (key, value) VALUES (?, ?)",
                    items.items(),
                )
        except StoreError as error:
            self._give_up(error)

    def get_thread(self, key: str) -> bytes | None:
        """The whole-thread record stored under `key`, if there is one."""
        db = self._open()
        if db is None:
            return None
        try:
            with db.connection() as conn:
                row = conn.execute(
                    "SELECT value FROM thread_cache WHERE key = ?", (key,)
                ).fetchone()
        except StoreError as error:
            self._give_up(error)
            return None
        if row is None or not isinstance(row[0], bytes):
            return None
        return row[0]

    def put_thread(self, key: str, value: bytes) -> None:
        """Store (or replace) a whole-thread record, dropping all but the latest few."""
        db = self._open()
        if db is None:
            return
        try:
            with db.write() as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO thread_cache (key, value, stored_at) VALUES (?, ?, ?)",
                    (key, value, time.time()),
                )
                conn.execute(
                    "DELETE FROM thread_cache WHERE key NOT IN "
                    "(SELECT key FROM thread_cache ORDER BY stored_at DESC LIMIT ?)",
                    (THREAD_RECORDS_KEPT,),
                )
        except StoreError as error:
            self._give_up(error)

    # -- closing ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._closed = True
        db, self._db = self._db, None
        if db is not None:
            try:
                db.close()
            except StoreError as error:
                self._warn(str(error))

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
