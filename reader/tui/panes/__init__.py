"""The main screen's panes, one per file, each a `reader.tui.panes.base.Pane`."""
