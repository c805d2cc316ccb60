"""Durability against the real file: a killed process and two processes writing at once.

A decision the app has shown as saved must survive the process being killed, and two windows
on one database must both keep everything they wrote (SPEC section 4).
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reader.model import Decision
from reader.storage.store import TriageStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")

ARTICLE = "d" * 64
# Not a timing assertion: only how long to wait before deciding a child is stuck.
STUCK_SECONDS = 60.0

WRITE_FOREVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.model import Decision
    from reader.storage.store import TriageStore

    store = TriageStore(Path(sys.argv[1]))
    prefix = sys.argv[2]
    decisions = [Decision.KEEP, Decision.FLAG, Decision.HIDE]
    i = 0
    while True:
        comment = f"{prefix}-{i}"
        store.set_decision(sys.argv[3], comment, decisions[i % 3], f"note {i}")
        print(comment, flush=True)  # shown as saved only after set_decision returned
        i += 1
    """
)

WRITE_N_AFTER_GO = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.model import Decision
    from reader.storage.store import TriageStore

    path, prefix, article, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    with TriageStore(path) as store:
        print("ready", flush=True)
        sys.stdin.readline()  # both start writing together
        for i in range(count):
            store.set_decision(article, f"{prefix}-{i}", Decision.FLAG, f"{prefix} {i}")
            if i % 50 == 0:
                store.put_cached({f"{prefix}-key-{i}": "{}"})
    print("done", flush=True)
    """
)


OPEN_EACH_NEW_FILE_AFTER_GO = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from reader.model import Decision
    from reader.storage.store import TriageStore

    name, files = sys.argv[1], sys.argv[2:]
    print("ready", flush=True)
    for path in files:
        sys.stdin.readline()  # every process opens this new file at once
        with TriageStore(Path(path)) as store:
            store.set_decision("a" * 64, name, Decision.KEEP)
        print("opened", flush=True)
    """
)


def spawn(script: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_lines(proc: subprocess.Popen[str], count: int) -> list[str]:
    """Read `count` stdout lines, failing (not hanging) if the child dies or stalls."""
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + STUCK_SECONDS
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        while len(lines) < count:
            if not selector.select(timeout=max(0.0, deadline - time.monotonic())):
                proc.kill()
                pytest.fail(f"child stalled after {len(lines)} lines")
            line = proc.stdout.readline()
            if not line:
                _, err = proc.communicate()
                pytest.fail(f"child exited early (rc {proc.returncode}): {err}")
            lines.append(line.rstrip("\n"))
    return lines


def test_sigkill_mid_loop_loses_nothing_shown_as_saved(tmp_path: Path) -> None:
    db = tmp_path / "triage.sqlite3"
    proc = spawn(WRITE_FOREVER, str(db), "killed", ARTICLE)
    try:
        shown = read_lines(proc, 150)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STUCK_SECONDS)
        # Through the file object, not communicate(): readline may have buffered lines the
        # child printed (a loaded machine lets it run ahead), which the raw pipe no longer has.
        assert proc.stdout is not None
        out = proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # Lines printed between our reading and the kill were shown as saved too.
    shown += [line for line in out.splitlines() if line]
    assert len(shown) >= 150
    # It died mid-loop, with no chance to close the store cleanly: the WAL is still there.
    assert Path(f"{db}-wal").exists()

    with TriageStore(db) as store:
        records = store.load(ARTICLE)
        history = store.history(ARTICLE)
    missing = [comment for comment in shown if comment not in records]
    assert missing == []
    decisions = [Decision.KEEP, Decision.FLAG, Decision.HIDE]
    for comment in shown:
        i = int(comment.rsplit("-", 1)[1])
        assert records[comment].decision is decisions[i % 3]
        assert records[comment].note == f"note {i}"
    # At most the one write in flight at the kill may exist beyond what was shown.
    assert len(records) - len(shown) in (0, 1)
    assert len(history) == len(records)


def test_two_processes_triaging_one_article_keep_everything(tmp_path: Path) -> None:
    db = tmp_path / "triage.sqlite3"  # fresh: both also race to create the schema
    count = 250
    procs = [spawn(WRITE_N_AFTER_GO, str(db), name, ARTICLE, str(count)) for name in "LR"]
    try:
        for proc in procs:
            assert read_lines(proc, 1) == ["ready"]
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = [proc.communicate(timeout=STUCK_SECONDS) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert out.split() == ["done"]
        assert "cache not used" not in err

    with TriageStore(db) as store:
        records = store.load(ARTICLE)
        history = store.history(ARTICLE)
        cached = store.get_cached([f"{p}-key-{i}" for p in "LR" for i in range(0, count, 50)])
    expected = {f"{p}-{i}" for p in "LR" for i in range(count)}
    assert set(records) == expected
    assert all(records[c].note == c.replace("-", " ") for c in expected)
    assert all(r.decision is Decision.FLAG for r in records.values())
    assert len(history) == 2 * count
    assert len({h.session for h in history}) == 2
    assert len(cached) == 2 * len(range(0, count, 50))


def test_processes_creating_one_new_file_at_once_all_open_it(tmp_path: Path) -> None:
    """The first one is mid-way through making the schema while the others look at the file:
    a half-made database is not "a SQLite database that Reader did not make"."""
    files = [str(tmp_path / f"new-{n}.sqlite3") for n in range(5)]
    names = ["p0", "p1", "p2"]
    procs = [spawn(OPEN_EACH_NEW_FILE_AFTER_GO, name, *files) for name in names]
    try:
        for proc in procs:
            assert read_lines(proc, 1) == ["ready"]
        for _ in files:
            for proc in procs:
                assert proc.stdin is not None
                proc.stdin.write("go\n")
                proc.stdin.flush()
            for proc in procs:
                assert read_lines(proc, 1) == ["opened"]
        results = [proc.communicate(timeout=STUCK_SECONDS) for proc in procs]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (_, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert err == ""
    for path in files:
        with TriageStore(Path(path)) as store:
            assert set(store.load("a" * 64)) == set(names)
