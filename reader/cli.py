"""The `reader` command: open the app, `analyze` pages, `export` decisions.

Every problem a user can cause ends here as one line on stderr and a non-zero exit; the app
module is imported only when the app is opened, so `reader analyze` starts fast.
"""

from __future__ import annotations

import argparse
import csv
import glob
import io
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import NoReturn, TextIO

from reader import __version__
from reader.errors import ReaderError, StoreError
from reader.export import (
    analysis_to_dict,
    csv_rows,
    json_document,
    json_line,
    render_text,
    spreadsheet_safe,
)
from reader.formats import load_article, open_page, sample_path
from reader.locations import default_db_path
from reader.model import Analysis, Article, TriageRecord
from reader.pipeline.run import analyze
from reader.storage.store import TriageStore
from reader.text.decode import DEFAULT_MAX_BYTES, display_path

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
# A file named on the command line is read whatever its name (its content tells the format);
# a directory given is walked for the files with these suffixes only.
FOLDER_PAGE_SUFFIXES = {".txt", ".json"}
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
    parser.add_argument("--db", type=Path, help="triage database (default: in your data dir)")
    parser.add_argument("--config", type=Path, help="config file (default: in your config dir)")
    _add_max_size(parser)
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    return parser


def _analyze_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="reader analyze",
        description="Analyse saved pages and print the result. Several files (paths, globs or "
        "directories) give JSON Lines: one object per page.",
    )
    parser.add_argument(
        "paths", nargs="*", help="saved pages, globs or directories (default: the bundled sample)"
    )
    parser.add_argument("--format", choices=("json", "csv", "text"), default="json")
    parser.add_argument("--db", type=Path, help="database that caches analyses (and decisions)")
    parser.add_argument("--no-cache", action="store_true", help="analyse without the cache")
    _add_max_size(parser)
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
    _add_max_size(parser)
    return parser


def _expand(patterns: Sequence[str]) -> list[Path]:
    """Paths as given, globs expanded, directories walked for pages; order kept, no repeats."""
    found: list[Path] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            pages = sorted(
                p for p in path.rglob("*") if p.suffix in FOLDER_PAGE_SUFFIXES and p.is_file()
            )
            if not pages:
                raise ReaderError(f"{path}: no saved pages (.txt or .json) in this directory")
            found += pages
        elif not path.exists() and glob.has_magic(pattern):
            matches = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
            if not matches:
                raise ReaderError(f"{pattern}: no files match")
            found += [p for p in matches if not p.is_dir()]
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _open_cache(db: Path | None, disabled: bool) -> TriageStore | None:
    """The analysis cache is a speed-up: if it can't be opened, say so once and go on."""
    if disabled:
        return None
    try:
        return TriageStore(db or default_db_path())
    except StoreError as error:
        if db is not None:
            raise
        _say(f"cache not used: {error}")
        return None


def _write(
    out: TextIO,
    analysis: Analysis,
    fmt: str,
    records: dict[str, TriageRecord] | None,
    *,
    source: str | None = None,
    csv_header: bool = True,
) -> None:
    """Write one page in `fmt`; with `source` (several pages) JSON becomes one line per page
    and CSV gains a source column. The source is a path, from a stranger: JSON escapes it,
    and the CSV cell and the text header show it inertly (and the cell formula-safe)."""
    if fmt == "json":
        data = analysis_to_dict(analysis, records)
        if source is not None:
            out.write(json_line({"source": source, **data}) + "\n")
        else:
            out.write(json_document(data) + "\n")
    elif fmt == "csv":
        rows = csv_rows(analysis, records)
        if source is not None:
            cell = spreadsheet_safe(display_path(source))
            rows = [["source", *rows[0]]] + [[cell, *row] for row in rows[1:]]
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows if csv_header else rows[1:])
        out.write(buffer.getvalue())
    else:
        if source is not None:
            out.write(f"== {display_path(source)} ==\n")
        out.write(render_text(analysis, records))


def _progress(paths: list[Path]) -> Iterator[Path]:
    """A progress bar on stderr when it is a terminal and there is more than one page."""
    if len(paths) < 2 or not sys.stderr.isatty():
        yield from paths
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Analysing", total=len(paths))
        for path in paths:
            yield path
            progress.advance(task)


def _warn(article: Article) -> None:
    """A best-effort reading says so on stderr, so piped JSON or CSV is not silently partial."""
    for warning in article.warnings:
        _say(f"warning: {warning}")


def run_analyze(argv: Sequence[str]) -> int:
    args = _analyze_parser().parse_args(argv)
    paths = _expand(args.paths) if args.paths else [sample_path()]
    # Several arguments, a directory or a glob ask for a batch: JSON Lines, whatever it matches.
    many = len(args.paths) > 1 or any(
        Path(p).is_dir() or (glob.has_magic(p) and not Path(p).exists()) for p in args.paths
    )
    failed = written = 0
    cache = _open_cache(args.db, args.no_cache)
    with cache if cache is not None else nullcontext():
        for path in _progress(paths):
            try:
                article = load_article(path, max_bytes=args.max_size)
                _warn(article)
                analysis = analyze(article, cache=cache)
            except ReaderError as error:
                if not many:
                    raise
                _say(str(error))
                failed += 1
                continue
            source = str(path) if many else None
            _write(sys.stdout, analysis, args.format, None, source=source, csv_header=not written)
            sys.stdout.flush()
            written += 1
    if failed:
        _say(f"{failed} of {len(paths)} files could not be read")
    return EXIT_FAILED if failed else EXIT_OK


def run_export(argv: Sequence[str]) -> int:
    args = _export_parser().parse_args(argv)
    article = load_article(args.file or sample_path(), max_bytes=args.max_size)
    _warn(article)
    with TriageStore(args.db or default_db_path()) as store:
        records = store.load(article.content_hash)
        analysis = analyze(article, cache=store)
    _write(sys.stdout, analysis, args.format, records)
    return EXIT_OK


def run_app(argv: Sequence[str]) -> int:
    args = _app_parser().parse_args(argv)
    path: Path = args.file or sample_path()
    # A long page opens on its first comments; the app parses the rest while it is shown.
    article, load_rest = open_page(path, max_bytes=args.max_size)
    from reader.settings import load_config

    config = load_config(args.config)
    from reader.tui.app import ReaderApp
    from reader.tui.store_warnings import StoreWarnings

    warnings = StoreWarnings()  # the cache's warnings: on stderr, and in the app while it runs
    store = TriageStore(args.db or default_db_path(), warn=warnings)
    with store:
        app = ReaderApp(
            article, store, source=path.name, keymap=config.keys, load_rest=load_rest,
            store_warnings=warnings,
        )
        if app.keymap_problem:  # the app shows it too; this line is still there after it exits
            _say(f"warning: {config.path}: {app.keymap_problem}")
        del article, load_rest  # the app owns them: the page's text is freed once parsed
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
    except ReaderError as error:
        _say(str(error))
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output (e.g. `| head`) went away: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
