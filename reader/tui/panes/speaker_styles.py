"""Styles for quoted speakers: theme variables, so every theme stays readable."""

from __future__ import annotations

from collections.abc import Sequence

from reader.model import Quote
from reader.view.thread_view import speakers_in_order

# One background tint per speaker, cycling; unattributed quotes get the muted style.
SPEAKER_STYLES: tuple[str, ...] = (
    "on $primary 40%",
    "on $secondary 40%",
    "on $accent 40%",
    "on $success 40%",
    "on $warning 40%",
    "on $error 40%",
)
UNATTRIBUTED_STYLE = "italic underline $text-muted"
CHOSEN_STYLE = "bold reverse"


def speaker_styles(quotes: Sequence[Quote]) -> dict[str | None, str]:
    """A fixed style for each speaker, by order of first quote."""
    styles: dict[str | None, str] = {}
    named = 0
    for speaker in speakers_in_order(quotes):
        if speaker is None:
            styles[None] = UNATTRIBUTED_STYLE
        else:
            styles[speaker] = SPEAKER_STYLES[named % len(SPEAKER_STYLES)]
            named += 1
    return styles
