"""The text summary speaks English: one quote, two quotes; one like, no likes; and the
published line as written in the data but not with a stray leading space."""

from __future__ import annotations

from reader.export.text import counted, render_text
from reader.model import Analysis, Article, Comment, Image, Quote


def _article(**changes: object) -> Article:
    fields: dict[str, object] = {
        "headline": "Harbour plan",
        "paragraphs": ("'Yes,' said Jo.",),
        "images": (Image("https://example.com/a.jpg", "Cranes", 0),),
        "comments": (Comment("c0", "Ana", "1h ago", "Fine.", 1),),
        "comment_count": 1,
    }
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def test_counted_uses_the_singular_for_one_only() -> None:
    assert [counted(n, "quote") for n in (0, 1, 2, 1482)] == [
        "0 quotes", "1 quote", "2 quotes", "1,482 quotes"
    ]
    assert counted(1, "reply", "replies") == "1 reply" and counted(3, "reply", "replies") == (
        "3 replies"
    )


def test_one_of_each_reads_in_the_singular() -> None:
    quote = Quote("body", 0, 1, 4, "Yes", "Jo", "direct")
    text = render_text(Analysis(_article(), (quote,), {}))
    assert "1 paragraph, 1 image, 1 quote, 1 comment saved of 1 reported" in text
    assert "- Ana (1h ago, 1 like) []" in text
    assert "1 quotes" not in text and "1 likes" not in text


def test_many_read_in_the_plural() -> None:
    article = _article(paragraphs=("One.", "Two."), images=(),
                       comments=(Comment("c0", "Ana", "1h ago", "Fine.", 2400),))
    text = render_text(Analysis(article, (), {}))
    assert "2 paragraphs, 0 images, 0 quotes, 1 comment saved" in text
    assert "(1h ago, 2,400 likes)" in text


def test_the_published_line_shows_without_its_no_break_space() -> None:
    text = render_text(Analysis(_article(published="\u00a04 days ago"), (), {}))
    assert "\n4 days ago\n" in text


def test_a_reply_tree_is_summarised_and_indented() -> None:
    comments = (
        Comment("c0", "Ana", "", "Top.", 3, posted="2016-01-02T03:04:05Z"),
        Comment("c1", "Ben", "", "Reply.", 1, parent="c0", depth=1),
        Comment("c2", "Cy", "", "Deeper.", 0, parent="c1", depth=2),
        Comment("c3", "Di", "", "Another top.", 0),
    )
    text = render_text(Analysis(_article(comments=comments, comment_count=4), (), {}))
    assert "Replies\n  depth 0: 2 comments\n  depth 1: 1 comment\n  depth 2: 1 comment" in text
    assert "longest chain: 3 comments deep: Ana → Ben → Cy" in text
    assert "2 replies (1 direct) to Ana: Top." in text
    assert "\n- Ana (2016-01-02T03:04:05Z, 3 likes) []\n    Top.\n" in text
    assert "\n  - Ben (1 like) []\n      Reply.\n" in text
    assert "\n    - Cy (0 likes) []\n        Deeper.\n" in text


def test_a_flat_thread_has_no_replies_section() -> None:
    assert "Replies" not in render_text(Analysis(_article(), (), {}))
