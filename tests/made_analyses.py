"""Comment analyses built by hand for tests, in the shape the registered analysers give."""

from __future__ import annotations

from reader.analysers.about import About
from reader.analysers.attention import NO_ATTENTION, Attention
from reader.analysers.language import Language
from reader.analysers.quoted import Quoted
from reader.analysers.sentiment import Sentiment
from reader.analysers.stance import Stance
from reader.model import CommentAnalysis


def comment_analysis(
    language: str | None,
    confidence: float | None,
    sentiment: Sentiment | None,
    stance: Stance,
    about: About = (),
    quoted: Quoted = (),
    attention: Attention = NO_ATTENTION,
) -> CommentAnalysis:
    """What the language, sentiment and stance analysers would say (and the claim analysers:
    about no claim, no quotes, nothing to look at, unless given)."""
    told = None if language is None or confidence is None else Language(language, confidence)
    return CommentAnalysis({"language": told, "sentiment": sentiment, "stance": stance,
                            "about": about, "quoted": quoted, "attention": attention})

