"""Make untrusted text safe to show in a terminal, once, where it enters the program.

Article and comment text comes from strangers. A terminal obeys control characters in what it
prints: ESC starts sequences that clear the screen, set the window title, write the clipboard
(OSC 52) or draw hyperlinks (OSC 8); bidirectional controls reorder what a reader sees
(Trojan Source); a flood of combining marks can stall rendering. `clean_text` turns all of
these into visible, inert text:

- C0 controls (except newline and tab) and DEL become caret notation (`^[`, `^G`, `^?`); an
  escape sequence is disarmed because its ESC becomes the two printable characters `^[`.
- C1 controls (U+0080-U+009F, including the one-character CSI U+009B), bidirectional
  controls and the line/paragraph separators U+2028/U+2029 become `<U+XXXX>`.
- Lone surrogates become U+FFFD.
- A run of more than `MAX_COMBINING_RUN` combining marks keeps its first `KEPT_MARKS` and
  gets a marker such as `<+1000 marks>`.

ZWJ (U+200D) and variation selectors are kept: emoji need them. Markup such as `[b]` is left
alone; the app shows text as Content/Text, never as markup. The function is idempotent and
linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = [
    "KEPT_MARKS",
    "MAX_COMBINING_RUN",
    "clean_text",
    "clean_text_without_controls",
    "has_controls",
]

MAX_COMBINING_RUN = 8
KEPT_MARKS = 3

_BIDI_AND_SEPARATORS = (
    [0x061C, 0x200E, 0x200F, 0x2028, 0x2029]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        if code not in (0x09, 0x0A):
            table[code] = "^" + chr(code + 0x40)
    table[0x7F] = "^?"
    for code in [*range(0x80, 0xA0), *_BIDI_AND_SEPARATORS]:
        table[code] = f"<U+{code:04X}>"
    for code in range(0xD800, 0xE000):
        table[code] = "\ufffd"
    return table


_TABLE = _build_table()
_UNSAFE = re.compile(
    "["
    + "".join(re.escape(chr(code)) for code in sorted(_TABLE) if code < 0xD800)
    + "\ud800-\udfff]"
)

# Combining marks (categories Mn and Me). Scanning only the blocks that hold any keeps import
# fast; tests check the result against a scan of all of Unicode.
_MARK_BLOCKS = ((0x300, 0x3100), (0xA000, 0xAC00), (0xFB00, 0x20000), (0xE0000, 0xE0200))


def _mark_class() -> str:
    ranges: list[tuple[int, int]] = []
    for low, high in _MARK_BLOCKS:
        for code in range(low, high):
            if unicodedata.category(chr(code)) in ("Mn", "Me"):
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1] = (ranges[-1][0], code)
                else:
                    ranges.append((code, code))
    parts = (
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return "[" + "".join(parts) + "]"


@cache
def _mark_flood() -> re.Pattern[str]:
    """A run of too many marks. Built on the first text that may hold one, not at import:
    scanning the mark blocks costs about a tenth of the app's start (issue 15)."""
    return re.compile(_mark_class() + f"{{{MAX_COMBINING_RUN + 1},}}")

# Every mark is at or above U+0300, so a flood needs a run this long of such characters; this
# check is ~10x cheaper than the mark class and skips the full scan for almost every text.
_MAYBE_FLOOD = re.compile(f"[^\\x00-\u02ff]{{{MAX_COMBINING_RUN + 1},}}")


def _cut_marks(match: re.Match[str]) -> str:
    run = match.group()
    return f"{run[:KEPT_MARKS]}<+{len(run) - KEPT_MARKS} marks>"


def clean_text(text: str) -> str:
    """Return `text` with terminal controls, bidi controls and mark floods made visible."""
    if _UNSAFE.search(text) is not None:
        text = text.translate(_TABLE)
    if not text.isascii() and _MAYBE_FLOOD.search(text) is not None:
        text = _mark_flood().sub(_cut_marks, text)
    return text


def has_controls(text: str) -> bool:
    """Whether `text` holds a character `clean_text` replaces (a control, bidi or surrogate).

    When a long text has none, neither does any piece of it, and `clean_text_without_controls`
    cleans those pieces with one check less.
    """
    return _UNSAFE.search(text) is not None


def clean_text_without_controls(text: str) -> str:
    """`clean_text` for text known to hold no control characters: only mark floods are cut."""
    if not text.isascii() and _MAYBE_FLOOD.search(text) is not None:
        text = _mark_flood().sub(_cut_marks, text)
    return text
