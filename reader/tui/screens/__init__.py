"""The app's screens: the main screen, and the dialogs it opens (prompt, filter, help)."""
