"""Where things live on disk: shipped data, the user's database, drafts and backups, and the
terminal's own settings."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "complaints-tui"


def data_dir() -> Path:
    """The shipped `data/` folder (policy profiles, letter templates, demo recipe)."""
    override = os.environ.get("COMPLAINTS_DATA_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "data"


def policies_dir() -> Path:
    return data_dir() / "policies"


def user_dir() -> Path:
    """The per-user folder for the default database, drafts and backups."""
    override = os.environ.get("COMPLAINTS_HOME")
    path = Path(override) if override else user_data_path(APP_NAME)
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """The per-terminal settings (theme, key map): `COMPLAINTS_CONFIG` if set, else the folder
    `COMPLAINTS_HOME` names, else the user's config folder. Not created until something is saved."""
    override = os.environ.get("COMPLAINTS_CONFIG") or os.environ.get("COMPLAINTS_HOME")
    return Path(override) if override else user_config_path(APP_NAME)


def default_database_url() -> str:
    """`COMPLAINTS_DB` if set, else a SQLite file in the user data folder."""
    return os.environ.get("COMPLAINTS_DB") or f"sqlite:///{user_dir() / 'complaints.sqlite3'}"
