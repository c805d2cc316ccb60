"""`reader analyze DIR` on every core: pages spread over worker processes, output in input
order and identical to one process's, a bad page reported without losing the others."""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from reader.cli import main
from reader.formats import sample_path
from reader.pipeline import folder, pool

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = ["minimal.txt", "likes-and-ages.txt", "multi-paragraph-comments.txt", "no-byline.txt"]


def _folder(tmp_path: Path) -> Path:
    pages = tmp_path / "pages"
    pages.mkdir()
    for number, name in enumerate(PAGES):
        (pages / f"{number}-{name}").write_bytes((FIXTURES / name).read_bytes())
    (pages / "2a-empty.txt").write_bytes(b"")  # in the middle: the pages after it still come
    (pages / "9-sample.txt").write_bytes(sample_path().read_bytes())
    return pages


def _analyze(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["analyze", "--no-cache", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _spread(monkeypatch: pytest.MonkeyPatch, spread: bool) -> None:
    """Pages in worker processes (as on two cores, whatever their size), or in this one."""
    monkeypatch.setattr(folder, "FOLDER_MIN_BYTES", 0 if spread else 10**15)
    monkeypatch.setattr(pool, "usable_cores", lambda: 2)


@pytest.mark.parametrize("fmt", ["json", "csv", "text"])
def test_a_folder_spread_over_processes_prints_what_one_process_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str
) -> None:
    pages = _folder(tmp_path)
    _spread(monkeypatch, spread=False)
    alone = _analyze(capsys, "--format", fmt, str(pages))
    _spread(monkeypatch, spread=True)
    spread = _analyze(capsys, "--format", fmt, str(pages))
    assert spread == alone
    code, out, err = spread
    assert code == 1  # a page failed: the documented non-zero exit, the rest all there
    assert err.count("\n") == 2 and "2a-empty.txt" in err and "1 of 6 files" in err
    if fmt == "csv":
        assert out.count("file,article,") == 1  # one header, in front
    if fmt == "json":
        names = [line.split('"file": "', 1)[1].split('"', 1)[0] for line in out.splitlines()]
        assert names == [str(p) for p in sorted(pages.iterdir()) if "empty" not in p.name]


def square(number: int) -> int:
    return number * number


def square_or_die(number: int) -> int:
    """Kills the worker process that runs it (never this process)."""
    if multiprocessing.parent_process() is not None and number == 3:
        os._exit(1)
    return number * number


def test_results_come_in_input_order_past_the_queue_window() -> None:
    items = list(range(40))  # more than workers * (AHEAD + 1)
    assert list(folder.ordered_map(square, items, workers=2)) == [n * n for n in items]


def test_a_dead_worker_loses_no_page() -> None:
    items = list(range(12))
    assert list(folder.ordered_map(square_or_die, items, workers=2)) == [n * n for n in items]


def test_without_processes_the_pages_are_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(workers: int, preload: object) -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(folder, "_executor", refuse)
    assert list(folder.ordered_map(square, [1, 2, 3])) == [1, 4, 9]


def test_small_or_single_page_runs_stay_in_this_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pages = _folder(tmp_path)
    paths = sorted(pages.iterdir())
    monkeypatch.setattr(pool, "usable_cores", lambda: 2)
    assert not folder.worth_processes(paths)  # a few KB: starting processes costs more
    monkeypatch.setattr(folder, "FOLDER_MIN_BYTES", 1)
    assert folder.worth_processes(paths)
    assert not folder.worth_processes(paths[:1])
    monkeypatch.setattr(pool, "usable_cores", lambda: 1)
    assert not folder.worth_processes(paths)


class _BrokenOnSubmit(ProcessPoolExecutor):
    """A pool whose workers are gone: it can take no more tasks."""

    def submit(self, *args: object, **kwargs: object) -> Future[int]:  # type: ignore[override]
        raise BrokenProcessPool("the workers died")


def test_a_page_the_dead_pool_could_not_take_is_done_in_its_turn() -> None:
    """Results given so far, then the pages submitted before the pool broke, then the one it
    refused, then the rest: input order throughout (seen at random under load before)."""
    done: list[tuple[int, Future[int]]] = []
    for n in range(3):
        future: Future[int] = Future()
        future.set_result(n * n)
        done.append((n, future))
    executor = _BrokenOnSubmit(max_workers=1)
    found = list(folder._in_order(square, executor, deque(done), iter(range(3, 8))))
    assert found == [n * n for n in range(8)]


@pytest.mark.parametrize("fmt", ["csv", "text"])  # JSON: as the folder's, above
def test_an_exports_articles_spread_over_processes_print_what_one_process_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str
) -> None:
    """A WordPress or Disqus export's articles go to worker processes (as from 2,500
    comments on two cores) and come back in order; the cache the workers fill is read."""
    from reader import cli
    from reader.storage.decisions import DecisionStore

    exports = [str(FIXTURES / "wordpress-export.xml"), str(FIXTURES / "disqus-export.xml")]
    monkeypatch.setattr(pool, "usable_cores", lambda: 2)
    monkeypatch.setattr(cli, "SPREAD_MIN_COMMENTS", 10**15)
    alone = [_analyze(capsys, "--format", fmt, export) for export in exports]
    monkeypatch.setattr(cli, "SPREAD_MIN_COMMENTS", 0)
    assert [_analyze(capsys, "--format", fmt, export) for export in exports] == alone
    db = tmp_path / "triage.sqlite3"
    DecisionStore(db).close()  # a --db named on the command line must exist
    for _ in range(2):  # filled by the workers, then read by them
        for export, expected in zip(exports, alone):
            code = main(["analyze", "--db", str(db), "--format", fmt, export])
            assert (code, *capsys.readouterr()) == expected
    assert (tmp_path / "analysis-cache.sqlite3").stat().st_size > 0


