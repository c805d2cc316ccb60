"""Quotes in an article and who said them (SPEC sections 2 and 3).

marks: pairing quote marks; lexicon: the words of reporting clauses; names: the article's
people and organisations; mentions: who was named so far; speakers: from a clause to its
speaker; attribution: reading the article and attributing each quote.

Importing the package loads none of them (the app's first frame names claims but finds none):
`attribute_quotes` and `find_spans` load their modules when first asked for.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["attribute_quotes", "find_spans"]

_HOMES = {"attribute_quotes": "reader.quotes.attribution", "find_spans": "reader.quotes.marks"}

if TYPE_CHECKING:  # what the type checker sees; it still flags any other name
    from reader.quotes.attribution import attribute_quotes
    from reader.quotes.marks import find_spans
else:

    def __getattr__(name: str) -> Any:
        """`attribute_quotes` and `find_spans`, imported when first asked for."""
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        return getattr(import_module(home), name)
