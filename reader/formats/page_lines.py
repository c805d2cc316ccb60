"""What each kind of line of a saved page looks like (SPEC section 1): the patterns the
saved-page parser tests lines against, and the like counts it reads from them."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "AGE",
    "COMMENTS_HEADER",
    "MAX_META_CHARS",
    "NEWLINE_RUN",
    "PUBLISHED",
    "REPLY",
    "URL",
    "parse_likes",
]

MAX_META_CHARS = 200  # byline, published, author and age lines are short
REPLY = "Reply"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_UNIT = r"(?:second|sec|minute|min|hour|hr|day|week|wk|month|year|yr)s?"
_DATE = (
    rf"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?(?:\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?(?:\s+\d{{4}})?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:[t ]\d{{2}}:\d{{2}}(?::\d{{2}})?\S*)?"
    rf"|\d{{1,2}}/\d{{1,2}}/\d{{2,4}})"
    rf"(?:,?\s+(?:at\s+)?\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[a-z]{{2,4}})?)?"
)
_RELATIVE = (
    rf"(?:(?:\d+|an?|one)\s*{_UNIT}\s+ago|just now|yesterday|today|\d+\s*(?:s|m|h|d|w|mo|y)\s+ago)"
)
PUBLISHED = re.compile(
    rf"(?:(?:updated|published|posted|last updated|modified)\b.*|{_RELATIVE}|{_DATE})",
    re.IGNORECASE,
)
AGE = re.compile(rf"(?:{_RELATIVE}|{_DATE}|edited\s+.*)", re.IGNORECASE)
NEWLINE_RUN = re.compile(r"\n{3,}")
URL = re.compile(r"https?://\S+", re.IGNORECASE)
_COUNT = r"(?:\d{1,3}(?:,\d{3})+|\d{1,15}|\d{1,6}(?:\.\d{1,3})?[km])"
COMMENTS_HEADER = re.compile(rf"comments?\s*/\s*({_COUNT})", re.IGNORECASE)
_LIKES = re.compile(_COUNT, re.IGNORECASE)


def parse_likes(value: str) -> int | None:
    """`7`, `1,234`, `2.4K`, `1M` as an int; None when it is not a like count."""
    value = value.strip()
    first = value[:1]
    if first < "\x80" and not "0" <= first <= "9":
        return None  # every count starts with a digit; most lines tested here are not counts
    if len(value) <= 15 and value.isascii() and value.isdigit():
        return int(value)
    if not _LIKES.fullmatch(value):
        return None
    multiplier = 1
    if value[-1] in "kK":
        multiplier, value = 1000, value[:-1]
    elif value[-1] in "mM":
        multiplier, value = 1_000_000, value[:-1]
    try:
        return int(Decimal(value.replace(",", "")) * multiplier)
    except InvalidOperation:  # pragma: no cover - the regex admits only numbers
        return None
