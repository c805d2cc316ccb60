"""Analysis on a Dask cluster, for when one machine is not enough (millions of saved pages).

Reader does not run a cluster of its own: a `dask.bag` of page partitions goes to the workers
of an existing `dask.distributed` scheduler, and each worker writes its partition's results
as one JSON Lines file, DIR/part-NNNNN.jsonl (numbered in input order). Dask is an optional
extra (`pip install 'reader[cluster]'`), imported only here and only when asked for, so
nothing else pays for it. The workers read the pages and write the results by path, so the
paths must mean the same files on every worker (a shared or network file system).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.errors import ReaderError

# Pages per partition: enough to keep a worker busy for a while, few enough to balance.
PAGES_PER_PARTITION = 64
INSTALL_HINT = "pip install 'reader[cluster]'"

# What the work does with one item: its output lines, and whether it went well.
Work = Callable[[str], tuple[list[str], bool]]


@dataclass(frozen=True)
class ClusterRun:
    """What a cluster run wrote: the files, in input order, and how many items failed."""

    files: list[Path]
    failed: int


def partition_path(out: Path, number: int) -> Path:
    """A partition's file: zero-padded, so the names sort in input order."""
    return out / f"part-{number:05d}.jsonl"


def write_partition(part: tuple[int, list[str]], work: Work, out: str) -> tuple[str, int]:
    """On a worker: `work` each item of the partition, its lines to the partition's file;
    that file and the number of items that failed."""
    number, items = part
    path = partition_path(Path(out), number)
    failed = 0
    with path.open("w", encoding="utf-8") as file:
        for item in items:
            lines, ok = work(item)
            failed += not ok
            file.writelines(line + "\n" for line in lines)
    return str(path), failed


def map_on_cluster(
    address: str, items: Sequence[str], work: Work, out: Path, *, per_partition: int = 0
) -> ClusterRun:
    """`work(item)` for every item on the Dask scheduler at `address`, the lines written per
    partition under `out`. `work` must be a module-level function (or a partial of one: the
    workers import it by name) that returns its failures rather than raising them."""
    try:  # through importlib: typed as Any, whether or not the extra is installed
        dask_bag: Any = importlib.import_module("dask.bag")
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise ReaderError(f"--scheduler needs Dask: {INSTALL_HINT}") from None
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReaderError(f"{out}: cannot make the results directory ({error.strerror})") from None
    size = per_partition or PAGES_PER_PARTITION
    parts = [(n, list(items[i : i + size])) for n, i in enumerate(range(0, len(items), size))]
    if not parts:
        return ClusterRun([], 0)
    try:
        client = distributed.Client(address, timeout=10)
    except (OSError, TimeoutError, ValueError) as error:
        raise ReaderError(f"{address}: no Dask scheduler answered ({error})") from None
    with client:
        bag = dask_bag.from_sequence(parts, npartitions=len(parts))
        done = bag.map(write_partition, work=work, out=str(out.resolve())).compute()
    return ClusterRun([Path(path) for path, _ in done], sum(failed for _, failed in done))
