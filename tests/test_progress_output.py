"""`reader analyze` of several files with a progress bar on a terminal: the results still go
to stdout, wherever it points (a file, a pipe), and the bar only to the terminal."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX only", allow_module_level=True)

import pty

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DEADLINE = 120.0  # seconds; a loaded machine starts Python slowly


def _run_with_terminal_stderr(args: list[str], out: Path) -> tuple[int, bytes]:
    """Run `python -m reader ARGS > out` with stderr a pseudo-terminal; its exit code and
    what reached the terminal."""
    primary, secondary = pty.openpty()
    with out.open("wb") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "reader", *args],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=secondary,
            env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"},
        )
    os.close(secondary)
    seen = bytearray()
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    code = process.wait(timeout=DEADLINE)
    os.close(primary)
    return code, bytes(seen)


def test_results_of_several_files_go_to_a_redirected_stdout(tmp_path: Path) -> None:
    pages = [str(FIXTURES / "minimal.txt"), str(FIXTURES / "crlf-bom.txt")]
    out = tmp_path / "two.jsonl"
    code, terminal = _run_with_terminal_stderr(
        ["analyze", *pages, "--no-cache", "--format", "json"], out
    )
    assert code == 0, terminal
    lines = out.read_bytes().splitlines()
    assert len(lines) == 2  # one JSON line per page
    assert all(line.startswith(b"{") for line in lines)
    assert b'"headline"' not in terminal  # no result was drawn on the terminal


def test_csv_of_a_folder_goes_to_a_redirected_stdout(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("minimal.txt", "crlf-bom.txt"):
        (folder / name).write_bytes((FIXTURES / name).read_bytes())
    out = tmp_path / "pages.csv"
    code, terminal = _run_with_terminal_stderr(
        ["analyze", str(folder), "--no-cache", "--format", "csv"], out
    )
    assert code == 0, terminal
    rows = out.read_bytes().splitlines()
    assert rows[0].startswith(b"file,article,id,")
    assert any(b"crlf-bom.txt" in row and b"Pat Quinn" in row for row in rows[1:])
    assert b"Pat Quinn" not in terminal
