"""The typed model of a saved news page and of its analysis.

Everything here is plain data: the parser builds an `Article`, the analysers add an
`Analysis`, the store adds `TriageRecord`s, and both the command line and the app only read
these. Field names follow SPEC section 2 so the JSON output is a direct mapping.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

QuoteWhere = Literal["headline", "body", "caption"]
QuoteKind = Literal["direct", "partial"]
StanceLabel = Literal["support", "deny", "query", "comment"]
SentimentLabel = Literal["positive", "neutral", "negative"]

STANCE_LABELS: tuple[StanceLabel, ...] = ("support", "deny", "query", "comment")
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Image:
    """An image line and the caption line under it, kept where it stood in the body."""

    url: str
    caption: str
    after_paragraph: int  # index into Article.paragraphs; -1 before the first paragraph


@dataclass(frozen=True)
class Comment:
    """One reader comment as saved. `id` is stable for the same comment in the same file."""

    id: str
    author: str
    age: str
    text: str  # paragraphs joined by "\n\n"
    likes: int = 0


@dataclass(frozen=True)
class Article:
    """A saved news page: the article, its images and the comments that were saved."""

    headline: str
    byline: str | None = None
    authors: tuple[str, ...] = ()
    outlet: str | None = None
    published: str | None = None
    paragraphs: tuple[str, ...] = ()
    images: tuple[Image, ...] = ()
    comment_count: int | None = None
    comments: tuple[Comment, ...] = ()
    # Notes about a best-effort reading (invalid UTF-8 replaced, comments cut off, ...).
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def content_hash(self) -> str:
        """Key for triage decisions: the article itself, not its comments.

        A page saved again later with more comments keeps the same key, so decisions made on
        the comments it shares with the earlier save are restored.
        """
        digest = hashlib.sha256()
        for part in (self.headline, *self.paragraphs):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x00")
        return digest.hexdigest()


@dataclass(frozen=True)
class Quote:
    """A quoted span in the headline, a body paragraph or a caption (offsets exclude the marks)."""

    where: QuoteWhere
    index: int  # paragraph index for body, image index for caption, 0 for headline
    start: int
    end: int
    text: str
    speaker: str | None
    kind: QuoteKind


@dataclass(frozen=True)
class Sentiment:
    """VADER's polarity scores, with the label at the conventional +-0.05 thresholds."""

    compound: float
    pos: float
    neu: float
    neg: float
    label: SentimentLabel


@dataclass(frozen=True)
class Stance:
    """SDQC stance toward the article, with the evidence a person can check."""

    label: StanceLabel
    score: float  # in [0, 1]
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class CommentAnalysis:
    """What the analysers say about one comment."""

    language: str | None
    language_confidence: float | None
    sentiment: Sentiment | None  # None for a comment not in English
    stance: Stance


@dataclass(frozen=True)
class Analysis:
    """An article with its quotes and the per-comment analysis, keyed by comment id."""

    article: Article
    quotes: tuple[Quote, ...]
    comments: dict[str, CommentAnalysis]


class Decision(str, Enum):
    """A triage decision on one comment (SPEC section 4)."""

    KEEP = "keep"
    FLAG = "flag"
    HIDE = "hide"


# -- building many at once -------------------------------------------------------------------
# The parser makes one Comment per comment, and reopening a cached thread one CommentAnalysis
# (with its Sentiment and Stance) per comment. A frozen dataclass's __init__ sets each field
# through object.__setattr__; filling a new instance's __dict__ makes the same object in about a
# third of the time. tests/test_model.py checks each equals its class's own constructor's.
_new = object.__new__


def new_comment(id: str, author: str, age: str, text: str, likes: int) -> Comment:
    """`Comment(id, author, age, text, likes)`, faster."""
    comment = _new(Comment)
    fields = comment.__dict__
    fields["id"] = id
    fields["author"] = author
    fields["age"] = age
    fields["text"] = text
    fields["likes"] = likes
    return comment


def new_sentiment(
    compound: float, pos: float, neu: float, neg: float, label: SentimentLabel
) -> Sentiment:
    """`Sentiment(compound, pos, neu, neg, label)`, faster."""
    sentiment = _new(Sentiment)
    fields = sentiment.__dict__
    fields["compound"] = compound
    fields["pos"] = pos
    fields["neu"] = neu
    fields["neg"] = neg
    fields["label"] = label
    return sentiment


def new_comment_analysis(
    language: str | None,
    language_confidence: float | None,
    sentiment: Sentiment | None,
    stance_label: StanceLabel,
    stance_score: float,
    stance_evidence: tuple[str, ...],
) -> CommentAnalysis:
    """`CommentAnalysis(language, confidence, sentiment, Stance(label, score, evidence))`,
    faster."""
    stance = _new(Stance)
    fields = stance.__dict__
    fields["label"] = stance_label
    fields["score"] = stance_score
    fields["evidence"] = stance_evidence
    analysis = _new(CommentAnalysis)
    fields = analysis.__dict__
    fields["language"] = language
    fields["language_confidence"] = language_confidence
    fields["sentiment"] = sentiment
    fields["stance"] = stance
    return analysis


@dataclass(frozen=True)
class TriageRecord:
    """A comment's current decision and note as kept in the store."""

    comment_id: str
    decision: Decision | None
    note: str | None
