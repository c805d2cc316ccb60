"""Where Reader keeps its data and config, per the platform's conventions (platformdirs)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "reader"


def data_dir() -> Path:
    """The directory for the triage database; created on first use."""
    path = user_data_path(APP_NAME, appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """The triage database used when `--db` is not given."""
    return data_dir() / "triage.sqlite3"


def config_path() -> Path:
    """The TOML config file (key bindings); it need not exist."""
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"
