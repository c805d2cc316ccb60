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
from test_app import main_screen, make_app

from reader.formats import load_article, sample_path
from reader.tui.panes.article import ArticleView

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
    # The formats' readers: sniffing needs none of them, a page in another format is read by
    # its own (the sample is a saved page).
    "lxml": "the HTML and XML parser: loaded to read an HTML page, an archive or an export",
    "email": "MIME: loaded to read an MHTML archive or a WordPress date",
    "trafilatura": "the article extractor: loaded to read an HTML page",
    "reader.formats.html_article": "reading an HTML page",
    "reader.formats.html_tree": "reading an HTML page",
    "reader.formats.mhtml_message": "reading an MHTML archive",
    "reader.formats.wordpress_items": "reading a WordPress export",
    "reader.formats.disqus_threads": "reading a Disqus export",
    "reader.formats.safe_xml": "reading an export's XML",
    "reader.formats.fragment_text": "a comment's HTML (Hacker News, the exports)",
    "reader.formats.reader_json_fields": "reading a Reader analysis back in",
    # The quote code: the first frame names claims (their type) but finds none.
    "reader.quotes.attribution": "attributing quotes: the article pane's worker and analyses",
    "reader.quotes.reported": "finding reported claims: an analysis",
    "reader.quotes.lexicon": "reporting-clause regexes, ~10 ms to compile",
    "reader.quotes.names": "the name grammar's regexes",
    "reader.quotes.speakers": "resolving a speaker",
    "reader.quotes.mentions": "the names met so far",
    "reader.quotes.marks": "pairing quote marks",
    "reader.quotes.claim_index": "linking comments to claims: an analysis",
    "reader.quotes.quote_check": "checking quoted words: an analysis",
    "reader.quotes.comment_quotes": "a comment's quoted stretches: an analysis",
    # The dialogs load when a key opens them: the first frame shows none.
    "reader.tui.screens.choose": "the bulk-decision and link choices",
    "reader.tui.screens.confirm": "the bulk decision's confirmation",
    "reader.tui.screens.export": "the export dialog",
    "reader.tui.screens.filter": "the filter dialog",
    "reader.tui.screens.help": "the key list",
    "reader.tui.screens.history": "the decision history",
    "reader.tui.screens.prompt": "the note and search prompts",
    "reader.tui.export_file": "writing an export",
    "webbrowser": "opening a link",
    "importlib.resources": "reading the stance model (the sample's path is beside the package)",
    "tomllib": "reading a config file (the probe has none)",
    "textual.widgets._progress_bar": "the analysis's progress bar (mounted when it starts)",
}

# Run in a fresh interpreter: `reader --db DB` (the bundled sample, no config file) with the
# app headless, stopped at its first frame with the page on it; prints the loaded modules, then
# the kinds of widget on the screen ("widgets [...]").
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
            kinds = {type(widget).__name__ for widget in self.screen.walk_children()}
            print("widgets", json.dumps(sorted(kinds)))
            print("paragraphs", len(self.screen.query(".paragraph")))
            self.exit()


ReaderApp._display = first_frame
ReaderApp.run = lambda self, **options: run(self, headless=True, **options)
sys.exit(cli.main(sys.argv[1:]))
"""


def _printed(code: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def _listed(printed: str, prefix: str = "") -> list[str]:
    """The last JSON list printed on a line of its own (after `prefix`)."""
    lines = [line[len(prefix) :] for line in printed.splitlines() if line.startswith(prefix + "[")]
    assert lines, f"no {prefix or 'module '}list printed: {printed!r}"
    return list(json.loads(lines[-1]))


def _loaded(code: str, *args: str) -> list[str]:
    return _listed(_printed(code, *args))


def _heavy(modules: list[str]) -> dict[str, str]:
    """The loaded modules that NOT_AT_FIRST_FRAME names (a package or one of its modules)."""
    return {
        module: why
        for module in modules
        for name, why in NOT_AT_FIRST_FRAME.items()
        if module == name or module.startswith(name + ".")
    }


@pytest.fixture(scope="module")
def first_frame(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("startup")
    # No config file: the default place, empty (a --config naming no file is refused).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(tmp / "config"))
        return _printed(FIRST_FRAME, "--db", str(tmp / "triage.sqlite3"))


@pytest.fixture(scope="module")
def first_frame_modules(first_frame: str) -> list[str]:
    return _listed(first_frame)


def test_the_first_frame_shows_the_page(first_frame_modules: list[str]) -> None:
    """The probe works: it saw the main screen with comment rows, the app fully loaded."""
    assert "reader.tui.screens.main" in first_frame_modules
    assert "reader.analysers" in first_frame_modules  # the columns come from its facets


def test_the_first_frame_does_not_wait_for_the_analysis_or_the_exports(
    first_frame_modules: list[str],
) -> None:
    assert _heavy(first_frame_modules) == {}


def test_the_first_frame_builds_only_the_tab_it_shows(first_frame: str) -> None:
    """The Captions, Claims and Summary tabs are hidden at the start: their panes are mounted
    after the first frame (MainScreen._mount_hidden_panes), the article's with it."""
    widgets = _listed(first_frame, "widgets ")
    assert {"ArticleView", "CommentTable", "TabPane"} <= set(widgets)
    assert {"CaptionsView", "ClaimsList", "SummaryView"}.isdisjoint(widgets)


