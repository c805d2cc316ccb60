"""What the analysers say: quotes in the article and each comment's labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reader.model.article import Article

QuoteWhere = Literal["headline", "body", "caption"]
QuoteKind = Literal["direct", "partial"]
StanceLabel = Literal["support", "deny", "query", "comment"]
SentimentLabel = Literal["positive", "neutral", "negative"]

STANCE_LABELS: tuple[StanceLabel, ...] = ("support", "deny", "query", "comment")


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


# Reopening a cached thread makes one CommentAnalysis (with its Sentiment and Stance) per
# comment; see reader.model.article for why these fill __dict__ directly.
_new = object.__new__


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


