"""A WordPress post's content (`content:encoded`) as paragraphs and images where they stood.

WordPress stores content as the person wrote it and adds `<p>` only when it shows a page
(`wpautop`): a blank line is a paragraph break, in the classic editor's plain text as between
the block editor's `<!-- wp:paragraph -->` blocks. So the content is first cut at blank lines,
and each piece is read as an HTML fragment (`fragment_text`: entities decoded, links as text):

- a `[caption ...]<img src=...> The caption[/caption]` shortcode (the classic editor's
  captioned image) is an image with that caption (or the shortcode's `caption="..."`);
- a `<figure>` (the block editor's image block) is an image with its `<figcaption>`;
- an `<img>` outside both is an image with no caption;
- other shortcodes (`[gallery ids="1,2"]`) are kept as the text they are.

Each image stands after the paragraphs read before its piece. A blank line inside a `<pre>`
splits the code into two paragraphs, as it does in WordPress without a code block.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]

from reader.formats.fragment_text import fragment_paragraphs
from reader.formats.html_figures import image_url
from reader.formats.safe_xml import Element
from reader.model import Image
from reader.text.clean import clean_text

__all__ = ["comment_paragraphs", "post_body"]

_HTML = etree.HTMLParser(
    no_network=True, recover=True, remove_comments=True, remove_pis=True, default_doctype=False
)
_CAPTION_OPEN = "[caption"
_CAPTION_CLOSE = "[/caption]"


class _Body:
    """The paragraphs and images read so far."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.images: list[Image] = []

    def add_text(self, markup: str) -> None:
        if markup.strip():
            self.paragraphs += fragment_paragraphs(markup)

    def add_image(self, url: str, caption: str) -> None:
        self.images.append(Image(clean_text(url), caption, len(self.paragraphs) - 1))


def post_body(content: str) -> tuple[tuple[str, ...], tuple[Image, ...]]:
    """(paragraphs, images) of a post's content; newlines already "\\n"."""
    body = _Body()
    for piece in _pieces(content):
        _read_piece(piece, body)
    return tuple(body.paragraphs), tuple(body.images)


def comment_paragraphs(content: str) -> list[str]:
    """A comment's paragraphs: its pieces read as text (an `<img>` in one is left as the
    fragment reader leaves it: a comment's images are not the article's)."""
    paragraphs: list[str] = []
    for piece in _pieces(content):
        paragraphs += fragment_paragraphs(piece)
    return paragraphs


def _pieces(content: str) -> list[str]:
    """The content cut at blank lines (lines holding only spaces too)."""
    pieces: list[str] = []
    lines: list[str] = []
    for line in content.split("\n"):
        if line.strip():
            lines.append(line)
        elif lines:
            pieces.append("\n".join(lines))
            lines = []
    if lines:
        pieces.append("\n".join(lines))
    return pieces


def _read_piece(piece: str, body: _Body) -> None:
    """A piece's captioned images, figures, images and text, in their order."""
    while True:
        start = piece.find(_CAPTION_OPEN)
        end = piece.find(_CAPTION_CLOSE, start + 1) if start >= 0 else -1
        if start < 0 or end < 0:
            break
        _read_markup(piece[:start], body)
        _read_caption(piece[start : end + len(_CAPTION_CLOSE)], body)
        piece = piece[end + len(_CAPTION_CLOSE) :]
    _read_markup(piece, body)


def _read_caption(shortcode: str, body: _Body) -> None:
    """`[caption id=".." caption="Old style"]<img src="..."> New style[/caption]`."""
    opening, _, rest = shortcode.partition("]")
    inner = rest[: -len(_CAPTION_CLOSE)]
    root = _parse(inner)
    url = _first_image(root) if root is not None else None
    caption = "\n".join(fragment_paragraphs(inner)).replace("\n", " ")
    if not caption and 'caption="' in opening:
        caption = " ".join(fragment_paragraphs(opening.split('caption="', 1)[1].split('"')[0]))
    if url is None:  # a caption with no image: its text is a paragraph
        body.add_text(inner)
    else:
        body.add_image(url, caption)


def _read_markup(markup: str, body: _Body) -> None:
    """Text with any `<figure>` and `<img>` in it taken out as images first."""
    lowered = markup.lower()
    if "<img" not in lowered and "<figure" not in lowered:
        body.add_text(markup)
        return
    root = _parse(markup)
    if root is None:
        body.add_text(markup)
        return
    for figure in list(root.iter("figure")):
        url = _first_image(figure)
        caption = figure.find(".//figcaption")
        if url is not None:
            text = fragment_paragraphs(_markup_of(caption)) if caption is not None else []
            body.add_image(url, " ".join(text))
            _drop(figure)
    for image in list(root.iter("img")):
        url = image_url(image)
        if url:
            body.add_image(url, "")
        _drop(image)
    body.add_text(_markup_of(root))


def _parse(markup: str) -> Element | None:
    try:
        return etree.fromstring(markup, _HTML) if markup.strip() else None
    except (etree.ParserError, ValueError):
        return None


def _first_image(element: Element) -> str | None:
    for image in element.iter("img"):
        url = image_url(image)
        if url:
            return str(url)
    return None


def _markup_of(element: Element) -> str:
    return str(etree.tostring(element, encoding="unicode", method="html", with_tail=False))


def _drop(element: Element) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail or ""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(element)
