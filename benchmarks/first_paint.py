"""First paint and key latency in a real terminal (issue 15): tmux, from process start.

benchmarks/app_figures.py measures the app headless (`App.run_test`), inside one Python
process that has already started. A person runs `reader PAGE` in a terminal: the figure they
feel starts at the process start (interpreter, imports, reading, parsing) and ends when the
terminal shows the frame. This module measures exactly that, beside the same thing for a bare
Textual app, in the same terminal in the same run:

- a tmux server of our own (a private socket, `tmux -L paint-PID`, killed at the end), one
  pane 160x48, driven through one control-mode client so that looking at the screen costs no
  process start (each look is one `capture-pane` over a pipe, ~0.2 ms);
- first paint: the time from asking tmux to start the program (`respawn-pane`) to the first
  look at the screen that shows the first comment row (for the bare app: its first table
  row), and the program's CPU seconds by then (/proc, all its threads); interleaved runs
  (bare, sample page, 100,000 comments, then again), one warm-up each, the median of >= 7;
- keys at 100,000 comments (and on the sample page), after the analysis ended: `j` until the
  selected comment's pane shows the next comment; filter: Ctrl+S in the filter dialog until
  the status line shows the filter applied (and again, cleared); sort: `s` until the status
  line names the next order. Each key is sent with `send-keys`; between keys the screen is
  left to settle. The medians are reported.

benchmarks/run.py picks up FIGURES when it lists this module; alone:

    .venv/bin/python benchmarks/first_paint.py [--runs 7] [--large 100000] [--no-keys]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

WIDTH, HEIGHT = 160, 48
RUNS = 7
POLL_SECONDS = 0.002  # between looks at the screen while waiting for a frame
SETTLE_SECONDS = 0.03  # a screen unchanged this long has finished drawing
PAINT_DEADLINE = 60.0
ANALYSIS_DEADLINE = 900.0
CURSOR_PRESSES = 30
SORT_PRESSES = 8
FILTER_ROUNDS = 4
# The earlier figures (headless, unloaded; benchmarks/app_figures.py): the keys' target is
# "unchanged or better".
HEADLESS_MS = {"cursor": 16.0, "filter": 29.0, "sort": 42.0}
PAINT_TARGETS = {"small": 1.5, "large": 2.0}

# The baseline: the least a Textual app shows (a Static and a 30-row DataTable), started the
# same way from the same interpreter.
BARE_APP = '''
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("A bare Textual app")
        yield DataTable()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Author", "Age", "Comment")
        table.add_rows([(f"bare-row-{n:02d}", f"{n}h ago", "Some text " * 5) for n in range(30)])


Bare().run()
'''
BARE_MARK = "bare-row-00"
NEW_DATABASE = "Created a new triage database"
FILTER_DIALOG = "Show only the ticked values"


class PaneGone(RuntimeError):
    """The program in the pane ended (or never drew) before the awaited frame."""


def _quote(word: str) -> str:
    """One word of a tmux command (its parser takes single quotes literally)."""
    if "'" in word or "\n" in word:
        raise ValueError(f"cannot pass to tmux: {word!r}")
    return f"'{word}'"


class Terminal:
    """One tmux pane on a private server, and a control-mode client to drive and read it."""

    def __init__(self, bytecode: Path, width: int = WIDTH, height: int = HEIGHT) -> None:
        """`bytecode`: a folder for the programs' compiled modules. An installed program has
        them; without (PYTHONDONTWRITEBYTECODE, a source tree being edited) every run would
        compile its changed modules again and the figure would measure the compiler."""
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed: the terminal figures need it")
        self.socket = f"paint-{os.getpid()}"
        self.target = "paint:0.0"
        base = ["tmux", "-L", self.socket, "-f", os.devnull]
        env = {key: value for key, value in os.environ.items()
               if key not in {"PYTHONDONTWRITEBYTECODE", "TMUX", "TMUX_PANE"}}  # fmt: skip
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
        subprocess.run(
            [*base, "new-session", "-d", "-s", "paint", "-x", str(width), "-y", str(height),
             "cat"],
            check=True, stdin=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        self._client = subprocess.Popen(
            [*base, "-C", "attach-session", "-t", "paint"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8",
            errors="replace", bufsize=1,
        )  # fmt: skip
        self._attached()
        self.command("refresh-client", "-f", "no-output")
        self.command("set-option", "-g", "remain-on-exit", "on")
        self.command("set-option", "-g", "window-size", "manual")
        self.command("resize-window", "-t", "paint", "-x", str(width), "-y", str(height))
        self._socket_path = Path(self.command("display-message", "-p", "#{socket_path}")[0])
        self.pid = 0

    def _attached(self) -> None:
        """Wait for the attach's own reply block: a command sent before it may find no
        client yet ("no current client")."""
        assert self._client.stdout is not None
        for line in self._client.stdout:
            if line.startswith(("%end ", "%error ")):
                return
        raise RuntimeError("the tmux control client ended before it attached")

    def command(self, *words: str) -> list[str]:
        """Run one tmux command; its output lines (RuntimeError on %error)."""
        assert self._client.stdin is not None and self._client.stdout is not None
        self._client.stdin.write(" ".join(_quote(word) for word in words) + "\n")
        self._client.stdin.flush()
        out: list[str] = []
        inside = False
        for line in self._client.stdout:
            line = line.rstrip("\n")
            if not inside:
                # Notifications come outside blocks; a block flagged 0 answers a command
                # that was not ours (the attach itself).
                inside = line.startswith("%begin ") and line.endswith(" 1")
                continue
            if line.startswith(("%end ", "%error ")):
                if line.startswith("%error "):
                    raise RuntimeError(f"tmux {words[0]}: {' '.join(out)}")
                return out
            out.append(line)
        raise RuntimeError("the tmux control client ended")

    def screen(self, *, styles: bool = False) -> str:
        """What the pane shows now (with its colours as escapes when `styles`)."""
        flags = ["-p", "-e"] if styles else ["-p"]
        return "\n".join(self.command("capture-pane", *flags, "-t", self.target))

    def start(self, argv: Sequence[str], cwd: Path, env: Sequence[str] = ()) -> float:
        """Start `argv` in the pane (no shell between), with `env` ("NAME=value") added to
        its environment, and return the time asked."""
        began = time.perf_counter()
        extra = [word for pair in env for word in ("-e", pair)]
        self.command("respawn-pane", "-k", "-t", self.target, "-c", str(cwd), *extra, *argv)
        self.pid = int(self.command("display-message", "-p", "-t", self.target,
                                    "#{pane_pid}")[0])  # fmt: skip
        return began

    def dead(self) -> bool:
        return self.command("display-message", "-p", "-t", self.target,
                            "#{pane_dead}") == ["1"]  # fmt: skip

    def cpu_seconds(self) -> float:
        """The program's CPU time so far: its threads' run time in nanoseconds (schedstat),
        where /proc/PID/stat would count in 10 ms ticks. Linux only (nan elsewhere)."""
        total = 0
        for task in Path(f"/proc/{self.pid}/task").glob("*/schedstat"):
            try:
                total += int(task.read_text().split()[0])
            except (OSError, IndexError, ValueError):
                continue  # a thread that ended meanwhile
        return total / 1e9 if total else float("nan")

    def wait(self, shows: Callable[[str], bool], seconds: float = PAINT_DEADLINE,
             *, styles: bool = False) -> float:
        """Look until the screen `shows` what is awaited; the time of that look."""
        deadline = time.monotonic() + seconds
        while True:
            seen = self.screen(styles=styles)
            now = time.perf_counter()
            if shows(seen):
                return now
            if time.monotonic() > deadline or self.dead():
                raise PaneGone(f"not shown within {seconds:g} s; the screen:\n{seen}")
            time.sleep(POLL_SECONDS)

    def settle(self, seconds: float = 10.0) -> str:
        """Wait until the screen stops changing; what it shows then."""
        deadline = time.monotonic() + seconds
        last, since = self.screen(styles=True), time.monotonic()
        while time.monotonic() - since < SETTLE_SECONDS and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS * 5)
            now = self.screen(styles=True)
            if now != last:
                last, since = now, time.monotonic()
        return self.screen()

    def keys(self, *keys: str) -> float:
        """Press keys as the terminal would send them; the time they were sent."""
        began = time.perf_counter()
        self.command("send-keys", "-t", self.target, *keys)
        return began

    def stop(self) -> None:
        """End the program and everything it started (its process group: the analysis's
        worker processes too), and wait until the pane says so."""
        if self.pid:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            deadline = time.monotonic() + 30
            while not self.dead() and time.monotonic() < deadline:
                time.sleep(0.01)
            self.pid = 0

    def close(self) -> None:
        self.stop()
        try:
            self.command("kill-server")
        except RuntimeError:
            pass  # the server went while answering: that is what was asked
        self._client.wait(timeout=10)
        self._socket_path.unlink(missing_ok=True)  # our own server's socket: none is left


@contextmanager
def terminal(workdir: Path) -> Iterator[Terminal]:
    term = Terminal(workdir / "bytecode")
    try:
        yield term
    finally:
        term.close()


# -- what is started, and how its first frame is recognised ------------------------------------


@dataclass(frozen=True)
class Program:
    """A program to start in the pane, and the text its first frame shows."""

    name: str
    argv: tuple[str, ...]
    mark: str  # first frame: a screen line holds this
    env: tuple[str, ...] = ()  # "NAME=value" added to its environment
    target: float | None = None  # its first paint over the bare app's, at most

    def painted(self, screen: str) -> bool:
        return self.mark in screen


def reader_command() -> list[str]:
    """The `reader` console script of this interpreter's environment (as a person runs it)."""
    script = Path(sys.executable).with_name("reader")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "reader"]


