"""The Textual app: a thin layer over reader.view.thread_view and reader.view.triage."""
