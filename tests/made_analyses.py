"""Comment analyses built by hand for tests, in the shape the registered analysers give."""

from __future__ import annotations

from reader.analysers.language import Language
from reader.analysers.sentiment import Sentiment
from reader.analysers.stance import Stance
from reader.model import CommentAnalysis


def comment_analysis(
    language: str | None,
    confidence: float | None,
    sentiment: Sentiment | None,
    stance: Stance,
) -> CommentAnalysis:
    """What the language, sentiment and stance analysers would say."""
    told = None if language is None or confidence is None else Language(language, confidence)
    return CommentAnalysis({"language": told, "sentiment": sentiment, "stance": stance})

