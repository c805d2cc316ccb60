"""Quote marks: pairing them in a string, masking what they quote, and finding sentences.

A linear scan pairs the marks, telling apostrophes (`Russia's`, `'90s`, `drivers' pay`) from
quote marks by the characters around them. No backtracking regex runs over untrusted text,
so a 10 MB paragraph is fine. The quoted words can then be masked out, so that reporting
clauses are read outside quotes only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# Quote-mark families: a quote opened by a mark of one family closes with one of the same.
DOUBLE, SINGLE = 0, 1
FAMILY = {'"': DOUBLE, "“": DOUBLE, "”": DOUBLE, "«": DOUBLE, "»": DOUBLE, "„": DOUBLE,
          "'": SINGLE, "‘": SINGLE, "’": SINGLE, "''": DOUBLE, "``": DOUBLE}
OPEN_ONLY = frozenset({"«", "„", "‘", "``"})  # “ also closes a German „quote“
CLOSE_ONLY = frozenset("”»’")
MARKS = re.compile("''|``|[\"'“”«»„‘’]")
OPEN_CONTEXT = frozenset("([{—–-/:\"'“‘«„")
# Elisions that start with an apostrophe: '90s, 'em, 'tis, 'n' (rock 'n' roll).
ELISION = re.compile(r"(?:\d\d?s?|em|tis|twas|til|cause|n)(?![\w])", re.IGNORECASE)

SENTENCE_END = re.compile(r"[.!?]+[\"'”’»]*(?=\s+[A-Z\"'“‘«(])")
# Words whose full stop ends no sentence: `Mr. Kirby`, `U.S. officials`, `Jan. 6`.
ABBREVIATIONS = frozenset(
    ["mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "sgt", "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "etc", "prof", "rev", "adm", "cmdr", "ft", "mt", "u.s", "a.m", "p.m", "u.k", "e.g", "i.e", "jan", "feb", "aug", "sept", "oct", "nov", "dec"]
)

# One mark that may open or close a quote: position, size, family, can open, can close.
# A plain tuple, not a NamedTuple: a flood of marks makes millions of them.
MarkToken = tuple[int, int, int, bool, bool]


@dataclass
class Span:
    """Quoted text between `start` and `end`; `continued` when it runs into the next paragraph."""

    start: int
    end: int
    open_mark: int
    close_end: int  # just after the closing mark, or len(text) when continued
    continued: bool = False


def find_spans(text: str, continues: int | None = None) -> list[Span]:
    """Pair the quote marks in one string, in one linear pass.

    `continues` is the mark family that opens the next paragraph (None if it does not open
    with a quote mark): an opening mark that never closes here runs on to the end of this
    paragraph only then; otherwise it is taken for a stray mark and ignored.
    """
    tokens = _mark_tokens(text)
    next_close = _next_closers(tokens, _weak_closers(text, tokens))
    n = len(text)
    spans: list[Span] = []
    k = 0
    while k < len(tokens):
        pos, size, family, can_open, _ = tokens[k]
        if not can_open:
            k += 1
            continue
        closer = next_close[k + 1][family]
        if closer is not None:
            close_pos, close_size = tokens[closer][0], tokens[closer][1]
            spans.append(Span(pos + size, close_pos, pos, close_pos + close_size))
            k = closer + 1
            continue
        if continues == family:
            end = len(text.rstrip())
            if end > pos + size:
                spans.append(Span(pos + size, end, pos, n, continued=True))
            break
        k += 1
    return [s for s in spans if s.end > s.start]


def _mark_tokens(text: str) -> list[MarkToken]:
    """Every mark that may open or close a quote; apostrophes inside words and elisions
    (`aren't`, `'90s`, `rock 'n' roll`) are left out."""
    tokens: list[MarkToken] = []
    n = len(text)
    skip_to = -1
    for match in MARKS.finditer(text):
        i = match.start()
        if i < skip_to:
            continue  # already decided (the second mark of 'n')
        mark = match.group(0)
        size = len(mark)
        family = FAMILY[mark]
        before = text[i - 1] if i > 0 else ""
        after = text[i + size] if i + size < n else ""
        if family == SINGLE and before.isalnum() and after.isalnum():
            continue  # Russia's, aren't, it’s
        space_before = before == "" or before.isspace()
        space_after = after == "" or after.isspace()
        can_open = (space_before or before in OPEN_CONTEXT) and not space_after
        can_close = not space_before and not after.isalnum()
        if mark in OPEN_ONLY:
            can_close = False
            can_open = not space_after
        elif mark in CLOSE_ONLY:
            can_open = False
        if family == SINGLE and can_open and ELISION.match(text, i + 1):
            # '90s, 'em, rock 'n' roll: an apostrophe, and so is the mark closing 'n'.
            if text.startswith(("n'", "n’"), i + 1):
                skip_to = i + 3
            continue
        if can_open or can_close:
            tokens.append((i, size, family, can_open, can_close))
    return tokens


def _weak_closers(text: str, tokens: Sequence[MarkToken]) -> list[bool]:
    """A plural possessive (`drivers' own`) is no closer when a later mark can only close."""
    n = len(text)
    weak = [False] * len(tokens)
    next_single: int | None = None
    for k in range(len(tokens) - 1, -1, -1):
        pos, _, family, can_open, can_close = tokens[k]
        if family != SINGLE:
            continue
        if (can_close and not can_open and pos > 0 and text[pos - 1] in "sSzZ"
                and pos + 2 < n and text[pos + 1] == " " and text[pos + 2].islower()
                and next_single is not None and not tokens[next_single][3]):
            weak[k] = True
        next_single = k
    return weak


def _next_closers(tokens: Sequence[MarkToken],
                  weak: Sequence[bool]) -> list[tuple[int | None, int | None]]:
    """`[k][family]`: the index of the first token from k on that can close that family."""
    next_close: list[tuple[int | None, int | None]] = [(None, None)] * (len(tokens) + 1)
    for k in range(len(tokens) - 1, -1, -1):
        nxt = next_close[k + 1]
        family, can_close = tokens[k][2], tokens[k][4]
        if can_close and not weak[k]:
            nxt = (k, nxt[1]) if family == DOUBLE else (nxt[0], k)
        next_close[k] = nxt
    return next_close


def opening_family(text: str) -> int | None:
    """The family of the quote mark a paragraph opens with, if it opens with one."""
    stripped = text.lstrip()
    if not stripped:
        return None
    match = MARKS.match(stripped)
    if match is None or match.group(0) in CLOSE_ONLY:
        return None
    rest = stripped[match.end():match.end() + 1]
    if rest and not rest.isspace():
        return FAMILY[match.group(0)]
    return None


def is_quote_paragraph(paragraph: str, spans: Sequence[Span]) -> bool:
    """A paragraph that is (almost) only a quote: it may carry on the last speaker."""
    if not spans:
        return False
    stripped = paragraph.strip()
    quoted = sum(s.end - s.start for s in spans)
    return opening_family(paragraph) is not None and quoted >= 0.8 * max(len(stripped) - 2, 1)


def has_quote_mark(gap: str) -> bool:
    """A quote mark in the gap (an apostrophe inside a word, `company's`, is none)."""
    for i, ch in enumerate(gap):
        if ch in FAMILY and not (FAMILY[ch] == SINGLE and 0 < i < len(gap) - 1
                                 and gap[i - 1].isalnum() and gap[i + 1].isalnum()):
            if ch in "'’" and 0 < i < len(gap) - 1 and gap[i - 1] in "sS" and gap[i + 1] == " ":
                continue  # `Sanders’ campaign manager`: a plural possessive
            return True
    return False


def mask_quotes(text: str, spans: Sequence[Span]) -> str:
    """The text with quoted words blanked out, so clauses are read outside quotes only."""
    parts: list[str] = []
    last = 0
    for span in spans:
        parts.append(text[last:span.start])
        size = span.end - span.start
        # Keep a full stop ending the quote: `...won.' He added` is two sentences.
        final = text[span.end - 1] if size > 1 and text[span.end - 1] in ".!?" else ""
        parts.append("x" * (size - len(final)) + final)
        last = span.end
    parts.append(text[last:])
    return "".join(parts)


def sentence_starts(masked: str) -> list[int]:
    """Offsets where sentences start, skipping abbreviations and initials."""
    starts = [0]
    for match in SENTENCE_END.finditer(masked):
        end = match.start()
        word_start = end
        while word_start > 0 and (masked[word_start - 1].isalpha() or masked[word_start - 1] == "."):
            word_start -= 1
            if end - word_start > 12:
                break
        word = masked[word_start:end].lower()
        if match.group(0)[0] == "." and (word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        nxt = match.end()
        while nxt < len(masked) and masked[nxt].isspace():
            nxt += 1
        starts.append(nxt)
    return starts
