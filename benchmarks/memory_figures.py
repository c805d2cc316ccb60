"""`reader analyze` memory and growth figures (issue 15): peak memory at 100,000 comments
(target < 200 MB) and at 1,000,000 (< 300 MB), and the time of 1,000,000 against 100,000
(linear: <= 10.5x).

Each run is `reader analyze PAGE` in a fresh process, its output thrown away; its peak is the
process's own peak resident memory (VmHWM, read by the process as it exits, so the analysis
worker processes it starts are not counted: their peaks are in the note) and its time the
wall time and the CPU time of the process and its children. Peaks are beside the same run on
a 30-comment page (the interpreter and libraries alone).

- `figure_analyze_memory`: the large page (100,000) as JSON and as CSV without the cache, and
  as JSON with a new cache (results written) and again (read back from the thread record);
- `figure_analyze_million`: ten times the large page (1,000,000), without and with the cache,
  and its time against the large page's. It takes a quarter of an hour on 2 cores, so it runs
  only with READER_BENCH_MILLION=1 in the environment.

benchmarks/run.py picks up FIGURES; alone: `python benchmarks/memory_figures.py [--quick]`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BASELINE_COUNT = 30
CHILD_TIMEOUT = 3 * 3600.0  # seconds; 1,000,000 comments are analysed inside
MILLION_FLAG = "READER_BENCH_MILLION"
TARGET_MB = {1: 200.0, 10: 300.0}  # by multiple of the large page
GROWTH_TARGET = 10.5

# Runs in the child: `reader analyze` as the console script runs it, then its own peak.
_CHILD = """
import atexit, sys
from pathlib import Path

def peak():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            Path(sys.argv[1]).write_text(line.split()[1])

atexit.register(peak)
from reader.cli import main
raise SystemExit(main(["analyze", *sys.argv[2:]]))
"""


def _children_peak_mb(pid: int, peaks: dict[int, float]) -> None:
    """Record the peak RSS (VmHWM) of each live descendant of `pid`, in MB (Linux)."""
    todo = [pid]
    while todo:
        parent = todo.pop()
        for children in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                todo += [int(child) for child in children.read_text().split()]
            except OSError:
                continue
        if parent == pid:
            continue
        try:
            for line in Path(f"/proc/{parent}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks[parent] = max(peaks.get(parent, 0.0), int(line.split()[1]) / 1024)
        except OSError:
            continue


def analyze_run(page: Path, *args: str) -> dict[str, float]:
    """`reader analyze PAGE ARGS` in a fresh process: its peak MB, the workers' largest peak
    MB, wall seconds and CPU seconds (its own and its children's)."""
    with tempfile.TemporaryDirectory(prefix="reader-mem-child-") as tmp:
        out, err = Path(tmp) / "peak", Path(tmp) / "stderr.txt"
        before = os.times()
        start = time.perf_counter()
        with err.open("w") as stderr:
            child = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(out), str(page), "--max-size", "none", *args],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            workers: dict[int, float] = {}
            deadline = start + CHILD_TIMEOUT
            while child.poll() is None:
                _children_peak_mb(child.pid, workers)
                if time.perf_counter() > deadline:
                    child.kill()
                time.sleep(0.5)
        wall = time.perf_counter() - start
        after = os.times()
        if child.returncode != 0 or not out.is_file():
            raise RuntimeError(f"reader analyze {page.name} {args} failed:\n{err.read_text()}")
        cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        return {
            "peak": int(out.read_text()) / 1024,
            "workers": max(workers.values(), default=0.0),
            "wall": wall,
            "cpu": cpu,
        }


def _met(multiple: int, peak: float) -> str:
    target = TARGET_MB[multiple]
    return f"target < {target:g} MB: {'yes' if peak < target else 'NO'}"


def _memory_row(label: str, count: int, found: dict[str, float], small: float, multiple: int
                ) -> Any:  # fmt: skip
    from run import Row

    return Row(
        f"`reader analyze` peak memory, {count:,} comments, {label} (vs {BASELINE_COUNT})",
        found["peak"],
        small,
        unit="MB",
        note=f"{found['wall']:.0f} s, CPU {found['cpu']:.0f} s; worker processes peak "
        f"{found['workers']:.0f} MB at most; " + _met(multiple, found["peak"]),
    )


def _runs(page: Path, workdir: Path, name: str) -> dict[str, dict[str, float]]:
    """The page analysed without the cache, then with a new cache twice (write, read)."""
    from reader.storage.store import TriageStore

    db = workdir / f"{name}-cache" / "decisions.sqlite3"
    db.parent.mkdir(exist_ok=True)
    with TriageStore(db):  # a `--db` must name a database that exists
        pass
    return {
        "no-cache": analyze_run(page, "--no-cache"),
        "new cache": analyze_run(page, "--db", str(db)),
        "from the cache": analyze_run(page, "--db", str(db)),
    }


def figure_analyze_memory(bench: Any) -> list[Any]:
    """Peak memory of `reader analyze` on the large page: JSON and CSV, with and without
    the cache."""
    count = int(bench.sizes["large"])
    small = analyze_run(bench.page(BASELINE_COUNT), "--no-cache")["peak"]
    page = bench.page(count)
    runs = _runs(page, bench.workdir, "large")
    runs["CSV, no-cache"] = analyze_run(page, "--no-cache", "--format", "csv")
    bench.timings["analyze_large_wall"] = runs["no-cache"]["wall"]
    bench.timings["analyze_large_cpu"] = runs["no-cache"]["cpu"]
    return [_memory_row(label, count, found, small, 1) for label, found in runs.items()]


def figure_analyze_million(bench: Any) -> list[Any]:
    """Ten times the large page (1,000,000 comments): peak memory and time against the
    large page's (only with READER_BENCH_MILLION=1)."""
    from run import Row

    if os.environ.get(MILLION_FLAG) != "1":
        return []
    count = int(bench.sizes["large"])
    small = analyze_run(bench.page(BASELINE_COUNT), "--no-cache")["peak"]
    if "analyze_large_wall" not in bench.timings:
        large = analyze_run(bench.page(count), "--no-cache")
        bench.timings["analyze_large_wall"] = large["wall"]
        bench.timings["analyze_large_cpu"] = large["cpu"]
    runs = _runs(bench.page(10 * count), bench.workdir, "huge")
    rows = [_memory_row(label, 10 * count, found, small, 10) for label, found in runs.items()]
    wall, cpu = runs["no-cache"]["wall"], runs["no-cache"]["cpu"]
    rows.append(
        Row(
            f"`reader analyze` time, {10 * count:,} comments vs {count:,}",
            wall,
            bench.timings["analyze_large_wall"],
            target=GROWTH_TARGET,
            note=f"--no-cache; CPU {cpu:.0f} s vs {bench.timings['analyze_large_cpu']:.0f} s "
            f"({cpu / max(bench.timings['analyze_large_cpu'], 1e-9):.2f}x)",
        )
    )
    return rows


FIGURES: list[Callable[[Any], list[Any]]] = [figure_analyze_memory, figure_analyze_million]


def main(argv: list[str] | None = None) -> int:
    """These figures alone, as benchmarks/run.py prints them (`--quick`: 2,000 comments)."""
    sys.path.insert(0, str(HERE))
    from run import Bench, machine, table

    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    sizes = {"large": 2_000 if quick else 100_000}
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        bench = Bench(quick=quick, workdir=Path(tmp), sizes=sizes)
        rows = [row for figure in FIGURES for row in figure(bench)]
    print("\n".join(f"- {line}" for line in machine()))
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
