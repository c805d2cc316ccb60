"""Speakers' colours: distinct, readable on every theme, unchanged by 256-colour reduction, and
the very same style in the article and in the Claims legend."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import pytest
from rich.color import ColorSystem
from test_app import ARTICLE, fake_analysers, make_app, settle
from textual.color import Color
from textual.content import Content
from textual.style import Style
from textual.theme import BUILTIN_THEMES, Theme
from textual.widgets import Static

from reader.model import Quote
from reader.tui.panes.article import ArticleView
from reader.tui.panes.claims import ClaimsList
from reader.tui.panes.speaker_styles import (
    MIN_CONTRAST,
    UNATTRIBUTED_STYLE,
    colour_distance,
    contrast_ratio,
    speaker_styles,
)
from reader.tui.workers import Analysers

SPEAKERS = 12
# Themes with colours of their own (the ANSI ones draw on the terminal's background).
COLOURED_THEMES = [name for name in BUILTIN_THEMES if not name.startswith("ansi")]


def quotes_of(speakers: int, *, unattributed: bool = False) -> tuple[Quote, ...]:
    """One quote per speaker, each opening its own paragraph ("Words N," said Speaker N.)."""
    quotes = [Quote("body", n, 1, 9, f"Words {n:02}"[:8], f"Speaker {n}", "direct")
              for n in range(speakers)]
    if unattributed:
        quotes.append(Quote("body", speakers, 1, 9, "Words xx", None, "partial"))
    return tuple(quotes)


def foregrounds(theme: Theme, speakers: int = SPEAKERS) -> list[Color]:
    styles = speaker_styles(quotes_of(speakers), theme)
    found = []
    for number in range(speakers):
        style = styles[f"Speaker {number}"]
        assert isinstance(style, Style) and style.foreground is not None
        found.append(style.foreground)
    return found


def backgrounds(theme: Theme) -> list[Color]:
    """Where quotes are drawn: the article (background) and the Claims list (surface)."""
    variables = theme.to_color_system().generate()
    return [Color.parse(variables["background"]), Color.parse(variables["surface"])]


def test_contrast_ratio_is_wcags() -> None:
    assert contrast_ratio(Color(0, 0, 0), Color(255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio(Color(9, 9, 9), Color(9, 9, 9)) == pytest.approx(1)


@pytest.mark.parametrize("name", COLOURED_THEMES)
def test_twelve_speakers_get_twelve_distinct_colours_readable_on_the_theme(name: str) -> None:
    theme = BUILTIN_THEMES[name]
    colours = foregrounds(theme)
    assert len({colour.hex6 for colour in colours}) == SPEAKERS
    for colour in colours:
        for background in backgrounds(theme):
            assert contrast_ratio(colour, background) >= MIN_CONTRAST >= 3, (colour, background)
    closest = min(colour_distance(a, b) for a, b in itertools.combinations(colours, 2))
    assert closest >= 20  # no two "both dark blue"


@pytest.mark.parametrize("name", ["textual-dark", "textual-light", "ansi-dark", "ansi-light"])
def test_reducing_to_256_colours_changes_none_and_merges_none(name: str) -> None:
    colours = foregrounds(BUILTIN_THEMES[name])
    reduced = [colour.rich_color.downgrade(ColorSystem.EIGHT_BIT) for colour in colours]
    assert len({colour.number for colour in reduced}) == SPEAKERS
    assert [colour.get_truecolor() for colour in reduced] == [
        colour.rich_color.get_truecolor() for colour in colours
    ]


def test_light_themes_get_dark_colours_and_dark_themes_light_ones() -> None:
    dark, light = BUILTIN_THEMES["textual-dark"], BUILTIN_THEMES["textual-light"]
    dark_background, light_background = backgrounds(dark)[0], backgrounds(light)[0]
    assert all(c.brightness > dark_background.brightness for c in foregrounds(dark))
    assert all(c.brightness < light_background.brightness for c in foregrounds(light))


def test_the_same_speakers_get_the_same_style_objects_whoever_asks() -> None:
    theme = BUILTIN_THEMES["textual-dark"]
    first = speaker_styles(quotes_of(3), theme)
    again = speaker_styles(list(quotes_of(3)), theme)
    assert all(first[speaker] is again[speaker] for speaker in first)


def test_later_speakers_reuse_the_colours_underlined_and_unattributed_stays_muted() -> None:
    styles = speaker_styles(quotes_of(SPEAKERS + 1, unattributed=True),
                            BUILTIN_THEMES["textual-dark"])
    first, thirteenth = styles["Speaker 0"], styles[f"Speaker {SPEAKERS}"]
    assert isinstance(first, Style) and isinstance(thirteenth, Style)
    assert thirteenth.foreground == first.foreground
    assert thirteenth.underline and not first.underline
    assert styles[None] == UNATTRIBUTED_STYLE


# -- in the app: the Claims list is the article's legend ----------------------------------


def thirteen_speaker_app() -> Any:
    quotes = quotes_of(SPEAKERS + 1, unattributed=True)
    paragraphs = tuple(f"'{q.text},' said {q.speaker or 'someone'}." for q in quotes)
    article = replace(ARTICLE, paragraphs=paragraphs, images=())
    analysers = Analysers(quotes=lambda a: quotes, comments=fake_analysers().comments)
    return make_app(article=article, analysers=analysers)


def article_styles(article: ArticleView, paragraphs: int) -> list[Style | str]:
    found: list[Style | str] = []
    for number in range(paragraphs):
        content = article.query_one(f"#paragraph-{number}", Static).content
        assert isinstance(content, Content)
        [span] = content.spans
        found.append(span.style)
    return found


def legend_styles(claims: ClaimsList) -> list[Style | str]:
    """The style of each speaker's name in the Claims list (the first span of its header)."""
    found: list[Style | str] = []
    for index in range(claims.option_count):
        option = claims.get_option_at_index(index)
        if option.disabled:
            prompt = option.prompt
            assert isinstance(prompt, Content)
            found.append(next(span.style for span in prompt.spans if span.style != "bold"))
    return found


async def test_each_speakers_article_style_is_their_claims_legend_style_on_any_theme() -> None:
    app = thirteen_speaker_app()
    paragraphs = SPEAKERS + 2
    async with app.run_test(size=(160, 48)) as pilot:
        main = await settle(pilot)
        article, claims = main.query_one(ArticleView), main.query_one(ClaimsList)
        on_dark = article_styles(article, paragraphs)
        legend = legend_styles(claims)
        assert len(legend) == paragraphs
        assert all(a is b for a, b in zip(on_dark, legend))
        assert len({str(style) for style in on_dark[:SPEAKERS]}) == SPEAKERS

        app.theme = "textual-light"
        await pilot.pause()
        await pilot.pause()
        on_light = article_styles(article, paragraphs)
        assert on_light != on_dark  # the colours follow the theme
        assert all(a is b for a, b in zip(on_light, legend_styles(claims)))
