"""Run the analysers over one batch of comment texts.

Only the first MAX_ANALYSED_CHARS characters of a comment are analysed, so a pasted 10 MB
comment cannot stall the app; langdetect itself reads at most 10,000 characters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reader.analysers import Analyser, AnalysisContext
from reader.analysers.base import Seen
from reader.model import CommentAnalysis

MAX_ANALYSED_CHARS = 20_000


def bounded(text: str) -> str:
    """The part of a comment that is analysed: its first MAX_ANALYSED_CHARS characters."""
    return text[:MAX_ANALYSED_CHARS]


def seen_by(
    analysers: Sequence[Analyser[Any]], context: AnalysisContext | None
) -> dict[str, Seen]:
    """What each analyser reads of the context (all it is given; all the cache key holds)."""
    return {analyser.name: analyser.sees(context) for analyser in analysers}


def analyse_texts(
    texts: Sequence[str],
    seen: Mapping[str, Seen],
    analysers: Sequence[Analyser[Any]],
    *,
    parallel: bool,
) -> list[CommentAnalysis]:
    """Each (already bounded) text's analysis: the analysers in order, each given the results
    of those it needs. `parallel`: an analyser may use every core."""
    results: dict[str, list[Any]] = {}
    for analyser in analysers:
        earlier = {name: results[name] for name in analyser.needs}
        found = analyser.analyse(texts, seen[analyser.name], earlier, parallel=parallel)
        if len(found) != len(texts):
            raise ValueError(f"analyser {analyser.name!r} gave {len(found)} of {len(texts)}")
        results[analyser.name] = found
    names = list(results)
    if not names:
        return [CommentAnalysis({}) for _ in texts]
    return [CommentAnalysis(dict(zip(names, row))) for row in zip(*results.values())]
