"""An export you can trust: a mistyped `--db` is said, not exported as "no decisions"; opening
the app on a new database says where it is; the atomic writer never leaves a temporary file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_app import make_app, toasts
from waiting import wait_until

from reader import cli
from reader.errors import StoreError
from reader.export import write_text_atomically
from reader.formats import load_article, sample_path
from reader.model import Decision
from reader.storage.db import Database
from reader.storage.decisions import SCHEMA
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp
from reader.tui.notices import Notice

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal.txt"


def reader(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader", *map(str, argv)],
        capture_output=True, text=True, timeout=120,
        check=False,  # the exit code is the point
    )  # fmt: skip


def tree(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# -- a --db that is not there -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["export", "analyze"])
@pytest.mark.parametrize("where", ["typo.db", "no/such/folder/typo.db"])
def test_a_missing_db_is_one_line_a_failure_and_creates_nothing(
    command: str, where: str, tmp_path: Path
) -> None:
    before = tree(tmp_path)
    result = reader(command, "--db", tmp_path / where, PAGE)
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == f"reader: {tmp_path / where}: no such database (check the path; " \
        "'reader PAGE --db PATH' creates one)"
    assert tree(tmp_path) == before


def test_a_missing_db_is_named_inertly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "t\x1b]0;pwned\x07\u202e.db"
    assert cli.main(["export", "--db", str(db), str(PAGE)]) == cli.EXIT_FAILED
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\u202e" not in err and "\x07" not in err
    assert "t^[]0;pwned^G<U+202E>.db: no such database" in err
    assert not db.exists()


def test_an_existing_db_exports_its_decisions_and_caches_beside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, page = tmp_path / "triage.sqlite3", sample_path()
    article = load_article(page)
    with TriageStore(db) as store:
        store.set_decision(article.content_hash, article.comments[0].id, Decision.KEEP, None)
    assert cli.main(["export", "--db", str(db), "--format", "csv", str(page)]) == 0
    assert ",keep," in capsys.readouterr().out
    assert cli.main(["analyze", "--db", str(db), str(PAGE)]) == 0  # the cache beside it
    assert (tmp_path / "analysis-cache.sqlite3").exists()


def test_the_store_refuses_to_make_a_missing_file_when_told_not_to(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "triage.sqlite3"
    with pytest.raises(StoreError, match="no such database"):
        TriageStore(db, create=False)
    assert tree(tmp_path) == []
    with TriageStore(db):  # the default still makes it, folders and all
        pass
    with TriageStore(db, create=False) as store:
        assert store.load("x") == {}


def test_a_db_removed_while_opening_is_not_recreated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's read-write mode, not only the first look, refuses a missing file."""
    monkeypatch.setattr(Database, "_prepare_location", lambda self: None)  # "it was there"
    with pytest.raises(StoreError, match="no such database"):
        Database(tmp_path / "gone.db", SCHEMA, create=False)
    assert tree(tmp_path) == []


# -- the app may create it, and says where -----------------------------------------------------


def _opened_apps(monkeypatch: pytest.MonkeyPatch) -> list[ReaderApp]:
    opened: list[ReaderApp] = []

    def run(self: ReaderApp, *args: Any, **kwargs: Any) -> None:
        opened.append(self)

    monkeypatch.setattr(ReaderApp, "run", run)
    return opened


def test_opening_the_app_on_a_new_db_creates_it_and_says_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened = _opened_apps(monkeypatch)
    db = tmp_path / "new" / "triage.sqlite3"
    assert cli.main([str(PAGE), "--db", str(db)]) == 0
    assert db.is_file()
    notices = opened[0].startup_notices
    assert [n.text for n in notices] == [f"Created a new triage database: {db}"]
    assert capsys.readouterr().err == ""  # said in the app, where it is seen
    assert cli.main([str(PAGE), "--db", str(db)]) == 0  # the second time: nothing to say
    assert opened[1].startup_notices == ()


def test_the_app_exports_beside_the_page_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = _opened_apps(monkeypatch)
    monkeypatch.chdir(PAGE.parent)
    assert cli.main([PAGE.name, "--db", str(tmp_path / "t.db")]) == 0
    assert opened[0].export_dir == PAGE.parent  # absolute: a later chdir does not move it
    assert cli.main(["--db", str(tmp_path / "t.db")]) == 0  # the sample: the data directory
    assert opened[1].export_dir is None


async def test_the_app_shows_the_new_database_notice() -> None:
    app = make_app(notices=[Notice("Created a new triage database: /x/[b]y.db")])
    async with app.run_test(size=(120, 40)) as pilot:
        wanted = "Created a new triage database: /x/[b]y.db"
        assert await wait_until(pilot, lambda: wanted in toasts(app))


# -- the atomic writer never leaves a temporary file -------------------------------------------


def _fail(*args: Any, **kwargs: Any) -> Any:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("step", ["fdopen", "fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    step: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(os, step, _fail)
    with pytest.raises(OSError, match="No space left"):
        write_text_atomically(target, "new")
    monkeypatch.undo()
    assert tree(tmp_path) == ["out.json"]
    assert target.read_text(encoding="utf-8") == "old"


def test_a_directory_as_the_target_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(OSError):
        write_text_atomically(tmp_path / "out", "new")
    assert tree(tmp_path) == ["out"]


def test_a_long_name_still_fits_its_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 250 + ".csv")
    write_text_atomically(target, "a,b\r\n", newline="")
    assert target.read_bytes() == b"a,b\r\n"
    assert tree(tmp_path) == [target.name]


def test_the_sample_exports_with_the_default_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --db the default database is used (and made on first use), as before."""
    monkeypatch.setattr(cli, "default_db_path", lambda: tmp_path / "data" / "triage.sqlite3")
    assert cli.main(["export", "--format", "csv", str(sample_path())]) == 0
    assert capsys.readouterr().out.startswith("id,")
    assert (tmp_path / "data" / "triage.sqlite3").is_file()
