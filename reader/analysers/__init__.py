"""The per-comment analyses: `ANALYSERS` is the one list of them.

Each is a module here implementing `base.Analyser` (its detection or scoring, its result type,
its cache codec and its facets). They run in this order, each after those it `needs`;
columns, filters, sorts and export fields come in this order too. Everything else reads the
list through `registered()` when it runs, so a test can swap it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reader.analysers.about import ABOUT
from reader.analysers.attention import ATTENTION
from reader.analysers.base import Analyser, AnalysisContext
from reader.analysers.facets import NONE, Facets, Styled
from reader.analysers.language import LANGUAGE
from reader.analysers.quoted import QUOTED
from reader.analysers.sentiment import SENTIMENT
from reader.analysers.stance import STANCE

ANALYSERS: tuple[Analyser[Any], ...] = (LANGUAGE, SENTIMENT, STANCE, ABOUT, QUOTED, ATTENTION)

# Names the comment rows and filters use themselves: no analyser's field may take them.
RESERVED_FIELDS = frozenset(
    {"id", "author", "age", "text", "likes", "parent", "depth", "source_id", "posted", "status"}
    | {"decision", "note", "thread"}
)


def registered() -> tuple[Analyser[Any], ...]:
    """The analysers, in order (read when called, so a test may replace `ANALYSERS`)."""
    return ANALYSERS


def by_rank(analysers: Sequence[Analyser[Any]]) -> list[Analyser[Any]]:
    """The analysers in the order summaries and filter choices list them (see Facets.rank)."""
    return sorted(analysers, key=lambda analyser: analyser.facets.rank)


def check_registry(analysers: Sequence[Analyser[Any]]) -> None:
    """ValueError unless names are unique, each analyser comes after those it needs, no two
    facets (or a facet and a comment field) share a name, and filter fields are named like
    identifiers (the filter screen's widget ids are made from them)."""
    seen: set[str] = set()
    for analyser in analysers:
        missing = [name for name in analyser.needs if name not in seen]
        if analyser.name in seen or missing:
            raise ValueError(f"analyser {analyser.name!r}: listed twice or before {missing}")
        seen.add(analyser.name)
    facets = [analyser.facets for analyser in analysers]
    for kind, names in (
        ("filter", [f.name for facet in facets for f in facet.filters]),
        ("sort", [s.name for facet in facets for s in facet.sorts]),
        ("JSON field", [n for facet in facets if facet.json for n in facet.json.names]),
        ("CSV column", [n for facet in facets if facet.csv for n in facet.csv.names]),
    ):
        clashes = sorted({n for n in names if names.count(n) > 1} | (set(names) & RESERVED_FIELDS))
        if clashes:
            raise ValueError(f"{kind} names used twice or reserved: {clashes}")
    odd = [f.name for facet in facets for f in facet.filters if not f.name.isidentifier()]
    if odd:
        raise ValueError(f"filter names must be identifiers: {odd}")


check_registry(ANALYSERS)

__all__ = [
    "ANALYSERS",
    "NONE",
    "Analyser",
    "AnalysisContext",
    "Facets",
    "Styled",
    "by_rank",
    "check_registry",
    "registered",
]