# -- which files of a folder are pages ----------------------------------------------------------


def _every_format(tmp_path: Path) -> Path:
    """A folder with a page in each format Reader reads, by the suffix a browser or an admin
    tool gives it (some upper case), a file that is not a page, and one that is not read."""
    pages = tmp_path / "every"
    pages.mkdir()
    for name, source in [
        ("a.html", "html/article.html"), ("b.HTM", "html/press-release.html"),
        ("c.mhtml", "html/article.mhtml"), ("d.mht", "html/article.mhtml"),
        ("e.xml", "wordpress-export.xml"), ("f.json", "reddit-thread.json"),
        ("g.txt", "minimal.txt"),
    ]:  # fmt: skip
        (pages / name).write_bytes((FIXTURES / source).read_bytes())
    (pages / "h-sitemap.xml").write_text('<?xml version="1.0"?><urlset><url/></urlset>')
    (pages / "notes.pdf").write_bytes(b"%PDF-1.4 not read")
    return pages


@pytest.mark.parametrize("spread", [False, True])
def test_a_folder_takes_every_format_reader_reads_and_reports_a_non_page_alone(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    spread: bool,
) -> None:  # fmt: skip
    """A folder was walked for .txt and .json only: its HTML, MHTML and exports were skipped
    without a word."""
    _spread(monkeypatch, spread)
    pages = _every_format(tmp_path)
    code, out, err = _analyze(capsys, str(pages))
    files = [json.loads(line)["file"] for line in out.splitlines()]
    names = ["a.html", "b.HTM", "c.mhtml", "d.mht", "e.xml", "e.xml", "f.json", "g.txt"]
    assert files == [str(pages / name) for name in names]  # the export: one line per post
    assert code == 1
    assert err.splitlines() == [
        (
            f"reader: {pages / 'h-sitemap.xml'}: does not look like a saved news page (it "
            "looks like HTML or XML)"
        ),
        "reader: 1 of 8 files could not be read",
    ]


def test_a_folder_of_only_html_and_xml_is_read_and_an_empty_one_names_the_suffixes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.html").write_bytes((FIXTURES / "html" / "article.html").read_bytes())
    (pages / "b.xml").write_bytes((FIXTURES / "disqus-export.xml").read_bytes())
    code, out, _ = _analyze(capsys, str(pages))
    assert code == 0 and len(out.splitlines()) == 3  # the article and the export's 2 threads
    (pages / "a.html").unlink()
    (pages / "b.xml").rename(pages / "b.pdf")
    code, out, err = _analyze(capsys, str(pages))
    assert (code, out) == (1, "")
    assert err == (
        f"reader: {pages}: no saved pages (.txt .json .html .htm .mhtml .mht .xml) in this "
        "directory\n"
    )
