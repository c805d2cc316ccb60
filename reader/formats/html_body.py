"""The article trafilatura finds in a page's tree: its body blocks in order, and the metadata
it reads (title, authors, date, address).

trafilatura is imported here, inside `extract_article`, so that opening a plain-text page does
not pay its import (~0.35 s). It is handed the tree `html_tree` built, never a URL or a string
it would parse (or fetch) itself; it copies the tree, so the caller's stays whole.

A page with more than `MAX_FALLBACK_BLOCKS` elements holding text of their own is extracted
without trafilatura's fallback extractors (`fast=True`): jusText's time grows with the square
of a page's text blocks (10,000 nested one-word `<div>`s took 80 s); a news page has a few
hundred.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import PageError
from reader.formats.html_tree import Element, normal_text
from reader.text.clean import clean_text

__all__ = ["Block", "Extracted", "extract_article"]

# trafilatura's body elements that are one block of text each; `list`, `quote` and `table`
# hold blocks; `graphic` (images) and `ref` are left to the figure reader.
_TEXT_BLOCKS = frozenset(["p", "head", "item", "code", "cell"])
_HOLDERS = frozenset(["list", "quote", "table", "row", "div"])
MAX_FALLBACK_BLOCKS = 2_000


@dataclass(frozen=True)
class Block:
    """One block of the body as trafilatura gives it, text not yet cleaned."""

    text: str  # whitespace made single spaces
    kind: str  # "p", "head", "item", "quote" (a paragraph inside a blockquote), "row", ...


@dataclass(frozen=True)
class Extracted:
    """What trafilatura reads from a page (strings as it gives them, not yet cleaned)."""

    blocks: tuple[Block, ...]
    title: str | None
    authors: tuple[str, ...]
    date: str | None  # ISO 8601 date, e.g. "2026-10-03"
    url: str | None


def extract_article(root: Element, name: str) -> Extracted:
    """trafilatura's reading of the page; PageError when it fails on it (whatever it raises:
    third-party code meeting hostile markup must end in one line, not a traceback)."""
    import trafilatura  # lazy: see the module docstring

    try:
        document = trafilatura.bare_extraction(
            root,
            fast=_text_blocks(root) > MAX_FALLBACK_BLOCKS,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
        )
    except RecursionError:
        raise PageError(f"{name}: is HTML nested too deeply to read") from None
    except Exception as error:  # noqa: BLE001 - see the docstring
        raise PageError(
            f"{name}: cannot read this HTML page ({type(error).__name__} in trafilatura)"
        ) from None
    if document is None or isinstance(document, dict):
        return Extracted((), None, (), None, None)
    body = document.body
    blocks = tuple(_blocks(body)) if body is not None else ()
    authors = tuple(part.strip() for part in (document.author or "").split(";") if part.strip())
    return Extracted(blocks, document.title or None, authors, document.date or None,
                     document.url or None)  # fmt: skip


def _text_blocks(root: Element) -> int:
    """How many elements hold text of their own (not only their children's)."""
    return sum(1 for element in root.iter() if element.text and not element.text.isspace())


def _blocks(holder: Element, inside: str = "") -> list[Block]:
    """The text blocks under a trafilatura body element, in order."""
    found: list[Block] = []
    for child in holder:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "row" and _holds_blocks(child):
            found.extend(block for cell in child for block in _cell_blocks(cell, inside))
        elif tag == "row":
            cells = [_block_text(cell) for cell in child]
            text = " | ".join(cell for cell in cells if cell)
            if text:
                found.append(Block(text, "row"))
        elif tag in _TEXT_BLOCKS:
            text = _block_text(child)
            if text:
                found.append(Block(text, inside or tag))
        elif tag in _HOLDERS:
            found.extend(_blocks(child, "quote" if tag == "quote" else inside))
    if not found and holder.tag == "quote":
        text = _block_text(holder)
        if text:
            found.append(Block(text, "quote"))
    return found


def _holds_blocks(row: Element) -> bool:
    """Whether a table row's cells hold paragraphs (a page laid out with a table), not data."""
    return any(
        isinstance(block.tag, str) and block.tag in _TEXT_BLOCKS | _HOLDERS
        for cell in row
        for block in cell
    )


def _cell_blocks(cell: Element, inside: str) -> list[Block]:
    """The blocks of a layout table's cell: its own leading text, then its paragraphs."""
    lead = normal_text(cell.text or "")
    return ([Block(lead, inside or "p")] if lead else []) + _blocks(cell, inside)


def _block_text(element: Element) -> str:
    """A block's text; a line break inside it (`lb`) becomes a space."""
    parts: list[str] = []
    _collect(element, parts)
    return normal_text("".join(parts))


def _collect(element: Element, parts: list[str]) -> None:
    parts.append(" " if element.tag == "lb" else element.text or "")
    for child in element:
        _collect(child, parts)
        parts.append(child.tail or "")


def cleaned(text: str | None) -> str | None:
    """A metadata string made safe to show, or None when empty."""
    if text is None:
        return None
    text = clean_text(normal_text(text))
    return text or None
