"""Export from the app (e): where it goes by default, what a typed path means, and writing
the analysis with the decisions as JSON or CSV. The dialog is `reader.tui.screens.export`."""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from reader import locations
from reader.errors import ReaderError
from reader.model import Analysis, TriageRecord
from reader.text.decode import display_path
from reader.tui.notices import Notice

ExportFormat = Literal["json", "csv"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("json", "csv")
SUFFIXES: Mapping[ExportFormat, str] = {"json": ".json", "csv": ".csv"}


class ExportTargetError(ReaderError):
    """A typed export path that cannot be used as it is (one line, shown as a notice)."""


def export_file_name(source: str, fmt: ExportFormat = "json", *, article: int = 1) -> str:
    """`page.txt` -> `page.reader.json` (or `.reader.csv`); anything odd in the name
    becomes `_`. `article`: its number in a file of several (a WordPress export): from the
    second on, the number goes in the name (`export.2.reader.json`), so that exporting one
    does not offer to overwrite another's."""
    stem = Path(source).stem or "reader"
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")
    numbered = f".{article}" if article > 1 else ""
    return safe + numbered + ".reader" + SUFFIXES[fmt]


def _usable_folder(folder: Path) -> bool:
    """A folder we may write into whose path the dialog can show exactly as it is (a path
    with controls in it would be shown escaped, and the escaped text names another file)."""
    try:
        return (
            folder.is_absolute()
            and folder.is_dir()
            and os.access(folder, os.W_OK | os.X_OK)
            and display_path(folder) == str(folder)
        )
    except OSError:
        return False


def default_export_folder(page_folder: Path | None) -> Path:
    """Beside the page when its folder can be written, else Reader's data directory."""
    if page_folder is not None and _usable_folder(page_folder):
        return page_folder
    try:
        return locations.data_dir()
    except OSError:  # not even that: the write will say why, in the dialog
        return page_folder if page_folder is not None else Path("~").expanduser()


def with_format(typed: str, old: ExportFormat, new: ExportFormat) -> str:
    """The typed path with its suffix switched to the new format's, if it had the old one's
    (`x.reader.json` -> `x.reader.csv`); a name the person chose otherwise is left alone."""
    if typed.endswith(SUFFIXES[old]):
        return typed[: -len(SUFFIXES[old])] + SUFFIXES[new]
    return typed


def export_target(typed: str) -> Path:
    """The file the person means: `~` expanded, a relative path taken from the working
    directory. ExportTargetError when there is no such place to write (nothing typed, the
    working directory was deleted, a folder)."""
    text = typed.strip()
    if not text:
        raise ExportTargetError("Export: type the path of the file to write")
    try:
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
    except FileNotFoundError:
        raise ExportTargetError(
            f"Cannot export to {display_path(text)}: the current folder no longer exists; "
            "give a full path"
        ) from None
    except (OSError, RuntimeError) as error:  # no home for `~`, an unreadable working dir
        raise ExportTargetError(f"Cannot export to {display_path(text)}: {error}") from None
    if _is_folder(path):
        raise ExportTargetError(
            f"Cannot export to {display_path(path)}: it is a folder; name a file in it"
        )
    return path


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False  # a name too long and the like: the write reports it


def target_exists(path: Path) -> bool:
    """Whether writing would replace a file (a broken link counts: it is replaced too)."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


def export_text(
    analysis: Analysis, records: Mapping[str, TriageRecord], fmt: ExportFormat
) -> str:
    """The export's text: what `reader export --format json|csv` prints for the page."""
    from reader.export import csv_rows, export_json  # only when exporting

    if fmt == "json":
        return export_json(analysis, records)
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(csv_rows(analysis, records))
    return buffer.getvalue()


def export_analysis(
    analysis: Analysis, records: Mapping[str, TriageRecord], target: Path, fmt: ExportFormat
) -> Notice:
    """Write the export atomically to `target`; the Notice says where, or why not (then
    nothing is left behind, not even a temporary file)."""
    from reader.export import write_text_atomically  # only when exporting

    try:
        write_text_atomically(target, export_text(analysis, records, fmt), newline="")
    except OSError as error:
        reason = display_path(error.strerror or error)
        return Notice(f"Cannot export to {display_path(target)}: {reason}", "error", "Export")
    except ValueError:  # text UTF-8 cannot hold (a lone surrogate from a file name)
        return Notice(f"Cannot export to {display_path(target)}: text not writable as UTF-8",
                      "error", "Export")
    return Notice(f"Exported to {display_path(target)}", title="Export")
