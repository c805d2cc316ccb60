"""Worker processes start cheaply: forked from a process with one thread, warm, at once.

Issue 15: a worker started from a forkserver spent about a second on a new interpreter's
imports and the models before its first page; forked from a process with one thread it
starts with what that process loaded. With any other thread running (the app, a progress
bar) the forkserver is kept, since a forked child could wait for ever on a lock that thread
held.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from reader.analysers import Analyser
from reader.analysers.base import Seen
from reader.pipeline import folder, pool

LINUX = sys.platform.startswith("linux")


@pytest.mark.skipif(not LINUX, reason="threads are counted in Linux /proc")
def test_a_running_thread_is_seen() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not pool.one_thread()
    finally:
        stop.set()
        thread.join()


def test_fork_only_with_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "one_thread", lambda: True)
    assert pool.start_method() == ("fork" if LINUX else pool.start_method())
    monkeypatch.setattr(pool, "one_thread", lambda: False)
    assert pool.start_method() in ("forkserver", "spawn")
    executor = folder._executor(2, [])
    try:
        context = executor._mp_context
        assert context is not None and context.get_start_method() in ("forkserver", "spawn")
    finally:
        executor.shutdown()


def test_this_process_is_warmed_before_a_worker_is_forked_from_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    events: list[str] = []

    class NoPool:
        def submit(self, *args: object) -> None:
            raise OSError("no processes here")

        def shutdown(self, **kwargs: object) -> None:
            pass

    def warm_up(text: str, seen: Mapping[str, Seen], analysers: Sequence[Analyser[Any]]) -> None:
        events.append(f"warm {text}")

    def worker_pool() -> NoPool:
        events.append("pool")
        return NoPool()

    monkeypatch.setattr(pool, "_pool", None)
    monkeypatch.setattr(pool, "warm_up", warm_up)
    monkeypatch.setattr(pool, "worker_pool", worker_pool)
    monkeypatch.setattr(pool, "start_method", lambda: "fork")
    pool.SharedWork({"k1": "first text", "k2": "second"}, {}, [], keep_json=False)
    assert events == ["warm first text", "pool"]
    events.clear()
    monkeypatch.setattr(pool, "start_method", lambda: "forkserver")  # nothing to inherit
    pool.SharedWork({"k1": "first text"}, {}, [], keep_json=False)
    assert events == ["pool"]


_FORKED_SCRIPT = """
import gc, json, sys
from reader.analysers import AnalysisContext
from reader.model import Article, Comment
from reader.pipeline import pool, run
from reader.pipeline.codec import analysis_to_json
from reader.heap import collector_paused
items = [Comment(f"c{i}", "a", "1d", f"Is the bridge toll {i} fair? Kirby said it was not.")
         for i in range(30)]
context = AnalysisContext(Article(headline="Bridge toll", paragraphs=(
    "'The toll is fair,' Kirby said on Tuesday.",)))
def results():
    return [analysis_to_json(a) for b in run.iter_comment_analyses(items, context=context)
            for _, a in b]
pool.PARALLEL_MIN_TEXTS = 1  # the pool first: this process's batch threads would rule fork out
pool.WORKER_CHUNK = 4
pool.usable_cores = lambda: 2
with collector_paused():  # as `analyze` forks it
    spread = results()
