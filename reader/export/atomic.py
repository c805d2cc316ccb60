"""Writing an export file so a reader never sees half of it: the one atomic writer."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def write_text_atomically(target: Path, text: str) -> None:
    """Write `text` (UTF-8) to `target` whole or not at all.

    The text goes to a new file beside `target`, reaches the disk, then replaces `target` in
    one rename, so a crash or a full disk leaves the old file (or none), never a torn one.
    OSError when it cannot be written; the temporary file is then removed.
    """
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    # O_EXCL: never write through a file (or link) someone else put there; 0o666 less the
    # umask, as an ordinary new file gets.
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
