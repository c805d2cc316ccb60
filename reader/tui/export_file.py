"""Export from the app (e): the analysis with the decisions, as JSON, in a file named after
the page."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from reader.model import Analysis, TriageRecord
from reader.text.decode import display_path
from reader.tui.notices import Notice


def export_file_name(source: str) -> str:
    """`page.txt` -> `page.reader.json`; anything odd in the name becomes `_`."""
    stem = Path(source).stem or "reader"
    return re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") + ".reader.json"


def export_analysis(
    analysis: Analysis, records: Mapping[str, TriageRecord], directory: Path, source: str
) -> Notice:
    """Write the export atomically into `directory`; the Notice says where, or why not."""
    from reader.export import export_json, write_text_atomically  # only when exporting

    target = directory / export_file_name(source)
    try:
        write_text_atomically(target, export_json(analysis, records))
    except OSError as error:
        return Notice(f"Cannot export to {display_path(target)}: {error.strerror or error}",
                      "error")
    return Notice(f"Exported to {display_path(target)}", title="Export")
