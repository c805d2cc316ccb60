"""The line at the top: the palette icon and the app's title with the page's name.

What Textual's Header shows, drawn by one widget: the Header is four widgets and four
watchers, about 6 ms of the app's first frame (issue 15), and Reader uses neither its
clock nor its tall mode. The layout is the Header's: the icon in the first 8 cells (a click
there opens the command palette), the title centred between it and 10 cells kept free on
the right. The title and the page's name are Content (a file name is from a stranger).
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Click
from textual.widget import Widget

ICON = "⭘"
_ICON_CELLS = 8  # the Header's icon: 8 cells wide, padded by one on each side
_CLOCK_CELLS = 10  # the Header's clock space on the right


class TitleBar(Widget):
    """The app's title and sub-title, centred, with the command palette's icon."""

    def on_mount(self) -> None:
        self.watch(self.app, "title", self._changed, init=False)
        self.watch(self.app, "sub_title", self._changed, init=False)

    def _changed(self) -> None:
        self.refresh()

    def render(self) -> Content:
        title = self.app.format_title(self.app.title, self.app.sub_title)
        room = max(0, self.size.width - _ICON_CELLS - _CLOCK_CELLS)
        title = title.truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        icon = f" {ICON}".ljust(_ICON_CELLS)
        return Content.assemble(icon, " " * left, title)

    async def on_click(self, event: Click) -> None:
        if event.x < _ICON_CELLS and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
