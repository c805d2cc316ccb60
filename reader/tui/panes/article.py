"""The article pane: headline, byline, paragraphs and captions, quotes highlighted by speaker,
and beside each claim that comments deny, how many deny it ("⚑3").

All stranger text becomes `Content(...)` (never markup); styles are added as spans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.content import Content
from textual.theme import Theme
from textual.widgets import Static

from reader.model import Article, Quote
from reader.quotes.claims import Claim
from reader.tui.panes.base import Pane, PaneScroll
from reader.tui.panes.speaker_styles import (
    CHOSEN_STYLE,
    UNATTRIBUTED_STYLE,
    SpeakerStyles,
    speaker_styles,
)

DISPUTED_MARK = "⚑"
DISPUTED_STYLE = "bold $error"
_CLOSING_MARKS = frozenset("'\"’”»›")

# Where a claim's denials are counted in a text: (offset, how many comments deny it).
Dispute = tuple[int, int]


def highlight(
    text: str,
    quotes: Sequence[Quote],
    styles: SpeakerStyles,
    chosen: Quote | None = None,
    *,
    disputes: Sequence[Dispute] = (),
    chosen_span: tuple[int, int] | None = None,
) -> Content:
    """The text as Content with each quote's span styled by its speaker, the chosen quote
    (or the chosen claim's span) marked, and " ⚑N" after each claim N comments deny."""
    content = Content(text)
    for quote in quotes:
        if 0 <= quote.start < quote.end <= len(text):
            style = styles.get(quote.speaker, UNATTRIBUTED_STYLE)
            content = content.stylize(style, quote.start, quote.end)
            if quote == chosen:
                content = content.stylize(CHOSEN_STYLE, quote.start, quote.end)
    if chosen_span is not None and 0 <= chosen_span[0] < chosen_span[1] <= len(text):
        content = content.stylize(CHOSEN_STYLE, *chosen_span)
    # From the end, so each insertion leaves the offsets before it as they were.
    for offset, denials in sorted(disputes, reverse=True):
        mark = Content.assemble(" ", (f"{DISPUTED_MARK}{denials}", DISPUTED_STYLE))
        content = content[:offset] + mark + content[offset:]
    return content


def dispute_offset(text: str, claim: Claim) -> int:
    """Where a claim's mark goes: after its words, and after a quote's closing mark."""
    end = min(max(claim.end, 0), len(text))
    while end < len(text) and text[end] in _CLOSING_MARKS:
        end += 1
    return end


def _quotes_in(quotes: Sequence[Quote], where: str, index: int) -> list[Quote]:
    return [q for q in quotes if q.where == where and q.index == index]


def matching_quote(quotes: Sequence[Quote], claim: Claim) -> Quote | None:
    """The quote a quote claim stands for (the same words; the claim may keep a trailing
    comma the quote leaves out), None for a reported claim."""
    if claim.kind != "quote":
        return None
    same_place = [q for q in quotes if q.where == claim.where and q.index == claim.index
                  and q.start < claim.end and claim.start < q.end]
    return min(same_place, key=lambda q: abs(q.start - claim.start) + abs(q.end - claim.end),
               default=None)


class ArticleView(Pane, PaneScroll):
    """Headline, byline, published, paragraphs, and captions where their images stood."""

    PANE_TITLE = "Article"
    PANE_TAB = "article"

    def __init__(self, article: Article, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article = article
        self.quotes: tuple[Quote, ...] = ()
        self.chosen: Quote | None = None
        self.claims: tuple[Claim, ...] = ()
        self.denials: Mapping[str, int] = {}  # claim id -> comments that deny it (only > 0)
        self.chosen_claim: Claim | None = None
        self._later: list[Static] = []  # the parts mounted after the first frame

    def compose(self) -> ComposeResult:
        parts = self._parts()
        # The first frame builds what a screen shows of the article; the rest is mounted
        # right after it (issue 15: each paragraph is a widget to style and lay out first).
        shown = self._first_screen(parts)
        yield from parts[:shown]
        self._later = parts[shown:]

    def _first_screen(self, parts: list[Static]) -> int:
        """How many parts fill the terminal's height, and one more: each part's lines at
        the pane's width (about two fifths of the terminal's), and a blank line."""
        width, height = self.app.size
        width = max(20, width * 2 // 5 - 4)
        rows = 0
        for count, part in enumerate(parts, 1):
            rows += len(str(part.content)) // width + 2
            if rows > height:
                return count + 1
        return len(parts)

    def _parts(self) -> list[Static]:
        """The headline, the byline line, and the paragraphs with captions where their
        images stood, in reading order."""
        article = self.article
        parts = [Static(Content(article.headline), id="headline", classes="headline")]
        # The published line may begin with a no-break space, kept in the data (SPEC 1).
        shown = (article.byline, article.published.strip() if article.published else None)
        meta = " · ".join(part for part in shown if part)
        if meta:
            parts.append(Static(Content(meta), classes="byline"))
        parts += [self._caption(n) for n, image in enumerate(article.images)
                  if image.after_paragraph < 0]  # fmt: skip
        for number, paragraph in enumerate(article.paragraphs):
            parts.append(Static(Content(paragraph), id=f"paragraph-{number}", classes="paragraph"))
            parts += [self._caption(n) for n, image in enumerate(article.images)
                      if image.after_paragraph == number]  # fmt: skip
        parts += [self._caption(n) for n, image in enumerate(article.images)
                  if image.after_paragraph >= len(article.paragraphs)]  # fmt: skip
        return parts

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._later:
            self.call_after_refresh(self._mount_later)

    async def _mount_later(self) -> None:
        later, self._later = self._later, []
        if self.is_attached:
            await self.mount_all(later)
            if self.quotes or self.denials:
                self._show()

    def _theme_changed(self, theme: Theme) -> None:
        """The speakers' colours follow the theme (readable on its background)."""
        if self.quotes or self.denials:
            self._show()

    def _caption(self, index: int) -> Static:
        return Static(
            Content(self.article.images[index].caption), id=f"caption-{index}", classes="caption"
        )

    def show_quotes(self, quotes: Sequence[Quote], chosen: Quote | None = None) -> None:
        """Highlight every quote by speaker (and the chosen one more strongly)."""
        self.quotes = tuple(quotes)
        self.chosen = chosen
        self.chosen_claim = None
        self._show()

    def show_claims(self, claims: Sequence[Claim]) -> None:
        self.claims = tuple(claims)

    def show_denials(self, denials: Mapping[str, int]) -> None:
        """How many comments deny each claim: " ⚑N" beside the claims some deny (drawn
        again only when the counts changed)."""
        kept = {claim: n for claim, n in denials.items() if n > 0}
        if kept != self.denials:
            self.denials = kept
            self._show()

    def _show(self) -> None:
        quotes, chosen = self.quotes, self.chosen
        styles = speaker_styles(quotes, self.app.current_theme)
        article = self.article
        texts = [("headline", 0, "#headline", article.headline)]
        texts += [("body", n, f"#paragraph-{n}", text) for n, text in enumerate(article.paragraphs)]
        texts += [("caption", n, f"#caption-{n}", image.caption)
                  for n, image in enumerate(article.images)]
        for where, index, selector, text in texts:
            found = self.query(selector)
            if not found:
                continue  # mounted after the first frame (_mount_later), drawn then
            found.first(Static).update(highlight(
                text, _quotes_in(quotes, where, index), styles, chosen,
                disputes=self._disputes_in(text, where, index),
                chosen_span=self._chosen_span(where, index),
            ))

    def _disputes_in(self, text: str, where: str, index: int) -> list[Dispute]:
        denials = self.denials
        if not denials:
            return []
        return [(dispute_offset(text, claim), denials[claim.id]) for claim in self.claims
                if claim.id in denials and claim.where == where and claim.index == index]

    def _chosen_span(self, where: str, index: int) -> tuple[int, int] | None:
        """The chosen claim's words, when it is not a quote (a quote is marked as one)."""
        claim = self.chosen_claim
        if claim is None or self.chosen is not None or (claim.where, claim.index) != (where,
                                                                                     index):
            return None
        return claim.start, claim.end

    def widget_for(self, quote: Quote | Claim) -> Static | None:
        selector = {
            "headline": "#headline",
            "body": f"#paragraph-{quote.index}",
            "caption": f"#caption-{quote.index}",
        }[quote.where]
        found = self.query(selector)
        return found.first(Static) if found else None

    def choose(self, quote: Quote) -> None:
        """Highlight one quote and scroll it into view."""
        self.show_quotes(self.quotes, chosen=quote)
        self._into_view(quote)

    def choose_claim(self, claim: Claim) -> None:
        """Highlight one claim (as its quote, for a quote) and scroll it into view."""
        self.chosen = matching_quote(self.quotes, claim)
        self.chosen_claim = claim
        self._show()
        self._into_view(claim)

    def _into_view(self, quote: Quote | Claim) -> None:
        target = self.widget_for(quote)
        if target is not None:
            self.scroll_to_widget(target, animate=False, top=True)
