"""The analysis cache: its own file, and skipped with one warning when it cannot be used.

Issue 11 item 4: a full disk aborted `reader analyze` with exit 1 because a cache write failed.
The cache is a speed-up, so a cache that cannot be opened, read or written is now skipped.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import reader.storage.db as db_module
from reader.errors import StoreError
from reader.model import Decision
from reader.storage.analysis_cache import DATABASE_VERSION, AnalysisCacheStore, cache_path_for
from reader.storage.decisions import DecisionStore
from reader.storage.store import TriageStore

ARTICLE = "f" * 64


class FullDiskConnection(sqlite3.Connection):
    """A connection on a full disk: writing the cache tables fails as SQLite reports it."""

    def _check(self, sql: str) -> None:
        if "INTO analysis_cache" in sql or "INTO thread_cache" in sql:
            raise sqlite3.OperationalError("database or disk is full")

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return super().execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return super().executemany(sql, *args)


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        kwargs.setdefault("factory", FullDiskConnection)
        conn: sqlite3.Connection = real_connect(*args, **kwargs)
        return conn

    monkeypatch.setattr(sqlite3, "connect", connect)


def collect() -> tuple[list[str], Callable[[str], None]]:
    warnings: list[str] = []
    return warnings, warnings.append


def test_a_full_disk_turns_the_cache_off_with_one_warning(tmp_path: Path, full_disk: None) -> None:
    warnings, warn = collect()
    with TriageStore(tmp_path / "t.db", warn=warn) as store:
        store.put_cached({f"k{i}": "x" for i in range(100)})  # no exception
        store.put_thread("t", b"record")
        store.put_cached({"k": "x"})
        assert store.get_cached(["k0"]) == {}
        assert store.get_thread("t") is None
        assert not store.cache.usable
        store.set_decision(ARTICLE, "c1", Decision.KEEP)  # decisions are not affected
        assert store.load(ARTICLE)["c1"].decision is Decision.KEEP
    assert len(warnings) == 1
    assert warnings[0] == (
        f"{tmp_path / 'analysis-cache.sqlite3'}: cannot write the database "
        "(database or disk is full)"
    )


def test_reader_analyze_goes_on_when_the_cache_disk_is_full(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], full_disk: None
) -> None:
    from reader.cli import main
    from reader.formats import sample_path

    db = tmp_path / "triage.sqlite3"
    DecisionStore(db).close()  # a --db named on the command line must exist
    assert main(["analyze", "--db", str(db), str(sample_path())]) == 0
    out, err = capsys.readouterr()
    cache = tmp_path / "analysis-cache.sqlite3"
    assert err.splitlines() == [
        f"reader: cache not used: {cache}: cannot write the database (database or disk is full)"
    ]
    assert main(["analyze", "--no-cache", str(sample_path())]) == 0
    assert capsys.readouterr().out == out


@pytest.mark.parametrize(
    "content",
    [b"not a cache at all\n", b"SQLite format 3\x00" + b"\xff" * 8176],
    ids=["text", "garbled-sqlite"],
)
def test_an_unusable_cache_file_is_skipped_and_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    cache = cache_path_for(tmp_path / "t.db")
    cache.write_bytes(content)
    warnings, warn = collect()
    with TriageStore(tmp_path / "t.db", warn=warn) as store:
        store.put_cached({"k": "v"})
        assert store.get_cached(["k"]) == {}
        store.set_decision(ARTICLE, "c1", Decision.FLAG, "still saved")
    assert len(warnings) == 1 and warnings[0].startswith(f"{cache}: ")
    assert cache.read_bytes() == content


def test_a_cache_from_a_newer_reader_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "analysis-cache.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {DATABASE_VERSION + 1}")
    conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    warnings, warn = collect()
    with AnalysisCacheStore(path, warn) as cache:
        assert cache.get_cached(["k"]) == {}
    assert warnings == [
        (
            f"{path}: made by a newer version of Reader (schema {DATABASE_VERSION + 1}, this one "
            f"knows {DATABASE_VERSION}); upgrade Reader or remove it to start a new cache"
        )
    ]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_cache_busy_past_the_timeout_is_skipped_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "analysis-cache.sqlite3"
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_SECONDS", 0.1)
    warnings, warn = collect()
    with AnalysisCacheStore(path, warn) as cache:
        blocker = sqlite3.connect(path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            cache.put_cached({"k": "v"})
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
    assert len(warnings) == 1 and "busy" in warnings[0]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_a_cache_that_cannot_be_created_is_skipped() -> None:
    warnings, warn = collect()
    with AnalysisCacheStore(Path("/proc/reader-no-such-dir/c.sqlite3"), warn) as cache:
        cache.put_cached({"k": "v"})
        assert cache.get_cached(["k"]) == {}
        assert cache.get_thread("t") is None
    assert len(warnings) == 1


def test_round_trip_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    with AnalysisCacheStore(path) as cache:
        assert cache.usable
        cache.put_cached({"a": "1", "b": "2"})
        cache.put_thread("t", b"\x00record")
    with AnalysisCacheStore(path) as cache:
        assert cache.get_cached(["a", "b", "c"]) == {"a": "1", "b": "2"}
        assert cache.get_thread("t") == b"\x00record"


def test_a_closed_cache_is_a_mistake_not_a_warning(tmp_path: Path) -> None:
    warnings, warn = collect()
    cache = AnalysisCacheStore(tmp_path / "c.sqlite3", warn)
    cache.close()
    cache.close()
    for use in (
        lambda: cache.get_cached(["k"]),
        lambda: cache.put_cached({"k": "v"}),
        lambda: cache.get_thread("t"),
        lambda: cache.put_thread("t", b""),
    ):
        with pytest.raises(StoreError):
            use()
    assert warnings == []
