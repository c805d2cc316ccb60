"""The stretches a comment puts in quotation marks, and whom it says they are from.

Quote marks are paired as in an article (reader.quotes.marks: straight or curly, single or
double, apostrophes in `Russia's`, `'90s` and `drivers' pay` told apart), one paragraph at a
time, a quote running over paragraphs when the next one opens with a mark (SPEC section 3).
A Reddit quote line (`> words`, or `&gt; words` as some exports leave it) is a stretch of its
own; the marks inside it are part of it.

Scare quotes: a stretch of one or two words (`a 'killer' drone`, `so-called "experts"`) is
marked as such (`short`); the misquote check lists it only when the article has those words,
since two words that are not the article's are emphasis, not a misquote.

A stretch is credited to a speaker the comment names just before it (`Kirby said "..."`,
`As Kirby put it: '...'`) or just after it (`"..." said Kirby`, `"..." - Kirby`), when that
name is one of `aliases` (the article's speakers as a comment names them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from reader.quotes.marks import FAMILY, find_spans, opening_family
from reader.quotes.wording import words

SCARE_WORDS = 2  # a stretch of this many words or fewer is a scare quote
BEFORE_CHARS = 60  # how far before a stretch its speaker may be named
AFTER_CHARS = 40  # and after it
MAX_STRETCHES = 50  # a comment made of quote marks is not checked past this many
_QUOTE_LINE = re.compile(r"^[ \t]*(?:>|&gt;)[ \t>]*(.*?)[ \t]*$", re.MULTILINE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# Any one-character quote mark (the two-character ones, '' and ``, start with one or are
# not marks alone): one regex scan, not a Python test per character of every comment.
_ANY_MARK = re.compile("[" + re.escape("".join(m for m in FAMILY if len(m) == 1)) + "]")


@dataclass(frozen=True)
class Stretch:
    """Quoted words of a comment: offsets into the comment (without the marks)."""

    start: int
    end: int
    text: str
    speaker: str | None  # the article speaker the comment credits, if it names one
    short: bool  # one or two words: a scare quote, not a quotation


def has_quotes(text: str) -> bool:
    """Whether a comment may quote anything at all (the quick test before the scan)."""
    return ">" in text or "&gt;" in text or _ANY_MARK.search(text) is not None


def quoted_stretches(text: str, aliases: Mapping[str, str] | None = None) -> list[Stretch]:
    """Every stretch `text` quotes, in order."""
    if not has_quotes(text):
        return []
    found: list[tuple[int, int]] = []
    blanked = text
    for match in _QUOTE_LINE.finditer(text):
        if match.end(1) > match.start(1):
            found.append((match.start(1), match.end(1)))
        width = match.end() - match.start()
        blanked = blanked[: match.start()] + " " * width + blanked[match.end():]
    found += _marked(blanked)
    found.sort()
    stretches: list[Stretch] = []
    for start, end in found[:MAX_STRETCHES]:
        quoted = text[start:end]
        count = len(words(quoted))
        if count == 0:
            continue
        speaker = _credited(text, start, end, aliases) if aliases else None
        stretches.append(Stretch(start, end, quoted, speaker, count <= SCARE_WORDS))
    return stretches


def _marked(text: str) -> list[tuple[int, int]]:
    """The spans between paired quote marks, a paragraph at a time."""
    bounds: list[tuple[int, int]] = []
    at = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((at, brk.start()))
        at = brk.end()
    bounds.append((at, len(text)))
    spans: list[tuple[int, int]] = []
    for k, (lo, hi) in enumerate(bounds):
        nxt = opening_family(text[bounds[k + 1][0]:bounds[k + 1][1]]) if k + 1 < len(bounds) \
            else None
        for span in find_spans(text[lo:hi], nxt):
            quoted = text[lo + span.start:lo + span.end]
            inner = len(quoted) - len(quoted.lstrip())
            stripped = quoted.strip()
            if stripped:
                spans.append((lo + span.start + inner, lo + span.start + inner + len(stripped)))
    return spans


def _credited(text: str, start: int, end: int, aliases: Mapping[str, str]) -> str | None:
    """The speaker a comment names next to a stretch: before it, else after it."""
    before = text[max(0, start - BEFORE_CHARS):start]
    before = before.rsplit("\n\n", 1)[-1]
    after = text[end:end + AFTER_CHARS].split("\n\n", 1)[0]
    for side in (before, after):
        folded = " " + " ".join(w for w, _, _ in words(side)) + " "
        best: tuple[int, str] | None = None
        for alias, speaker in aliases.items():
            at = folded.rfind(" " + alias + " ") if side is before else folded.find(
                " " + alias + " ")
            if at >= 0:
                distance = len(folded) - at if side is before else at
                if best is None or distance < best[0]:
                    best = (distance, speaker)
        if best is not None:
            return best[1]
    return None
