"""The byline of a saved page: telling it from a sentence that starts with "By", and splitting
`A and B, Role For Outlet` into its authors and outlet."""

from __future__ import annotations

import re

from reader.formats.page_lines import MAX_META_CHARS

__all__ = ["looks_like_byline", "split_byline"]

# Words of a role ("Deputy Political Editor"): a byline segment holding one is not a name.
_ROLE_WORDS = frozenset(
    [
        "editor", "correspondent", "reporter", "writer", "staff", "contributor", "columnist",
        "producer", "chief", "senior", "deputy", "political", "bureau", "analyst", "critic",
        "director", "publisher", "author", "journalist", "intern", "desk", "managing",
        "associate", "assistant", "news", "press", "team", "health", "science", "business",
        "sports",
    ]
)  # fmt: skip
_AND = re.compile(r"\s+(?:and|&)\s+")


def looks_like_byline(line: str) -> bool:
    """`By Ann Lee, Reporter`, not `By the time police arrived, the crowd had gone.`"""
    if not line.startswith("By ") or len(line) > MAX_META_CHARS:
        return False
    rest = line[3:].strip()
    if not rest or not (rest[0].isupper() or not rest[0].isalpha()):
        return False
    return not rest.endswith((".", "!", "?", ":", '"', "”", "'", "’"))


def split_byline(text: str) -> tuple[str, tuple[str, ...], str | None]:
    """`A and B, Role For Outlet` -> (the text, authors, outlet)."""
    names_and_role, outlet = text, None
    lowered = text.lower()
    cut = lowered.rfind(" for ")
    if cut >= 0:
        names_and_role, outlet = text[:cut].strip(), text[cut + 5 :].strip() or None
    segments = [segment.strip() for segment in names_and_role.split(",")]
    authors: list[str] = []
    for position, segment in enumerate(segments):
        if _is_role(segment):
            break
        parts = _AND.split(segment)
        if position > 0 and len(parts) == 1 and not _and_list_goes_on(segments[position + 1 :]):
            break  # "A, Role": the second segment is a role unless an "and" list goes on
        authors.extend(part.strip() for part in parts if part.strip())
    if not authors and segments and segments[0]:
        authors = [segments[0]]
    return text, tuple(authors), outlet


def _is_role(segment: str) -> bool:
    """An empty segment, or one holding a role word ("Deputy Political Editor")."""
    words = segment.split()
    return not words or any(word.lower().strip(".") in _ROLE_WORDS for word in words)


def _and_list_goes_on(later: list[str]) -> bool:
    """Whether a later segment holds an "and" list: "A, B and C" names three authors."""
    return any(" and " in segment or " & " in segment for segment in later)
