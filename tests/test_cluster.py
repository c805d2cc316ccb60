"""`reader analyze --scheduler ADDRESS ... --out DIR` on a two-worker Dask LocalCluster:
one JSON Lines file per partition, in input order, a bad page a line of its own."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from reader.formats import sample_path
from reader.pipeline import cluster

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PAGES = ["minimal.txt", "likes-and-ages.txt", "no-byline.txt", "no-published.txt"]


def _dask_missing() -> bool:
    try:
        importlib.import_module("dask.bag")
        importlib.import_module("distributed")
    except ImportError:
        return True
    return False


needs_dask = pytest.mark.skipif(
    _dask_missing(), reason="Dask is an optional extra: pip install 'reader[cluster]'"
)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A two-worker LocalCluster in this process (threads: reliable and quick on 2 cores)."""
    distributed: Any = importlib.import_module("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as local:
        yield str(local.scheduler_address)


@needs_dask
def test_pages_are_analysed_on_the_cluster_one_file_per_partition(
    scheduler: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    pages = tmp_path / "pages"
    pages.mkdir()
    for number, name in enumerate(PAGES):
        (pages / f"{number}.txt").write_bytes((FIXTURES / name).read_bytes())
    (pages / "1a.txt").write_bytes(b"")
    (pages / "5.txt").write_bytes(sample_path().read_bytes())
    monkeypatch.setattr(cluster, "PAGES_PER_PARTITION", 2)
    out = tmp_path / "results"
    code = main(["analyze", "--scheduler", scheduler, str(pages / "*.txt"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "1 of 6 files could not be read" in err and "Traceback" not in err
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    rows = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines()]
    expected = [str((pages / name).resolve()) for name in sorted(p.name for p in pages.iterdir())]
    assert [row["file"] for row in rows] == expected
    bad = rows[2]
    assert set(bad) == {"file", "error"} and "empty" in bad["error"]
    good = [row for row in rows if "error" not in row]
    assert all(row["article"] == 1 and row["schema"] == 1 for row in good)
    assert good[-1]["comments"]  # the sample's comments, analysed
    assert good[-1]["comments"][0]["stance"] is not None


def test_without_dask_it_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = importlib.import_module

    def missing(name: str, package: str | None = None) -> object:
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", missing)
    argv = ["analyze", "--scheduler", "tcp://127.0.0.1:1", str(sample_path()), "--out",
            str(tmp_path / "out")]  # fmt: skip
    assert main(argv) == 1
    assert capsys.readouterr().err == f"reader: --scheduler needs Dask: {cluster.INSTALL_HINT}\n"


def test_scheduler_and_out_go_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", "--scheduler", "tcp://127.0.0.1:1", str(sample_path())]) == 1
    assert "--scheduler and --out go together" in capsys.readouterr().err
    assert main(["analyze", "--out", str(tmp_path), str(sample_path())]) == 1
    assert "--scheduler and --out go together" in capsys.readouterr().err
