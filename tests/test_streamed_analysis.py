"""`reader analyze` of a page too long to hold: read from its file as it is analysed.

A page over STREAM_MIN_BYTES is analysed a batch at a time from its file
(reader.pipeline.streamed). Its output must be byte for byte what the whole page's analysis
prints (JSON and CSV, with and without the cache), the thread facts the analysers see must be
the whole thread's, and what the run holds must not grow with the page beyond a few bytes a
comment (tracemalloc: allocations, not time, so a loaded machine gives the same figures).
"""

from __future__ import annotations

import random
import tempfile
import tracemalloc
from pathlib import Path

import pytest
from test_flat_memory import ECHO, Sink

from reader.analysers import AnalysisContext
from reader.analysers.thread_signals import FlatThreadFacts, thread_seen
from reader.cli import main
from reader.export.stream import write_json
from reader.formats import load_article, sample_path
from reader.formats import saved_page_stream as stream_module
from reader.pipeline import folder, pool
from reader.pipeline import streamed as streamed_module
from reader.pipeline.streamed import open_streamed_thread
from reader.storage.store import TriageStore


def comment_lines(count: int, seed: int = 7) -> list[str]:
    """`count` comments in the saved-page format: the sample's texts, some repeated exactly,
    some with many likes, some in other languages."""
    rng = random.Random(seed)
    texts = [c.text for c in load_article(sample_path()).comments]
    lines: list[str] = []
    for n in range(count):
        text = texts[n % len(texts)] if n % 7 else f"{texts[n % len(texts)]} ({n})"
        likes = rng.choice([0, 1, 3, 12, 40, 250])
        lines += [f"Reader {n % 13}", "3 hours ago", "", text, "", "Reply", str(likes), ""]
    return lines


def write_page(path: Path, count: int) -> Path:
    head = ["A headline", "", "A paragraph saying “it was fine,” said Ann.", "", "Comments / 9", ""]
    path.write_text("\n".join(head + comment_lines(count)) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page streamed, in small segments and batches, in one process."""
    monkeypatch.setattr(stream_module, "STREAM_MIN_BYTES", 0)
    monkeypatch.setattr(stream_module, "SEGMENT_CHARS", 2_000)
    monkeypatch.setattr(stream_module, "PIECE_BYTES", 4_096)  # the file read in pieces
    monkeypatch.setattr(streamed_module, "STREAM_BATCH", 150)
    monkeypatch.setattr(pool, "worth_processes", lambda uncached: False)


def analyze_output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["analyze", *args]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_streamed_output_is_the_whole_analysis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    small_pieces: None, fmt: str,
) -> None:  # fmt: skip
    page = write_page(tmp_path / "page.txt", 700)
    assert open_streamed_thread(page, max_bytes=None) is not None
    streamed = analyze_output(capsys, str(page), "--no-cache", "--format", fmt)
    monkeypatch.setattr(stream_module, "STREAM_MIN_BYTES", 1 << 40)
    assert open_streamed_thread(page, max_bytes=None) is None
    assert streamed == analyze_output(capsys, str(page), "--no-cache", "--format", fmt)


def test_streamed_output_with_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], small_pieces: None
) -> None:
    """Results written to the cache by a streamed run are read back by the next, the same."""
    page = write_page(tmp_path / "page.txt", 400)
    expected = analyze_output(capsys, str(page), "--no-cache")
    db = tmp_path / "decisions.sqlite3"
    with TriageStore(db):
        pass
    assert analyze_output(capsys, str(page), "--db", str(db)) == expected
    assert analyze_output(capsys, str(page), "--db", str(db)) == expected


def test_the_thread_facts_are_the_whole_threads(tmp_path: Path, small_pieces: None) -> None:
    page = write_page(tmp_path / "page.txt", 500)
    streamed = open_streamed_thread(page, max_bytes=None)
    assert streamed is not None
    whole = load_article(page)
    assert streamed.context.thread == thread_seen(AnalysisContext(whole))
    facts = FlatThreadFacts()
    facts.add(load_article(sample_path()).comments)
    sample = [c.text for c in load_article(sample_path()).comments if c.text.strip()]
    assert facts.seen([sample[n] for n in facts.sample_positions()]) == thread_seen(
        AnalysisContext(load_article(sample_path()))
    )


def peak_of_streaming(page: Path) -> int:
    """Peak bytes allocated while the page is read, analysed and written as JSON."""
    tracemalloc.start()
    try:
        streamed = open_streamed_thread(page, max_bytes=None)
        assert streamed is not None
        write_json(Sink(), streamed.article, (), streamed.analysed(None, analysers=ECHO),
                   analysers=ECHO)  # fmt: skip
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# Bytes a comment may add to the peak: 8 for its id and 16 for its thread facts, and the
# counting of repeated ids (sorted as numbers: 40).
ALLOWED_PER_COMMENT = 100


def test_memory_does_not_grow_with_the_page(tmp_path: Path, small_pieces: None) -> None:
    small = write_page(tmp_path / "small.txt", 4_000)
    large = write_page(tmp_path / "large.txt", 16_000)
    peaks = [peak_of_streaming(small), peak_of_streaming(large)]
    per_comment = (peaks[1] - peaks[0]) / 12_000
    assert per_comment < ALLOWED_PER_COMMENT, f"{per_comment:.0f} bytes a comment ({peaks})"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_folder_of_long_pages_is_written_from_files_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    small_pieces: None, fmt: str,
) -> None:  # fmt: skip
    """Spread over page workers (here run in this process), a long page's output goes
    through a temporary file, copied out in input order and removed; the same output as the
    pages one after another."""
    pages = tmp_path / "pages"
    pages.mkdir()
    write_page(pages / "a.txt", 300)
    (pages / "b.txt").write_bytes(sample_path().read_bytes())
    write_page(pages / "c.txt", 120)
    (pages / "d.txt").write_text("not a page\x00", encoding="utf-8")
    spills = tmp_path / "tmp"
    spills.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spills))
    args = ["analyze", str(pages), "--no-cache", "--format", fmt]
    monkeypatch.setattr(folder, "worth_processes", lambda paths: False)
    assert main(args) == 1  # d.txt cannot be read
    one_by_one = capsys.readouterr()
    monkeypatch.setattr(folder, "worth_processes", lambda paths: True)
    monkeypatch.setattr(folder, "ordered_map", lambda work, jobs, **_: map(work, jobs))
    assert main(args) == 1
    spread = capsys.readouterr()
    assert spread.out == one_by_one.out
    assert spread.err == one_by_one.err
    assert spread.out.count("A headline") == (2 if fmt == "json" else 0)
    assert not list(spills.iterdir())
