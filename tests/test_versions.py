"""The versions in the cache keys, read beside the package, match importlib.metadata's."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from reader.analysers.versions import _version_beside, installed_version


@pytest.mark.parametrize(
    ("distribution", "package"),
    [("vaderSentiment", "vaderSentiment"), ("langdetect", "langdetect"), ("textual", "textual")],
)
def test_same_as_importlib_metadata(distribution: str, package: str) -> None:
    assert _version_beside(distribution, package) == version(distribution)
    assert installed_version(distribution, package) == version(distribution)


def test_a_name_spelled_otherwise_is_found() -> None:
    assert _version_beside("VADERsentiment", "vaderSentiment") == version("vaderSentiment")


def test_not_installed() -> None:
    assert installed_version("no-such-distribution-here", "no_such_package_here") is None


def installed_package(
    root: Path, monkeypatch: pytest.MonkeyPatch, name: str, metadata: dict[str, str]
) -> None:
    """A package `name` importable from `root`, with a dist-info beside it for each
    version -> METADATA text."""
    (root / name).mkdir()
    (root / name / "__init__.py").write_text("", encoding="utf-8")
    for number, text in metadata.items():
        info = root / f"{name}-{number}.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(root))


def test_a_package_without_its_dist_info_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installed_package(tmp_path, monkeypatch, "lonely", {})
    assert _version_beside("lonely", "lonely") is None


def test_two_dist_infos_are_left_to_importlib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = {number: f"Name: twice\nVersion: {number}\n\n" for number in ("1.0", "2.0")}
    installed_package(tmp_path, monkeypatch, "twice", versions)
    assert _version_beside("twice", "twice") is None


def test_the_version_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    metadata = "Metadata-Version: 2.1\nName: once\nVersion: 3.1\n\nbody\n"
    installed_package(tmp_path, monkeypatch, "once", {"3.1": metadata})
    assert _version_beside("once", "once") == "3.1"
