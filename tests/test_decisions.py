"""Two windows on one database: neither loses the other's note or decision (issue 11 item 1).

Each window is a TriageSession over its own TriageStore on the same file, as two `reader`
processes are. Window B is opened first, so its copy of every record is stale by the time it
acts; every change must still touch only the field it changes, and undo put back only that
field, as the database held it just before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import reader.storage.decisions as decisions_module
from reader.model import Decision, TriageRecord
from reader.storage.decisions import DATABASE_VERSION, DecisionStore, Edit
from reader.storage.store import TriageStore
from reader.view.triage import TriageSession

ARTICLE = "e" * 64


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "triage.sqlite3"


@pytest.fixture
def windows(db: Path) -> Iterator[tuple[TriageSession, TriageSession, TriageStore]]:
    """Windows A and B, both opened (and so both read every record) before either acts,
    and a third store to look at what the file holds."""
    with TriageStore(db) as a, TriageStore(db) as b, TriageStore(db) as look:
        yield (
            TriageSession(ARTICLE, a, a.load(ARTICLE)),
            TriageSession(ARTICLE, b, b.load(ARTICLE)),
            look,
        )


def stored(look: TriageStore) -> TriageRecord | None:
    return look.load(ARTICLE).get("c1")


def test_keep_in_b_keeps_the_note_written_in_a(
    windows: tuple[TriageSession, TriageSession, TriageStore],
) -> None:
    a, b, look = windows
    a.annotate("c1", "check the date")
    b.decide("c1", Decision.KEEP)
    assert stored(look) == TriageRecord("c1", Decision.KEEP, "check the date")
    # B's session now shows the fresh record, with A's note.
    assert b.record("c1") == TriageRecord("c1", Decision.KEEP, "check the date")


def test_a_note_in_b_keeps_the_flag_set_in_a(
    windows: tuple[TriageSession, TriageSession, TriageStore],
) -> None:
    a, b, look = windows
    a.decide("c1", Decision.FLAG)
    b.annotate("c1", "spam?")
    assert stored(look) == TriageRecord("c1", Decision.FLAG, "spam?")
    assert b.record("c1").decision is Decision.FLAG


def test_undo_in_b_puts_back_only_its_own_field(
    windows: tuple[TriageSession, TriageSession, TriageStore],
) -> None:
    a, b, look = windows
    a.annotate("c1", "check the date")
    b.decide("c1", Decision.KEEP)
    b.undo()
    assert stored(look) == TriageRecord("c1", None, "check the date")
    assert b.record("c1") == TriageRecord("c1", None, "check the date")


def test_undo_of_a_note_in_b_keeps_the_decision_made_in_a(
    windows: tuple[TriageSession, TriageSession, TriageStore],
) -> None:
    a, b, look = windows
    b.annotate("c1", "first look")
    a.decide("c1", Decision.HIDE)
    change = b.undo()
    assert change is not None and change.field == "note"
    assert stored(look) == TriageRecord("c1", Decision.HIDE, None)


def test_undo_in_b_restores_what_the_file_held_not_what_b_had_shown(
    windows: tuple[TriageSession, TriageSession, TriageStore],
) -> None:
    a, b, look = windows
    a.decide("c1", Decision.FLAG)
    a.annotate("c1", "from a")
    b.decide("c1", Decision.KEEP)  # B still shows c1 untriaged
    b.annotate("c1", "from b")
    b.undo()
    assert stored(look) == TriageRecord("c1", Decision.KEEP, "from a")
    b.undo()
    assert stored(look) == TriageRecord("c1", Decision.FLAG, "from a")
    assert not b.can_undo
    # Every step is in the history, each touching one field.
    steps = [(h.new_decision, h.new_note) for h in look.history(ARTICLE, "c1")]
    assert steps == [
        (Decision.FLAG, None),
        (Decision.FLAG, "from a"),
        (Decision.KEEP, "from a"),
        (Decision.KEEP, "from b"),
        (Decision.KEEP, "from a"),
        (Decision.FLAG, "from a"),
    ]


def test_refresh_reads_one_comment_fresh(
    windows: tuple[TriageSession, TriageSession, TriageStore],
) -> None:
    a, b, _ = windows
    a.decide("c1", Decision.FLAG)
    a.annotate("c2", "elsewhere")
    assert b.record("c1").decision is None
    assert b.refresh("c1") == TriageRecord("c1", Decision.FLAG, None)
    assert b.records == {"c1": TriageRecord("c1", Decision.FLAG, None)}  # c2 not re-read
    a.decide("c1", None)
    assert b.refresh("c1") == TriageRecord("c1", None, None)
    assert "c1" not in b.records
    assert TriageSession(ARTICLE, None).refresh("c9") == TriageRecord("c9", None, None)


# -- the store's single-field changes --------------------------------------------------------


def test_set_decision_and_set_note_each_leave_the_other_field(db: Path) -> None:
    with DecisionStore(db) as a, DecisionStore(db) as b:
        assert a.set_note(ARTICLE, "c1", "why") == TriageRecord("c1", None, "why")
        assert b.set_decision(ARTICLE, "c1", Decision.KEEP) == TriageRecord(
            "c1", Decision.KEEP, "why"
        )
        assert a.set_note(ARTICLE, "c1", "") == TriageRecord("c1", Decision.KEEP, None)
        assert b.set_decision(ARTICLE, "c1", None) == TriageRecord("c1", None, None)
        assert a.load(ARTICLE) == {}
        assert a.record(ARTICLE, "c1") == TriageRecord("c1", None, None)
        # Both given: both set in one change (filling a database).
        assert b.set_decision(ARTICLE, "c1", Decision.HIDE, "both") == TriageRecord(
            "c1", Decision.HIDE, "both"
        )
        assert len(a.history(ARTICLE, "c1")) == 5


def test_change_reports_the_record_before_from_inside_its_transaction(db: Path) -> None:
    with DecisionStore(db) as a, DecisionStore(db) as b:
        a.set_decision(ARTICLE, "c1", Decision.FLAG, "n")
        edit = b.change_decision(ARTICLE, "c1", Decision.KEEP)
        assert edit == Edit(
            TriageRecord("c1", Decision.FLAG, "n"), TriageRecord("c1", Decision.KEEP, "n")
        )
        assert b.change_note(ARTICLE, "c1", "m").before == TriageRecord("c1", Decision.KEEP, "n")
        # A change that changes nothing is reported but not logged.
        same = a.change_note(ARTICLE, "c1", "m")
        assert same.before == same.after
        assert len(a.history(ARTICLE, "c1")) == 3


def test_every_single_field_change_is_one_begin_immediate(db: Path) -> None:
    with DecisionStore(db) as store:
        statements: list[str] = []
        conn = store._db._conn
        assert conn is not None
        conn.set_trace_callback(statements.append)
        store.set_note(ARTICLE, "c1", "n")
        store.set_decision(ARTICLE, "c1", Decision.FLAG)
    begins = [s for s in statements if s.upper().startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]
    # The read that decides what to write is inside the transaction, after BEGIN.
    first_select = next(i for i, s in enumerate(statements) if s.startswith("SELECT"))
    assert statements.index("BEGIN IMMEDIATE") < first_select


# -- the v3 -> v4 migration: the cache leaves the decision database ----------------------------


def test_v3_database_drops_its_cache_tables_after_a_backup(db: Path) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    for migration in decisions_module.MIGRATIONS[:3]:
        for statement in migration:
            conn.execute(statement)
    conn.execute("INSERT INTO decisions VALUES (?, 'c1', 'keep', 'v3', '2025-01-01')", (ARTICLE,))
    conn.execute("INSERT INTO analysis_cache VALUES ('k', '{}')")
    conn.execute("INSERT INTO thread_cache VALUES ('t', x'00', 1.0)")
    conn.execute("PRAGMA user_version = 3")
    conn.close()
    with DecisionStore(db) as store:
        assert store.load(ARTICLE) == {"c1": TriageRecord("c1", Decision.KEEP, "v3")}
    raw = sqlite3.connect(db)
    try:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == DATABASE_VERSION == 5
        tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        raw.close()
    assert {"decisions", "history"} <= tables
    assert not tables & {"analysis_cache", "thread_cache"}
    (backup,) = db.parent.glob("triage.sqlite3.bak-v3-*")
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("SELECT key FROM analysis_cache").fetchall() == [("k",)]
    finally:
        copy.close()


# -- one action over many comments, and undo after a restart -----------------------------------


def test_a_bulk_action_is_one_transaction_and_touches_only_the_decision(db: Path) -> None:
    from reader.model.triage import FieldChange

    ids = [f"c{n}" for n in range(200)]  # more than are read one by one
    with DecisionStore(db) as store:
        store.set_note(ARTICLE, "c7", "keep me")
        statements: list[str] = []
        conn = store._db._conn
        assert conn is not None
        conn.set_trace_callback(statements.append)
        edits = store.write_action(
            ARTICLE, "act-1", [FieldChange(cid, "decision", Decision.FLAG) for cid in ids])
        conn.set_trace_callback(None)
        assert [s for s in statements if s.upper().startswith("BEGIN")] == ["BEGIN IMMEDIATE"]
        assert edits is not None and len(edits) == 200
        assert edits[7] == Edit(TriageRecord("c7", None, "keep me"),
                                TriageRecord("c7", Decision.FLAG, "keep me"))
        assert store.last_action(ARTICLE, store.history_mark()) is not None
        found = store.last_action(ARTICLE, store.history_mark())
        assert found is not None and found[0] == "act-1" and len(found[1]) == 200


def test_an_undo_marks_what_it_undid_and_is_never_undone_itself(db: Path) -> None:
    from reader.model.triage import FieldChange

    with DecisionStore(db) as store:
        store.write_action(ARTICLE, "one", [FieldChange("c1", "decision", Decision.KEEP)])
        store.write_action(ARTICLE, "two", [FieldChange("c1", "note", "n")])
        undo = store.write_action(ARTICLE, "undo-two", [FieldChange("c1", "note", None)],
                                  undoes="two")
        assert undo == [Edit(TriageRecord("c1", Decision.KEEP, "n"),
                             TriageRecord("c1", Decision.KEEP, None))]
        found = store.last_action(ARTICLE, store.history_mark())
        assert found is not None and found[0] == "one"  # not "two", not the undo
        assert store.write_action(ARTICLE, "again", [], undoes="two") is None
        entries = {h.action: h for h in store.history(ARTICLE)}
        assert entries["two"].undone_by == "undo-two"
        assert entries["undo-two"].undoes == "two"
        newest = store.history(ARTICLE, newest_first=True, limit=1)
        assert [h.action for h in newest] == ["undo-two"]
