"""The `reader` command: open the app, `analyze` pages, `export` decisions.

Every problem a user can cause ends here as one line on stderr and a non-zero exit; the app
module is imported only when the app is opened, so `reader analyze` starts fast, and the
analysis and export modules only where a command runs them (the app's worker imports its
own), so the app's first frame does not wait for them.
"""

from __future__ import annotations

import argparse
import glob
import io
import re
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO, TypeVar

from msgspec import Struct

from reader.errors import PageError, ReaderError, StoreError, UsageError
from reader.formats import load_articles, open_pages, sample_path
from reader.formats.comments_from import with_comments_from
from reader.heap import collector_paused
from reader.locations import default_db_path
from reader.model import Analysis, Article, Quote, TriageRecord
from reader.storage.store import TriageStore
from reader.text.decode import DEFAULT_MAX_BYTES, display_path

if TYPE_CHECKING:
    from reader.export.stream import AnalysedComments
    from reader.pipeline.run import AnalysisCache
    from reader.settings import ReaderConfig
    from reader.tui.notices import Notice

T = TypeVar("T")

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# A file named on the command line is read whatever its name (its content tells the format);
# a directory given is walked for the files with these suffixes only (any case): those of every
# format Reader reads (SPEC 1b). One that is not a page after all is reported on its own line.
FOLDER_PAGE_SUFFIXES = (".txt", ".json", ".html", ".htm", ".mhtml", ".mht", ".xml")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad flag in one line instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        # The message quotes the bad value as typed: shown inertly.
        shown = display_path(message)
        self.exit(EXIT_USAGE, f"{self.prog}: {shown} (see '{self.prog} --help')\n")


def _say(message: str) -> None:
    """One line on stderr. Paths, config values and exception texts in it come from
    strangers: shown inertly, so no escape sequence reaches the terminal."""
    print(f"reader: {display_path(message)}", file=sys.stderr)


def parse_size(text: str) -> int | None:
    """`64M`, `1.5G`, `500k`, `1000000`; `0` or `none` lifts the cap (returns None)."""
    if text.strip().lower() in {"0", "none", "off", "unlimited"}:
        return None
    match = _SIZE.match(text)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (try 64M, 1G or none)")
    number, unit = match.groups()
    return int(float(number) * _UNITS[(unit or "").lower()[:1]])


def _add_max_size(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-size",
        type=parse_size,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help=f"refuse pages larger than this (default {DEFAULT_MAX_BYTES // 2**20}M; "
        "'none' lifts the cap)",
    )


def _add_comments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--comments",
        type=Path,
        metavar="THREAD",
        help="take the comments from this file (a Reddit, Hacker News, WordPress or Disqus "
        "thread, or a Reader analysis) and the article from FILE",
    )


def _app_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader",
        description="Read a saved news page with its comments: quotes by speaker, comment "
        "sentiment, language and stance, and keyboard triage. With no FILE, opens the "
        "bundled sample.",
        epilog="Other commands: 'reader analyze FILE...' prints the analysis; "
        "'reader export FILE' prints it with your triage decisions. "
        "Run 'reader analyze --help' or 'reader export --help' for theirs.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="saved page or Reader analysis JSON")
    _add_comments(parser)
    parser.add_argument("--db", type=Path, help="triage database (default: in your data dir)")
    parser.add_argument("--config", type=Path, help="config file (default: in your config dir)")
    _add_max_size(parser)
    parser.add_argument("--version", action=_ShowVersion)
    return parser


