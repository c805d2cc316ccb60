"""The model's page types are equal, hashable and immutable by value, and a comment's analysis
holds each analyser's result by name."""

from __future__ import annotations

import msgspec
import pytest

from reader.analysers.language import LANGUAGE, Language
from reader.analysers.sentiment import SENTIMENT, Sentiment
from reader.analysers.stance import STANCE, Stance
from reader.model import Comment, CommentAnalysis, Image


def test_comment_and_image_are_values() -> None:
    """Structs (reader.model.article): equal and hashed by their fields, and frozen."""
    made = Comment("c1", "Ann", "2h ago", "Text.", 3)
    assert made == Comment(id="c1", author="Ann", age="2h ago", text="Text.", likes=3)
    assert made != Comment("c1", "Ann", "2h ago", "Text.", 4)
    assert hash(made) == hash(Comment("c1", "Ann", "2h ago", "Text.", 3))
    assert Comment("c1", "Ann", "2h ago", "Text.") == Comment("c1", "Ann", "2h ago", "Text.", 0)
    assert len({made, Comment("c1", "Ann", "2h ago", "Text.", 3)}) == 1
    assert repr(made) == "Comment(id='c1', author='Ann', age='2h ago', text='Text.', likes=3)"
    image = Image("https://x/a.jpg", "A caption", -1)
    assert image == Image("https://x/a.jpg", "A caption", -1)
    assert hash(image) == hash(Image("https://x/a.jpg", "A caption", -1))
    with pytest.raises(AttributeError):
        made.likes = 4  # type: ignore[misc]
    with pytest.raises(AttributeError):
        image.caption = "other"  # type: ignore[misc]
    assert msgspec.structs.replace(made, likes=4) == Comment("c1", "Ann", "2h ago", "Text.", 4)


def test_comment_analysis_is_each_analysers_result_by_name() -> None:
    sentiment = Sentiment(0.5, 0.4, 0.6, 0.0, "positive")
    language, stance = Language("en", 0.99), Stance("query", 0.7, ("?",))
    made = CommentAnalysis({"language": language, "sentiment": sentiment, "stance": stance})
    assert made == CommentAnalysis(
        {"stance": Stance("query", 0.7, ("?",)), "sentiment": sentiment, "language": language}
    )
    assert STANCE.of(made) == Stance("query", 0.7, ("?",))
    assert SENTIMENT.of(made) is sentiment
    assert LANGUAGE.of(made) == Language("en", 0.99)
    assert STANCE.of(None) is None and STANCE.of(CommentAnalysis({})) is None
    assert repr(made).startswith("CommentAnalysis(results={'language': Language(code='en'")
    assert Stance("comment", 0.5) == Stance("comment", 0.5, ())


def test_results_are_slotted() -> None:
    """Slots (no __dict__): a reopened 100,000-comment thread makes several per comment."""
    for made in (CommentAnalysis({}), Language("en", 1.0), Stance("comment", 0.5),
                 Sentiment(0.0, 0.0, 1.0, 0.0, "neutral")):
        assert not hasattr(made, "__dict__")
