"""The selected comment in full, as Content (never markup).

What each analysis adds comes from its facets as (text, style) pairs; Content.assemble takes
their text as plain text, so words from a comment are never read as markup. The quotations
are drawn here (reader.tui.panes.misquotes: the article's words beside the comment's, the
changes marked in both), and the claim a comment is about says which key shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from reader.analysers import Analyser, registered
from reader.analysers.about import ABOUT
from reader.analysers.facets import detail_label
from reader.analysers.quoted import QUOTED
from reader.keys import GO_TO_CLAIM
from reader.model import Comment, CommentAnalysis, TriageRecord
from reader.text.clean import clean_text
from reader.tui.actions import keys_display
from reader.tui.keymap import current_keys
from reader.tui.panes.base import Pane, PaneScroll
from reader.tui.panes.misquotes import quoted_parts
from reader.tui.panes.parts import DECISION_STYLES, Part, styled_parts, when_posted
from reader.tui.panes.search_marks import mark_matches, search_pattern


def _analysis_parts(analysis: CommentAnalysis, analysers: Sequence[Analyser[Any]],
                    claim_key: str) -> list[Part]:
    parts: list[Part] = []
    for analyser in analysers:
        detail = analyser.facets.detail
        if detail is None or analyser.name not in analysis.results:
            continue
        result = analysis.results[analyser.name]
        if analyser.name == QUOTED.name:
            parts += quoted_parts(result)
            about = analysis.results.get(ABOUT.name)
            if claim_key and not about and any(stretch.claim for stretch in result):
                parts += _leads(f"{claim_key} shows the quoted words in the article")
            continue
        parts += styled_parts(detail(result))
        if analyser.name == ABOUT.name and result and claim_key:
            parts += _leads(f"{claim_key} shows it in the article")
    return parts


def _leads(where: str) -> list[Part]:
    return [detail_label(""), (f"{where}\n", "$text-muted")]


def comment_content(
    comment: Comment,
    analysis: CommentAnalysis | None,
    record: TriageRecord | None,
    analysers: Sequence[Analyser[Any]] | None = None,
    search: str = "",
    claim_key: str = "",
) -> Content:
    """Everything about one comment: text (the search's matches marked), each analysis
    (sentiment bars, stance evidence, the claims it is about and how `claim_key` shows
    them, its quotations checked, ...), decision, note."""
    likes = f"{comment.likes} like" + ("" if comment.likes == 1 else "s")
    pattern = search_pattern(search)
    parts: list[Part] = [
        mark_matches(comment.author, pattern).stylize_before("bold"),
        (f"  {when_posted(comment.age, comment.posted)} · {likes}\n\n", "$text-muted"),
        mark_matches(comment.text, pattern),
        "\n\n",
    ]
    if analysis is None:
        parts.append(("Analysing…\n", "italic $text-muted"))
    else:
        parts += _analysis_parts(analysis, registered() if analysers is None else analysers,
                                 claim_key)
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


# What a page without comments says: how to read it with a thread saved apart (as the CLI's help).
ADD_A_THREAD = ("A thread saved on its own can be added: reader PAGE --comments THREAD, where "
                "THREAD is a Reddit, Hacker News, WordPress or Disqus thread.")


def no_comment_content(saved: int | None) -> Content:
    """Why no comment is shown: a filter hides every one, or the page has none saved (a
    saved web page seldom has: sites load their comments by script), then how to add them."""
    if saved != 0:
        return Content("No comment matches the filter.")
    return Content.assemble("This page has no comments saved with it.\n\n",
                            (ADD_A_THREAD, "$text-muted"))


class CommentDetail(Pane, PaneScroll):
    """The selected comment, scrollable when long: its title says when more is below, and
    how to reach it (focus it and scroll, or maximize it)."""

    PANE_TITLE = "Selected comment"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.search = ""
        self._shown: tuple[Comment, CommentAnalysis | None, TriageRecord | None,
                           Sequence[Analyser[Any]] | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("No comment selected."), id="detail-text")

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._show_title, init=False)

    def show(
        self,
        comment: Comment | None,
        analysis: CommentAnalysis | None,
        record: TriageRecord | None,
        analysers: Sequence[Analyser[Any]] | None = None,
        *,
        saved: int | None = None,
    ) -> None:
        """Draw `comment`; with None, say why none is shown (`saved`: the page's comments)."""
        static = self.query_one("#detail-text", Static)
        if comment is None:
            self._shown = None
            static.update(no_comment_content(saved))
        else:
            self._shown = (comment, analysis, record, analysers)
            static.update(comment_content(comment, analysis, record, analysers, self.search,
                                          self._claim_key()))
        self.call_after_refresh(self._show_title)

    def show_search(self, search: str) -> None:
        """Mark the matches of another search (\"\" for none) in the comment shown."""
        self.search = search
        if self._shown is not None:
            self.query_one("#detail-text", Static).update(
                comment_content(*self._shown, search=search, claim_key=self._claim_key())
            )

    def _claim_key(self) -> str:
        """The key that shows the comment's claim in the article, as the footer names it."""
        return self._key(current_keys(self.app)[GO_TO_CLAIM])

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._show_title)

    def _show_title(self) -> None:
        """The title, and when the comment goes on below the pane, the keys that reach it."""
        if self.scroll_y >= self.max_scroll_y:
            self.border_title = self.PANE_TITLE
            return
        keys = current_keys(self.app)
        reach = (
            f"{self._key(keys['cursor-down'])} scrolls" if self.has_focus
            else f"{self._key(keys['next-pane'])} to scroll"
        )
        self.border_title = Content.assemble(
            self.PANE_TITLE,
            (f" · more below: {reach}, {self._key(keys['maximize'])} maximizes", "$text-muted"),
        )

    def _key(self, keys: Sequence[str]) -> str:
        return keys_display(self.app, keys[:1])

    def on_focus(self, event: events.Focus) -> None:
        self._show_title()

    def on_blur(self, event: events.Blur) -> None:
        self._show_title()
