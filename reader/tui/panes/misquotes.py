"""A comment's quotations in the detail pane: each misquote with the article's words above the
comment's, the changed words marked in both (reader.analysers.quoted gives the word-by-word
difference; this finds those words again in the two texts to mark them where they stand).

Everything is Content built from plain text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from reader.analysers.facets import detail_label
from reader.analysers.quoted import Change, Quoted, QuotedStretch, change_parts
from reader.quotes.wording import words
from reader.tui.panes.parts import Part, styled_parts

DROPPED_STYLE = "strike $error"  # the article's words the comment left out or changed
ADDED_STYLE = "bold $warning"  # the comment's own words (as the table's ≠ mark is)
_SIDE_WIDTH = 8  # "article " / "comment "


def marked(text: str, changes: Sequence[Change], side: str, style: str) -> Content | None:
    """`text` with the words `changes` marks on one side ("-": the article's, "+": the
    comment's) styled; None when the text's words do not line up with the changes."""
    found = words(text)
    ours = [op for op, _ in changes if op in ("=", side)]
    if len(found) != len(ours):
        return None
    content = Content(text)
    for op, (_, start, end) in zip(ours, found):
        if op == side:
            content = content.stylize(style, start, end)
    return content


def _credited(stretch: QuotedStretch) -> Part:
    return (f"  (credited to {stretch.speaker})" if stretch.speaker else "", "$text-muted")


def _altered(stretch: QuotedStretch) -> list[Part]:
    article_text = stretch.article_text or ""
    article = marked(article_text, stretch.changes, "-", DROPPED_STYLE)
    comment = marked(stretch.text, stretch.changes, "+", ADDED_STYLE)
    parts: list[Part] = [
        detail_label("Misquote"), (f"{'article':<{_SIDE_WIDTH}}", "$text-muted"),
        article if article is not None else Content(article_text), "\n",
        detail_label(""), (f"{'comment':<{_SIDE_WIDTH}}", "$text-muted"),
        comment if comment is not None else Content(stretch.text), _credited(stretch), "\n",
    ]
    if article is None or comment is None:  # the merged difference says it instead
        parts += [detail_label(""), " " * _SIDE_WIDTH,
                  *styled_parts(change_parts(stretch.changes)), "\n"]
    return parts


def quoted_parts(result: Quoted) -> list[Part]:
    """Each stretch the comment quotes: the article's own words, a misquote (the article's
    words and the comment's, the changes marked), or words the article does not have."""
    parts: list[Part] = []
    for stretch in result:
        if stretch.found == "altered":
            parts += _altered(stretch)
        elif stretch.found == "absent":
            parts += [detail_label("Misquote"), "'", Content(stretch.text), "'",
                      (" is not in the article", "$error"), _credited(stretch), "\n"]
        else:
            parts += [detail_label("Quoted"), "'", Content(stretch.text), "'",
                      (": the article's words", "$text-muted"), _credited(stretch), "\n"]
    return parts
