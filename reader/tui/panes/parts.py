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
