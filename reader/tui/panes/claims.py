"""The claims pane: every claim of the article (quotes and reported claims) under its speaker,
with how many comments about it support, deny and question it; choosing one shows the
comments about it (ClaimChosen, which the screen turns into a filter and a highlight in the
article).

The speakers' names are drawn in the colours their quotes have in the article, so the list
is also the article's legend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Spacing
from textual.message import Message
from textual.theme import Theme
from textual.visual import Padding
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from reader.analysers.article_claims import short_name, snippet
from reader.model import Quote
from reader.quotes.claims import Claim
from reader.tui.actions import bindings
from reader.tui.panes.base import Pane
from reader.tui.panes.speaker_styles import UNATTRIBUTED_STYLE, SpeakerStyles, speaker_styles
from reader.view.thread_view import ClaimStances, speakers_in_order

# The stances counted beside each claim: (stance value, word, style).
COUNTED: tuple[tuple[str, str, str], ...] = (
    ("support", "support", "$success"),
    ("deny", "deny", "$error"),
    ("query", "question", "$accent"),
)
CHOSEN_MARK = "▸ "
_OPTION_PREFIX = "claim-"
_INDENT = Spacing(0, 0, 0, 2)  # a claim under its speaker, every line of it (a hanging indent)


@dataclass
class ClaimChosen(Message):
    """A claim was chosen in the claims list."""

    claim: Claim


def claim_name(claim: Claim) -> str:
    """`Kirby, 'Iranian military personnel were on the ground…'` (plain text)."""
    name = short_name(claim.speaker)
    words = snippet(claim.text)
    return f"{name}, '{words}'" if name else f"'{words}'"


def legend_entry(speaker: str | None, claims: int, styles: SpeakerStyles) -> Content:
    """A speaker's name in their style (the very style of their quotes in the article, bold
    on top; plain bold for a speaker with reported claims only), and how many claims."""
    name = Content(speaker) if speaker is not None else Content("Unattributed")
    style = styles.get(speaker, "" if speaker is not None else UNATTRIBUTED_STYLE)
    return Content.assemble(
        name.stylize_before("bold").stylize(style), (f"  {claims}", "$text-muted")
    )


def counts_line(stances: Mapping[str, int] | None) -> Content:
    """`5 comments: support 2 · deny 1 · question 0` (the rest comment or were not assessed)."""
    total = sum(stances.values()) if stances else 0
    if not stances or not total:
        return Content.styled("no comments about it", "$text-muted")
    noun = "comment" if total == 1 else "comments"
    parts: list[Content | tuple[str, str]] = [(f"{total} {noun}: ", "$text-muted")]
    for n, (value, word, style) in enumerate(COUNTED):
        count = stances.get(value, 0)
        if n:
            parts.append((" · ", "$text-muted"))
        parts.append((f"{word} {count}", f"bold {style}" if count else "$text-muted"))
    return Content.assemble(*parts)


def claim_prompt(claim: Claim, stances: Mapping[str, int] | None, *, chosen: bool) -> Content:
    """A claim (a quote in quotation marks, a reported claim as the sentence in italics;
    the one the comments are filtered to marked), and under it the counts of the comments
    about it."""
    text = " ".join(claim.text.split())
    said = Content.assemble("“", Content(text), "”") if claim.kind == "quote" \
        else Content(text).stylize_before("italic")
    if chosen:
        said = Content.assemble((CHOSEN_MARK, "bold $accent"), said.stylize_before("bold"))
    return Content.assemble(said, "\n  ", counts_line(stances))


def claims_by_speaker(claims: Sequence[Claim], quotes: Sequence[Quote]
                      ) -> list[tuple[str | None, list[Claim]]]:
    """Claims grouped by speaker: first the speakers of the quotes in the legend's order
    (the order their colours were given), then the speakers of reported claims only, in
    article order; unattributed last."""
    groups: dict[str | None, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.speaker, []).append(claim)
    order: list[str | None] = [s for s in speakers_in_order(quotes) if s is not None]
    order += [speaker for speaker in groups if speaker is not None and speaker not in order]
    order.append(None)
    return [(speaker, groups[speaker]) for speaker in order if speaker in groups]


class ClaimsList(Pane, OptionList):
    """The claims under their speakers, each with the stances of the comments about it;
    choosing one shows those comments."""

    PANE_TITLE = "Claims"
    PANE_TAB = "claims"

    BINDINGS: ClassVar[list[BindingType]] = bindings("list", actions={
        "cursor-top": "first", "cursor-bottom": "last",
        "half-page-down": "page_down", "half-page-up": "page_up",
    })

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.claims: tuple[Claim, ...] | None = None  # None: not found yet
        self.stances: ClaimStances = {}
        self.chosen: str | None = None  # the id of the claim the comments are filtered to
        self._quotes: tuple[Quote, ...] = ()
        self._by_id: dict[str, Claim] = {}

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        """The legend's colours follow the theme, as the article's do."""
        self._show()

    def show_quotes(self, quotes: Sequence[Quote]) -> None:
        """The article's quotes, whose speakers' colours make this list the legend."""
        self._quotes = tuple(quotes)
        self._show()

    def show_claims(self, claims: Sequence[Claim]) -> None:
        self.claims = tuple(claims)
        self._by_id = {claim.id: claim for claim in claims}
        self._show()

    def show_stances(self, stances: ClaimStances, chosen: str | None) -> None:
        """The counts beside each claim, and which claim (if any) the comments are filtered
        to; drawn again only when they changed."""
        if stances == self.stances and chosen == self.chosen:
            return
        self.stances, self.chosen = stances, chosen
        self._show()

    def claim(self, claim_id: str) -> Claim | None:
        return self._by_id.get(claim_id)

    def _show(self) -> None:
        """Draw the list again, the cursor kept on its claim."""
        was_on = self.highlighted_id
        self.clear_options()
        if self.claims is None:
            self.add_option(Option(Content.styled("Finding the claims…", "$text-muted"),
                                   disabled=True))
            return
        styles = speaker_styles(self._quotes, self.app.current_theme)
        options: list[Option] = []
        if not self.claims:
            options.append(Option(Content("No claims found."), disabled=True))
        for speaker, group in claims_by_speaker(self.claims, self._quotes):
            options.append(Option(legend_entry(speaker, len(group), styles), disabled=True))
            options += [
                Option(Padding(claim_prompt(claim, self.stances.get(claim.id),
                                            chosen=claim.id == self.chosen), _INDENT),
                       id=f"{_OPTION_PREFIX}{claim.id}")
                for claim in group
            ]
        self.add_options(options)
        self._highlight(was_on)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the option under the cursor (None: none)."""
        index = self.highlighted
        return None if index is None else self.get_option_at_index(index).id

    def _highlight(self, option_id: str | None) -> None:
        """The cursor on `option_id`; when that is gone (or was None), on the first claim, so
        Enter chooses a claim from the first visit (the first line is a speaker, not one)."""
        if option_id is not None:
            try:
                self.highlighted = self.get_option_index(option_id)
            except OptionDoesNotExist:
                pass
            else:
                return
        self.action_first()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id
        if option_id is not None and option_id.startswith(_OPTION_PREFIX):
            claim = self._by_id.get(option_id.removeprefix(_OPTION_PREFIX))
            if claim is not None:
                self.post_message(ClaimChosen(claim))
