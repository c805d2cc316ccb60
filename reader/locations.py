"""Where Reader keeps its data and config, per the platform's conventions (platformdirs)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "reader"


def data_dir() -> Path:
    """The directory for the triage database; created on first use. When it cannot be, an
    OSError whose `filename` is this directory and `filename2` the one whose creation failed
    (it or a parent), so the one line the command line prints names what Reader wanted."""
    path = user_data_path(APP_NAME, appauthor=False)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        # OSError(errno, ...) is the errno's subclass again (NotADirectoryError, ...).
        raise OSError(error.errno, error.strerror, str(path), None, error.filename) from error
    return path


def default_db_path() -> Path:
    """The triage database used when `--db` is not given (OSError: see `data_dir`)."""
    return data_dir() / "triage.sqlite3"


def config_path() -> Path:
    """The TOML config file (key bindings); it need not exist."""
    return user_config_path(APP_NAME, appauthor=False) / "config.toml"
