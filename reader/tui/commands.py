"""Command palette providers, one per domain, so every action is also a command."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.model import Decision
from reader.tui.actions import palette_commands
from reader.tui.triage_actions import BULK_DECISIONS, BulkScope
from reader.view.thread_view import NOTE, CommentFilter

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


def _bulk(main: MainScreen, scope: BulkScope, decision: Decision | None) -> None:
    """Which comments are shown (or by the author) when the command runs, not when listed."""
    main.confirm_bulk(main.bulk_shown() if scope == "shown" else main.bulk_author(), decision)


class TriageCommands(_ScreenCommands):
    """The triage keys, and each bulk decision (which asks once before it writes)."""

    def commands(self, main: MainScreen) -> list[Command]:
        bulk: list[Command] = []
        for decision in BULK_DECISIONS:
            verb = decision.value if decision is not None else "clear the decision on"
            bulk += [
                (f"Bulk: {verb} every comment shown",
                 partial(_bulk, main, "shown", decision),
                 "the comments the filter and search show (asks first; one undo)"),
                (f"Bulk: {verb} every comment by this author",
                 partial(_bulk, main, "author", decision),
                 "every comment by the selected comment's author (asks first; one undo)"),
            ]
        return [*palette_commands(main, "triage"), *bulk]


class FilterCommands(_ScreenCommands):
    """The filter screen, and "only this value" for each value of each filter field."""

    def commands(self, main: MainScreen) -> list[Command]:
        fields = main.thread.filter_choices()
        commands: list[Command] = [
            ("Filter: choose…", main.action_filter, ", ".join(name for name, _ in fields)),
            ("Filter: clear all", partial(main.apply_filter, CommentFilter()), "show every comment"),
            ("Filter: only this author", main.filter_author,
             "the comments by the selected comment's author"),
            ("Filter: only comments with a note",
             partial(main.apply_filter, main.thread.filter.with_values(NOTE, ["yes"])),
             "comments you wrote a note on"),
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



class TreeCommands(_ScreenCommands):
    """The reply tree's keys: folding and moving along the tree."""

    def commands(self, main: MainScreen) -> list[Command]:
        return palette_commands(main, "tree")
