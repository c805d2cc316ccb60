"""Triage notes as every export shows them."""

from __future__ import annotations

from reader.model import TriageRecord
from reader.text.clean import clean_text


def note_of(record: TriageRecord | None) -> str | None:
    """A note from the database is shown inertly too: another tool may have written it raw."""
    return clean_text(record.note) if record is not None and record.note is not None else None
