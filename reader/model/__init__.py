"""The typed model of a saved news page and of its analysis.

Everything here is plain data: the formats build an `Article`, the analysers add an
`Analysis`, the store adds `TriageRecord`s, and both the command line and the app only read
these. Field names follow SPEC section 2 so the JSON output is a direct mapping.
"""

from reader.model.analysis import Analysis, CommentAnalysis, Quote, QuoteKind, QuoteWhere
from reader.model.article import Article, Comment, Image
from reader.model.triage import Decision, TriageRecord

# The version of the JSON that `reader analyze` prints (SPEC section 2 `schema`).
OUTPUT_SCHEMA_VERSION = 1

__all__ = [
    "OUTPUT_SCHEMA_VERSION",
    "Analysis",
    "Article",
    "Comment",
    "CommentAnalysis",
    "Decision",
    "Image",
    "Quote",
    "QuoteKind",
    "QuoteWhere",
    "TriageRecord",
]
