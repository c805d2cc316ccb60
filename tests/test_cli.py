"""The `reader` command as a user runs it: output formats, many files, export, bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main, parse_size
from reader.formats import load_article, sample_path
from reader.model import Decision
from reader.storage.store import TriageStore
from reader.tui.app import ReaderApp

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_analyze_with_no_file_prints_the_bundled_sample_as_spec_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _run(capsys, "analyze", "--no-cache")
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == 1
    assert data["headline"] == load_article(sample_path()).headline
    assert data["quotes"] and data["comments"]
    for comment in data["comments"]:
        if comment["stance"] is None:  # a language the stance model cannot read
            assert comment["stance_reason"]
            continue
        assert comment["stance"]["label"] in {"support", "deny", "query", "comment"}
        assert 0.0 <= comment["stance"]["score"] <= 1.0


def test_reference_page_json_matches_the_spec(
    capsys: pytest.CaptureFixture[str], reference_sample: Path
) -> None:
    code, out, err = _run(capsys, "analyze", "--format", "json", str(reference_sample))
    assert code == 0, err
    data = json.loads(out)
    assert data["byline"] == "Geoff Earle, Deputy U.S. Political Editor For Dailymail.com"
    assert data["authors"] == ["Geoff Earle"] and data["outlet"] == "Dailymail.com"
    assert data["published"] == "\u00a04 days ago"  # SPEC 1: kept as written
    assert data["comment_count"] == 24 and len(data["comments"]) == 2
    assert [c["likes"] for c in data["comments"]] == [7, 3]
    body = [(q["index"], q["speaker"], q["kind"]) for q in data["quotes"] if q["where"] == "body"]
    assert body == [
        (0, "White House", "partial"),
        (2, "John Kirby", "direct"),
        (3, "John Kirby", "direct"),
        (4, "John Kirby", "direct"),
        (4, "John Kirby", "direct"),
        (6, "John Kirby", "direct"),
        (13, "Biden", "direct"),
        (16, "Biden", "direct"),
        (17, "Biden", "direct"),
    ]
    for quote in data["quotes"]:
        source = {"headline": [data["headline"]], "body": data["paragraphs"],
                  "caption": [i["caption"] for i in data["images"]]}[quote["where"]]
        assert source[quote["index"]][quote["start"]:quote["end"]] == quote["text"]


def test_json_output_reads_back_in_with_the_same_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, first, _ = _run(capsys, "analyze", "--no-cache", str(sample_path()))
    saved = tmp_path / "analysis.json"
    saved.write_text(first, encoding="utf-8")
    code, second, err = _run(capsys, "analyze", "--no-cache", str(saved))
    assert code == 0, err
    assert json.loads(second) == json.loads(first)


def test_csv_has_a_header_and_one_row_per_comment(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "analyze", "--no-cache", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0
    assert rows[0] == ["id", "author", "age", "likes", "language", "compound", "sentiment",
                       "stance", "stance_score", "about", "about_score", "misquote",
                       "attention", "attention_reasons", "text", "parent", "depth", "posted",
                       "status"]
    assert len(rows) == 1 + len(load_article(sample_path()).comments)


def test_text_summary_is_for_a_person(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "analyze", "--no-cache", "--format", "text")
    assert code == 0
    assert "Quotes by speaker" in out and "stance:" in out


def test_many_files_give_json_lines_and_a_bad_one_is_reported_not_fatal(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_bytes(sample_path().read_bytes())
    (tmp_path / "b.txt").write_bytes(sample_path().read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = _run(capsys, "analyze", "--no-cache", str(tmp_path))
    lines = out.splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["file"] for line in lines] == [
        str(tmp_path / "a.txt"), str(tmp_path / "b.txt")
    ]
    assert {json.loads(line)["source"] for line in lines} == {"saved-page"}  # the format
    assert code == 1 and "empty.txt" in err and "Traceback" not in err
    code, out, _ = _run(capsys, "analyze", "--no-cache", str(tmp_path / "[ab].txt"))
    assert code == 0 and len(out.splitlines()) == 2
    code, out, _ = _run(capsys, "analyze", "--no-cache", str(tmp_path / "[a].txt"))
    assert code == 0 and len(out.splitlines()) == 1  # a glob is a batch, even of one page
    assert json.loads(out)["file"] == str(tmp_path / "a.txt")


def test_export_includes_decisions_from_the_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "triage.sqlite3"
    article = load_article(sample_path())
    first, second = article.comments[0].id, article.comments[1].id
    with TriageStore(db) as store:
        store.set_decision(article.content_hash, first, Decision.FLAG, "check the figure")
        store.set_decision(article.content_hash, second, Decision.HIDE, None)
    code, out, err = _run(capsys, "export", str(sample_path()), "--db", str(db))
    assert code == 0, err
    comments = {c["id"]: c for c in json.loads(out)["comments"]}
    assert (comments[first]["decision"], comments[first]["note"]) == ("flag", "check the figure")
    assert comments[second]["decision"] == "hide"
    assert all("decision" in c for c in comments.values())
    code, out, _ = _run(capsys, "export", "--db", str(db), "--format", "csv")  # the sample
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["id"]: r["decision"] for r in rows}[first] == "flag"


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["analyze", "{missing}"], "missing.txt"),
        (["analyze", "{dir}"], "pages"),
        (["analyze", "{empty}"], "empty.txt"),
        (["analyze", "{binary}"], "binary.bin"),
        (["analyze", "{notpage}"], "script.py"),
        (["export", "{missing}"], "missing.txt"),
        (["{missing}"], "missing.txt"),
        (["{dir}"], "pages"),
        (["analyze", "--format", "xml", "{empty}"], "xml"),
        (["analyze", "--bogus"], "--bogus"),
        (["analyze", "--max-size", "lots", "{empty}"], "lots"),
        (["analyze", "--max-size", "1k", str(sample_path())], "--max-size"),
    ],
)
def test_bad_input_is_one_line_naming_the_problem_and_a_nonzero_exit(
    tmp_path: Path, argv: list[str], named: str
) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "script.py").write_text("import os\n\nprint(os.getcwd())\n", encoding="utf-8")
    names = {
        "missing": tmp_path / "missing.txt", "dir": pages, "empty": tmp_path / "empty.txt",
        "binary": tmp_path / "binary.bin", "notpage": tmp_path / "script.py",
    }
    args = [a.format(**names) for a in argv]
    result = subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,  # the exit code is checked below
    )
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert named in lines[0]


def test_parse_size_understands_units_and_none() -> None:
    assert parse_size("64M") == 64 * 2**20
    assert parse_size("1.5k") == 1536
    assert parse_size("100") == 100
    assert parse_size("none") is None


@pytest.mark.parametrize("page", sorted((FIXTURES / "hostile").glob("*.txt")), ids=lambda p: p.name)
def test_hostile_pages_never_reach_the_terminal_raw(
    capsys: pytest.CaptureFixture[str], page: Path, tmp_path: Path
) -> None:
    db = str(tmp_path / "triage.sqlite3")
    TriageStore(Path(db)).close()  # a --db named on the command line must exist
    for command in ("analyze", "export"):
        for fmt in ("text", "json", "csv"):
            code, out, err = _run(capsys, command, "--db", db, "--format", fmt, str(page))
            assert code == 0, err
            assert out
            for bad in ("\x1b", "\x9b", "\x07", "\x00", "\u202e", "\u2066", "\u200f"):
                assert bad not in out + err, (command, fmt, repr(bad))


def test_reader_opens_a_long_page_on_its_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`reader FILE` hands the app the first comments and a loader for the whole page."""
    from reader.tui.app import ReaderApp

    lines = ["Headline", "", "A paragraph.", "", "Comments / 20,000", ""]
    for n in range(20_000):
        lines += [f"User {n}", "2h ago", "", f"Comment {n}.", "", "Reply", ""]
    page = tmp_path / "long.txt"
    page.write_text("\n".join(lines) + "\n")
    opened: list[tuple[int, int]] = []

    def run(app: ReaderApp) -> None:
        load_rest = app.load_rest
        assert load_rest is not None
        opened.append((len(app.article.comments), len(load_rest().comments)))

    monkeypatch.setattr(ReaderApp, "run", run)
    assert main([str(page), "--db", str(tmp_path / "t.sqlite3")]) == 0
    assert opened == [(1_000, 20_000)]


