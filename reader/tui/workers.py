"""The slow work, run in Textual thread workers that only post messages (reader.tui.messages).

Reading the rest of a long page, analysing the thread and writing a big triage action (a
bulk decision over many comments, or its undo) never touch a widget: each posts
what happened, and the screen's handlers (in the UI thread) show it. What the analysis runs
is injectable (`Analysers`): the real analysers by default, fakes in tests.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import redirect_stderr
from typing import TYPE_CHECKING

from msgspec import Struct
from textual.message import Message
from textual.worker import get_current_worker

from reader.model import Article, CommentAnalysis, Quote
from reader.tui.messages import (
    AnalysisFailed,
    AnalysisFinished,
    ClaimsFound,
    CommentsAnalysed,
    PageRead,
    PageReadFailed,
    QuotesAttributed,
    TriageWriteFailed,
    TriageWritten,
)
from reader.view.triage import PlannedAction, WrittenAction

if TYPE_CHECKING:  # the analysis and the claim finder load in the worker, not with the app
    from reader.pipeline.run import AnalysisCache
    from reader.quotes.claims import Claim

CommentBatches = Iterable[list[tuple[str, CommentAnalysis]]]
# Where a worker's messages go (the screen's post_message, which is thread-safe).
Post = Callable[[Message], object]
# Batches from the cache arrive faster than the screen needs them: post at most this often so
# the UI thread stays free for keys.
POST_SECONDS = 0.1


def _attribute_quotes(article: Article) -> Sequence[Quote]:
    from reader.quotes.attribution import attribute_quotes

    return attribute_quotes(article)


def _find_claims(article: Article, quotes: Sequence[Quote]) -> Sequence[Claim]:
    """The claims of the quotes the article pane shows, and the reported ones: numbered as
    the claim analysers number them, as their quotes are the same (attribute_quotes)."""
    from reader.quotes.claims import find_claims

    return find_claims(article, quotes)


def _analyse_comments(article: Article, cache: AnalysisCache | None) -> CommentBatches:
    from reader.analysers import AnalysisContext
    from reader.pipeline.run import iter_comment_analyses

    return iter_comment_analyses(article.comments, context=AnalysisContext(article), cache=cache)


class Analysers(Struct, frozen=True):
    """The slow steps the app runs off the UI thread (injectable for tests)."""

    quotes: Callable[[Article], Sequence[Quote]] = _attribute_quotes
    claims: Callable[[Article, Sequence[Quote]], Sequence[Claim]] = _find_claims
    comments: Callable[[Article, AnalysisCache | None], CommentBatches] = _analyse_comments


def start_process_tracker(article: Article) -> None:
    """Start multiprocessing's resource tracker for the analysis of `article`, with the real
    sys.stderr. Call from the UI thread, just before the analysis worker starts.

    While the app runs, Textual replaces sys.stderr with a capture whose fileno() is -1. The
    analysis of a large thread starts worker processes, which start the tracker lazily, which
    passes sys.stderr's fd to its child: -1 made that fail ("bad value(s) in fds_to_keep") and
    stopped the analysis of every thread big enough for worker processes. So the tracker starts
    here, with the real sys.stderr put back for that moment (as Textual's App.suspend does).
    Not before the first frame: the tracker is a new interpreter, whose start competed with
    the first frame for the CPU (issue 15). A no-op for threads analysed in one process.
    """
    from reader.pipeline.pool import PARALLEL_MIN_TEXTS

    if len(article.comments) < PARALLEL_MIN_TEXTS:
        return
    from multiprocessing import resource_tracker

    try:
        with redirect_stderr(sys.__stderr__):
            resource_tracker.ensure_running()
    except (OSError, ValueError):  # the analysis reports its own error if it needs one
        pass


def _one_line(error: Exception) -> str:
    """An exception as one line for a notification (its type when it says nothing)."""
    return " ".join(str(error).split()) or type(error).__name__


def read_page(load_rest: Callable[[], Article], post: Post) -> None:
    """Parse the whole of a long page: post PageRead, or PageReadFailed (the start stays)."""
    try:
        article = load_rest()
    except Exception as error:  # noqa: BLE001 - shown to the user; the start stays usable
        post(PageReadFailed(_one_line(error)))
        return
    post(PageRead(article))


def analyse_thread(
    article: Article, cache: AnalysisCache | None, analysers: Analysers, post: Post
) -> None:
    """Attribute the quotes, find the claims, then analyse every comment in batches (posted
    as they come)."""
    worker = get_current_worker()
    try:
        quotes = tuple(analysers.quotes(article))
        post(QuotesAttributed(quotes))
        post(ClaimsFound(tuple(analysers.claims(article, quotes))))
        analysed = 0
        pending: list[tuple[str, CommentAnalysis]] = []
        last_post = float("-inf")
        for batch in analysers.comments(article, cache):
            if worker.is_cancelled:
                return
            analysed += len(batch)
            pending.extend(batch)
            if time.monotonic() - last_post >= POST_SECONDS:
                post(CommentsAnalysed(pending))
                pending, last_post = [], time.monotonic()
        if pending:
            post(CommentsAnalysed(pending))
        post(AnalysisFinished(analysed))
    except Exception as error:  # noqa: BLE001 - shown to the user; the app keeps working
        post(AnalysisFailed(_one_line(error)))


def write_triage(
    planned: PlannedAction, write: Callable[[PlannedAction], WrittenAction], post: Post,
    done: threading.Event,
) -> None:
    """Write a planned triage action (one transaction): post TriageWritten once it has
    committed, or TriageWriteFailed (nothing written). Not stopped by a cancel: the app waits
    on `done` before it closes, so a decision confirmed is never half-way (see MainScreen)."""
    try:
        written = write(planned)
    except Exception as error:  # noqa: BLE001 - shown to the user; memory stays as it was
        post(TriageWriteFailed(planned, _one_line(error)))
    else:
        post(TriageWritten(written))
    finally:
        done.set()