class _ShowVersion(argparse.Action):
    """`--version`, as argparse's own prints it, with the version looked up only when asked
    (the lookup imports importlib.metadata: see reader/__init__.py)."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str = argparse.SUPPRESS,
        help: str = "show program's version number and exit",
    ) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> NoReturn:
        from reader import __version__

        sys.stdout.write(f"reader {__version__}\n")
        parser.exit()


def _analyze_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader analyze",
        description="Analyse saved pages and print the result. Several files (paths, globs or "
        "directories) or a file of several articles (a WordPress or Disqus export) give JSON "
        "Lines: one object per article.",
    )
    parser.add_argument(
        "paths", nargs="*", help="saved pages, globs or directories (default: the bundled sample)"
    )
    parser.add_argument("--format", choices=("json", "csv", "text"), default="json")
    _add_comments(parser)
    parser.add_argument("--db", type=Path, help="database that caches analyses (and decisions)")
    parser.add_argument("--no-cache", action="store_true", help="analyse without the cache")
    _add_max_size(parser)
    parser.add_argument(
        "--scheduler", metavar="ADDRESS",
        help="analyse on a Dask cluster (pip install 'reader[cluster]'), e.g. tcp://host:8786",
    )
    parser.add_argument(
        "--out", type=Path, metavar="DIR",
        help="with --scheduler: directory for the results, one JSON Lines file per partition",
    )
    return parser


def _export_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader export",
        description="Print a page's analysis with each comment's triage decision and note.",
    )
    parser.add_argument(
        "file", nargs="?", type=Path,
        help="saved page or Reader analysis JSON (default: the bundled sample)",
    )
    parser.add_argument("--db", type=Path, help="triage database (default: in your data dir)")
    parser.add_argument("--format", choices=("json", "csv", "text"), default="json")
    _add_comments(parser)
    _add_max_size(parser)
    return parser


def _expand(patterns: Sequence[str]) -> list[Path]:
    """Paths as given, globs expanded, directories walked for pages; order kept, no repeats."""
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            pages = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in FOLDER_PAGE_SUFFIXES and p.is_file()
            )  # fmt: skip
            if not pages:
                suffixes = " ".join(FOLDER_PAGE_SUFFIXES)
                raise ReaderError(f"{path}: no saved pages ({suffixes}) in this directory")
            found += pages
        elif not path.exists() and glob.has_magic(pattern):
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
            if not matches:
                raise ReaderError(f"{pattern}: no files match")
            found += [p for p in matches if not p.is_dir()]
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _default_db() -> Path:
    """The database in the data directory; a StoreError naming that directory and why when
    it cannot be made (a file in its way, no permission), so no traceback reaches the user."""
    try:
        return default_db_path()
    except OSError as error:
        why = "a file has that name" if isinstance(error, FileExistsError) else error.strerror
        failed = error.filename2
        where = f" ({failed})" if failed and str(failed) != str(error.filename) else ""
        raise StoreError(
            f"{error.filename}: cannot create Reader's data directory: {why or error}{where}"
        ) from None


def _open_cache(db: Path | None, disabled: bool) -> TriageStore | None:
    """The analysis cache is a speed-up: if it can't be opened, say so once and go on. A
    `--db` the person named must exist (a typo is said, not made into a new database)."""
    if disabled:
        return None
    try:
        return TriageStore(db or _default_db(), create=db is None)
    except StoreError as error:
        if db is not None:
            raise
        _say(f"cache not used: {error}")
        return None


def _write(
    out: TextIO,
    article: Article,
    quotes: tuple[Quote, ...],
    analysed: AnalysedComments,
    fmt: str,
    records: dict[str, TriageRecord] | None,
    *,
    label: Mapping[str, str | int] | None = None,
    header: str | None = None,
    csv_header: bool = True,
) -> None:
    """Write one article in `fmt`, JSON and CSV each comment as `analysed` gives it (so no
    whole document is held); with a `label` (several pages, or a file of several
    articles) JSON becomes one line per article and CSV gains its columns: "file" (the
    path; SPEC's `source` is the format) and "article" (its number in the file, from 1);
    text gets the `header` line. The path and headline are from strangers: JSON escapes
    them, the CSV cells and the text header show them inertly (and the cells formula-safe)."""
    from reader.export import render_text
    from reader.export.stream import write_csv_rows, write_json

    if fmt == "json":
        write_json(out, article, quotes, analysed, records, label=label)
    elif fmt == "csv":
        write_csv_rows(out, analysed, records, label=label, header=csv_header)
    else:
        found = {comment.id: result for comment, result in analysed if result is not None}
        if header is not None:
            out.write(f"== {header} ==\n")
        out.write(render_text(Analysis(article, quotes, found), records))


def _analysed_now(article: Article, cache: AnalysisCache | None) -> AnalysedComments:
    """Each comment of `article` with its analysis, as each batch of the analysis is done."""
    from reader.analysers import AnalysisContext
    from reader.pipeline.run import iter_comment_analyses

    comments = iter(article.comments)
    with collector_paused():  # as in reader.pipeline.run.analyze: see reader.heap
        for found in iter_comment_analyses(
            article.comments, context=AnalysisContext(article), cache=cache
        ):
            for _id, result in found:
                yield next(comments), result


def _analysed_from(analysis: Analysis) -> AnalysedComments:
    """Each comment of a finished analysis with its result."""
    return ((c, analysis.comments.get(c.id)) for c in analysis.article.comments)


def _quotes(article: Article) -> tuple[Quote, ...]:
    from reader.quotes.attribution import attribute_quotes  # only an analysis needs it

    return tuple(attribute_quotes(article))


def _text_header(path: Path, number: int, article: Article, *, batch: bool, several: bool
                 ) -> str | None:  # fmt: skip
    """What tells one article's text from the others': the file's name (in a batch), and
    the article's number and headline (in a file of several); shown inertly."""
    parts = [display_path(str(path))] if batch else []
    if several:
        parts.append(f"article {number}: {display_path(article.headline)}")
    return " · ".join(parts) or None


def _label(path: Path, number: int, *, batch: bool, several: bool) -> dict[str, str | int] | None:
    """What tells one article's output from the others' (see `_write`): None for the one
    article of the one file named."""
    if not batch and not several:
        return None
    label: dict[str, str | int] = {"file": str(path)} if batch else {}
    label["article"] = number
    return label


def _article_named(args: argparse.Namespace, prog: str, named: bool) -> None:
    """`--comments` joins a thread to an article named on the command line: without one it
    would be joined to the bundled sample, which no thread is about."""
    if args.comments is not None and not named:
        raise UsageError(
            f"--comments needs the article's file too: '{prog} ARTICLE --comments THREAD'"
        )


def _threads(args: argparse.Namespace) -> tuple[Article, ...] | None:
    """The articles of `--comments THREAD`, read once, or None without the flag; a file with
    no comments in it (an article, a page whose site loads its comments by script) is
    refused, as it would take the article's comments away and give none."""
    if args.comments is None:
        return None
    threads = load_articles(args.comments, max_bytes=args.max_size)
    if not any(thread.comments for thread in threads):
        raise PageError(
            f"{args.comments}: has no comments to take; --comments THREAD takes them from a "
            "Reddit, Hacker News, WordPress or Disqus thread, or a Reader analysis with comments"
        )
    for thread in threads:
        _warn(thread)
    return tuple(replace(thread, warnings=()) for thread in threads)  # said once, here


def _articles(
    path: Path, max_size: int | None, threads: tuple[Article, ...] | None, thread_path: Path | None
) -> tuple[Article, ...]:
    """Every article of `path`, each with its comments from `--comments` when given. Where
    the flag would silently do nothing, or throw comments away, it is refused: an article
    that has comments of its own (a thread, a saved page with them), or a file of several
    articles (an export) none of which has a thread in THREAD (each would keep its own)."""
    articles = load_articles(path, max_bytes=max_size)
    if threads is None or thread_path is None:
        return articles
    if len(articles) == 1 and articles[0].comments:
        raise PageError(
            f"{path}: has comments of its own ({len(articles[0].comments)}); --comments THREAD "
            "gives comments to an article that has none, such as a saved HTML page"
        )
    joined = with_comments_from(articles, threads, display_path(str(thread_path)))
    if all(new is old for new, old in zip(joined, articles)):
        raise PageError(
            f"{thread_path}: no thread in it has the address of one of the {len(articles)} "
            f"articles of {path}, so --comments would change nothing"
        )
    return joined


def _progress(items: Sequence[T]) -> Iterator[T]:
    """A progress bar on stderr when it is a terminal and there is more than one item (pages,
    or the articles of an export)."""
    if len(items) < 2 or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    # Results written to stdout go above the bar when stdout is this terminal too; sent to a
    # file or a pipe, they must go there, not be taken into the bar's console (Rich's default).
    with Progress(
        console=Console(stderr=True), transient=True, redirect_stdout=sys.stdout.isatty()
    ) as progress:
        task = progress.add_task("Analysing", total=len(items))
        for item in items:
            yield item
            progress.advance(task)


def _warn(article: Article) -> None:
    """A best-effort reading says so on stderr, so piped JSON or CSV is not silently partial."""
    for warning in article.warnings:
        _say(f"warning: {warning}")


class _PageJob(Struct, frozen=True):
    """One page of `reader analyze`, as sent to a worker process (so: picklable)."""

    path: Path
    fmt: str
    max_size: int | None
    threads: tuple[Article, ...] | None
    thread_path: Path | None
    batch: bool
    db: Path | None  # the decision database whose analysis cache is used; None: no cache


class _PageDone(Struct, frozen=True):
    """What a page gave: warnings to say, then its CSV header line (empty for the other
    formats) and the rest of its output, or how many articles it already wrote (streamed);
    or the one line saying why it failed."""

    warnings: tuple[str, ...] = ()
    outputs: tuple[tuple[str, str], ...] = ()
    error: str | None = None
    written: int = 0
    spilled: str | None = None  # a long page's output, in a file the printer copies, removes


# Each process's analysis cache, by decision database (a worker opens its own connection).
_caches: dict[Path, AnalysisCache | None] = {}


def _release_cache(db: Path | None) -> None:
    """Close this process's connection to `db`'s analysis cache (reopened when next used):
    a process with an SQLite file open starts workers from a forkserver, not by forking."""
    from reader.storage.analysis_cache import AnalysisCacheStore

    open_here = _caches.pop(db, None) if db is not None else None
    if isinstance(open_here, TriageStore | AnalysisCacheStore):
        open_here.close()


def _cache_for(db: Path | None) -> AnalysisCache | None:
    if db is None:
        return None
    if db not in _caches:
        from reader.storage.analysis_cache import AnalysisCacheStore, cache_path_for

        _caches[db] = AnalysisCacheStore(cache_path_for(db))
    return _caches[db]


def _write_page(
    out: TextIO, job: _PageJob, articles: tuple[Article, ...], *, csv_header: bool
) -> int:
    """Analyse and write each article of one page as its analysis runs; how many were written.
    Only the first gets the CSV header row, and only with `csv_header`."""
    several = len(articles) > 1
    for number, article in enumerate(articles, 1):
        _write_article(out, job, article, number, several=several, csv_header=csv_header)
    return len(articles)


def _write_article(
    out: TextIO, job: _PageJob, article: Article, number: int, *, several: bool,
    csv_header: bool,
) -> None:  # fmt: skip
    """Analyse and write article `number` of `job`'s page (the CSV header row only for the
    first, and only with `csv_header`)."""
    _write(
        out, article, _quotes(article), _analysed_now(article, _cache_for(job.db)), job.fmt,
        None, label=_label(job.path, number, batch=job.batch, several=several),
        header=_text_header(job.path, number, article, batch=job.batch, several=several),
        csv_header=csv_header and number == 1,
    )  # fmt: skip


def _stream_page(job: _PageJob, out: TextIO, *, csv_header: bool) -> _PageDone:
    """Read one page, say its warnings, then analyse and write it to `out` as the analysis
    runs (in this process): all that is left to report is how many articles went out."""
    try:
        if _streamed_page(job, out, csv_header=csv_header):
            return _PageDone(written=1)
        articles = _articles(job.path, job.max_size, job.threads, job.thread_path)
    except ReaderError as error:
        return _PageDone(error=str(error))
    for article in articles:
        _warn(article)
    if _worth_spreading(articles):
        return _PageDone(written=_write_spread(out, job, articles, csv_header=csv_header))
    return _PageDone(written=_write_page(out, job, articles, csv_header=csv_header))


# A file of several articles (a WordPress or Disqus export) has its articles analysed on
# every core from this many comments in all: forked workers start in about 0.2 s
# (reader.pipeline.folder), and 2,500 comments take about 0.4 s on one core.
SPREAD_MIN_COMMENTS = 2_500


class _ArticleJob(Struct, frozen=True):
    """One article of a file of several, as sent to a worker process (so: picklable)."""

    page: _PageJob
    article: Article
    number: int
    csv_header: bool


def _worth_spreading(articles: tuple[Article, ...]) -> bool:
    if len(articles) < 2 or sum(len(a.comments) for a in articles) < SPREAD_MIN_COMMENTS:
        return False
    from reader.pipeline import folder

    return folder.workers_can_start()


def _write_spread(
    out: TextIO, job: _PageJob, articles: tuple[Article, ...], *, csv_header: bool
) -> int:
    """`_write_page`, with the articles analysed in worker processes and written here in
    their order, each as it comes back; how many were written."""
    from msgspec.structs import replace as replace_struct

    from reader.pipeline import folder

    _release_cache(job.db)  # so the workers are forked: each opens the cache itself
    page = replace_struct(job, threads=None)  # the articles already hold those comments
    jobs = (
        _ArticleJob(page, article, number, csv_header)
        for number, article in enumerate(articles, 1)
    )
    done = folder.ordered_map(_analyse_article, jobs, preload=["reader.cli"])
    out.writelines(next(done) for _article in _progress(articles))
    next(done, None)  # every article given: the workers are let go (reader.pipeline.folder)
    return len(articles)


def _analyse_article(job: _ArticleJob) -> str:
    """One article of a file of several, analysed and rendered in a worker: its output."""
    buffer = io.StringIO()
    _write_article(
        buffer, job.page, job.article, job.number, several=True, csv_header=job.csv_header
    )
    return buffer.getvalue()


def _streamed_page(
    job: _PageJob, out: TextIO, *, csv_header: bool, warn: Callable[[Article], None] = _warn
) -> bool:
    """Analyse and write a page too long to hold as it is read from its file, a batch of
    comments at a time (reader.pipeline.streamed), in JSON or CSV; False when the page is to
    be read whole (short, another format, `--comments`, or text output, which needs it all).
    Its warnings go to `warn` first."""
    if job.threads is not None or job.fmt == "text":
        return False
    from reader.pipeline.streamed import open_streamed_thread

    streamed = open_streamed_thread(job.path, max_bytes=job.max_size)
    if streamed is None:
        return False
    article = streamed.article
    warn(article)
    with collector_paused():  # as in reader.pipeline.run.analyze: see reader.heap
        _write(
            out, article, _quotes(article), streamed.analysed(_cache_for(job.db)), job.fmt, None,
            label=_label(job.path, 1, batch=job.batch, several=False), csv_header=csv_header,
        )  # fmt: skip
    return True


def _analyse_page(job: _PageJob) -> _PageDone:
    """Read, analyse and render one page in a worker process (for a folder): its output as
    text, so the writing in order is all that is left to the process that prints. A long
    page's output goes to a temporary file instead (`_spilled`), so no process holds it."""
    from reader.formats.saved_page_stream import STREAM_MIN_BYTES

    try:
        long_page = job.path.stat().st_size >= STREAM_MIN_BYTES
    except OSError:
        long_page = False  # the read below says what is wrong
    spill = _spill_file() if long_page else None
    buffer: TextIO = spill[0] if spill is not None else io.StringIO()
    read: list[Article] = []
    try:
        if not _streamed_page(job, buffer, csv_header=True, warn=read.append):
            read += _articles(job.path, job.max_size, job.threads, job.thread_path)
            _write_page(buffer, job, tuple(read), csv_header=True)
    except ReaderError as error:
        _remove_spill(spill)
        return _PageDone(error=str(error))
    warnings = tuple(f"warning: {warning}" for a in read for warning in a.warnings)
    if spill is not None:
        spill[0].close()
        if not read:  # nothing was written
            _remove_spill(spill)
            return _PageDone(warnings)
        return _PageDone(warnings, spilled=spill[1])
    assert isinstance(buffer, io.StringIO)
    text, head = buffer.getvalue(), ""
    if job.fmt == "csv":  # the header row (column names only) is written once, in front
        head, _, text = text.partition("\r\n")
        head += "\r\n"
    return _PageDone(warnings, ((head, text),) if read else ())


def _spill_file() -> tuple[TextIO, str]:
    """A temporary file for a long page's output, and its name (removed by whoever copies
    it out: `_copy_spilled`)."""
    import os
    import tempfile

    handle, name = tempfile.mkstemp(prefix="reader-page-", suffix=".out")
    return os.fdopen(handle, "w", encoding="utf-8", newline=""), name


def _remove_spill(spill: tuple[TextIO, str] | None) -> None:
    if spill is not None:
        spill[0].close()
        Path(spill[1]).unlink(missing_ok=True)


def _copy_spilled(name: str, out: TextIO, *, head: bool, csv: bool) -> None:
    """Copy a long page's output to `out` (without its CSV header row unless `head`), then
    remove the file."""
    import shutil

    try:
        with open(name, encoding="utf-8", newline="") as spilled:
            if csv and not head:
                spilled.readline()  # the header row: written once, by the first page
            shutil.copyfileobj(spilled, out)
    finally:
        Path(name).unlink(missing_ok=True)


def run_analyze(argv: Sequence[str]) -> int:
    args = _analyze_parser().parse_args(argv)
    _article_named(args, "reader analyze", bool(args.paths))
    if args.scheduler is not None or args.out is not None:
        return _run_on_cluster(args)
    paths = _expand(args.paths) if args.paths else [sample_path()]
    # Several arguments, a directory or a glob ask for a batch: JSON Lines, whatever it matches.
    batch = len(args.paths) > 1 or any(
        Path(p).is_dir() or (glob.has_magic(p) and not Path(p).exists()) for p in args.paths
    )
    threads = _threads(args)
    failed = written = 0
    from reader.pipeline import folder  # multiprocessing: imported when it may be used

    cache = _open_cache(args.db, args.no_cache)
    db = None if cache is None else cache.path
    spread = batch and folder.worth_processes(paths)  # pages spread over every core
    if spread and cache is not None:
        # Opened to check it (a --db named must exist); the page workers open their own, and
        # with no database open here they are forked rather than started from a forkserver.
        cache.close()
        cache = None
    with cache if cache is not None else nullcontext():
        jobs = [
            _PageJob(path, args.format, args.max_size, threads, args.comments, batch, db)
            for path in paths
        ]
        done: Iterator[_PageDone] | None = None
        if spread:
            done = folder.ordered_map(_analyse_page, jobs, preload=["reader.cli"])
        elif db is not None:
            _caches[db] = cache  # this process's pages use the cache opened here
        for _path, job in zip(_progress(paths), jobs):
            page = (
                next(done) if done is not None
                else _stream_page(job, sys.stdout, csv_header=not written)
            )  # fmt: skip
            for warning in page.warnings:
                _say(warning)
            if page.error is not None:
                if not batch:
                    raise ReaderError(page.error)
                _say(page.error)
                failed += 1
                continue
            for head, rest in page.outputs:
                sys.stdout.write(rest if written else head + rest)
                written += 1
            if page.spilled is not None:
                _copy_spilled(page.spilled, sys.stdout, head=not written, csv=args.format == "csv")
                written += 1
            written += page.written
            sys.stdout.flush()
        if done is not None:
            next(done, None)  # every page given: the workers are let go (reader.pipeline.folder)
        _release_cache(db)  # no later run may use it (one reopened after a spread file too)
    if failed:
        _say(f"{failed} of {len(paths)} files could not be read")
    return EXIT_FAILED if failed else EXIT_OK


def _page_lines(path: str, max_bytes: int | None = None) -> tuple[list[str], bool]:
    """A page's JSON Lines on a cluster worker, and whether it could be read: one line per
    article, as `reader analyze DIR` prints it, or one line {"file", "error"} saying why not."""
    from reader.export import analysis_to_dict, json_line
    from reader.pipeline.run import analyze

    try:
        articles = load_articles(Path(path), max_bytes=max_bytes)
        analyses = [analyze(article) for article in articles]
    except ReaderError as error:
        return [json_line({"file": path, "error": str(error)})], False
    lines = [
        json_line({"file": path, "article": number, **analysis_to_dict(analysis, None)})
        for number, analysis in enumerate(analyses, 1)
    ]
    return lines, True


def _run_on_cluster(args: argparse.Namespace) -> int:
    """`--scheduler ADDRESS ... --out DIR`: the pages analysed on a Dask cluster (see
    reader.pipeline.cluster), one JSON Lines file per partition in DIR; a page that could
    not be read is a line with its error there, and makes the exit status non-zero."""
    if args.scheduler is None or args.out is None:
        raise ReaderError("--scheduler and --out go together (a Dask scheduler's address and "
                          "a directory for the results)")
    if not args.paths:
        raise ReaderError("--scheduler needs the pages to analyse (paths, globs or directories)")
    if args.comments is not None:
        raise UsageError("--comments does not go with --scheduler: analyse those pages here")
    from reader.pipeline.cluster import map_on_cluster

    paths = [str(path.resolve()) for path in _expand(args.paths)]
    work = partial(_page_lines, max_bytes=args.max_size)
    done = map_on_cluster(args.scheduler, paths, work, args.out)
    _say(f"{len(paths)} pages analysed: {len(done.files)} files in {args.out}")
    if done.failed:
        _say(f"{done.failed} of {len(paths)} files could not be read")
    return EXIT_FAILED if done.failed else EXIT_OK


def run_export(argv: Sequence[str]) -> int:
    from reader.pipeline.run import analyze

    args = _export_parser().parse_args(argv)
    _article_named(args, "reader export", args.file is not None)
    path = args.file or sample_path()
    articles = _articles(path, args.max_size, _threads(args), args.comments)
    for article in articles:
        _warn(article)
    # A named --db must exist: a typo would otherwise export every decision as none.
    with TriageStore(args.db or _default_db(), create=args.db is None) as store:
        done = [
            (analyze(article, cache=store), store.load(article.content_hash))
            for article in articles
        ]
    several = len(done) > 1
    for number, (analysis, records) in enumerate(done, 1):
        _write(
            sys.stdout, analysis.article, analysis.quotes, _analysed_from(analysis), args.format,
            records, label=_label(path, number, batch=False, several=several),
            header=_text_header(path, number, analysis.article, batch=False, several=several),
            csv_header=number == 1,
        )  # fmt: skip
    return EXIT_OK


def _page_folder(page: Path | None) -> Path | None:
    """Where the app's export goes by default: beside the page, as an absolute path so a
    later change (or deletion) of the working directory does not move it. None for the
    bundled sample, whose folder belongs to the installation."""
    return page.absolute().parent if page is not None else None


def _new_database_notice(path: Path) -> Notice:
    """Said in the app when opening it made the database, so a mistyped --db is seen."""
    from reader.tui.notices import Notice  # the app's module: imported only to open it

    return Notice(f"Created a new triage database: {display_path(path)}", title="Database",
                  timeout=10)


def _pages(
    args: argparse.Namespace, path: Path
) -> tuple[tuple[Article, Callable[[], Article] | None], ...]:
    """What the app opens: each article of the file (a long page on its first comments, the
    rest parsed while it is shown), or, with `--comments`, each joined with its thread."""
    if args.comments is None:
        return open_pages(path, max_bytes=args.max_size)
    articles = _articles(path, args.max_size, _threads(args), args.comments)
    return tuple((article, None) for article in articles)


def _config_notices(config: ReaderConfig) -> list[Notice]:
    """Each problem of the config file, said on stderr now (still there after the app exits)
    and as a notice in the app; the app opens anyway, on the defaults for what each touched."""
    if not config.problems:
        return []
    from reader.tui.notices import Notice  # the app's module, which opens next

    notices = []
    for problem in config.problems:
        line = f"{config.path}: {problem}"
        _say(f"warning: {line}")
        notices.append(
            Notice(display_path(line), severity="warning", title="Config", timeout=10)
        )
    return notices


def run_app(argv: Sequence[str]) -> int:
    args = _app_parser().parse_args(argv)
    _article_named(args, "reader", args.file is not None)
    from reader.settings import load_config

    # Before the page: a --config typo is said at once, not after a long page is read.
    config = load_config(args.config, named=args.config is not None)
    notices = _config_notices(config)
    path: Path = args.file or sample_path()
    pages = _pages(args, path)
    from reader.tui.app import ReaderApp
    from reader.tui.store_warnings import StoreWarnings

    warnings = StoreWarnings()  # the cache's warnings: on stderr, and in the app while it runs
    db = args.db or _default_db()
    is_new = not db.exists()
    store = TriageStore(db, warn=warnings)
    article, load_rest = pages[0]
    with store:
        app = ReaderApp(
            article, store, source=path.name, keymap=config.keys, load_rest=load_rest,
            store_warnings=warnings, export_dir=_page_folder(args.file),
            auto_advance=config.auto_advance,
            notices=notices + ([_new_database_notice(store.path)] if is_new else []),
            choices=[page for page, _ in pages] if len(pages) > 1 else (),
        )
        if app.keymap_problem:  # the app shows it too; this line is still there after it exits
            _say(f"warning: {config.path}: {app.keymap_problem}")
        del article, load_rest, pages  # the app owns them: the page's text is freed once parsed
        app.run()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `reader` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = {"analyze": run_analyze, "export": run_export}.get(args[0] if args else "")
    try:
        if command is not None:
            return command(args[1:])
        return run_app(args)
    except UsageError as error:
        _say(str(error))
        return EXIT_USAGE
    except ReaderError as error:
        _say(str(error))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output (e.g. `| head`) went away: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
