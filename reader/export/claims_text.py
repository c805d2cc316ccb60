"""The text summary's part on claims: the most disputed claims, and the misquotes.

A claim's comments are those whose best link (`about`) is to it; a comment disputes it when
its stance is deny or it negates the claim's words. Shown only when the `about` and `quoted`
analysers are registered and have run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from reader.analysers import Analyser
from reader.analysers.about import ABOUT, About, describe
from reader.analysers.quoted import QUOTED, Quoted, misquotes
from reader.analysers.stance import STANCE
from reader.model import Analysis

TOP_CLAIMS = 5
TOP_MISQUOTES = 10
_CLIP = 90


def _clip(text: str, width: int = _CLIP) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def claims_summary(analysis: Analysis, analysers: Sequence[Analyser[Any]]) -> list[str]:
    """The lines of both parts (none when the analysers are not registered)."""
    names = {analyser.name for analyser in analysers}
    lines: list[str] = []
    if ABOUT.name in names:
        lines += _disputed(analysis)
    if QUOTED.name in names:
        lines += _misquoted(analysis)
    return lines


def _disputed(analysis: Analysis) -> list[str]:
    disputed: Counter[str] = Counter()
    linked: Counter[str] = Counter()
    described: dict[str, str] = {}
    for result in analysis.comments.values():
        about: About | None = ABOUT.of(result)
        if not about:
            continue
        best = about[0]
        linked[best.claim] += 1
        described[best.claim] = describe(best)
        label = getattr(STANCE.of(result), "label", None)
        if label == "deny" or best.negated:
            disputed[best.claim] += 1
    if not disputed:
        return []
    lines = ["", "Most disputed claims"]
    for claim, count in disputed.most_common(TOP_CLAIMS):
        lines.append(f"- {claim} {_clip(described[claim])}: disputed by {count} of "
                     f"{linked[claim]} comments about it")
    return lines


def _misquoted(analysis: Analysis) -> list[str]:
    found: list[str] = []
    for comment in analysis.article.comments:
        quoted: Quoted | None = QUOTED.of(analysis.comments.get(comment.id))
        for stretch in misquotes(quoted or ()):
            author = comment.author
            if stretch.found == "altered":
                found.append(f"- {author}: comment says '{_clip(stretch.text, 60)}'; "
                             f"article says '{_clip(stretch.article_text or '', 60)}'")
            else:
                found.append(f"- {author}: '{_clip(stretch.text, 60)}' is not in the article")
    if not found:
        return []
    more = len(found) - TOP_MISQUOTES
    return ["", "Misquotes", *found[:TOP_MISQUOTES],
            *([f"  and {more} more"] if more > 0 else [])]
