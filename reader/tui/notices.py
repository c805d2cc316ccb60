"""What the app tells the person, as data: the screen's helpers return a Notice, the screen
shows it. Always plain text (`markup=False`): a notice may quote a path, a search or a page."""

from __future__ import annotations

from typing import Any

from msgspec import Struct
from textual.app import App
from textual.notifications import SeverityLevel
from textual.widget import Widget


class Notice(Struct, frozen=True):
    """One notification: its text, how bad it is, its title, how long it stays (None: the
    default)."""

    text: str
    severity: SeverityLevel = "information"
    title: str = ""
    timeout: float | None = None


def tell(node: Widget | App[Any], notice: Notice) -> None:
    """Show the notice as a notification, its text never read as markup."""
    node.notify(notice.text, title=notice.title, severity=notice.severity,
                timeout=notice.timeout, markup=False)
