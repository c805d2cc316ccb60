"""Command palette providers, one per domain, so every action is also a command."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.tui.actions import palette_commands
from reader.view.thread_view import CommentFilter

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen

Command = tuple[str, Callable[[], object], str]


class _ScreenCommands(Provider):
    """Commands from the main screen, matched fuzzily by name."""

    def _main(self) -> MainScreen | None:
        from reader.tui.screens.main import MainScreen

        return self.screen if isinstance(self.screen, MainScreen) else None

    def commands(self, main: MainScreen) -> list[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for name, callback, help_text in self.commands(main):
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands(main):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)


class TriageCommands(_ScreenCommands):
    def commands(self, main: MainScreen) -> list[Command]:
        return palette_commands(main, "triage")


class FilterCommands(_ScreenCommands):
    """The filter screen, and "only this value" for each value of each filter field."""

    def commands(self, main: MainScreen) -> list[Command]:
        fields = main.thread.filter_choices()
        commands: list[Command] = [
            ("Filter: choose…", main.action_filter, ", ".join(name for name, _ in fields)),
            ("Filter: clear all", partial(main.apply_filter, CommentFilter()), "show every comment"),
            ("Search comments…", main.action_search, "text and authors"),
        ]
        for name, values in fields:
            for value in values:
                only = CommentFilter({name: frozenset({value})})
                commands.append(
                    (f"Filter: only {name} {value}", partial(main.apply_filter, only),
                     f"show comments whose {name} is {value}")
                )
        return commands


class SortCommands(_ScreenCommands):
    """Every order the comment list can take (the thread's own, then each analysis's)."""

    def commands(self, main: MainScreen) -> list[Command]:
        thread = main.thread
        return [
            (f"Sort: {thread.sort_title(key)}", partial(main.apply_sort, key), f"sort by {key}")
            for key in thread.sort_keys()
        ]


class PaneCommands(_ScreenCommands):
    def commands(self, main: MainScreen) -> list[Command]:
        return [
            *palette_commands(main, "pane"),
            ("Focus: comments", main.focus_comments, "the comment list"),  # no key of its own
        ]

