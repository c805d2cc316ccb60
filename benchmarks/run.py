"""Run the benchmarks and print one table of ratios, each figure beside its baseline.

Every figure is measured beside its baseline in the same run on the same machine, so the
ratio, not the seconds, is the result. Pages come from benchmarks/generate.py.

    /work/venv/bin/python benchmarks/run.py            # full run (10k and 100k comments)
    /work/venv/bin/python benchmarks/run.py --quick    # a small run to check it works

Figures (SPEC issue 5):
- full analysis of 10,000 comments (language, sentiment, stance, quotes, claims) vs
  (a) the plain loop a user would write with the same libraries (langdetect-rs, VADER,
  Reader's stance and quote functions, one comment at a time; issue 15: target <= 0.6x),
  vs (a+) the same loop also calling Reader's claim functions (about, quoted, attention)
  one comment at a time, which is the same output as Reader's full analysis,
  and vs (b) the older baseline, a loop of VADER + pure-Python langdetect (target <= 0.1x);
- reopening an analysed article (cache hit) vs its first open; target <= 0.1x;
- cost growth: time per comment at 1,000, 10,000 and 100,000 comments vs at 1,000 (linear
  or better: <= 1x);
- issue 14's claim analysers (about, quoted, attention) alone over 10,000 comments on one
  core vs the same plain loop; target <= 0.1x;
- `reader analyze DIR` over 20 pages of 500 comments vs a per-file loop of `reader analyze`
  (issue 15: target <= 0.2x).

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
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from generate import generate_disqus_export, generate_page

from reader.analysers.language import _load_backend, backend_name
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


def _language_code(detector: Any, text: str) -> str | None:
    """langdetect(-rs)'s top language for one text, seeded as Reader seeds it; None when it
    finds no features. The plain call a user would make, for baselines (a) and (a+)."""
    detector.DetectorFactory.seed = 0
    try:
        return str(detector.detect_langs(text)[0].lang)
    except detector.LangDetectException:
        return None


def plain_loop_same_libraries(article: Article) -> None:
    """Baseline (a), the one a user would pick instead of Reader: the libraries Reader uses
    (langdetect-rs, else langdetect; VADER) and Reader's own stance and quote functions,
    called one comment at a time in one process, with Reader's rules (VADER and stance for
    English or untold comments only; stance sees the article's claim and the parent)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from reader.analysers.base import AnalysisContext
    from reader.analysers.stance import _site_and_claim, claim_seen, classify_stance
    from reader.quotes.attribution import attribute_quotes

    detector = _load_backend()[0]
    site, claim = _site_and_claim(claim_seen(AnalysisContext(article)))
    analyser = SentimentIntensityAnalyzer()
    index = {comment.id: comment for comment in article.comments}
    for comment in article.comments:
        text = comment.text
        code = _language_code(detector, text)
        if code not in (None, "en"):
            continue
        analyser.polarity_scores(text)
        parent = index.get(comment.parent) if comment.parent is not None else None
        classify_stance(
            text, claim, None if parent is None else parent.text, comment.depth, site=site
        )
    attribute_quotes(article)


