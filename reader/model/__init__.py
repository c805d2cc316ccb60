"""The typed model of a saved news page and of its analysis.

Everything here is plain data: the formats build an `Article`, the analysers add an
`Analysis`, the store adds `TriageRecord`s, and both the command line and the app only read
these. Field names follow SPEC section 2 so the JSON output is a direct mapping.
"""

from reader.model.analysis import (
    STANCE_LABELS,
    Analysis,
    CommentAnalysis,
    Quote,
    QuoteKind,
    QuoteWhere,
    Sentiment,
    SentimentLabel,
    Stance,
    StanceLabel,
    new_comment_analysis,
    new_sentiment,
)
from reader.model.article import Article, Comment, Image, new_comment
from reader.model.triage import Decision, TriageRecord

# The version of the JSON that `reader analyze` prints (SPEC section 2 `schema`).
SCHEMA_VERSION = 1

__all__ = [
    "SCHEMA_VERSION",
    "STANCE_LABELS",
    "Analysis",
    "Article",
    "Comment",
    "CommentAnalysis",
    "Decision",
    "Image",
    "Quote",
    "QuoteKind",
    "QuoteWhere",
    "Sentiment",
    "SentimentLabel",
    "Stance",
    "StanceLabel",
    "TriageRecord",
    "new_comment",
    "new_comment_analysis",
    "new_sentiment",
]
