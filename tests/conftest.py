"""Shared test set-up: every test gets its own data and config directories."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures"
REFERENCE_SAMPLE = REPO.parent / "shared" / "samples" / "iran-crimea-drones.txt"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests (and the processes they start) away from the user's real database and config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def reference_sample() -> Path:
    """The reference page from ../shared/samples; skipped where the checkout has no shared/."""
    if not REFERENCE_SAMPLE.is_file():
        pytest.skip(f"reference sample not found at {REFERENCE_SAMPLE}")
    return REFERENCE_SAMPLE