def test_the_first_frame_builds_the_article_a_screen_shows(first_frame: str) -> None:
    """The sample's 18 paragraphs do not all fit on a 24-line terminal: the first frame
    builds those that do (ArticleView._first_screen), the rest are mounted after it."""
    counts = [line.split()[1] for line in first_frame.splitlines() if line.startswith("paragraphs ")]
    assert counts and 0 < int(counts[-1]) < len(load_article(sample_path()).paragraphs)


async def test_every_paragraph_is_there_once_the_app_has_started() -> None:
    article = load_article(sample_path())
    app = make_app(article=article)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        view = main_screen(app).query_one(ArticleView)
        assert [part.id for part in view.query(".paragraph")] == [
            f"paragraph-{n}" for n in range(len(article.paragraphs))
        ]


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


def test_the_quote_package_loads_its_modules_when_asked() -> None:
    """`reader.quotes` itself imports no quote code; its two names load their modules."""
    code = (
        "import json, sys\n"
        "import reader.quotes\n"
        "before = sorted(m for m in sys.modules if m.startswith('reader.quotes.'))\n"
        "from reader.quotes import attribute_quotes, find_spans\n"
        "from reader.quotes.attribution import attribute_quotes as attributed\n"
        "from reader.quotes.marks import find_spans as spans\n"
        "assert attribute_quotes is attributed and find_spans is spans\n"
        "print(json.dumps(before))"
    )
    assert _loaded(code) == []


def test_an_unknown_name_of_the_quote_package_is_still_an_error() -> None:
    import reader.quotes

    with pytest.raises(AttributeError):
        reader.quotes.no_such_thing  # type: ignore[attr-defined]  # noqa: B018


@pytest.mark.parametrize(
    ("module", "heavy"),
    [
        ("reader.formats", ("lxml", "email", "trafilatura", "reader.quotes.")),
        ("reader.analysers", ("reader.quotes.lexicon", "reader.quotes.attribution", "lxml")),
    ],
)
def test_the_registries_load_no_reader_of_a_format_or_quote(
    module: str, heavy: tuple[str, ...]
) -> None:
    """The format registry sniffs with each format's light module; the analysers' facets need
    no quote code: what each imports, in a fresh interpreter."""
    modules = _loaded(f"import json, sys\nimport {module}\nprint(json.dumps(sorted(sys.modules)))")
    assert [m for m in modules if m.startswith(heavy) or m in heavy] == []


async def test_the_summary_is_drawn_whenever_its_pane_gets_its_text() -> None:
    """The Summary pane is mounted after the first frame, and the app may close while that
    mount is awaited (the pane then has no text to draw in): drawing loses nothing and
    raises nothing, and a pane composed later starts with the latest summary."""
    from textual.widgets import Static

    from reader.tui.panes.summary import SummaryView, summary_content

    app = make_app(article=load_article(sample_path()))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        summary = main_screen(app).thread.summary()
    unmounted = SummaryView()
    unmounted.show(summary)  # no text widget yet: nothing to update, nothing raised
    composed = list(unmounted.compose())
    assert isinstance(composed[0], Static)
    assert composed[0].content == summary_content(summary)
