"""Colours for quoted speakers: told apart at a glance, readable on the theme, one per speaker.

A speaker's colour is the same Style object in the article and in the Claims legend (both ask
`speaker_styles`, which answers the same mapping for the same speakers and theme). The
colours come from the 216 of the xterm-256 colour cube, so a 256-colour terminal shows exactly
what a true-colour one does (no two speakers merge when colours are reduced). Of those, only
colours with a contrast of at least `MIN_CONTRAST` against the theme's backgrounds are used,
and `DISTINCT_COLOURS` of them are picked as far apart as possible (CIELAB, lightness weighted
down so hues differ), starting from the theme's accent.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

from textual.color import Color, Lab, rgb_to_lab
from textual.style import Style
from textual.theme import Theme

from reader.model import Quote
from reader.view.thread_view import speakers_in_order

# WCAG's ratio for normal text: every speaker's words stay readable on the pane's background.
MIN_CONTRAST = 4.5
# Speakers with a colour of their own; later ones reuse the colours, underlined.
DISTINCT_COLOURS = 12
# Colours greyer than this (CIELAB chroma) look like plain or muted text.
MIN_CHROMA = 35.0
# Hue differences tell speakers apart better than lightness ones.
LIGHTNESS_WEIGHT = 0.5
CUBE_LEVELS = (0, 95, 135, 175, 215, 255)
CUBE: tuple[Color, ...] = tuple(
    Color(red, green, blue) for red in CUBE_LEVELS for green in CUBE_LEVELS for blue in CUBE_LEVELS
)
# An ANSI theme draws on the terminal's own background, which cannot be known: assume the
# usual ones for a dark or light terminal.
_ANSI_BACKGROUNDS = {True: ("#000000", "#1E1E1E"), False: ("#FFFFFF", "#E0E0E0")}

UNATTRIBUTED_STYLE = "italic underline $text-muted"
CHOSEN_STYLE = "bold reverse"

SpeakerStyles = Mapping[str | None, Style | str]


def relative_luminance(colour: Color) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = colour.rgb
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_ratio(first: Color, second: Color) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colour_distance(first: Color, second: Color) -> float:
    """How far apart two colours look (CIELAB, lightness weighted down)."""
    return _lab_distance(rgb_to_lab(first), rgb_to_lab(second))


def _lab_distance(first: Lab, second: Lab) -> float:
    return math.hypot((first.L - second.L) * LIGHTNESS_WEIGHT, first.a - second.a,
                      first.b - second.b)


def _chroma(lab: Lab) -> float:
    return math.hypot(lab.a, lab.b)


def theme_backgrounds(theme: Theme) -> tuple[tuple[Color, ...], Color]:
    """The backgrounds quotes are drawn on (the article's and the Claims list's), and the
    theme's accent (the first speaker's colour, as near as readable)."""
    variables = theme.to_color_system().generate()
    backgrounds = tuple(Color.parse(variables[name]) for name in ("background", "surface"))
    if any(colour.ansi is not None or colour.a < 1 for colour in backgrounds):
        backgrounds = tuple(Color.parse(value) for value in _ANSI_BACKGROUNDS[theme.dark])
    accent = Color.parse(variables["accent"])
    return backgrounds, accent if accent.ansi is None else Color.parse("#FFA62B")


@lru_cache(maxsize=32)
def speaker_palette(backgrounds: tuple[Color, ...], seed: Color) -> tuple[Color, ...]:
    """`DISTINCT_COLOURS` cube colours readable on every background, each as far from the
    ones before it as can be (so the first few speakers differ most), from the nearest to
    `seed`."""
    labs = {
        colour: rgb_to_lab(colour) for colour in CUBE
        if min(contrast_ratio(colour, background) for background in backgrounds) >= MIN_CONTRAST
    }
    readable = [colour for colour, lab in labs.items() if _chroma(lab) >= MIN_CHROMA]
    if not readable:  # a theme too mid-grey for any coloured text: the most readable colours
        readable = sorted(labs, key=lambda c: -_chroma(labs[c]))[:DISTINCT_COLOURS] or [seed]
        labs = {colour: rgb_to_lab(colour) for colour in readable}
    seed_lab = rgb_to_lab(seed)
    chosen = [min(readable, key=lambda colour: _lab_distance(labs[colour], seed_lab))]
    while len(chosen) < min(DISTINCT_COLOURS, len(readable)):
        chosen.append(max(
            (colour for colour in readable if colour not in chosen),
            key=lambda colour: min(_lab_distance(labs[colour], labs[c]) for c in chosen),
        ))
    return tuple(chosen)


@lru_cache(maxsize=32)
def _styles_for(speakers: tuple[str | None, ...], palette: tuple[Color, ...]) -> SpeakerStyles:
    styles: dict[str | None, Style | str] = {}
    named = 0
    for speaker in speakers:
        if speaker is None:
            styles[None] = UNATTRIBUTED_STYLE
        else:
            round_, index = divmod(named, len(palette))
            styles[speaker] = Style(foreground=palette[index], underline=bool(round_ % 2) or None)
            named += 1
    return MappingProxyType(styles)


def speaker_styles(quotes: Sequence[Quote], theme: Theme) -> SpeakerStyles:
    """A style for each speaker, by order of first quote: the same objects for the same
    speakers and theme, whichever pane asks."""
    return _styles_for(tuple(speakers_in_order(quotes)), speaker_palette(*theme_backgrounds(theme)))
