"""The app's first frame waits only for what it shows (issue 15: startup).

`reader PAGE` imports everything its first frame needs before drawing it; every module more is
time a person waits at every start. The analysis (the pipeline, VADER, langdetect), the
exports and the version lookup are not needed to draw the page: they load in the analysis
worker, in `reader analyze`/`export`, or when `--version` is asked. These tests start the real
command line in a fresh interpreter, let the app draw its first frame headless, and list what
was imported by then.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Module (or package) names the first frame must not have loaded, and why each is heavy.
NOT_AT_FIRST_FRAME = {
    "reader.export": "every export format, with every analyser's fields",
    "reader.pipeline.run": "the analysis run: the app's worker imports it",
    "reader.pipeline.keys": "the cache keys: only an analysis needs them",
    "reader.pipeline.thread_record": "the thread's cached results: only an analysis",
    "reader.pipeline.folder": "reader analyze DIR",
    "reader.pipeline.cluster": "reader analyze --scheduler",
    "reader.analysers.vader_window": "VADER, loaded on the first sentiment score",
    "vaderSentiment": "its lexicon load takes ~100 ms",
    "langdetect": "language profiles, loaded on the first detection",
    "langdetect_rs": "language profiles, loaded on the first detection",
    "dask": "the cluster extra",
    "importlib.metadata": "package versions: read for --version and the cache keys",
}

# Run in a fresh interpreter: `reader --db DB --config MISSING` (the bundled sample) with the
# app headless, stopped at its first frame with the page on it; prints the loaded modules.
FIRST_FRAME = """
import json, sys
from reader import cli
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen

display = ReaderApp._display
run = ReaderApp.run


def first_frame(self, screen, renderable):
    display(self, screen, renderable)
    if renderable is not None and isinstance(self.screen, MainScreen):
        if self.screen.thread.rows and not getattr(self, "seen", False):
            self.seen = True
            print(json.dumps(sorted(sys.modules)))
            self.exit()


ReaderApp._display = first_frame
ReaderApp.run = lambda self, **options: run(self, headless=True, **options)
sys.exit(cli.main(sys.argv[1:]))
"""


def _loaded(code: str, *args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("[")]
    assert lines, f"no module list printed: {result.stdout!r} {result.stderr!r}"
    return list(json.loads(lines[-1]))


def _heavy(modules: list[str]) -> dict[str, str]:
    """The loaded modules that NOT_AT_FIRST_FRAME names (a package or one of its modules)."""
    return {
        module: why
        for module in modules
        for name, why in NOT_AT_FIRST_FRAME.items()
        if module == name or module.startswith(name + ".")
    }


@pytest.fixture(scope="module")
def first_frame_modules(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    tmp = tmp_path_factory.mktemp("startup")
    return _loaded(
        FIRST_FRAME, "--db", str(tmp / "triage.sqlite3"), "--config", str(tmp / "none.toml")
    )


def test_the_first_frame_shows_the_page(first_frame_modules: list[str]) -> None:
    """The probe works: it saw the main screen with comment rows, the app fully loaded."""
    assert "reader.tui.screens.main" in first_frame_modules
    assert "reader.analysers" in first_frame_modules  # the columns come from its facets


def test_the_first_frame_does_not_wait_for_the_analysis_or_the_exports(
    first_frame_modules: list[str],
) -> None:
    assert _heavy(first_frame_modules) == {}


def test_importing_the_command_line_loads_no_analysis_export_or_version_lookup() -> None:
    """`reader.cli` itself: what `reader analyze` and `reader export` need they import when
    they run, so opening the app pays for none of it."""
    modules = _loaded("import json, sys\nimport reader.cli\nprint(json.dumps(sorted(sys.modules)))")
    assert _heavy(modules) == {}
    assert not [m for m in modules if m.startswith("reader.pipeline")], "the analysis pipeline"
    assert "reader.analysers" not in modules
    assert "importlib.metadata" not in modules  # reader.__version__ is looked up when asked


def test_the_version_is_looked_up_when_asked() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader", "--version"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    import reader

    assert result.stdout == f"reader {reader.__version__}\n"


def test_an_unknown_attribute_of_the_package_is_still_an_error() -> None:
    import reader

    with pytest.raises(AttributeError):
        reader.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
