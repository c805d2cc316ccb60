"""A person's triage decisions (SPEC section 4)."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from msgspec import Struct


class Decision(str, Enum):
    """A triage decision on one comment (SPEC section 4)."""

    KEEP = "keep"
    FLAG = "flag"
    HIDE = "hide"


class TriageRecord(Struct, frozen=True):
    """A comment's current decision and note as kept in the store."""

    comment_id: str
    decision: Decision | None
    note: str | None


# Which field of a record one change sets: a change never touches the other (SPEC section 4).
Field = Literal["decision", "note"]


class FieldChange(Struct, frozen=True):
    """Set one field of one comment's record: a decision (None clears it) or a note (None
    removes it). A person's action is one or more of these, written in one transaction."""

    comment_id: str
    field: Field
    value: Decision | str | None
