"""Small widgets the screens are built from that are not panes (the status bar)."""