def first_row_mark(page: Path | None) -> str:
    """What the first comment row starts with: the comment pane's border and the first
    comment's author (as far as the author column shows it)."""
    from reader.formats import open_page, sample_path

    article, _ = open_page(page or sample_path())
    return "│" + article.comments[0].author[:10]


BARE = "bare Textual app"


def bare_program(workdir: Path) -> Program:
    script = workdir / "bare_app.py"
    script.write_text(BARE_APP, encoding="utf-8")
    return Program(BARE, (sys.executable, str(script)), BARE_MARK)


def reader_programs(workdir: Path, large: Path, comments: int, source: Path | None = None
                    ) -> list[Program]:
    """`reader --db DB` (the bundled sample) and `reader LARGE --db DB`; from the source
    tree `source` (the folder holding its `reader` package) when given, to compare a change
    with the code before it in one run."""
    label = f" ({source})" if source else ""
    env = (f"PYTHONPATH={source}",) if source else ()
    db = workdir / "first-paint" / (source.name if source else "here")
    db.mkdir(parents=True, exist_ok=True)
    return [
        Program(f"sample page{label}", (*reader_command(), "--db", str(db / "small.sqlite3")),
                first_row_mark(None), env, PAINT_TARGETS["small"]),
        Program(f"{comments:,} comments{label}",
                (*reader_command(), str(large), "--db", str(db / "large.sqlite3")),
                first_row_mark(large), env, PAINT_TARGETS["large"]),
    ]  # fmt: skip


