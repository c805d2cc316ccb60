"""The analysis cache's warnings, shown by the app while it runs.

`TriageStore(path, warn=StoreWarnings())`: the store is opened before the app starts and
closed after it stops, and the cache warns from whichever thread used it (often the analysis
worker's). While no app runs, a warning goes where the command line's go (stderr) — and one
from before the app started is kept for the app to show too; while the app runs, it is posted
to the app as a CacheWarned message (post_message is thread-safe), since Textual holds stderr.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual.app import App

from reader.storage.analysis_cache import warn_on_stderr
from reader.tui.messages import CacheWarned


class StoreWarnings:
    """A `warn` callback for the store that reaches the app once it is attached."""

    def __init__(self, fallback: Callable[[str], None] = warn_on_stderr) -> None:
        self._fallback = fallback
        self._lock = threading.Lock()
        self._app: App[Any] | None = None
        self._started = False
        self._early: list[str] = []

    def __call__(self, message: str) -> None:
        with self._lock:
            app = self._app
            if not self._started:
                self._early.append(message)
        if app is None or not app.post_message(CacheWarned(message)):
            self._fallback(message)

    def attach(self, app: App[Any]) -> None:
        """The app runs (call in its UI thread): it is sent what came before, then the rest."""
        with self._lock:
            self._app, self._started = app, True
            early, self._early = self._early, []
        for message in early:
            app.post_message(CacheWarned(message))

    def detach(self) -> None:
        """The app stops: warnings go back to the fallback."""
        with self._lock:
            self._app = None
