"""Telling text that is not a saved page from one: markup, source code, tabular data, or a
first line too long to be a headline. Looks only at the first `SAMPLE_LINES` lines after the
headline, so the check costs the same on a page of any length."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MAX_HEADLINE_CHARS", "SAMPLE_LINES", "why_not_a_page"]

MAX_HEADLINE_CHARS = 500
SAMPLE_LINES = 200  # lines after the headline that tell a page from code or a table

_CODE_STARTS = (
    "import ", "from __future__", "#include", "#!", "package ", "def ", "class ", "function ",
    "public ", "private ", "//", "/*", "<?", "using ", "const ", "let ", "var ", "fn ",
    "use ", "module ", "@", "#define", "namespace ",
)  # fmt: skip
_CODE_ENDS = ("{", "}", ";", ")", "):", "*/")


def why_not_a_page(
    lines: Sequence[str], stripped: Sequence[str], start: int, end: int
) -> str | None:
    """Why the text is not a saved page, or None when it may be one.

    `lines` are the page's lines and `stripped` the same lines stripped; the headline is
    `stripped[start]` and the lines from `end` on are all blank.
    """
    headline = stripped[start]
    if len(headline) > MAX_HEADLINE_CHARS:
        return f"its first line is {len(headline)} characters long, not a headline"
    if headline.startswith("<"):
        return "it looks like HTML or XML"
    if headline.startswith(_CODE_STARTS):
        return "it looks like source code"
    sample = [line for line in stripped[start : min(end, start + SAMPLE_LINES)] if line]
    if _looks_tabular(sample[:10]) or _looks_tabular(sample[1:11]):  # a title line or not
        return "it looks like tabular data (CSV or similar)"
    if len(sample) >= 4 and _code_share(lines, start, end) > 0.4:
        return "it looks like source code"
    return None


# Each separator and how many of it every line must hold: a tab or an "=" (key=value
# settings) once, the others twice (a comma or a colon once is common in prose; the colon
# table is /etc/passwd's kind).
_SEPARATORS = ((",", 2), ("\t", 1), (";", 2), ("|", 2), (":", 2), ("=", 1))


def _looks_tabular(lines: Sequence[str]) -> bool:
    """The lines all hold the same number (at least the separator's minimum) of one
    separator."""
    if len(lines) < 3:
        return False
    for separator, minimum in _SEPARATORS:
        counts = {line.count(separator) for line in lines}
        if len(counts) == 1 and min(counts) >= minimum:
            return True
    return False


def _code_share(lines: Sequence[str], start: int, stop: int) -> float:
    """The share of the sampled non-blank lines that end like code or are indented code."""
    total = code = 0
    for index in range(start, min(stop, start + SAMPLE_LINES)):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            continue
        total += 1
        indented = line.startswith(("    ", "\t"))
        if stripped.endswith(_CODE_ENDS) or (indented and any(c in stripped for c in "=(){};")):
            code += 1
    return code / total if total else 0.0
