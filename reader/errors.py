"""Errors a user can cause, each with a one-line message the command line prints as is."""

from __future__ import annotations


class ReaderError(Exception):
    """A problem the user can fix: the message is one line, shown without a traceback."""


class PageError(ReaderError):
    """A saved page that cannot be read: missing, not a file, empty, binary, not this format."""


class StoreError(ReaderError):
    """A triage database that cannot be used: newer version, corrupt, locked, unwritable."""
