"""The Textual app: a thin layer over reader.view and reader.triage."""
