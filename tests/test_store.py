"""TriageStore: decisions, history, cache, and every way a database file can be unusable.

The decision database and the analysis cache are two files opened together by TriageStore;
test_decisions.py and test_analysis_cache.py test each part on its own.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import msgspec
import pytest

import reader.storage.analysis_cache as cache_module
import reader.storage.db as db_module
import reader.storage.decisions as decisions_module
from reader.errors import StoreError
from reader.model import Decision, TriageRecord
from reader.storage.store import DATABASE_VERSION, HistoryEntry, TriageStore

ARTICLE = "a" * 64
OTHER_ARTICLE = "b" * 64

# Schema v1 exactly as Reader 0.1 wrote it (triage only, no cache). Frozen here on purpose:
# databases made by that version exist in the field whatever store.py says today.
V1_DDL = [
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
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_db(path: Path) -> None:
    """A current database with one decision, closed cleanly."""
    with TriageStore(path) as store:
        store.set_decision(ARTICLE, "c1", Decision.KEEP, "fine")


def set_user_version(path: Path, version: int, journal_mode: str = "wal") -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA journal_mode = {journal_mode}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


def decisions_conn(store: TriageStore) -> sqlite3.Connection:
    """The decision database's own connection (white-box: how it is configured)."""
    conn = store._db._conn
    assert conn is not None
    return conn


def cache_conn(store: TriageStore) -> sqlite3.Connection:
    db = store.cache._db
    assert db is not None and db._conn is not None
    return db._conn


def one_line(error: StoreError) -> str:
    message = str(error)
    assert "\n" not in message
    return message


# -- decisions and history ---------------------------------------------------------------


def test_decisions_round_trip_through_reopening(tmp_path: Path) -> None:
    db = tmp_path / "triage.sqlite3"
    with TriageStore(db) as store:
        assert store.load(ARTICLE) == {}
        record = store.set_decision(ARTICLE, "c1", Decision.FLAG, "check the date")
        assert record == TriageRecord("c1", Decision.FLAG, "check the date")
        store.set_decision(ARTICLE, "c2", Decision.HIDE, None)
        store.set_decision(ARTICLE, "c3", None, "a note without a decision")
        store.set_decision(OTHER_ARTICLE, "c1", Decision.KEEP, None)
    with TriageStore(db) as store:
        assert store.load(ARTICLE) == {
            "c1": TriageRecord("c1", Decision.FLAG, "check the date"),
            "c2": TriageRecord("c2", Decision.HIDE, None),
            "c3": TriageRecord("c3", None, "a note without a decision"),
        }
        assert store.load(OTHER_ARTICLE) == {"c1": TriageRecord("c1", Decision.KEEP, None)}


def test_clearing_removes_the_record_and_empty_note_is_no_note(tmp_path: Path) -> None:
    with TriageStore(tmp_path / "t.db") as store:
        store.set_decision(ARTICLE, "c1", Decision.KEEP, "x")
        cleared = store.set_decision(ARTICLE, "c1", None, "")
        assert cleared == TriageRecord("c1", None, None)
        assert store.load(ARTICLE) == {}
        assert store.set_decision(ARTICLE, "c2", Decision.KEEP, "") == TriageRecord(
            "c2", Decision.KEEP, None
        )


def test_plain_string_decision_is_accepted_as_the_enum(tmp_path: Path) -> None:
    with TriageStore(tmp_path / "t.db") as store:
        record = store.set_decision(ARTICLE, "c1", "hide", None)  # type: ignore[arg-type]
        assert record.decision is Decision.HIDE
        assert store.load(ARTICLE)["c1"].decision is Decision.HIDE
        with pytest.raises(ValueError):
            store.set_decision(ARTICLE, "c1", "archive", None)  # type: ignore[arg-type]
        assert store.load(ARTICLE)["c1"].decision is Decision.HIDE


