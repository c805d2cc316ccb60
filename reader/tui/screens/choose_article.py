"""The first screen for a file of several articles (a WordPress or Disqus export): a list of
their headlines with their comment counts. Enter opens one on the main screen; Esc quits,
since nothing was open before it (q quits from the main screen, as everywhere).

Headlines come from the file: each option is Content, never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static

from reader.model import Article
from reader.text.decode import display_path

__all__ = ["ChooseArticleScreen", "article_option"]


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def article_option(article: Article) -> Content:
    """One line of the list: the headline, then its comments (and any status the export
    gave some of them: spam, pending, ...), dimmed."""
    statuses: dict[str, int] = {}
    for comment in article.comments:
        if comment.status is not None:
            statuses[comment.status] = statuses.get(comment.status, 0) + 1
    counts = [_count(len(article.comments), "comment", "comments")]
    counts += [f"{number:,} {status}" for status, number in sorted(statuses.items())]
    headline = " ".join(display_path(article.headline).split())
    return Content.assemble((headline, "bold"), ("  " + ", ".join(counts), "dim"))


class ChooseArticleScreen(Screen[None]):
    """The articles of one file, to open one (see the module docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "quit_app", "Quit", show=False)]

    def __init__(
        self, articles: Sequence[Article], source: str, open_article: Callable[[Article], None]
    ) -> None:
        """`source`: the file's name as shown; `open_article`: shows the one chosen."""
        super().__init__(id="choose-article")
        self.articles = list(articles)
        self.source = source
        self.open_article = open_article

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box") as box:
            box.border_title = "Choose an article"
            box.border_subtitle = "Enter opens, Esc quits"
            total = _count(len(self.articles), "article", "articles")
            title = Content(f"{display_path(self.source)} holds {total}.")
            yield Static(title, id="choice-title")
            options = [article_option(article) for article in self.articles]
            yield OptionList(*options, id="choice-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_article(self.articles[event.option_index])

    def action_quit_app(self) -> None:
        self.app.exit()
