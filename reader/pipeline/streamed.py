"""`reader analyze` of a page too long to hold: a million comments in bounded memory.

The page is read from its file a segment at a time (reader.formats.saved_page_stream): a
first pass gathers the thread's facts that the analysers see (reader.analysers.
thread_signals.FlatThreadFacts, 16 bytes a comment), a second picks the texts of the
thread's language sample, and the analysis reads the file once more, STREAM_BATCH comments at
a time, each batch analysed as `iter_comment_analyses` analyses a thread (the cache, the
worker pool) and given out as it is done. What is held is one batch and its results, and
the facts' arrays; the output is written as it comes (reader.export.stream). Results are
those of the whole page's analysis (tests/test_streamed_analysis.py); only the whole-thread
record of the cache (a speed-up for reopening, as large as the results) is not written.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.analysers import Analyser, AnalysisContext
from reader.analysers.thread_signals import FlatThreadFacts
from reader.formats.saved_page_stream import StreamedPage, open_streamed
from reader.model import Article, Comment, CommentAnalysis
from reader.pipeline.run import AnalysisCache, iter_comment_analyses

__all__ = ["STREAM_BATCH", "StreamedThread", "open_streamed_thread"]

STREAM_BATCH = 10_000  # comments analysed at once: enough for the worker pool to pay


@dataclass(frozen=True)
class StreamedThread:
    """A page read from its file as it is analysed, and what its analysers see of it."""

    page: StreamedPage
    context: AnalysisContext

    @property
    def article(self) -> Article:
        """The page without its comments, with every warning of a whole read."""
        return self.page.article

    def analysed(
        self,
        cache: AnalysisCache | None,
        *,
        analysers: Sequence[Analyser[Any]] | None = None,
        batch: int | None = None,
    ) -> Iterator[tuple[Comment, CommentAnalysis]]:
        """Each comment with its analysis, in page order, `batch` (STREAM_BATCH) at a time."""
        size = STREAM_BATCH if batch is None else batch
        for comments in _batches(self.page.comments(), size):
            given = iter(comments)
            for found in iter_comment_analyses(
                comments,
                context=self.context,
                cache=cache,
                analysers=analysers,
                thread_record=False,
            ):
                for _id, result in found:
                    yield next(given), result


def open_streamed_thread(path: Path, *, max_bytes: int | None) -> StreamedThread | None:
    """The page at `path` for analysis a batch at a time, or None when it is to be read
    whole (short, not a UTF-8 saved page: see reader.formats.saved_page_stream)."""
    facts = FlatThreadFacts()
    page = open_streamed(path, max_bytes=max_bytes, visit=facts.add)
    if page is None or facts.tree:
        return None
    sample = _texts_at(page, facts.sample_positions())
    return StreamedThread(page, AnalysisContext(page.article, thread=facts.seen(sample)))


def _texts_at(page: StreamedPage, positions: list[int]) -> list[str]:
    """The texts at `positions` among the page's comments with a non-blank text."""
    wanted = set(positions)
    found: dict[int, str] = {}
    position = 0
    with closing(page.comments()) as segments:  # closed (the file too) at the last one
        for comments in segments:
            for comment in comments:
                if comment.text.strip():
                    if position in wanted:
                        found[position] = comment.text
                    position += 1
            if len(found) == len(wanted):
                break
    return [found[n] for n in positions]


def _batches(segments: Iterator[list[Comment]], size: int) -> Iterator[list[Comment]]:
    """The segments' comments regrouped in lists of about `size` (the last may be shorter)."""
    held: list[Comment] = []
    for comments in segments:
        held += comments
        if len(held) >= size:
            yield held
            held = []
    if held:
        yield held