def test_unicode_ids_and_notes_survive(tmp_path: Path) -> None:
    note = "Ελληνικά 🙂 \u202e not reversed \x00 nul"
    with TriageStore(tmp_path / "t.db") as store:
        store.set_decision(ARTICLE, "c-🙂", Decision.FLAG, note)
    with TriageStore(tmp_path / "t.db") as store:
        assert store.load(ARTICLE) == {"c-🙂": TriageRecord("c-🙂", Decision.FLAG, note)}


def test_history_keeps_every_change_newest_last_even_after_clear(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    before = datetime.now(timezone.utc)
    with TriageStore(db) as first:
        first.set_decision(ARTICLE, "c1", Decision.KEEP, None)
        first.set_decision(ARTICLE, "c1", Decision.FLAG, "why")
        first.set_decision(ARTICLE, "c2", Decision.HIDE, None)
        first.set_decision(ARTICLE, "c1", Decision.FLAG, "why")  # no change: not recorded
        first_session = first.session
    with TriageStore(db) as second:
        second.set_decision(ARTICLE, "c1", None, None)  # undo/clear
        history = second.history(ARTICLE, "c1")
        assert second.session != first_session
        everything = second.history(ARTICLE)
        assert second.history(OTHER_ARTICLE) == []
    assert [(h.old_decision, h.old_note, h.new_decision, h.new_note) for h in history] == [
        (None, None, Decision.KEEP, None),
        (Decision.KEEP, None, Decision.FLAG, "why"),
        (Decision.FLAG, "why", None, None),
    ]
    assert [h.session for h in history] == [first_session, first_session, second.session]
    assert all(isinstance(h, HistoryEntry) and h.comment_id == "c1" for h in history)
    assert all(h.article_hash == ARTICLE for h in everything)
    assert [h.comment_id for h in everything] == ["c1", "c1", "c2", "c1"]
    times = [h.at for h in everything]
    assert times == sorted(times)
    assert times[0] >= before and times[0].tzinfo is not None
    with pytest.raises(AttributeError):
        history[0].new_note = "changed"  # type: ignore[misc]


# -- how the database is configured ---------------------------------------------------------


def test_wal_full_sync_and_busy_timeout(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with TriageStore(db) as store:
        conn = decisions_conn(store)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert conn.isolation_level is None
        # The cache is a speed-up: WAL and a busy timeout too, but NORMAL sync is enough.
        cache = cache_conn(store)
        assert cache is not conn
        assert cache.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cache.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert cache.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent
        assert raw.execute("PRAGMA user_version").fetchone()[0] == DATABASE_VERSION
    finally:
        raw.close()


def test_every_write_is_inside_begin_immediate(tmp_path: Path) -> None:
    with TriageStore(tmp_path / "t.db") as store:
        statements: list[str] = []
        decisions_conn(store).set_trace_callback(statements.append)
        cache_conn(store).set_trace_callback(statements.append)
        store.set_decision(ARTICLE, "c1", Decision.KEEP, "n")
        store.set_note(ARTICLE, "c1", "m")
        store.set_decision(ARTICLE, "c1", None, None)
        store.put_cached({"k": "{}"})
        store.put_thread("t", b"record")
    writes = ("INSERT", "DELETE", "UPDATE")
    open_transaction = False
    for statement in statements:
        word = statement.split()[0].upper()
        if statement.upper().startswith("BEGIN"):
            assert statement.upper() == "BEGIN IMMEDIATE"
            open_transaction = True
        elif word in ("COMMIT", "ROLLBACK"):
            open_transaction = False
        elif word in writes:
            assert open_transaction, statement
    assert sum(s.upper() == "BEGIN IMMEDIATE" for s in statements) == 5


def test_a_writer_waits_for_another_connection_instead_of_failing(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    make_db(db)
    blocker = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute(
        "INSERT INTO decisions VALUES (?, 'from-blocker', 'keep', NULL, '2025-01-01')", (ARTICLE,)
    )
    release = threading.Timer(0.3, lambda: blocker.execute("COMMIT"))
    release.start()
    with TriageStore(db) as store:  # opening a current database needs no write lock
        record = store.set_decision(ARTICLE, "c2", Decision.HIDE, None)
        release.join()
        assert record.decision is Decision.HIDE
        assert set(store.load(ARTICLE)) == {"c1", "c2", "from-blocker"}
    blocker.close()


def test_busy_past_the_timeout_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "t.db"
    make_db(db)
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_SECONDS", 0.1)
    with TriageStore(db) as store:
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError) as caught:
                store.set_decision(ARTICLE, "c2", Decision.HIDE, None)
            assert str(db) in one_line(caught.value) and "busy" in str(caught.value)
            assert caught.value.__cause__ is None
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        # The failed write left no transaction open: the next one works.
        store.set_decision(ARTICLE, "c2", Decision.HIDE, None)
        assert set(store.load(ARTICLE)) == {"c1", "c2"}


def test_usable_from_another_thread(tmp_path: Path) -> None:
    """The app analyses (and caches) in a worker thread while the UI thread triages."""
    with TriageStore(tmp_path / "t.db") as store:
        errors: list[BaseException] = []

        def work() -> None:
            try:
                store.put_cached({f"k{i}": str(i) for i in range(200)})
                store.set_decision(ARTICLE, "from-thread", Decision.KEEP, None)
            except BaseException as exc:  # noqa: BLE001 - reported by the assert below
                errors.append(exc)

        thread = threading.Thread(target=work)
        thread.start()
        for i in range(50):
            store.set_decision(ARTICLE, f"main-{i}", Decision.FLAG, None)
        thread.join()
        assert errors == []
        assert len(store.load(ARTICLE)) == 51
        assert len(store.get_cached([f"k{i}" for i in range(200)])) == 200


# -- two stores on one file ----------------------------------------------------------------


def test_two_stores_on_one_file_keep_both_sets_and_read_fresh(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with TriageStore(db) as left, TriageStore(db) as right:
        for i in range(20):
            left.set_decision(ARTICLE, f"left-{i}", Decision.KEEP, None)
            right.set_decision(ARTICLE, f"right-{i}", Decision.HIDE, f"note {i}")
            # Each sees the other's latest write at once.
            assert f"right-{i}" in left.load(ARTICLE)
            assert f"left-{i}" in right.load(ARTICLE)
        left.set_decision(ARTICLE, "shared", Decision.KEEP, None)
        right.set_decision(ARTICLE, "shared", Decision.FLAG, "second word wins")
        assert left.load(ARTICLE)["shared"].decision is Decision.FLAG
    with TriageStore(db) as store:
        records = store.load(ARTICLE)
        assert len(records) == 41
        assert all(records[f"left-{i}"].decision is Decision.KEEP for i in range(20))
        assert all(records[f"right-{i}"].note == f"note {i}" for i in range(20))
        # Both words on "shared" are in the history.
        shared = store.history(ARTICLE, "shared")
        assert [h.new_decision for h in shared] == [Decision.KEEP, Decision.FLAG]
        assert shared[0].session != shared[1].session


# -- the cache never holds up a decision ---------------------------------------------------


class _ParkedItems(Mapping[str, str]):
    """Cache entries whose writing stops after the first one until released: a long flush
    caught in the middle, holding whatever the cache holds while it writes."""

    def __init__(self, count: int) -> None:
        self.entries = {f"k{i}": str(i) for i in range(count)}
        self.writing = threading.Event()
        self.release = threading.Event()

    def __getitem__(self, key: str) -> str:
        return self.entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def items(self) -> Iterator[tuple[str, str]]:  # type: ignore[override]
        for n, item in enumerate(self.entries.items()):
            if n == 1:
                self.writing.set()
                assert self.release.wait(STUCK_SECONDS)
            yield item


STUCK_SECONDS = 30.0


def test_a_decision_never_waits_for_a_cache_flush(tmp_path: Path) -> None:
    """While the analysis worker is mid-flush, a keypress's decision is written at once."""
    with TriageStore(tmp_path / "t.db") as store:
        items = _ParkedItems(5_000)
        flush = threading.Thread(target=store.put_cached, args=(items,))
        flush.start()
        try:
            assert items.writing.wait(STUCK_SECONDS)
            decided: list[TriageRecord] = []
            keypress = threading.Thread(
                target=lambda: decided.append(store.set_decision(ARTICLE, "c1", Decision.KEEP))
            )
            keypress.start()
            keypress.join(timeout=5)
            finished = not keypress.is_alive()
        finally:
            items.release.set()
            flush.join()
        keypress.join()
        assert finished, "the decision waited for the cache flush"
        assert decided == [TriageRecord("c1", Decision.KEEP, None)]
        assert len(store.get_cached(list(items.entries))) == 5_000


def test_the_cache_is_its_own_file_beside_the_database(tmp_path: Path) -> None:
    db = tmp_path / "triage.sqlite3"
    with TriageStore(db) as store:
        store.put_cached({"k": "v"})
        assert store.cache.path == tmp_path / "analysis-cache.sqlite3"
    with TriageStore(tmp_path / "other.sqlite3") as store:
        assert store.get_cached(["k"]) == {"k": "v"}  # keys are content hashes: shareable
    raw = sqlite3.connect(db)
    try:
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        raw.close()
    assert "analysis_cache" not in tables


# -- analysis cache ------------------------------------------------------------------------


def test_cache_put_get_replace_and_missing_keys(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    with TriageStore(db) as store:
        assert store.get_cached([]) == {}
        store.put_cached({})
        store.put_cached({"k1": '{"a": 1}', "k2": '{"b": 2}'})
        store.put_cached({"k2": '{"b": 3}'})
        assert store.get_cached(["k1", "k2", "k1", "missing"]) == {
            "k1": '{"a": 1}',
            "k2": '{"b": 3}',
        }
    with TriageStore(db) as store:
        assert store.get_cached(("k2",)) == {"k2": '{"b": 3}'}


def test_cache_handles_100k_keys_in_one_call(tmp_path: Path) -> None:
    items = {hashlib.sha256(str(i).encode()).hexdigest(): f'{{"n": {i}}}' for i in range(100_000)}
    with TriageStore(tmp_path / "t.db") as store:
        store.put_cached(items)
        keys = list(items)
        asked = keys[::2] + ["absent-" + k for k in keys[:1000]]
        found = store.get_cached(asked)
    assert len(found) == 50_000
    assert all(found[k] == items[k] for k in keys[::2])


def test_thread_records_keep_only_the_latest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "t.db"
    clock = iter(range(1_000_000))
    monkeypatch.setattr(time, "time", lambda: float(next(clock)))  # as the cache reads it
    kept = cache_module.THREAD_RECORDS_KEPT
    with TriageStore(db) as store:
        assert store.get_thread("t0") is None
        for n in range(kept + 3):
            store.put_thread(f"t{n}", f"record {n}".encode())
        store.put_thread("t1", b"stored again")  # now the latest: kept
    with TriageStore(db) as store:
        assert store.get_thread("t0") is None
        assert store.get_thread("t2") is None
        assert store.get_thread("t1") == b"stored again"
        assert store.get_thread(f"t{kept + 2}") == f"record {kept + 2}".encode()
        found = [n for n in range(kept + 3) if store.get_thread(f"t{n}") is not None]
    assert len(found) == kept


# -- schema versions and migration ---------------------------------------------------------


def build_v1(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in V1_DDL:
        conn.execute(statement)
    conn.execute(
        "INSERT INTO decisions VALUES (?, 'c1', 'flag', 'from v1', '2025-01-01T00:00:00+00:00')",
        (ARTICLE,),
    )
    conn.execute(
        "INSERT INTO history (article, comment, old_decision, old_note, new_decision, new_note,"
        " at, session) VALUES (?, 'c1', NULL, NULL, 'flag', 'from v1',"
        " '2025-01-01T00:00:00+00:00', 'old-session')",
        (ARTICLE,),
    )
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_v1_database_is_backed_up_then_migrated_keeping_its_data(tmp_path: Path) -> None:
    db = tmp_path / "triage.sqlite3"
    build_v1(db)
    v1_bytes = db.read_bytes()
    with TriageStore(db) as store:
        assert store.load(ARTICLE) == {"c1": TriageRecord("c1", Decision.FLAG, "from v1")}
        (old,) = store.history(ARTICLE)
        assert old.session == "old-session" and old.new_note == "from v1"
        store.put_cached({"k": "v"})  # the v2 table is there
        assert store.get_cached(["k"]) == {"k": "v"}
        store.put_thread("t", b"record")  # and the v3 one
        assert store.get_thread("t") == b"record"
        store.set_decision(ARTICLE, "c2", Decision.KEEP, None)
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == DATABASE_VERSION == 5
        # The cache lives in its own file now, not in the decision database.
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "analysis_cache" not in tables and "thread_cache" not in tables
    finally:
        raw.close()

    backups = sorted(tmp_path.glob("triage.sqlite3.bak-v1-*"))
    assert len(backups) == 1
    stamp = backups[0].name.removeprefix("triage.sqlite3.bak-v1-")
    datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")
    # The backup is a self-contained v1 database holding the v1 data, nothing newer.
    assert not Path(f"{backups[0]}-wal").exists()
    copy = sqlite3.connect(backups[0])
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert copy.execute("SELECT comment, decision, note FROM decisions").fetchall() == [
            ("c1", "flag", "from v1")
        ]
        tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "analysis_cache" not in tables
    finally:
        copy.close()
    assert len(v1_bytes) > 0

    # Opening again (already current) makes no further backup.
    TriageStore(db).close()
    assert len(list(tmp_path.glob("triage.sqlite3.bak-*"))) == 1


def test_new_database_gets_no_backup(tmp_path: Path) -> None:
    make_db(tmp_path / "t.db")
    make_db(tmp_path / "t.db")
    assert sorted(p.name for p in tmp_path.iterdir() if "bak" in p.name) == []


def test_each_migration_is_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "t.db"
    make_db(db)
    broken = (
        "CREATE TABLE half_done (x)",
        "CREATE TABLE this is not sql",
    )
    schema = decisions_module.SCHEMA
    longer = msgspec.structs.replace(schema, migrations=(*schema.migrations, broken))
    monkeypatch.setattr(decisions_module, "SCHEMA", longer)
    with pytest.raises(StoreError) as caught:
        TriageStore(db)
    assert str(db) in one_line(caught.value)
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == DATABASE_VERSION
        names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in names
    finally:
        raw.close()
    monkeypatch.undo()
    with TriageStore(db) as store:
        assert store.load(ARTICLE)["c1"].note == "fine"
    # Backed up before trying.
    assert len(list(tmp_path.glob(f"t.db.bak-v{DATABASE_VERSION}-*"))) == 1


def test_the_shipped_migrations_match_the_frozen_v1_schema(tmp_path: Path) -> None:
    """Editing a released migration would make new v1 files differ from old ones."""
    normal = [" ".join(s.split()) for s in decisions_module.MIGRATIONS[0]]
    assert normal == [" ".join(s.split()) for s in V1_DDL]


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path, journal_mode: str) -> None:
    db = tmp_path / "t.db"
    make_db(db)
    set_user_version(db, DATABASE_VERSION + 7, journal_mode)
    before = sha256(db)
    with pytest.raises(StoreError) as caught:
        TriageStore(db)
    assert one_line(caught.value) == (
        f"{db}: made by a newer version of Reader (schema {DATABASE_VERSION + 7}, this one knows "
        f"{DATABASE_VERSION}); upgrade Reader or use --db with another file"
    )
    assert sha256(db) == before
    assert list(tmp_path.glob("*.bak-*")) == []


# -- files that are not a usable database ---------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"just some text, not a database\n",
        os.urandom(8192),
        b"SQLite format 3\x00" + b"\xff" * 8176,  # right magic, garbage header and pages
    ],
    ids=["text", "random", "garbled-sqlite"],
)
def test_not_a_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "t.db"
    db.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        TriageStore(db)
    message = one_line(caught.value)
    assert message.startswith(f"{db}: ")
    assert "database" in message
    assert db.read_bytes() == content
    assert list(tmp_path.iterdir()) == [db]


def test_damaged_schema_page_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    make_db(db)
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # wreck page 1 below the header: sqlite_master
    db.write_bytes(bytes(data))
    before = sha256(db)
    with pytest.raises(StoreError) as caught:
        TriageStore(db)
    assert one_line(caught.value).startswith(f"{db}: ")
    assert sha256(db) == before


def test_a_sqlite_database_reader_did_not_make_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "photos.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = sha256(db)
    with pytest.raises(StoreError) as caught:
        TriageStore(db)
    assert one_line(caught.value).startswith(f"{db}: ")
    assert sha256(db) == before


@pytest.mark.parametrize(
    ("version", "tables", "expected"),
    [
        (-1, [], "impossible schema version (-1)"),
        (-(2**31), ["CREATE TABLE decisions (x)"], "impossible schema version"),
        (2, [], "did not make"),
        (1, ["CREATE TABLE photos (id)"], "did not make"),
    ],
    ids=["minus-one", "most-negative", "version-without-tables", "version-with-other-tables"],
)
def test_an_impossible_user_version_is_one_clear_line(
    tmp_path: Path, version: int, tables: list[str], expected: str
) -> None:
    """Issue 11 item 3: never IndexError or "table already exists", and the file untouched."""
    db = tmp_path / "t.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for statement in tables:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    before = sha256(db)
    with pytest.raises(StoreError) as caught:
        TriageStore(db)
    message = one_line(caught.value)
    assert message.startswith(f"{db}: ") and expected in message
    assert "use --db with another file" in message
    assert caught.value.__cause__ is None
    assert sha256(db) == before
    assert list(tmp_path.iterdir()) == [db]


def test_a_schema_created_by_another_process_while_checking_is_not_foreign(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two Readers creating one new file: the second must not see the first one's half-made
    state (version 0 read before its commit, tables listed after) as a foreign database."""
    db = tmp_path / "triage.sqlite3"
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("PRAGMA journal_mode = WAL")  # as the first Reader does before migrating
    real_connect = sqlite3.connect
    created: list[bool] = []

    def create_schema_now(statement: str) -> None:
        if "sqlite_master" in statement and not created:
            created.append(True)
            other.execute("BEGIN IMMEDIATE")
            for migration in decisions_module.MIGRATIONS:
                for ddl in migration:
                    other.execute(ddl)
            other.execute(f"PRAGMA user_version = {DATABASE_VERSION}")
            other.execute("COMMIT")

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = real_connect(*args, **kwargs)
        if kwargs.get("uri"):  # the read-only look before opening
            conn.set_trace_callback(create_schema_now)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)
    try:
        with TriageStore(db) as store:
            store.set_decision(ARTICLE, "c1", Decision.KEEP, None)
            assert set(store.load(ARTICLE)) == {"c1"}
    finally:
        other.close()
    assert created == [True]


def test_empty_file_becomes_a_database(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    db.touch()
    with TriageStore(db) as store:
        store.set_decision(ARTICLE, "c1", Decision.KEEP, None)
        assert store.load(ARTICLE)["c1"].decision is Decision.KEEP


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        TriageStore(tmp_path)
    assert one_line(caught.value).startswith(f"{tmp_path}: ")


def test_parent_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(StoreError) as caught:
        TriageStore(blocker / "sub" / "t.db")
    assert str(blocker / "sub" / "t.db") in one_line(caught.value)


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root"
)
def test_unwritable_directory_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(StoreError) as caught:
            TriageStore(locked / "t.db")
        assert str(locked / "t.db") in one_line(caught.value)
    finally:
        locked.chmod(0o700)


def test_creates_missing_parent_directories(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "t.db"
    with TriageStore(db) as store:
        store.set_decision(ARTICLE, "c1", Decision.KEEP, None)
    assert db.is_file()


def test_closed_store_raises_store_error_and_close_is_idempotent(tmp_path: Path) -> None:
    store = TriageStore(tmp_path / "t.db")
    store.close()
    store.close()
    with pytest.raises(StoreError):
        store.load(ARTICLE)
    with pytest.raises(StoreError):
        store.set_decision(ARTICLE, "c1", Decision.KEEP, None)
    with pytest.raises(StoreError):
        store.get_cached(["k"])


def test_v1_with_pages_still_in_its_wal_is_backed_up_whole(tmp_path: Path) -> None:
    """A v1 Reader that crashed leaves decisions only in the -wal file; the backup has them."""
    db = tmp_path / "triage.sqlite3"
    build_v1(db)
    old = sqlite3.connect(db, isolation_level=None)
    old.execute("PRAGMA journal_mode = WAL")
    old.execute("PRAGMA wal_autocheckpoint = 0")
    old.execute(
        "INSERT INTO decisions VALUES (?, 'c9', 'hide', 'only in the wal', '2025-01-02')",
        (ARTICLE,),
    )
    try:
        assert Path(f"{db}-wal").stat().st_size > 0
        with TriageStore(db) as store:
            assert store.load(ARTICLE)["c9"].note == "only in the wal"
    finally:
        old.close()
    (backup,) = tmp_path.glob("triage.sqlite3.bak-v1-*")
    copy = sqlite3.connect(backup)
    try:
        notes = {r[0] for r in copy.execute("SELECT note FROM decisions")}
    finally:
        copy.close()
    assert notes == {"from v1", "only in the wal"}


@pytest.mark.parametrize("name", ["with space", "q?mark#hash%25", "ünï 🙂"])
def test_paths_with_uri_special_characters(tmp_path: Path, name: str) -> None:
    db = tmp_path / name / f"{name}.sqlite3"
    make_db(db)
    set_user_version(db, DATABASE_VERSION + 1)
    with pytest.raises(StoreError, match="newer version"):
        TriageStore(db)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_refused() -> None:
    with pytest.raises(StoreError) as caught:
        TriageStore(Path("/dev/null"))
    assert one_line(caught.value).startswith("/dev/null: ")


def test_a_full_disk_is_a_store_error_and_loses_nothing(tmp_path: Path) -> None:
    """A decision that cannot be written says so (the cache instead gives up quietly:
    test_analysis_cache.py)."""
    db = tmp_path / "t.db"
    with TriageStore(db) as store:
        store.set_decision(ARTICLE, "c1", Decision.KEEP, "before")
        conn = decisions_conn(store)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # stands in for a full disk
        with pytest.raises(StoreError) as caught:
            store.set_note(ARTICLE, "c1", "x" * 100_000)
        assert one_line(caught.value).startswith(f"{db}: ")
        assert store.load(ARTICLE)["c1"].note == "before"  # the change was rolled back
        assert len(store.history(ARTICLE)) == 1
        conn.execute("PRAGMA max_page_count = 1073741823")
        store.set_decision(ARTICLE, "c2", Decision.FLAG, None)  # and the store still works
        assert set(store.load(ARTICLE)) == {"c1", "c2"}


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("where", ["/proc/t.db", "/proc/reader-no-such-dir/t.db"])
def test_a_place_no_one_can_write_is_refused(where: str) -> None:
    """Unwritable even for root, so this runs where the chmod test is skipped."""
    with pytest.raises(StoreError) as caught:
        TriageStore(Path(where))
    assert one_line(caught.value).startswith(f"{where}: ")
    assert not Path(where).exists()
