"""The Reader app: a thin App whose default screen is the main screen (or, for a file of
several articles, the list to choose one from, which opens the main screen on it).

Its keymap is checked first (reader.tui.keymap.KeymapApp): a key that is not a key, or that
another action already has, is dropped and reported once. The analysis cache's warnings reach
it through a StoreWarnings relay (reader.tui.store_warnings) and show as notifications.
The cycle collector waits while the app builds its first screen (STARTUP_COLLECTOR).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.binding import BindingType
from textual.screen import Screen

from reader.model import Article
from reader.text.decode import display_path
from reader.tui.actions import bindings
from reader.tui.keymap import KeymapApp
from reader.tui.messages import CacheWarned
from reader.tui.notices import Notice, tell
from reader.tui.screens.choose_article import ChooseArticleScreen
from reader.tui.screens.main import MainScreen
from reader.tui.store_warnings import StoreWarnings
from reader.tui.workers import Analysers

if TYPE_CHECKING:
    from reader.storage.store import TriageStore


class StartupCollector:
    """The cycle collector, paused from the app's start (on_load) to its first frame.

    The imports leave a large heap of long-lived objects, and the collections that building
    the first screen sets off (a full one among them) scan all of it again: about 50 ms of
    CPU between process start and the first frame (issue 15), to find no garbage. Automatic
    collection is paused by its threshold, not gc.disable (which reader.heap's
    `collector_paused` owns, in the workers too), and resumes with the thresholds it had after
    the first frame, or when the app ends.
    """

    def __init__(self) -> None:
        self._thresholds: tuple[int, int, int] | None = None

    @property
    def paused(self) -> bool:
        return self._thresholds is not None

    def pause(self) -> None:
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            gc.set_threshold(0)  # 0: no automatic collection

    def resume(self) -> None:
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None


STARTUP_COLLECTOR = StartupCollector()


def article_number(articles: Sequence[Article], shown: Article) -> int:
    """Which of a file's articles (counted from 1) is `shown`: 1 for the only one, or when
    it is not among them (its export's file name carries the number from the second on)."""
    return next((number for number, article in enumerate(articles, 1) if article is shown), 1)


class ReaderApp(KeymapApp):
    """Read a saved page with its comments; triage the comments from the keyboard."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Reader"
    BINDINGS: ClassVar[list[BindingType]] = bindings("app")

    def __init__(
        self,
        article: Article,
        store: TriageStore | None,
        *,
        source: str,
        keymap: Mapping[str, str] | None = None,
        export_dir: Path | None = None,
        analysers: Analysers | None = None,
        load_rest: Callable[[], Article] | None = None,
        store_warnings: StoreWarnings | None = None,
        notices: Sequence[Notice] = (),
        auto_advance: bool = False,
        choices: Sequence[Article] = (),
    ) -> None:
        """`load_rest`: when `article` is only the start of a long page, parses the whole of
        it (`reader.formats.open_page`); the screen shows the start meanwhile.
        `store_warnings`: the `warn` the store was opened with, shown here while the app runs.
        `notices`: what the command line has to say once the app shows (a new database).
        `choices`: the articles of a file of several (`article` is the first), to choose
        one from before the main screen shows it."""
        super().__init__()
        self.startup_notices = tuple(notices)
        self.store_warnings = store_warnings
        self.article = article
        self.load_rest = load_rest
        self.store = store
        self.source = source
        self.export_dir = export_dir
        self.analysers = analysers
        # [triage] auto_advance: the command line passes the config's (on by default).
        self.auto_advance = auto_advance
        self.choices = tuple(choices)
        # The file name is untrusted too: controls in it become visible text, never raw.
        self.sub_title = display_path(source)
        if keymap:
            self.set_keymap(dict(keymap))

    def get_default_screen(self) -> Screen[None]:
        if len(self.choices) > 1:
            return ChooseArticleScreen(self.choices, self.source, self.open_article)
        return self._main_screen(self.article)

    def open_article(self, article: Article) -> None:
        """Show one of `choices` on a main screen of its own (over the list)."""
        self.article = article
        self.push_screen(self._main_screen(article))

    def _main_screen(self, article: Article) -> MainScreen:
        load_rest, self.load_rest = self.load_rest, None  # the screen owns it (and the text)
        return MainScreen(
            article,
            self.store,
            source=self.source,
            export_dir=self.export_dir,
            analysers=self.analysers,
            load_rest=load_rest,
            auto_advance=self.auto_advance,
            article_number=article_number(self.choices, article),
        )

    def on_load(self) -> None:
        STARTUP_COLLECTOR.pause()  # until the first frame: see StartupCollector

    def on_mount(self) -> None:
        self.call_after_refresh(STARTUP_COLLECTOR.resume)
        for notice in self.startup_notices:
            tell(self, notice)
        if self.store_warnings is not None:
            self.store_warnings.attach(self)

    def on_unmount(self) -> None:
        STARTUP_COLLECTOR.resume()  # had the first frame not come
        if self.store_warnings is not None:
            self.store_warnings.detach()

    def on_cache_warned(self, message: CacheWarned) -> None:
        tell(self, Notice(f"Analysis cache not used: {display_path(message.reason)}",
                          "warning", "Cache", 10))
