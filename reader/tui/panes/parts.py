"""Content.assemble parts shared by the detail and summary panes: facet output and the
decision styles."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content

from reader.analysers import Styled

DECISION_STYLES = {"keep": "$success", "flag": "$warning", "hide": "$text-muted"}

Part = Content | str | tuple[str, str]


def styled_parts(styled: Iterable[Styled]) -> list[Part]:
    """Facet output as Content.assemble parts: unstyled text as a plain str."""
    return [(text, style) if style else text for text, style in styled]


def when_posted(age: str, posted: str | None, *, short: bool = False) -> str:
    """The age as the page wrote it ("2h ago"), or, for a source that gives a time instead
    (Reddit, Hacker News, exports), that time in UTC to the minute ("2016-01-02 03:04"), or
    only its date when `short` (a table cell)."""
    if age or not posted:
        return age
    return posted[:10] if short else posted[:16].replace("T", " ")
