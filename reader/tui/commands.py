"""Command palette providers, one per domain, so every action is also a command."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from reader.model import STANCE_LABELS, Decision
from reader.view.thread_view import (
    DECISION_VALUES,
    SENTIMENT_VALUES,
    SORT_KEYS,
    SORT_NAMES,
    CommentFilter,
)

if TYPE_CHECKING:
    from reader.tui.screen import MainScreen

Command = tuple[str, Callable[[], object], str]


class _ScreenCommands(Provider):
    """Commands from the main screen, matched fuzzily by name."""

    def _main(self) -> MainScreen | None:
        from reader.tui.screen import MainScreen

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
        return [
            ("Triage: keep comment", partial(main.decide, Decision.KEEP), "a"),
            ("Triage: flag comment", partial(main.decide, Decision.FLAG), "needs follow-up"),
            ("Triage: hide comment", partial(main.decide, Decision.HIDE), "abuse, spam"),
            ("Triage: clear decision", partial(main.decide, None), "keeps the note"),
            ("Triage: undo", main.action_undo, "restore the state before the last change"),
            ("Triage: edit note", main.action_note, "a short note on the comment"),
            ("Triage: export analysis with decisions", main.action_export, "JSON file"),
        ]


class FilterCommands(_ScreenCommands):
    def commands(self, main: MainScreen) -> list[Command]:
        commands: list[Command] = [
            ("Filter: choose…", main.action_filter, "stance, sentiment, language, decision"),
            ("Filter: clear all", partial(main.apply_filter, CommentFilter()), "show every comment"),
            ("Search comments…", main.action_search, "text and authors"),
        ]
        fields: list[tuple[str, tuple[str, ...], str]] = [
            ("stance", STANCE_LABELS, "stances"),
            ("sentiment", SENTIMENT_VALUES, "sentiments"),
            ("decision", DECISION_VALUES, "decisions"),
            ("language", tuple(main.thread.languages()), "languages"),
        ]
        for name, values, attribute in fields:
            for value in values:
                only = CommentFilter(**{attribute: frozenset({value})})
                commands.append(
                    (f"Filter: only {name} {value}", partial(main.apply_filter, only),
                     f"show comments whose {name} is {value}")
                )
        return commands


class SortCommands(_ScreenCommands):
    def commands(self, main: MainScreen) -> list[Command]:
        return [
            (f"Sort: {SORT_NAMES[key]}", partial(main.apply_sort, key), f"sort by {key}")
            for key in SORT_KEYS
        ]


class PaneCommands(_ScreenCommands):
    def commands(self, main: MainScreen) -> list[Command]:
        return [
            ("Show: article", partial(main.show_tab, "article"), "quotes highlighted by speaker"),
            ("Show: captions", partial(main.show_tab, "captions"), "images and captions"),
            ("Show: claims", partial(main.show_tab, "claims"), "quotes grouped by speaker"),
            ("Show: thread summary", partial(main.show_tab, "summary"), "counts"),
            ("Focus: comments", main.focus_comments, "the comment list"),
            ("Focus: next pane", main.action_next_pane, "Tab"),
            ("Maximize or restore the focused pane", main.action_toggle_maximize, "z"),
            ("Help: show every key", main.action_help, "?"),
        ]

