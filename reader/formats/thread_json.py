"""What the formats of threads saved as JSON (Reddit, Hacker News) share: reading the JSON
in one clear line or not at all, taking a field only when it has the type it should, times
as ISO 8601 UTC, and plain text split into paragraphs.

These files come from sites, not from Reader: a field of the wrong type is taken as missing
(null, never invented) rather than refused, while the shape that holds the thread together
(the lists of replies) is checked by each format and refused in one line when wrong.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import datetime, timezone

from reader.errors import PageError

__all__ = [
    "load_json",
    "number_field",
    "paragraphs_of",
    "text_field",
    "utc_time",
]


def load_json(text: str, name: str, title: str) -> object:
    """The JSON value of `text`, or PageError "{name}: ..." saying what is wrong with it."""
    try:
        return json.loads(text)
    except RecursionError:
        raise PageError(f"{name}: is {title} nested too deeply to read") from None
    except ValueError as error:
        where = ""
        if isinstance(error, json.JSONDecodeError):
            where = f" at line {error.lineno} column {error.colno}: {error.msg}"
        raise PageError(f"{name}: looks like {title} but is not valid JSON{where}") from None


def text_field(data: Mapping[str, object], key: str) -> str | None:
    """`data[key]` when it is a string, else None."""
    value = data.get(key)
    return value if isinstance(value, str) else None


def number_field(data: Mapping[str, object], key: str) -> int | None:
    """`data[key]` as a whole number when it is one (a float such as 1360683582.0 too; never
    a boolean), else None."""
    value = data.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return int(value)
    return None


def utc_time(seconds: int | None) -> str | None:
    """Seconds since 1970 as ISO 8601 UTC ("2016-01-02T03:04:05Z"); None for none, or for a
    time no calendar holds."""
    if seconds is None:
        return None
    try:
        moment = datetime.fromtimestamp(seconds, timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def paragraphs_of(text: str) -> list[str]:
    """Plain text (newlines already "\\n") as paragraphs: split at blank lines, each line's
    trailing spaces dropped, lines inside a paragraph kept ("> a quote" stays a line)."""
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        line = line.rstrip()
        if line:
            lines.append(line)
        elif lines:
            paragraphs.append("\n".join(lines))
            lines = []
    if lines:
        paragraphs.append("\n".join(lines))
    return paragraphs
