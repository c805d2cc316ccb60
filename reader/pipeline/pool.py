"""Worker processes for a large uncached run, shared with the process that asked.

A pool lives for the life of the program (forked from a process with one thread, else from
a forkserver: the app has threads); its workers exit with their parent. `SharedWork` spreads
the uncached texts over it in chunks.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reader.analysers import Analyser, AnalysisContext, registered
from reader.analysers.base import Seen
from reader.model import Article, CommentAnalysis
from reader.pipeline import batch
from reader.pipeline.codec import analyses_from_json, analysis_to_json

if TYPE_CHECKING:  # multiprocessing and concurrent.futures cost ~35 ms to import: when used
    from concurrent.futures import Future, ProcessPoolExecutor

# Break-even, measured on 2 cores (docs/benchmarks.md): starting the pool from a new
# interpreter (forkserver, then imports, lexicons and models in each worker, about 1 s) pays
# from about 6,000 distinct uncached texts; forked from this process (see `start_method`), a
# worker starts warm in milliseconds and pays from about 1,000 (820 distinct texts: the same
# time, 0.16-0.20 s either way; 1,200: 0.21-0.25 s against 0.27-0.33 s on one core); a pool
# already running pays from about 1,000. On 1 core it never pays (10,000 texts: 1.14x
# slower), so it is not used there.
PARALLEL_MIN_TEXTS = 6_000  # to start the pool from a new interpreter
FORK_MIN_TEXTS = 1_000  # to start it by forking this process
WARM_MIN_TEXTS = 1_000  # to use a pool already running
# Texts per task sent to a worker process. Small, because where this process and a worker
# meet, this process waits for the chunks the worker has taken (its own and up to two
# queued for it): 10,000 texts on 2 cores waited 0.4-0.7 s with 500, 0.13-0.18 s with 100.
WORKER_CHUNK = 100

_pool_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_worker() -> None:
    """Worker initializer: exit with the parent, then load the lexicons, profiles and models
    once per worker rather than in its first task."""
    import gc
    import multiprocessing

    # A forked worker shares its parent's memory until it writes to it: what it inherited is
    # set aside from the cycle collector (which would touch, so copy, every object of a
    # parsed page), and the collector, paused while `analyze` forked it (reader.heap), runs
    # for what the worker makes, as in a new process.
    gc.freeze()
    gc.enable()
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent.sentinel,), daemon=True).start()
    analysers = registered()
    context = AnalysisContext(Article(headline="Warm up"))
    texts = ["Warm up the analysers with a short English sentence."]
    batch.analyse_texts(texts, batch.seen_by(analysers, context), analysers, parallel=False)


def warm_up(text: str, seen: Mapping[str, Seen], analysers: Sequence[Analyser[Any]]) -> None:
    """Load in this process what analysing `text` loads (lexicons, models, the article's
    claims and thread facts), before a worker is forked from it: the worker starts with all
    of it, and this process needed it for its own first batch anyway."""
    batch.analyse_texts([text], seen, analysers, parallel=False)


def _exit_with_parent(sentinel: int) -> None:
    """A pool worker blocks on its task queue forever once its parent is gone (killed, or
    ended with os._exit): without this, it and the forkserver would outlive the app."""
    import multiprocessing.connection

    multiprocessing.connection.wait([sentinel])
    os._exit(0)


def one_thread() -> bool:
    """Whether this process runs a single thread of any kind (Python's, or a library's own,
    such as a Rust thread pool): Linux only, where /proc says; elsewhere False."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


SQLITE_HEADER = b"SQLite format 3\x00"


def sqlite_open() -> bool:
    """Whether this process has an SQLite database file open (Linux: /proc/self/fd). A
    forked child must not touch a database its parent holds open (SQLite's rule: its locks
    are per process), and a folder's workers open the analysis cache themselves."""
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        return True  # cannot tell: assume so
    for name in names:
        try:
            fd = int(name)
            if stat.S_ISREG(os.fstat(fd).st_mode) and os.pread(fd, 16, 0) == SQLITE_HEADER:
                return True
        except (OSError, ValueError):
            continue  # closed since listed (the listing's own descriptor), or unreadable
    return False