def plain_loop_with_claims(article: Article) -> None:
    """Baseline (a+): (a) plus the claim functions a user would call for the same output,
    one comment at a time in one process: the article's claims and the thread's facts found
    once, then per comment `about`'s links (English or untold comments), `quoted`'s check of
    each quoted stretch (the parent's words left out) and `attention`'s assessment of what
    the others said. What (a) leaves out, issue 14's analysers, is what Reader's full
    analysis adds; (a) stays the headline's baseline beside this one."""
    from types import SimpleNamespace

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from reader.analysers.about import READ_LANGUAGES, links_of
    from reader.analysers.article_claims import article_seen, claims_of_seen
    from reader.analysers.attention import assess
    from reader.analysers.base import AnalysisContext
    from reader.analysers.quoted import check_quotes
    from reader.analysers.stance import _site_and_claim, claim_seen, classify_stance
    from reader.analysers.thread_signals import signals_of, thread_seen
    from reader.quotes.attribution import attribute_quotes

    detector = _load_backend()[0]
    context = AnalysisContext(article)
    site, claim = _site_and_claim(claim_seen(context))
    claims = claims_of_seen(article_seen(context))
    thread = signals_of(thread_seen(context))
    analyser = SentimentIntensityAnalyzer()
    index = {comment.id: comment for comment in article.comments}
    for comment in article.comments:
        text = comment.text
        code = _language_code(detector, text)
        parent = index.get(comment.parent) if comment.parent is not None else None
        parent_text = None if parent is None else parent.text
        results: dict[str, object] = {"language": SimpleNamespace(code=code)}
        if code in (None, "en"):
            scores = analyser.polarity_scores(text)
            results["sentiment"] = SimpleNamespace(compound=scores["compound"])
            results["stance"] = classify_stance(
                text, claim, parent_text, comment.depth, site=site
            )
        if claims is not None:
            if code is None or code in READ_LANGUAGES:
                results["about"] = links_of(claims, text)
            results["quoted"] = check_quotes(claims, text, parent_text)
        assess(text, results, thread)
    attribute_quotes(article)


def _analysis_seconds(article: Article, cache: TriageStore | None = None) -> float:
    with timer() as elapsed:
        analyze(article, cache=cache)
    return elapsed[0]


def _same_work_seconds(article: Article) -> float:
    """Reader with only the analyses baseline (a) does (language, sentiment, stance, quotes)."""
    from reader.analysers.base import AnalysisContext
    from reader.analysers.language import LANGUAGE
    from reader.analysers.sentiment import SENTIMENT
    from reader.analysers.stance import STANCE
    from reader.pipeline.run import iter_comment_analyses
    from reader.quotes.attribution import attribute_quotes

    with timer() as elapsed:
        for _ in iter_comment_analyses(
            article.comments,
            context=AnalysisContext(article),
            analysers=(LANGUAGE, SENTIMENT, STANCE),
        ):
            pass
        attribute_quotes(article)
    return elapsed[0]


def _warm_libraries() -> None:
    """Import and load what Reader and the baselines share (langdetect's profiles, VADER,
    the stance model, the quote and claim rules), so neither side pays it inside its
    measurement: the side measured first paid it alone. Through the baselines' loops, not
    `analyze`: its batch language call starts langdetect-rs's threads, and a process with
    threads starts its worker pool from a forkserver, not warm by fork as `reader analyze` does."""
    small = parse_page(generate_page(300, seed=1), source="warm-up")
    plain_loop_same_libraries(small)
    plain_loop_with_claims(small)


