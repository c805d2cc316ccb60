"""Writing an export file so a reader never sees half of it: the one atomic writer."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

# The temporary file's name keeps this much of the target's, so a long name still fits.
_TEMPORARY_NAME_KEEPS = 200


def temporary_name(target: Path) -> str:
    """The name of the temporary file beside `target`: hidden, random, ending in `.tmp`."""
    return f".{target.name[:_TEMPORARY_NAME_KEEPS]}.{secrets.token_hex(4)}.tmp"


def write_text_atomically(target: Path, text: str, *, newline: str | None = None) -> None:
    """Write `text` (UTF-8) to `target` whole or not at all; `newline` as for `open` (""
    writes the text's line ends as they are, as CSV wants).

    The text goes to a new file beside `target`, reaches the disk, then replaces `target` in
    one rename, so a crash or a full disk leaves the old file (or none), never a torn one.
    OSError when it cannot be written; the temporary file is then removed, whatever failed
    (opening it for writing, the write, the flush to disk or the rename).
    """
    temporary = target.with_name(temporary_name(target))
    # O_EXCL: never write through a file (or link) someone else put there; 0o666 less the
    # umask, as an ordinary new file gets. If this fails, nothing was created.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            out = os.fdopen(handle, "w", encoding="utf-8", newline=newline)
        except BaseException:
            os.close(handle)
            raise
        with out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
