"""What the analysis worker runs: the real analysers by default, fakes in tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reader.analysis import AnalysisCache
from reader.model import Article, CommentAnalysis, Quote

CommentBatches = Iterable[list[tuple[str, CommentAnalysis]]]


def _attribute_quotes(article: Article) -> Sequence[Quote]:
    from reader.quotes import attribute_quotes

    return attribute_quotes(article)


def _analyse_comments(article: Article, cache: AnalysisCache | None) -> CommentBatches:
    from reader.analysis import iter_comment_analyses

    return iter_comment_analyses(article.comments, context=article.headline, cache=cache)


@dataclass(frozen=True)
class Analysers:
    """The two slow steps the app runs off the UI thread (injectable for tests)."""

    quotes: Callable[[Article], Sequence[Quote]] = _attribute_quotes
    comments: Callable[[Article, AnalysisCache | None], CommentBatches] = _analyse_comments