# -- first paint --------------------------------------------------------------------------------


@dataclass
class Paints:
    """Each program's first paints: (wall seconds, CPU seconds) per run."""

    runs: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def wall(self, name: str) -> float:
        return statistics.median(wall for wall, _ in self.runs[name])

    def cpu(self, name: str) -> float:
        return statistics.median(cpu for _, cpu in self.runs[name])


def first_paint(term: Terminal, program: Program) -> tuple[float, float]:
    """Start the program, wait for its first frame, stop it: (wall, CPU) seconds."""
    try:
        began = term.start(program.argv, REPO, program.env)
        shown = term.wait(program.painted)
        return shown - began, term.cpu_seconds()
    finally:
        term.stop()


def measure_paints(term: Terminal, programs: Sequence[Program], runs: int) -> Paints:
    """Interleaved: one warm-up each (file cache, a new database), then `runs` rounds."""
    paints = Paints({program.name: [] for program in programs})
    for program in programs:
        first_paint(term, program)
    for round_ in range(runs):
        turn = round_ % len(programs)  # who goes first moves each round
        for program in [*programs[turn:], *programs[:turn]]:
            paints.runs[program.name].append(first_paint(term, program))
    return paints


# -- keys after the analysis --------------------------------------------------------------------


def _status(screen: str) -> str:
    """The status line ("N of M comments · … · sorted: …")."""
    lines = [line for line in screen.splitlines() if " comments · " in line]
    return lines[-1].strip() if lines else ""


