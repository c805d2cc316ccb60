"""What the analysis worker runs: the real analysers by default, fakes in tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reader.model import Article, CommentAnalysis, Quote
from reader.pipeline.run import AnalysisCache

CommentBatches = Iterable[list[tuple[str, CommentAnalysis]]]


def _attribute_quotes(article: Article) -> Sequence[Quote]:
    from reader.quotes.attribution import attribute_quotes

    return attribute_quotes(article)


def _analyse_comments(article: Article, cache: AnalysisCache | None) -> CommentBatches:
    from reader.pipeline.run import iter_comment_analyses

    return iter_comment_analyses(article.comments, context=article.headline, cache=cache)


@dataclass(frozen=True)
class Analysers:
    """The two slow steps the app runs off the UI thread (injectable for tests)."""

    quotes: Callable[[Article], Sequence[Quote]] = _attribute_quotes
    comments: Callable[[Article, AnalysisCache | None], CommentBatches] = _analyse_comments


def start_process_tracker(article: Article, *, partial: bool = False) -> None:
    """Start multiprocessing's resource tracker now, while sys.stderr is the real one.

    While the app runs, Textual replaces sys.stderr with a capture whose fileno() is -1. The
    analysis of a large thread starts worker processes, which start the tracker lazily, which
    passes sys.stderr's fd to its child: -1 made that fail ("bad value(s) in fds_to_keep") and
    stopped the analysis of every thread big enough for worker processes. Call before
    `App.run`; a no-op for threads analysed in one process. `partial`: `article` holds only the
    first comments of a long page (see `reader.formats.saved_page.open_page`).
    """
    from reader.pipeline.run import PARALLEL_MIN_TEXTS

    if not partial and len(article.comments) < PARALLEL_MIN_TEXTS:
        return
    from multiprocessing import resource_tracker

    try:
        resource_tracker.ensure_running()
    except (OSError, ValueError):  # the analysis reports its own error if it needs one
        pass
