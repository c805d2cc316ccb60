"""The selected comment in full, as Content (never markup).

What each analysis adds comes from its facets as (text, style) pairs; Content.assemble takes
their text as plain text, so words from a comment are never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from reader.analysers import Analyser, registered
from reader.analysers.facets import detail_label
from reader.model import Comment, CommentAnalysis, TriageRecord
from reader.text.clean import clean_text
from reader.tui.panes.base import Pane, PaneScroll
from reader.tui.panes.parts import DECISION_STYLES, Part, styled_parts


def _analysis_parts(analysis: CommentAnalysis, analysers: Sequence[Analyser[Any]]) -> list[Part]:
    parts: list[Part] = []
    for analyser in analysers:
        detail = analyser.facets.detail
        if detail is not None and analyser.name in analysis.results:
            parts += styled_parts(detail(analysis.results[analyser.name]))
    return parts


def comment_content(
    comment: Comment,
    analysis: CommentAnalysis | None,
    record: TriageRecord | None,
    analysers: Sequence[Analyser[Any]] | None = None,
) -> Content:
    """Everything about one comment: text, each analysis (sentiment bars, stance evidence,
    ...), decision, note."""
    likes = f"{comment.likes} like" + ("" if comment.likes == 1 else "s")
    parts: list[Part] = [
        Content(comment.author).stylize("bold"),
        (f"  {comment.age} · {likes}\n\n", "$text-muted"),
        Content(comment.text),
        "\n\n",
    ]
    if analysis is None:
        parts.append(("Analysing…\n", "italic $text-muted"))
    else:
        parts += _analysis_parts(analysis, registered() if analysers is None else analysers)
    decision = record.decision.value if record and record.decision else None
    parts += [
        detail_label("Decision"),
        (decision, f"bold {DECISION_STYLES[decision]}") if decision else ("none", "$text-muted"),
        "\n",
    ]
    if record and record.note:
        # Notes come from the database, which may predate cleaning typed text: clean again.
        parts += [detail_label("Note"), Content(clean_text(record.note)), "\n"]
    return Content.assemble(*parts)


class CommentDetail(Pane, PaneScroll):
    """The selected comment, scrollable when long."""

    PANE_TITLE = "Selected comment"

    def compose(self) -> ComposeResult:
        yield Static(Content("No comment selected."), id="detail-text")

    def show(
        self,
        comment: Comment | None,
        analysis: CommentAnalysis | None,
        record: TriageRecord | None,
        analysers: Sequence[Analyser[Any]] | None = None,
    ) -> None:
        static = self.query_one("#detail-text", Static)
        if comment is None:
            static.update(Content("No comment matches the filter."))
        else:
            static.update(comment_content(comment, analysis, record, analysers))
