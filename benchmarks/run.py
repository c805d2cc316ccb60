"""Run the benchmarks and print one table of ratios, each figure beside its baseline.

Every figure is measured beside its baseline in the same run on the same machine, so the
ratio, not the seconds, is the result. Pages come from benchmarks/generate.py.

    /work/venv/bin/python benchmarks/run.py            # full run (10k and 100k comments)
    /work/venv/bin/python benchmarks/run.py --quick    # a small run to check it works

Figures (SPEC issue 5):
- full analysis of 10,000 comments (language, sentiment, stance, quotes) vs the plain
  sequential loop of VADER + langdetect over the same texts; target <= 0.1x;
- reopening an analysed article (cache hit) vs its first open; target <= 0.1x;
- cost growth: time per comment at 1,000, 10,000 and 100,000 comments vs at 1,000 (linear
  or better: <= 1x);
- issue 14's claim analysers (about, quoted, attention) alone over 10,000 comments on one
  core vs the same plain loop; target <= 0.1x.

More figures: put a module benchmarks/app_figures.py beside this file with
`FIGURES: list[Callable[[Bench], list[Row]]]`; each function gets the Bench (quick flag,
work directory, generated pages) and returns its rows, which join the table.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from generate import generate_page

from reader.analysers.language import BACKEND
from reader.formats import parse_page
from reader.model import Article
from reader.pipeline.run import analyze
from reader.storage.store import TriageStore


@dataclass(frozen=True)
class Row:
    """One line of the table: a measured figure and what it is compared with."""

    figure: str
    value: float
    baseline: float | None = None
    unit: str = "s"
    target: float | None = None  # the ratio to stay at or under
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline


@dataclass
class Bench:
    """What a figure function gets: run size, a work directory and generated pages."""

    quick: bool
    workdir: Path
    sizes: dict[str, int]
    _pages: dict[int, Path] = field(default_factory=dict)
    _articles: dict[int, Article] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # shared between figures

    def page(self, count: int) -> Path:
        """A generated page with `count` comments (written once per run)."""
        if count not in self._pages:
            path = self.workdir / f"page-{count}.txt"
            path.write_text(generate_page(count), encoding="utf-8")
            self._pages[count] = path
        return self._pages[count]

    def article(self, count: int) -> Article:
        """The parsed page with `count` comments (parsed once per run)."""
        if count not in self._articles:
            text = self.page(count).read_text(encoding="utf-8")
            self._articles[count] = parse_page(text, source=str(self.page(count)))
        return self._articles[count]


@contextmanager
def timer() -> Iterator[list[float]]:
    """`with timer() as t: ...` then t[0] is the elapsed wall time in seconds."""
    box: list[float] = []
    start = time.perf_counter()
    try:
        yield box
    finally:
        box.append(time.perf_counter() - start)


def plain_loop(texts: Sequence[str]) -> None:
    """The baseline: VADER and seeded plain langdetect, one comment after another."""
    import langdetect
    from langdetect.lang_detect_exception import LangDetectException
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    langdetect.DetectorFactory.seed = 0
    analyser = SentimentIntensityAnalyzer()
    for text in texts:
        analyser.polarity_scores(text)
        try:
            langdetect.detect_langs(text)
        except LangDetectException:
            pass


def _analysis_seconds(article: Article, cache: TriageStore | None = None) -> float:
    with timer() as elapsed:
        analyze(article, cache=cache)
    return elapsed[0]


def figure_full_analysis(bench: Bench) -> list[Row]:
    """First figure of the run, so the worker pool starts cold inside the measurement."""
    count = bench.sizes["full"]
    article = bench.article(count)
    ours = _analysis_seconds(article)
    bench.timings[f"analysis-{count}"] = ours
    with timer() as baseline:
        plain_loop([c.text for c in article.comments])
    distinct = len({c.text for c in article.comments})
    return [
        Row(
            f"full analysis, {count:,} comments (vs plain VADER + langdetect loop)",
            ours,
            baseline[0],
            target=0.1,
            note=f"{distinct:,} distinct texts; ours adds stance and quotes",
        )
    ]


REOPENS = 3


def figure_reopen(bench: Bench) -> list[Row]:
    """First open (parse + analyse + fill the cache) vs reopening (parse + cache hits)."""
    count = bench.sizes["reopen"]
    path = bench.page(count)
    bench.article(count)  # the page is generated before the clock starts
    db = bench.workdir / "reopen.sqlite3"

    def open_article() -> tuple[float, float]:
        with TriageStore(db) as store:
            with timer() as parse_time:
                article = parse_page(path.read_text(encoding="utf-8"), source=str(path))
            return parse_time[0], _analysis_seconds(article, store)

    first_parse, first_analysis = open_article()
    # The first open happens once (it fills the cache); a reopen is the median of three.
    reopens = sorted((open_article() for _ in range(REOPENS)), key=sum)
    again_parse, again_analysis = reopens[len(reopens) // 2]
    return [
        Row(
            f"reopen, {count:,} comments: analysis (cache hit vs first)",
            again_analysis,
            first_analysis,
            target=0.1,
        ),
        Row(
            f"reopen, {count:,} comments: parse + analysis (cache hit vs first)",
            again_parse + again_analysis,
            first_parse + first_analysis,
            target=0.1,
            note=f"parse {again_parse:.3f} s of it; median of {REOPENS} reopens",
        ),
    ]


def figure_growth(bench: Bench) -> list[Row]:
    """Time per comment at each size vs at the smallest size (no cache)."""
    sizes = bench.sizes
    per_comment: dict[int, float] = {}
    for count in (sizes["small"], sizes["full"], sizes["large"]):
        seconds = bench.timings.get(f"analysis-{count}")
        if seconds is None:
            seconds = _analysis_seconds(bench.article(count))
        per_comment[count] = seconds / count
    smallest = per_comment[sizes["small"]]
    return [
        Row(
            f"growth: time per comment at {count:,} vs {sizes['small']:,}",
            value * 1000,
            smallest * 1000,
            unit="ms",
            target=1.0,
            note=f"{len({c.text for c in bench.article(count).comments}):,} distinct texts",
        )
        for count, value in per_comment.items()
    ]


def figure_claims(bench: Bench) -> list[Row]:
    """Issue 14's analysers (about, quoted, attention) over a whole article, one core, vs the
    plain loop: their share of the full analysis. Seeing the article and thread and building
    the claim index are inside the measurement; the analysers they read are run before."""
    from reader.analysers import ANALYSERS, AnalysisContext
    from reader.pipeline.run import in_thread

    count = bench.sizes["full"]
    article = bench.article(count)
    context = AnalysisContext(article)
    texts, _ = in_thread(article.comments, [c.text for c in article.comments])
    ours = [a for a in ANALYSERS if a.name in ("about", "quoted", "attention")]
    earlier: dict[str, list[object]] = {}
    for analyser in ANALYSERS:
        if analyser not in ours:
            seen = analyser.sees(context)
            earlier[analyser.name] = analyser.analyse(texts, seen, earlier, parallel=True)
    with timer() as elapsed:
        for analyser in ours:
            seen = analyser.sees(context)
            earlier[analyser.name] = analyser.analyse(texts, seen, earlier, parallel=False)
    with timer() as baseline:
        plain_loop([c.text for c in article.comments])
    return [
        Row(
            f"claims: about + quoted + attention, {count:,} comments, one core (vs plain loop)",
            elapsed[0],
            baseline[0],
            target=0.1,
            note="includes finding and indexing the claims and the thread facts",
        )
    ]


FIGURES: list[Callable[[Bench], list[Row]]] = [
    figure_full_analysis, figure_reopen, figure_growth, figure_claims
]


def app_figures() -> list[Callable[[Bench], list[Row]]]:
    """The app's figures from benchmarks/app_figures.py, when that module is there."""
    if not (HERE / "app_figures.py").is_file():
        return []
    module = importlib.import_module("app_figures")
    return list(module.FIGURES)


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or "unknown"
    return [
        f"cores: {os.cpu_count()} (usable {len(os.sched_getaffinity(0))})"
        if hasattr(os, "sched_getaffinity")
        else f"cores: {os.cpu_count()}",
        f"CPU: {cpu}",
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}",
        f"language backend: {BACKEND}",
    ]


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| figure | Reader | baseline | ratio | target | met | note |",
        "|---|---:|---:|---:|---:|:-:|---|",
    ]
    for row in rows:
        ratio = row.ratio
        met = (
            "" if ratio is None or row.target is None else ("yes" if ratio <= row.target else "NO")
        )
        lines.append(
            f"| {row.figure} | {row.value:.3f} {row.unit} | "
            + (f"{row.baseline:.3f} {row.unit}" if row.baseline is not None else "-")
            + f" | {'-' if ratio is None else f'{ratio:.3f}x'} | "
            + f"{'-' if row.target is None else f'<= {row.target:g}x'} | {met} | {row.note} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Reader benchmarks: one table of ratios.")
    parser.add_argument("--quick", action="store_true", help="small pages, to check it works")
    parser.add_argument("--no-large", action="store_true", help="skip the 100,000-comment page")
    parser.add_argument("--only", help="comma-separated figure function names to run")
    args = parser.parse_args(argv)
    if args.quick:
        sizes = {"small": 200, "full": 1_000, "reopen": 1_000, "large": 5_000}
    else:
        sizes = {"small": 1_000, "full": 10_000, "reopen": 10_000, "large": 100_000}
    if args.no_large:
        sizes["large"] = sizes["full"]
    figures = FIGURES + app_figures()
    if args.only:
        wanted = set(args.only.split(","))
        figures = [f for f in figures if f.__name__ in wanted]
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="reader-bench-") as tmp:
        bench = Bench(quick=args.quick, workdir=Path(tmp), sizes=sizes)
        for figure in figures:
            print(f"running {figure.__name__} ...", file=sys.stderr, flush=True)
            try:
                rows.extend(figure(bench))
            except Exception as exc:  # noqa: BLE001 - one broken figure must not lose the table
                rows.append(Row(f"{figure.__name__} FAILED", float("nan"), note=repr(exc)[:200]))
    print("\n".join(f"- {line}" for line in machine()))
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