def start_method(*, opens_databases: bool = False) -> str:
    """How worker processes start: `fork` when this process has one thread (and, for
    workers that open SQLite databases, none open here), so a worker begins with everything
    this process imported and costs a few milliseconds, not a new interpreter's imports
    (about 0.5 s); otherwise `forkserver` (a thread may hold a lock that a forked child
    would wait on for ever: the app, a progress bar), else `spawn`. The workers are forked
    when the first task is submitted, before any pool thread runs."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and one_thread() and not (opens_databases and sqlite_open()):
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def worker_pool() -> ProcessPoolExecutor:
    """One pool for the life of the program: forked when this process has one thread, else
    from a forkserver (see `start_method`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _pool
    with _pool_lock:
        if _pool is None:
            method = start_method()
            context = multiprocessing.get_context(method)
            if method == "forkserver":
                context.set_forkserver_preload([__name__])
            # This process works on the same texts (see SharedWork): one core is its own.
            _pool = ProcessPoolExecutor(
                max_workers=max(1, usable_cores() - 1),
                mp_context=context,
                initializer=start_worker,
            )
        return _pool


def discard_pool() -> None:
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _analyse_to_json(
    texts: list[str], seen: Mapping[str, Seen], analysers: Sequence[Analyser[Any]]
) -> list[str]:
    """Worker task: JSON of each text's analysis (not `parallel`: a worker is one core, so no
    nested batch threads)."""
    found = batch.analyse_texts(texts, seen, analysers, parallel=False)
    return [analysis_to_json(analysis, analysers) for analysis in found]


def _analyse(
    texts: list[str], seen: Mapping[str, Seen], analysers: Sequence[Analyser[Any]]
) -> list[CommentAnalysis]:
    """Worker task without a cache: the analyses themselves, pickled (they come back as
    made, as the JSON would decode them; the worker encodes and this process decodes about
    3x faster than JSON)."""
    return batch.analyse_texts(texts, seen, analysers, parallel=False)


def worth_processes(uncached: int) -> bool:
    """Worker processes pay off for a large run on several cores (a smaller one when the pool
    is already running), when they can start safely: not when __main__ is a file that cannot
    be re-imported (stdin, a deleted script)."""
    if _pool is not None:
        needed = min(WARM_MIN_TEXTS, PARALLEL_MIN_TEXTS)
    else:  # the lower bar only where the workers would be forked (no threads here yet)
        needed = min(FORK_MIN_TEXTS, PARALLEL_MIN_TEXTS)
        if needed <= uncached < PARALLEL_MIN_TEXTS and start_method() != "fork":
            return False
    if uncached < needed or usable_cores() < 2:
        return False
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


class SharedWork:
    """Uncached texts in chunks, shared between worker processes and this process.

    Chunks go to the pool last first, so the workers start from the end while this process
    works from the front (its first batches, and the progress bar, come at once); a chunk
    this process reaches before a worker took it is cancelled there and done here. Results
    come back as the JSON the cache keeps (`keep_json`), else as the analyses themselves.
    """

    def __init__(
        self,
        todo: Mapping[Hashable, str],
        seen: Mapping[str, Seen],
        analysers: Sequence[Analyser[Any]],
        *,
        keep_json: bool,
    ) -> None:
        self.todo = todo
        self.seen = seen
        self.analysers = analysers
        self.keep_json = keep_json  # fill `pending` for the cache
        items = list(todo)
        self.chunks = [items[i : i + WORKER_CHUNK] for i in range(0, len(items), WORKER_CHUNK)]
        self.futures: dict[int, Future[list[Any]]] = {}
        from concurrent.futures.process import BrokenProcessPool

        try:
            if _pool is None and start_method() == "fork" and items:
                warm_up(todo[items[0]], seen, analysers)  # the worker is forked warm
            pool = worker_pool()
            task = _analyse_to_json if keep_json else _analyse
            for n in reversed(range(len(self.chunks))):
                texts = [todo[key] for key in self.chunks[n]]
                self.futures[n] = pool.submit(task, texts, seen, analysers)
        except (OSError, RuntimeError, ValueError, BrokenProcessPool):
            # No processes here (sandbox, no semaphores, interpreter shutting down, a stderr
            # without a file descriptor: "bad value(s) in fds_to_keep"): the chunks not
            # submitted are done in this process.
            discard_pool()
        # Made once the worker has its chunks: serial work before it starts is kept short.
        self.chunk_of = {key: n for n, chunk in enumerate(self.chunks) for key in chunk}

    def resolve(
        self,
        missing: list[Hashable],
        known: dict[Hashable, CommentAnalysis],
        pending: dict[Hashable, str],
    ) -> list[Hashable]:
        """Fill `known` for `missing` from whole chunks; return keys left to compute here (a
        chunk whose worker failed is recomputed here, where an error will surface)."""
        from concurrent.futures.process import BrokenProcessPool

        left: list[Hashable] = []
        for key in missing:
            if key in known:
                continue
            n = self.chunk_of[key]
            future = self.futures.pop(n, None)
            if future is None:
                left.append(key)
                continue
            chunk = self.chunks[n]
            if future.cancel():  # no worker took it yet: do the whole chunk here
                self._analyse_here(chunk, known, pending)
                continue
            try:
                values = future.result()
            except BrokenProcessPool:
                discard_pool()
                left.append(key)
                continue
            except Exception:  # noqa: BLE001 - recomputed here, where the error will surface
                left.append(key)
                continue
            if not self.keep_json:
                known.update(zip(chunk, values))
                continue
            # One decode for the chunk (a value that cannot be read is left out: the caller
            # computes it here).
            from_worker = dict(zip(chunk, values))
            known.update(analyses_from_json(from_worker, self.analysers))
            pending.update(from_worker)
        return [key for key in left if key not in known]

    def _analyse_here(
        self,
        chunk: list[Hashable],
        known: dict[Hashable, CommentAnalysis],
        pending: dict[Hashable, str],
    ) -> None:
        texts = [self.todo[k] for k in chunk]
        # Not `parallel`: the workers have the other cores; threads here would fight them.
        found = batch.analyse_texts(texts, self.seen, self.analysers, parallel=False)
        for key, analysis in zip(chunk, found):
            known[key] = analysis
            if self.keep_json:
                pending[key] = analysis_to_json(analysis, self.analysers)

    def cancel(self) -> None:
        for future in self.futures.values():
            future.cancel()
        self.futures.clear()