def test_page_names_from_a_folder_reach_text_and_csv_inertly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder or file name is a stranger's text: no escape sequence reaches the terminal
    from the text header, and the CSV source cell is shown inertly and cannot be a formula."""
    page = Path(__file__).resolve().parents[1] / "fixtures" / "likes-and-ages.txt"
    hostile = tmp_path / "x\x1b]0;PWNED\x07y"
    hostile.mkdir()
    (hostile / "a.txt").write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "=HYPERLINK(1).txt").write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run(capsys, "analyze", "--no-cache", "--format", "text", ".")
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out
    assert "== x^[]0;PWNED^Gy/a.txt ==" in out
    code, out, _ = _run(capsys, "analyze", "--no-cache", "--format", "csv", ".")
    assert code == 0
    sources = {row[0] for row in list(csv.reader(io.StringIO(out)))[1:]}
    assert sources == {"'=HYPERLINK(1).txt", "x^[]0;PWNED^Gy/a.txt"}


def test_config_and_db_paths_in_errors_are_shown_inertly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A path named on the command line is quoted in the error line without its escapes."""
    config = tmp_path / "c\x1b]0;PWNED\x07.toml"
    opened = _opened(monkeypatch)
    code, _, err = _run(capsys, "--config", str(config))  # not there
    assert (code, opened) == (2, [])
    assert "\x1b" not in err and "c^[]0;PWNED^G.toml" in err
    config.write_text("[keys]\nkeep = 1\n", encoding="utf-8")  # there, with a problem
    code, _, err = _run(capsys, "--config", str(config), "--db", str(tmp_path / "t.db"))
    assert code == 0 and len(opened) == 1
    assert "\x1b" not in err and "c^[]0;PWNED^G.toml" in err
    notice = opened[0].startup_notices[0].text
    assert "\x1b" not in notice and "c^[]0;PWNED^G.toml" in notice
    code, _, err = _run(capsys, "analyze", "--db", "/proc/d\x1b]0;PWNED\x07.db")
    assert code != 0
    assert "\x1b" not in err and "/proc/d^[]0;PWNED^G.db" in err