method = pool._pool._mp_context.get_start_method()
collecting = pool._pool.submit(gc.isenabled).result()
pool.discard_pool()
pool.PARALLEL_MIN_TEXTS = pool.FORK_MIN_TEXTS = pool.WARM_MIN_TEXTS = 10**9
alone = results()
json.dump({"method": method, "same": spread == alone, "collecting": collecting}, sys.stdout)
"""


@pytest.mark.skipif(not LINUX, reason="fork is chosen by counting threads in Linux /proc")
def test_a_forked_pool_gives_what_one_process_gives() -> None:
    """In a process of its own: one with a single thread, as `reader analyze` is."""
    done = subprocess.run(
        [sys.executable, "-c", _FORKED_SCRIPT],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    assert json.loads(done.stdout) == {"method": "fork", "same": True, "collecting": True}


_DATABASE_SCRIPT = """
import json, os, sqlite3, sys
from reader.pipeline import pool
before = pool.start_method(opens_databases=True)
database = sqlite3.connect(os.path.join(sys.argv[1], "cache.sqlite3"))
database.execute("create table t (x)")
database.commit()
json.dump([before, pool.start_method(opens_databases=True), pool.start_method()], sys.stdout)
"""


@pytest.mark.skipif(not LINUX, reason="fork is chosen by reading Linux /proc")
def test_workers_that_open_databases_are_not_forked_from_one_holding_a_database(
    tmp_path: Path,
) -> None:
    """SQLite's rule: a forked child must not use a database its parent holds open, and a
    folder's page workers open the analysis cache; the analysis's workers never do."""
    done = subprocess.run(
        [sys.executable, "-c", _DATABASE_SCRIPT, str(tmp_path)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    before, after, analysis = json.loads(done.stdout)
    assert (before, analysis) == ("fork", "fork")
    assert after in ("forkserver", "spawn")


def touch(path: Path) -> str:
    path.write_text("done", encoding="utf-8")
    return path.name


def test_a_folder_starts_its_workers_before_the_first_result_is_asked(tmp_path: Path) -> None:
    """Pages are analysed while the caller still sets up (a progress bar, the first write)."""
    pages = [tmp_path / f"page-{n}" for n in range(3)]
    results = folder.ordered_map(touch, pages, workers=2)
    deadline = time.monotonic() + 60  # a liveness bound, not a speed figure
    while not all(page.exists() for page in pages) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(page.exists() for page in pages)
    assert list(results) == [page.name for page in pages]


def test_a_folder_that_cannot_start_workers_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    class RefusingPool:
        def submit(self, *args: object) -> None:
            raise ValueError("bad value(s) in fds_to_keep")

        def shutdown(self, **kwargs: object) -> None:
            pass

    monkeypatch.setattr(folder, "_executor", lambda workers, preload: RefusingPool())
    assert list(folder.ordered_map(abs, [-1, -2, -3], workers=2)) == [1, 2, 3]


def test_a_page_worker_runs_one_language_thread() -> None:
    """A page worker is one core: langdetect-rs's batch threads are one there (the Rust
    thread pool reads RAYON_NUM_THREADS when first used), not one per core."""
    assert list(folder.ordered_map(os.getenv, ["RAYON_NUM_THREADS"], workers=1)) == ["1"]


_CACHED_FOLDER_SCRIPT = """
import json, sys
from reader import cli
from reader.pipeline import folder, pool

folder.worth_processes = lambda paths: True
pool.usable_cores = lambda: 2
made = folder._executor
methods = []


def recorded(workers, preload):
    executor = made(workers, preload)
    methods.append(executor._mp_context.get_start_method())
    return executor


folder._executor = recorded
status = cli.main(["analyze", sys.argv[1], "--db", sys.argv[2]])
print(json.dumps({"status": status, "methods": methods}), file=sys.stderr)
"""


@pytest.mark.skipif(not LINUX, reason="fork is chosen by reading Linux /proc")
def test_a_cached_folder_run_forks_its_page_workers(tmp_path: Path) -> None:
    """`reader analyze DIR` with the cache (the default) checks the database, then closes it
    before the page workers start, so they are forked too, and each fills the cache."""
    from reader.formats import sample_path
    from reader.storage.store import TriageStore

    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(2):
        (pages / f"page-{n}.txt").write_text(sample_path().read_text(encoding="utf-8"),
                                             encoding="utf-8")
    db = tmp_path / "triage.sqlite3"
    TriageStore(db).close()
    done = subprocess.run(
        [sys.executable, "-c", _CACHED_FOLDER_SCRIPT, str(pages), str(db)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report == {"status": 0, "methods": ["fork"]}
    assert len(done.stdout.splitlines()) == 2  # a JSON line per page
    cache = db.with_name("analysis-cache.sqlite3")
    assert cache.exists() and cache.stat().st_size > 0
