"""The images of a saved HTML page with their captions, where they stood in the body.

trafilatura drops `<figure>` and `<figcaption>`; they are read here from the page's own tree.
Where a figure stood is told by text: walking the page in order, a figure comes after the
last block whose text is one of the article's paragraphs (SPEC section 2: `after_paragraph`,
-1 before the first).
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.formats.html_meta import BLOCK_TAGS
from reader.formats.html_tree import Element, PageTexts, is_boilerplate
from reader.model import Image
from reader.text.clean import clean_text

__all__ = ["captions_in", "figures_in", "image_url"]

# Attributes lazy-loading pages keep the real address in, before `src` (often a placeholder).
_SOURCE_ATTRIBUTES = ("data-src", "data-original", "data-lazy-src", "src")
_PREFIX_CHARS = 60  # a block matches a paragraph that starts the same when no text is equal


def captions_in(scope: Element, texts: PageTexts) -> set[str]:
    """The caption texts of the figures in `scope` (so that the body can leave them out)."""
    found = set()
    for figure in _figures(scope):
        caption = figure.find(".//figcaption")
        if caption is not None and texts(caption):
            found.add(texts(caption))
    return found


def figures_in(scope: Element, texts: PageTexts, paragraphs: Sequence[str]) -> tuple[Image, ...]:
    """Each figure in `scope` that shows an image, with its caption (cleaned) and the index of
    the paragraph before it; `paragraphs` are the body's texts before cleaning."""
    exact: dict[str, int] = {}
    prefixes: dict[str, int] = {}
    for index, text in enumerate(paragraphs):
        exact.setdefault(text, index)
        prefixes.setdefault(text[:_PREFIX_CHARS], index)
    images: list[Image] = []
    after = -1
    for element in scope.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "figure":
            image = _image(element, texts, after)
            if image is not None and not is_boilerplate(element):
                images.append(image)
        elif tag in BLOCK_TAGS and not _in_figure(element):
            text = texts(element)
            found = exact.get(text)
            if found is None and len(text) >= _PREFIX_CHARS:
                found = prefixes.get(text[:_PREFIX_CHARS])
            if found is not None:
                after = max(after, found)
    return tuple(images)


def _figures(scope: Element) -> list[Element]:
    return [figure for figure in scope.iter("figure") if not is_boilerplate(figure)]


def _in_figure(element: Element) -> bool:
    return any(True for _ in element.iterancestors("figure"))


def _image(figure: Element, texts: PageTexts, after: int) -> Image | None:
    """The figure's image, or None when it shows none (a quote or a video in a figure)."""
    url = None
    for image in [*figure.iter("img"), *figure.iter("source")]:  # the <img> first
        url = image_url(image)
        if url:
            break
    if not url:
        return None
    caption_element = figure.find(".//figcaption")
    caption = texts(caption_element) if caption_element is not None else ""
    return Image(clean_text(url), clean_text(caption), after)


def image_url(image: Element) -> str | None:
    """An `<img>` or `<source>`'s address as written (a local `page_files/x.jpg` stays local);
    an embedded `data:` image is named, not copied ("(embedded image/png, 12 KB)")."""
    url = ""
    for attribute in _SOURCE_ATTRIBUTES:
        url = (image.get(attribute) or "").strip()
        if url:
            break
    if not url:
        srcset = (image.get("srcset") or image.get("data-srcset") or "").strip()
        url = srcset.split(",")[0].split()[0] if srcset.split() else ""
    if url.lower().startswith("data:"):
        kind = url[5:].split(";", 1)[0].split(",", 1)[0] or "data"
        return f"(embedded {kind[:60]}, {max(1, len(url) * 3 // 4 // 1024)} KB)"
    return url or None
