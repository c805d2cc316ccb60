"""The model's fast builders make exactly the objects their dataclass constructors make."""

from __future__ import annotations

from dataclasses import fields

from reader.model import (
    Comment,
    CommentAnalysis,
    Sentiment,
    Stance,
    new_comment,
    new_comment_analysis,
    new_sentiment,
)


def test_new_comment_is_comment() -> None:
    made = new_comment("c1", "Ann", "2h ago", "Text.", 3)
    assert made == Comment("c1", "Ann", "2h ago", "Text.", 3)
    assert vars(made) == vars(Comment("c1", "Ann", "2h ago", "Text.", 3))
    assert list(vars(made)) == [f.name for f in fields(Comment)]  # a new field needs a line here
    assert hash(made) == hash(Comment("c1", "Ann", "2h ago", "Text.", 3))


def test_new_comment_analysis_is_comment_analysis() -> None:
    sentiment = new_sentiment(0.5, 0.4, 0.6, 0.0, "positive")
    assert sentiment == Sentiment(0.5, 0.4, 0.6, 0.0, "positive")
    assert list(vars(sentiment)) == [f.name for f in fields(Sentiment)]
    made = new_comment_analysis("en", 0.99, sentiment, "query", 0.7, ("?",))
    expected = CommentAnalysis("en", 0.99, sentiment, Stance("query", 0.7, ("?",)))
    assert made == expected and repr(made) == repr(expected)
    assert list(vars(made)) == [f.name for f in fields(CommentAnalysis)]
    assert list(vars(made.stance)) == [f.name for f in fields(Stance)]
    assert new_comment_analysis(None, None, None, "comment", 0.5, ()) == CommentAnalysis(
        None, None, None, Stance("comment", 0.5)
    )
