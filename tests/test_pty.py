"""The real app in a real pseudo-terminal: nothing a hostile page holds reaches the terminal raw.

The app is started as a user starts it (`python -m reader FILE --db TMP`) on a page packed with
every escape sequence a stranger could plant (window titles, clipboard write, hyperlink, cursor
moves and screen clears, DCS, the 8-bit CSI, bidi controls, BEL). We press keys the way a
person would and read every byte the app writes. Textual writes escape sequences of its own,
so the checks look only for the injected payloads, which are distinctive; and the inert forms
(`^[]52;c;`) must be on screen, which proves the comment was really shown.
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("pseudo-terminals are POSIX only", allow_module_level=True)

import fcntl
import pty
import struct
import termios

REPO = Path(__file__).resolve().parents[1]
COLUMNS, LINES = 120, 40

PAGE_LINES = (
    "\x1b]0;pwned-title\x07Harbour vote tonight \x1b]2;pwned-two\x1b\\",
    "",
    "By Rae Stone For The Port Bulletin",
    "1 day ago",
    "",
    "Workers vote next week.\x1b[2J\x1b[H\x1b[31mREDALERT\x1b[0m and more.",
    "",
    "Read it at \x1b]8;;https://evil.example/steal\x1b\\https://bank.example/\x1b]8;;\x1b\\ now.",
    "",
    "Trojan \u202eelbisivni\u202c source \u2066iso\u2069 marks \u200e\u200f\u061c end.",
    "",
    "Comments / 4",
    "",
    "Mallory\x1b[1A\x1b[2K",
    "2h ago",
    "",
    "Copy this: \x1b]52;c;cHduZWQtY2xpcA==\x07 and paste it.",
    "",
    "Reply",
    "3",
    "Trudy",
    "3h ago",
    "",
    "Device \x1bPq#0;2;0;0;0#1;2;9;9;9\x1b\\ and 8-bit \x9b6n csi, bells \x07\x07.",
    "",
    "Reply",
    "Oscar",
    "4h ago",
    "",
    "\x1b[10;10H\x1b[?1049hAlternate screen\x1b[?1049l and a \u202egnp.exe\u202c file.",
    "",
    "Reply",
    "1",
    "Peggy",
    "5h ago",
    "",
    "[ @click=app.quit]x and [b]bold[/b] and [link='https://evil']https://bank[/]",
    "",
    "Reply",
    "",
)
PAGE = "\n".join(PAGE_LINES)

# Injected payloads: none may appear in what the app writes.
RAW_BYTES = [
    b"\x1b]0;pwned",
    b"\x1b]2;pwned",
    b"\x1b]52;c;cHduZWQ",
    b"\x1b]8;;https://evil",
    b"\x1bPq#0",
    b"\x1b[31mREDALERT",
    b"\x1b[2J\x1b[H\x1b[31m",
    b"\x1b[1A\x1b[2K",
    b"\x1b[10;10H\x1b[?1049hAlternate",
    b"\x07\x07",
    "\u202e".encode(),
    "\u2066".encode(),
    "\u200f".encode(),
    "\u061c".encode(),
    "\x9b".encode(),  # the 8-bit CSI as UTF-8 (a raw 0x9b byte is a legal UTF-8 continuation byte)
    "\x85".encode(),
]
# What a person must see instead (checked with the app's own escape sequences taken out).
INERT = [
    "^[]52;c;cHduZWQtY2xpcA==^G",
    "<U+202E>",
    "^[]0;pwned-title^G",
    "^[Pq#0",
    "<U+009B>6n",
    "Copy<U+202E>etsap<U+2066> <U+009B>5n",  # pasted into the search box (Input stops at NEL)
]

_TERMINAL_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1bP[^\x1b]*\x1b\\"  # DCS
    r"|\x1b[()][0-9A-Za-z]|\x1b[=>78cDEHMNOZ]"
)


def screen_text(output: bytes) -> str:
    """The printable text the app wrote, its own escape sequences removed."""
    return _TERMINAL_SEQUENCE.sub("", output.decode("utf-8", errors="replace"))


class Terminal:
    """A child process on the far side of a pseudo-terminal, and everything it wrote."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=env["HOME"],
            start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()

    def read(self, seconds: float, until: bytes | None = None) -> bool:
        """Read for up to `seconds` (or until `until` appears in the screen text)."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.master], [], [], min(left, 0.1))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    return False
                if not chunk:
                    return False
                self.output += chunk
                if until is not None and until.decode() in screen_text(bytes(self.output)):
                    return True
            elif self.process.poll() is not None:
                return False
        return False

    def send(self, keys: str, until: str | None = None, seconds: float = 30) -> None:
        """Type `keys`, then read until `until` is on screen in what the app wrote after
        them (with no `until`: until it writes anything), so a loaded machine only waits
        longer. Fails, showing the screen, when that never comes."""
        start = len(self.output)
        os.write(self.master, keys.encode())
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read(min(0.2, max(deadline - time.monotonic(), 0.0)))
            written = screen_text(bytes(self.output[start:]))
            if (until is None and written.strip()) or (until is not None and until in written):
                return
            if self.process.poll() is not None:
                break
        shown = screen_text(bytes(self.output))[-2000:]
        raise AssertionError(f"after {keys!r}, never saw {until!r}:\n{shown}")

    def wait(self, seconds: float) -> int | None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read(0.2)
            if self.process.poll() is not None:
                self.read(0.2)
                return self.process.returncode
        return None

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        os.close(self.master)


def run_app(page: Path, tmp_path: Path) -> tuple[bytes, int | None]:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),
        "LINES": str(LINES),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "PYTHONPATH": str(REPO),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    terminal = Terminal(
        [sys.executable, "-m", "reader", str(page), "--db", str(tmp_path / "t.sqlite3")], env
    )
    try:
        painted = terminal.read(60, until=b"Harbour vote tonight")
        assert painted, screen_text(bytes(terminal.output))[-2000:]
        # The first comment's detail is up: Mallory's clipboard write, shown inertly.
        assert terminal.read(60, until=INERT[0].encode()), screen_text(bytes(terminal.output))
        terminal.send("j", until="^[Pq#0")  # Trudy's DCS, in the detail pane
        terminal.send("j", until="Alternate screen")  # Oscar
        terminal.send("j", until="[b]bold[/b]")  # Peggy
        terminal.send("\t")  # the next pane takes focus: its border is redrawn
        terminal.send("/", until="Search comment text")
        # a hostile paste into the search box (bracketed paste)
        terminal.send("\x1b[200~Copy\u202eetsap\u2066 \x9b5n\x85end\x1b[201~", until="Copy<U+202E>")
        terminal.send("\r", until="search:")
        terminal.send("/", until="Search comment text")
        terminal.send("Copy this\r", until="search:")
        terminal.send("k")
        os.write(terminal.master, b"q")
        code = terminal.wait(20)
    finally:
        terminal.kill()
    return bytes(terminal.output), code


@pytest.fixture
def hostile_page(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_injected_sequences_never_reach_the_terminal(hostile_page: Path, tmp_path: Path) -> None:
    output, code = run_app(hostile_page, tmp_path)
    assert code == 0, screen_text(output)[-3000:]
    for raw in RAW_BYTES:
        assert raw not in output, raw
    shown = screen_text(output)
    assert "Traceback" not in shown
    for inert in INERT:
        assert inert in shown, inert
    # the markup comment shows literally, and clicking nothing was needed to keep it inert
    assert "[ @click=app.quit]x and [b]bold[/b]" in shown


def test_a_hostile_file_name_is_shown_inertly(tmp_path: Path) -> None:
    """The file name is untrusted too: it is the app's sub-title."""
    path = tmp_path / "page\x1b]0;pwned-name\x07\u202e.txt"
    path.write_text(PAGE, encoding="utf-8")
    output, code = run_app(path, tmp_path)
    assert code == 0, screen_text(output)[-3000:]
    assert b"\x1b]0;pwned-name" not in output
    assert "\u202e".encode() not in output
    assert "page^[]0;pwned-name^G<U+202E>.txt" in screen_text(output)
