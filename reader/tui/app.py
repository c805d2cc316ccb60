"""The Reader app: a thin App whose default screen is the main screen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from reader.model import Article
from reader.text.decode import display_path
from reader.tui.screen import MainScreen
from reader.tui.worker import Analysers, start_process_tracker

if TYPE_CHECKING:
    from reader.storage.store import TriageStore


class ReaderApp(App[None]):
    """Read a saved page with its comments; triage the comments from the keyboard."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Reader"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit (decisions are already saved)"),
    ]

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
    ) -> None:
        """`load_rest`: when `article` is only the start of a long page, parses the whole of
        it (`reader.formats.saved_page.open_page`); the screen shows the start meanwhile."""
        super().__init__()
        self.article = article
        self.load_rest = load_rest
        self.store = store
        self.source = source
        self.export_dir = export_dir
        self.analysers = analysers
        if analysers is None:
            start_process_tracker(article, partial=load_rest is not None)
        # The file name is untrusted too: controls in it become visible text, never raw.
        self.sub_title = display_path(source)
        if keymap:
            self.set_keymap(dict(keymap))

    def get_default_screen(self) -> Screen[None]:
        load_rest, self.load_rest = self.load_rest, None  # the screen owns it (and the text)
        return MainScreen(
            self.article,
            self.store,
            source=self.source,
            export_dir=self.export_dir,
            analysers=self.analysers,
            load_rest=load_rest,
        )
