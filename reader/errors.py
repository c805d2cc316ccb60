"""Errors a user can cause, each with a one-line message the command line prints as is."""

from __future__ import annotations


class ReaderError(Exception):
    """A problem the user can fix: the message is one line, shown without a traceback."""


class PageError(ReaderError):
    """A saved page that cannot be read: missing, not a file, empty, binary, not this format."""


class StoreError(ReaderError):
    """A triage database that cannot be used: newer version, corrupt, locked, unwritable."""


class UsageError(ReaderError):
    """A command line that cannot be followed as typed (a `--comments` without the article's
    file, a `--config` file that is not there): exit status 2, as for a bad flag."""
