"""Many pages on every core: one page per task in worker processes, results in input order.

`reader analyze DIR` or a glob gives many small pages, each too small for the analysis's own
worker pool (reader.pipeline.pool), so the pages themselves are spread: each worker analyses
whole pages on its core while this process only writes what comes back, in the order given.
At most AHEAD tasks per worker are in flight, so a folder of a million pages holds a few
dozen results, not a million. If the workers cannot start or die, the pages not yet done are
analysed here, one after another, with the same function.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from reader.pipeline import pool

T = TypeVar("T")
R = TypeVar("R")

# Below this many bytes of pages in all, starting worker processes (about 1 s on 2 cores
# from a forkserver: its imports, then lexicons and models in each worker; forked, only the
# lexicons and models, about 0.2 s) costs more than it saves. Measured with the forkserver.
FOLDER_MIN_BYTES = 400_000
AHEAD = 4  # tasks queued per worker beyond the one it is doing


def worth_processes(paths: Sequence[Path]) -> bool:
    """Whether spreading these pages over processes pays: several pages, several cores,
    enough to read, and a __main__ that worker processes can re-import."""
    if len(paths) < 2 or pool.usable_cores() < 2:
        return False
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # the page's own task reports it
        if total >= FOLDER_MIN_BYTES:
            break
    return total >= FOLDER_MIN_BYTES and workers_can_start()


def workers_can_start() -> bool:
    """Whether worker processes are worth starting at all: several cores, and a __main__
    that they can re-import (not stdin, not a deleted script)."""
    if pool.usable_cores() < 2:
        return False
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return main_file is None or os.path.exists(main_file)


def start_page_worker() -> None:
    """Worker initializer: a page worker is one core, so its analysis starts no pool of its
    own, and language detection's batch threads (langdetect-rs, a Rust thread pool sized
    from this variable when first used) are one, not one per core beside the other workers;
    then as `pool.start_worker` (exit with the parent, load the models once)."""
    pool.PARALLEL_MIN_TEXTS = sys.maxsize
    pool.FORK_MIN_TEXTS = sys.maxsize
    pool.WARM_MIN_TEXTS = sys.maxsize
    os.environ["RAYON_NUM_THREADS"] = "1"
    pool.start_worker()


def _executor(workers: int, preload: Sequence[str]) -> ProcessPoolExecutor:
    """Forked while this process has one thread and no database open (the workers then
    start with its imports, in milliseconds), else from a forkserver that imports `preload`
    once (spawn where there is none): see reader.pipeline.pool.start_method."""
    method = pool.start_method(opens_databases=True)  # a page's worker opens the cache
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload([__name__, *preload])
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=start_page_worker
    )


def ordered_map(
    work: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int | None = None,
    preload: Sequence[str] = (),
) -> Iterator[R]:
    """`work(item)` for each item, in worker processes, yielded in the order of `items`.

    `work` must be a module-level function (it is pickled by name) and should return its
    failures rather than raise them: an exception it raises is raised here. `preload`: the
    modules that `work` needs, imported once in the forkserver when there is one.

    The workers start now, not at the first `next`: they begin on the first pages while
    the caller sets up (a progress bar), and they are forked before its thread runs.
    """
    workers = workers or pool.usable_cores()
    queue = iter(items)
    pending: deque[tuple[T, Future[R]]] = deque()
    try:
        executor = _executor(workers, preload)
    except (OSError, RuntimeError, ValueError):
        return map(work, queue)  # no processes here: one page after another
    for item in queue:
        try:
            future = executor.submit(work, item)
        except (BrokenProcessPool, OSError, RuntimeError, ValueError):
            # The workers could not start ("bad value(s) in fds_to_keep"): all done here.
            executor.shutdown(wait=False, cancel_futures=True)
            return _here(work, [*(queued for queued, _ in pending), item], queue)
        pending.append((item, future))
        if len(pending) >= workers * (AHEAD + 1):
            break
    return _in_order(work, executor, pending, queue)


def _here(work: Callable[[T], R], items: list[T], queue: Iterator[T]) -> Iterator[R]:
    """Every item in this process, one after another."""
    yield from map(work, items)
    yield from map(work, queue)


def _in_order(
    work: Callable[[T], R],
    executor: ProcessPoolExecutor,
    pending: deque[tuple[T, Future[R]]],
    queue: Iterator[T],
) -> Iterator[R]:
    """The results of `pending`, then of the rest of `queue`, in order, one task submitted
    for each result taken; what the workers cannot do (they died) is done here."""
    finished = False
    try:
        try:
            while pending:
                result = pending[0][1].result()  # left in `pending` until it is given
                pending.popleft()
                yield result
                for item in queue:
                    pending.append((item, _submitted(executor, work, item)))
                    break
        except (BrokenProcessPool, OSError, ValueError):
            # The workers died or could not start ("bad value(s) in fds_to_keep"): what is
            # not given yet is done here, in order (an error of `work` itself is raised
            # again here).
            leftover = [queued for queued, _ in pending]
            pending.clear()
            for item in leftover:
                yield work(item)
            yield from map(work, queue)
        finished = True
    finally:
        # Every result given: the idle workers are waited for (a moment), since an executor
        # still shutting down as the interpreter exits prints a traceback from its thread
        # ("Bad file descriptor"). Stopped early, it is not: a worker may be mid-page.
        executor.shutdown(wait=finished, cancel_futures=True)


def _submitted(executor: ProcessPoolExecutor, work: Callable[[T], R], item: T) -> Future[R]:
    """`work(item)` submitted; a pool that can take no more gives a failed future, so the
    item is redone here in its turn, after the items submitted ahead of it."""
    try:
        return executor.submit(work, item)
    except (BrokenProcessPool, OSError, RuntimeError, ValueError) as error:
        failed: Future[R] = Future()
        failed.set_exception(BrokenProcessPool(str(error)))
        return failed
