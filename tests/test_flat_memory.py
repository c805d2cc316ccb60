"""`reader analyze` streams: its memory while analysing and writing does not grow with the
thread beyond a small index per comment (its cache key and where it is last needed).

Measured in-process with tracemalloc (allocations, not time, so a loaded machine gives the same
figures): the peak of analysing and writing 20,000 comments against 5,000, with an analyser
whose result is about a kilobyte, as the real ones are. Results held for the whole run (as a
dict of every distinct text's result once was) would add a kilobyte a comment.
"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from reader.analysers import AnalysisContext
from reader.analysers.base import AnalyserBase, Earlier, Seen
from reader.analysers.facets import CsvColumns, Facets, JsonFields
from reader.export.stream import AnalysedComments, write_csv_rows, write_json
from reader.model import Article, Comment
from reader.pipeline import pool
from reader.pipeline.run import AnalysisCache, iter_comment_analyses
from reader.storage.analysis_cache import AnalysisCacheStore

RESULT_CHARS = 1_000
# Bytes a comment may add to the peak: its key (a 64-character str), an entry in two dicts.
ALLOWED_PER_COMMENT = 450


class EchoAnalyser(AnalyserBase[str]):
    """A result of about RESULT_CHARS, new for each text."""

    name = "echo"
    version = "1"
    needs: tuple[str, ...] = ()
    facets: Facets[str] = Facets(
        json=JsonFields(("echo",), lambda result: (len(result),)),
        csv=CsvColumns(("echo",), lambda result: (str(len(result)),), own=True),
    )

    def sees(self, context: AnalysisContext | None) -> Seen:
        return ()

    def analyse(
        self, texts: Sequence[str], seen: Seen, earlier: Earlier, *, parallel: bool
    ) -> list[str]:
        return [(text * (RESULT_CHARS // len(text) + 1))[:RESULT_CHARS] for text in texts]

    def encode(self, result: str) -> Any:
        return result

    def decode(self, value: Any) -> str:
        if type(value) is not str:
            raise ValueError("not an echo")
        return value


ECHO = (EchoAnalyser(),)


class Sink(io.StringIO):
    """Output that is counted, not kept."""

    def write(self, text: str) -> int:
        return len(text)


def thread(count: int) -> Article:
    """`count` comments, each text its own (a few repeated, as in a real thread)."""
    comments = tuple(
        Comment(f"c{n}", f"Reader {n % 97}", "2h ago", f"Comment number {n % (count - 50)}.")
        for n in range(count)
    )
    return Article(headline="A headline", paragraphs=("A paragraph.",), comments=comments)


def analysed(article: Article, cache: AnalysisCache | None) -> AnalysedComments:
    """As `reader analyze` gives them (reader.cli._analysed_now), to the end of the run."""
    comments = iter(article.comments)
    for found in iter_comment_analyses(article.comments, cache=cache, analysers=ECHO):
        for _id, result in found:
            yield next(comments), result


def peak_of_writing(article: Article, fmt: str, cache: AnalysisCache | None) -> int:
    """Peak bytes allocated while `article` is analysed and written (its comments exist)."""
    tracemalloc.start()
    try:
        if fmt == "json":
            write_json(Sink(), article, (), analysed(article, cache), analysers=ECHO)
        else:
            write_csv_rows(Sink(), analysed(article, cache), analysers=ECHO)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_peak_memory_is_flat_without_the_cache(monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.setattr(pool, "worth_processes", lambda uncached: False)  # one process
    small, large = thread(5_000), thread(20_000)
    assert_flat(small, large, [peak_of_writing(a, fmt, None) for a in (small, large)])


@pytest.mark.parametrize("warm", [False, True], ids=["first-run", "from-the-cache"])
def test_peak_memory_is_flat_with_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, warm: bool
) -> None:
    """A first run writes every result and the thread record; a second reads the record.
    (The cache is SQLite, whose memory is its own page cache, not Python's.)"""
    monkeypatch.setattr(pool, "worth_processes", lambda uncached: False)
    small, large = thread(5_000), thread(20_000)
    peaks = []
    for article in (small, large):
        with AnalysisCacheStore(tmp_path / f"{len(article.comments)}.sqlite3") as cache:
            if warm:
                write_json(Sink(), article, (), analysed(article, cache), analysers=ECHO)
            peaks.append(peak_of_writing(article, "json", cache))
    assert_flat(small, large, peaks)


def assert_flat(small: Article, large: Article, peaks: list[int]) -> None:
    per_comment = (peaks[1] - peaks[0]) / (len(large.comments) - len(small.comments))
    assert per_comment < ALLOWED_PER_COMMENT, f"{per_comment:.0f} bytes a comment ({peaks})"
