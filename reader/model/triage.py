"""A person's triage decisions (SPEC section 4)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Decision(str, Enum):
    """A triage decision on one comment (SPEC section 4)."""

    KEEP = "keep"
    FLAG = "flag"
    HIDE = "hide"


@dataclass(frozen=True)
class TriageRecord:
    """A comment's current decision and note as kept in the store."""

    comment_id: str
    decision: Decision | None
    note: str | None