# -- a config with problems still opens the app (README "Remapping keys") ----------------------


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[ReaderApp]:
    """The apps `reader` would have run (run stubbed: the test needs what it was given)."""
    opened: list[ReaderApp] = []
    monkeypatch.setattr(ReaderApp, "run", lambda app, *a, **k: opened.append(app))
    return opened


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[keys]\nbogus = "z"\nhide = "X"\n', "unknown binding 'bogus' in [keys] (the ids are"),
        ('[keys]\nkep = "z"\nhide = "X"\n', "unknown binding 'kep' in [keys] (did you mean keep"),
        ("[keys\nhide = 'X'\n", "not valid TOML: "),
        ('[keys]\nkeep = 5\nhide = "X"\n', '[keys] keep must be a string like "j,down", not a'),
    ],
)
def test_a_bad_config_warns_in_one_line_and_the_app_opens_with_the_defaults(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    text: str, said: str,
) -> None:  # fmt: skip
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    opened = _opened(monkeypatch)
    code, _, err = _run(capsys, "--config", str(config), "--db", str(tmp_path / "t.db"))
    assert code == 0
    (line,) = err.splitlines()
    assert line.startswith(f"reader: warning: {config}: {said}")
    (app,) = opened
    assert app.action_keys["keep"] == ("a",)  # the default
    valid_toml = "TOML" not in said
    assert app.action_keys["hide"] == (("X",) if valid_toml else ("x",))  # the rest kept
    assert [n.text for n in app.startup_notices if n.title == "Config"] == [
        line.removeprefix("reader: warning: ")
    ]


def test_the_default_config_with_problems_warns_too_and_missing_is_silent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    opened = _opened(monkeypatch)
    db = str(tmp_path / "t.db")
    assert _run(capsys, "--db", db)[::2] == (0, "")  # no config file: nothing said
    (tmp_path / "config" / "reader").mkdir(parents=True)
    (tmp_path / "config" / "reader" / "config.toml").write_text("[triage]\nauto_advance = 1\n")
    code, _, err = _run(capsys, "--db", db)
    assert code == 0 and len(opened) == 2 and opened[1].auto_advance is True
    assert err.endswith("[triage] auto_advance must be true or false, not a number; it stays "
                        "true\n") and err.count("\n") == 1  # fmt: skip


@pytest.mark.parametrize("named", ["typo.toml", "."])
def test_a_named_config_that_is_not_there_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    named: str,
) -> None:  # fmt: skip
    opened = _opened(monkeypatch)
    config = tmp_path / named
    page = str(FIXTURES / "likes-and-ages.txt")
    code, out, err = _run(capsys, "--config", str(config), page, "--db", str(tmp_path / "t.db"))
    assert (code, out, opened) == (2, "", [])
    assert err.startswith(f"reader: {config}: ") and err.count("\n") == 1


# -- a data directory that cannot be made --------------------------------------------------------


def _reader(env_data: str, *argv: str) -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "XDG_DATA_HOME": env_data}
    return subprocess.run(
        [sys.executable, "-m", "reader", *argv],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip


@pytest.mark.parametrize("command", [[], ["export"]])
def test_a_data_directory_that_cannot_be_made_is_one_line_naming_it(
    tmp_path: Path, command: list[str]
) -> None:
    """The app and `export` need the decision database: one line naming the directory and
    why, exit 1, no traceback (it was a NotADirectoryError traceback)."""
    (tmp_path / "note.txt").write_text("a file, not a folder")
    result = _reader(str(tmp_path / "note.txt"), *command, str(FIXTURES / "minimal.txt"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"reader: {tmp_path / 'note.txt' / 'reader'}: cannot create Reader's data directory: "
        "Not a directory\n"
    )


def test_analyze_goes_on_without_the_cache_when_the_data_directory_cannot_be_made(
    tmp_path: Path,
) -> None:
    """The analysis cache is a speed-up: one line saying why it is not used, and the analysis;
    with --no-cache the data directory is not needed at all: nothing said."""
    (tmp_path / "note.txt").write_text("a file, not a folder")
    page = str(FIXTURES / "minimal.txt")
    result = _reader(str(tmp_path / "note.txt"), "analyze", page)
    assert result.returncode == 0 and json.loads(result.stdout)["schema"] == 1
    assert result.stderr == (
        f"reader: cache not used: {tmp_path / 'note.txt' / 'reader'}: cannot create Reader's "
        "data directory: Not a directory\n"
    )
    result = _reader(str(tmp_path / "note.txt"), "analyze", "--no-cache", page)
    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout)["schema"] == 1
