"""Quotes in an article and who said them (SPEC sections 2 and 3).

marks: pairing quote marks; lexicon: the words of reporting clauses; names: the article's
people and organisations; mentions: who was named so far; speakers: from a clause to its
speaker; attribution: reading the article and attributing each quote.
"""

from reader.quotes.attribution import attribute_quotes
from reader.quotes.marks import find_spans

__all__ = ["attribute_quotes", "find_spans"]