def _selected(screen: str) -> str:
    """The selected comment's pane (everything under its title line)."""
    lines = screen.splitlines()
    for number, line in enumerate(lines):
        if "Selected comment" in line:
            return "\n".join(line[WIDTH // 3:] for line in lines[number:])
    return ""


def _analysed(screen: str) -> bool:
    status = _status(screen)
    return bool(status) and "analysing" not in status and "reading the rest" not in status


def _press(term: Terminal, key: str, changed: Callable[[str], bool]) -> float:
    """Seconds from sending `key` to the screen showing the change; then let it settle."""
    began = term.keys(key)
    shown = term.wait(changed, 30)
    term.settle()
    return shown - began


def _changed(part: Callable[[str], str], before: str) -> Callable[[str], bool]:
    """A test of the screen: `part` of it shows, and differs from `before`."""
    return lambda screen: part(screen) not in ("", before)


def _order(screen: str) -> str:
    status = _status(screen)
    return status.split("sorted: ")[-1] if "sorted: " in status else ""


def _dialog_open(screen: str) -> bool:
    return FILTER_DIALOG in screen


def _filtered(on: bool) -> Callable[[str], bool]:
    """The filter dialog has gone and the status line shows the filter (or none)."""

    def shows(screen: str) -> bool:
        status = _status(screen)
        return bool(status) and not _dialog_open(screen) and ("filter: " in status) == on

    return shows


def cursor_times(term: Terminal) -> list[float]:
    """`j` then `k` in turn: each press moves the cursor, whatever the page's length (30
    presses of `j` would run off the end of the 30-comment sample)."""
    return [
        _press(term, "jk"[n % 2], _changed(_selected, _selected(term.screen())))
        for n in range(CURSOR_PRESSES)
    ]


def sort_times(term: Terminal) -> list[float]:
    return [_press(term, "s", _changed(_order, _order(term.screen()))) for _ in range(SORT_PRESSES)]


def filter_times(term: Terminal) -> dict[str, list[float]]:
    """Tick the first value of the first filter field and apply (Ctrl+S), then untick and
    apply again: the apply of each, until the status line shows the result."""
    times: dict[str, list[float]] = {"on": [], "off": []}
    for _ in range(FILTER_ROUNDS):
        for step in ("on", "off"):
            term.keys("F")
            term.wait(_dialog_open, 30)
            term.settle()
            term.keys("Space")
            term.wait(_changed(lambda s: s, term.screen(styles=True)), 30, styles=True)
            term.settle()
            times[step].append(_press(term, "C-s", _filtered(step == "on")))
    return times


@dataclass
class KeyTimes:
    """Seconds per key press, in one session on one page."""

    comments: int
    cursor: list[float]
    sort: list[float]
    filter: dict[str, list[float]]
    analysis: float
    label: str = ""  # which source tree, when several are compared


def key_times(term: Terminal, program: Program) -> KeyTimes:
    """Open the page, wait for the analysis to end and the screen to settle, then press."""
    try:
        began = term.start(program.argv, REPO, program.env)
        term.wait(program.painted)
        done = term.wait(_analysed, ANALYSIS_DEADLINE)
        term.wait(lambda s: NEW_DATABASE not in s, 30)  # its notice would cover the detail
        screen = term.settle()
        comments = int(_status(screen).split(" of ")[1].split()[0].replace(",", ""))
        label = program.name.partition(" comments")[2] if " comments" in program.name else ""
        return KeyTimes(comments, cursor_times(term), sort_times(term), filter_times(term),
                        done - began, label)
    finally:
        term.stop()


# -- the table ----------------------------------------------------------------------------------


def _ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000


def paint_rows(paints: Paints, programs: Sequence[Program]) -> list[Any]:
    from run import Row

    return [
        Row(
            f"first paint in a terminal (tmux), {program.name}, from process start (vs a "
            "bare Textual app)",
            paints.wall(program.name), paints.wall(BARE), target=program.target,
            note=f"median of {len(paints.runs[program.name])}; CPU "
            f"{paints.cpu(program.name):.3f} s vs {paints.cpu(BARE):.3f} s "
            f"({paints.cpu(program.name) / paints.cpu(BARE):.2f}x)",
        )
        for program in programs
        if program.name != BARE
    ]  # fmt: skip


def key_rows(large: KeyTimes, small: KeyTimes) -> list[Any]:
    from run import Row

    def row(what: str, key: str, big: Sequence[float], little: Sequence[float]) -> Any:
        return Row(
            f"{what} in a terminal (tmux), {large.comments:,} comments{large.label} (vs the "
            "sample page)",
            _ms(big), _ms(little), unit="ms",
            note=f"median of {len(big)}, send-keys to the frame; headless before: "
            f"{HEADLESS_MS[key]:g} ms; analysis ended {large.analysis:.0f} s after start",
        )  # fmt: skip

    return [
        row("cursor (j)", "cursor", large.cursor, small.cursor),
        row("filter on (Ctrl+S)", "filter", large.filter["on"], small.filter["on"]),
        row("filter off (Ctrl+S)", "filter", large.filter["off"], small.filter["off"]),
        row("sort (s)", "sort", large.sort, small.sort),
    ]


def _programs(bench: Any, source: Path | None = None) -> list[Program]:
    large = int(bench.sizes["large"])
    return reader_programs(bench.workdir, bench.page(large), large, source)


def figure_terminal_first_paint(bench: Any) -> list[Any]:
    """First paint from process start in tmux: the sample page and the large one vs bare."""
    runs = 3 if bench.quick else RUNS
    programs = [bare_program(bench.workdir), *_programs(bench)]
    with terminal(bench.workdir) as term:
        return paint_rows(measure_paints(term, programs, runs), programs)


def figure_terminal_keys(bench: Any) -> list[Any]:
    """Cursor, filter and sort in tmux at the large page, after its analysis, vs the sample."""
    small, large = _programs(bench)
    with terminal(bench.workdir) as term:
        return key_rows(key_times(term, large), key_times(term, small))


FIGURES: list[Callable[[Any], list[Any]]] = [figure_terminal_first_paint, figure_terminal_keys]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="rounds of first paints")
    parser.add_argument("--large", type=int, default=100_000, help="comments in the large page")
    parser.add_argument("--no-keys", action="store_true", help="first paint only")
    parser.add_argument("--no-paint", action="store_true", help="keys only")
    parser.add_argument("--compare", type=Path, action="append", default=[], metavar="DIR",
                        help="also measure the reader package in DIR (e.g. a copy of the "
                        "tree before a change), interleaved with this one")  # fmt: skip
    args = parser.parse_args(argv)
    from run import Bench, table

    rows: list[Any] = []
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="reader-first-paint-") as tmp:
        bench = Bench(quick=False, workdir=Path(tmp), sizes={"large": args.large})
        small, large = _programs(bench)
        compared = [_programs(bench, source.resolve()) for source in args.compare]
        programs = [bare_program(bench.workdir), small, large, *(p for ps in compared for p in ps)]
        with terminal(bench.workdir) as term:
            if not args.no_paint:
                print("first paints ...", file=sys.stderr, flush=True)
                rows += paint_rows(measure_paints(term, programs, args.runs), programs)
            if not args.no_keys:
                print("keys ...", file=sys.stderr, flush=True)
                for pair in [(small, large), *compared]:
                    rows += key_rows(key_times(term, pair[1]), key_times(term, pair[0]))
    print(f"- cores: {os.cpu_count()}; load (1, 5, 15 min) at the start "
          f"{', '.join(f'{n:.1f}' for n in load)}, at the end "
          f"{', '.join(f'{n:.1f}' for n in os.getloadavg())}")  # fmt: skip
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
