"""What Reader writes: an analysis (with any decisions) as JSON, CSV or text (SPEC section 2),
and the one atomic file writer the exports use."""

from reader.export.atomic import write_text_atomically
from reader.export.csv import csv_columns, csv_rows, spreadsheet_safe, write_csv
from reader.export.json import analysis_to_dict, export_json, json_document, json_line
from reader.export.text import render_text

__all__ = [
    "analysis_to_dict",
    "csv_columns",
    "csv_rows",
    "export_json",
    "json_document",
    "json_line",
    "render_text",
    "spreadsheet_safe",
    "write_csv",
    "write_text_atomically",
]