def figure_full_analysis(bench: Bench) -> list[Row]:
    """First figure of the run, so the worker pool starts cold inside the measurement (the
    libraries it shares with the baselines are loaded before any side is timed).
    Baselines, same run: (a) the same libraries called one comment at a time (the headline),
    (b) the old pure-Python langdetect + VADER loop."""
    count = bench.sizes["full"]
    article = bench.article(count)
    _warm_libraries()
    ours = _analysis_seconds(article)
    bench.timings[f"analysis-{count}"] = ours
    same_work = _same_work_seconds(article)
    with timer() as same_libraries:
        plain_loop_same_libraries(article)
    with timer() as with_claims:
        plain_loop_with_claims(article)
    with timer() as pure_python:
        plain_loop([c.text for c in article.comments])
    distinct = len({c.text for c in article.comments})
    return [
        Row(
            f"full analysis, {count:,} comments (vs (a) plain loop of the same libraries)",
            ours,
            same_libraries[0],
            target=0.6,
            note=f"{distinct:,} distinct texts; ours adds the claim analysers (about, quoted, "
            "attention)",
        ),
        Row(
            f"full analysis, {count:,} comments (vs (a+) plain loop with the claim functions)",
            ours,
            with_claims[0],
            target=0.6,
            note="(a+) = (a) + about, quoted and attention called one comment at a time",
        ),
        Row(
            f"language + sentiment + stance + quotes, {count:,} comments (vs (a))",
            same_work,
            same_libraries[0],
            target=0.6,
            note="the same work as (a); warm worker pool",
        ),
        Row(
            f"full analysis, {count:,} comments (vs (b) pure-Python langdetect + VADER loop)",
            ours,
            pure_python[0],
            target=0.1,
            note="(b) has no stance, quotes or claims",
        ),
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


FOLDER_PAGES = 20
FOLDER_COMMENTS = 500


def figure_folder(bench: Bench) -> list[Row]:
    """`reader analyze DIR` over 20 pages of 500 comments (pages spread over the cores) vs
    the per-file shell loop a user would write, `for f in DIR/*; do reader analyze $f`.
    Both as commands from process start, without the cache, output to /dev/null."""
    import subprocess

    pages = bench.workdir / "folder"
    pages.mkdir(exist_ok=True)
    count = 4 if bench.quick else FOLDER_PAGES
    for n in range(count):
        (pages / f"page-{n:02d}.txt").write_text(
            generate_page(FOLDER_COMMENTS, seed=n), encoding="utf-8"
        )
    reader = [sys.executable, "-m", "reader"]

    def command(*args: str) -> None:
        subprocess.run([*reader, "analyze", "--no-cache", *args], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    with timer() as folder:
        command(str(pages))
    with timer() as loop:
        for page in sorted(pages.iterdir()):
            command(str(page))
    return [
        Row(
            f"folder of {count} x {FOLDER_COMMENTS}-comment pages (vs a per-file loop)",
            folder[0],
            loop[0],
            target=0.2,
            note=f"usable cores: {len(os.sched_getaffinity(0))}"
            if hasattr(os, "sched_getaffinity") else "",
        )
    ]


EXPORT_THREADS = 200
EXPORT_POSTS = 50


def figure_export(bench: Bench) -> list[Row]:
    """`reader analyze` on a Disqus export of 200 threads x 50 posts (its articles spread
    over the cores) vs the same command held to one core (`os.sched_setaffinity`), which is
    how Reader read an export before: one article after another. Both from process start,
    without the cache, output to /dev/null."""
    import subprocess

    if not hasattr(os, "sched_setaffinity"):
        return []
    threads = 10 if bench.quick else EXPORT_THREADS
    export = bench.workdir / "export.xml"
    export.write_text(generate_disqus_export(threads, EXPORT_POSTS), encoding="utf-8")
    command = [sys.executable, "-m", "reader", "analyze", "--no-cache", str(export)]
    one_core = min(os.sched_getaffinity(0))

    def run(*, cores: set[int] | None) -> None:
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL,
                       preexec_fn=None if cores is None else lambda: os.sched_setaffinity(0, cores))  # fmt: skip

    with timer() as spread:
        run(cores=None)
    with timer() as alone:
        run(cores={one_core})
    return [
        Row(
            f"Disqus export, {threads} x {EXPORT_POSTS} posts (vs the same on one core)",
            spread[0],
            alone[0],
            note="reported; no target (a second core at best halves the analysis, not the "
            "parse)",
        )
    ]


FIGURES: list[Callable[[Bench], list[Row]]] = [
    figure_full_analysis, figure_reopen, figure_growth, figure_claims, figure_folder,
    figure_export,
]


def app_figures() -> list[Callable[[Bench], list[Row]]]:
    """The app's figures: benchmarks/app_figures.py (headless), first_paint.py (in tmux, from
    process start) and memory_figures.py, each when its module is there."""
    found: list[Callable[[Bench], list[Row]]] = []
    for name in ("app_figures", "first_paint", "memory_figures"):
        if (HERE / f"{name}.py").is_file():
            found += getattr(importlib.import_module(name), "FIGURES", [])
    return found


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
        f"language backend: {backend_name()}",
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
