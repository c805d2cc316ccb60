"""The export dialog (e): where to write the analysis with decisions, and as JSON or CSV.

The path is prefilled beside the page (or in Reader's data directory when that folder
cannot be written); Enter or Ctrl+S writes, Esc cancels. A file already there is replaced
only after the dialog has said so and Enter is pressed again for that same path. A failed
write is one notice and the dialog stays open, so another path can be tried.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from reader.text.decode import display_path
from reader.tui.export_file import (
    EXPORT_FORMATS,
    ExportFormat,
    ExportTargetError,
    export_file_name,
    export_target,
    target_exists,
    with_format,
)
from reader.tui.notices import Notice, tell
from reader.tui.screens.prompt import SafeInput

HINT = "Enter writes, Esc cancels; Tab, then the arrow keys, chooses JSON or CSV."
FORMAT_LABELS: dict[ExportFormat, str] = {"json": "JSON", "csv": "CSV"}

# Writes the export to a path in a format; the Notice says where, or (severity "error") why not.
SaveExport = Callable[[Path, ExportFormat], Notice]


class FormatChoice(RadioSet, inherit_bindings=False):
    """JSON or CSV. An arrow key chooses at once (as radio buttons do in most dialogs), so
    Enter is left to write, wherever the focus is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "step(1)", "Next format", show=False),
        Binding("up,left", "step(-1)", "Previous format", show=False),
        Binding("space", "toggle_button", "Choose", show=False),
    ]

    def action_step(self, direction: int) -> None:
        if direction > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()


class ExportScreen(ModalScreen[Path | None]):
    """Choose the file and the format, then write through `save`; returns the path written
    (None when cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", show=False),
        Binding("enter,ctrl+s", "save", "Export", show=False),
    ]

    def __init__(
        self, folder: Path, source: str, save: SaveExport, *, article: int = 1
    ) -> None:
        """`folder`: where the suggested file goes; `source`: the page's name, which the
        suggested file is named after; `article`: which of the file's articles this is
        (counted from 1; from the second on, the number goes in the name)."""
        super().__init__()
        self._suggested = str(folder / export_file_name(source, "json", article=article))
        self._save = save
        self.format: ExportFormat = "json"
        # The existing file the person was told about, and the path as typed then: Enter
        # again, with the path unchanged, replaces it.
        self._replace: Path | None = None
        self._asked = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Label(Content("Export the analysis with decisions to:"), id="export-title")
            yield SafeInput(value=self._suggested, id="export-path")
            with FormatChoice(id="export-format"):
                for fmt in EXPORT_FORMATS:
                    yield RadioButton(Content(FORMAT_LABELS[fmt]), value=fmt == self.format,
                                      id=f"export-{fmt}")
            yield Label(Content(HINT), id="export-hint")

    @property
    def path_input(self) -> Input:
        return self.query_one("#export-path", Input)

    def _say(self, text: str, warning: bool = False) -> None:
        hint = self.query_one("#export-hint", Label)
        hint.update(Content(text))
        hint.set_class(warning, "-warning")

    def _forget_replace(self) -> None:
        if self._replace is not None:
            self._replace = None
            self._say(HINT)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        # Compared by value: the change the format switch made may arrive after the question.
        if event.value != self._asked:
            self._forget_replace()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        new = EXPORT_FORMATS[event.index]
        old, self.format = self.format, new
        self.path_input.value = with_format(self.path_input.value, old, new)
        self._forget_replace()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        """Write, unless the path is unusable (a notice) or names a file not yet agreed to
        replace (the dialog asks first)."""
        try:
            target = export_target(self.path_input.value)
        except ExportTargetError as error:
            tell(self.app, Notice(str(error), "error", "Export"))
            return
        if target != self._replace and target_exists(target):
            self._replace, self._asked = target, self.path_input.value
            # The instruction first: a long path wraps below it, never hides it.
            self._say("The file exists — press Enter again to overwrite it, or change the "
                      f"path: {display_path(target)}", warning=True)
            return
        notice = self._save(target, self.format)
        tell(self.app, notice)
        if notice.severity == "error":
            self._replace = None
            return
        self.dismiss(target)

    def action_cancel(self) -> None:
        self.dismiss(None)
