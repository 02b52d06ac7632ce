"""What the top-level CLI options chose, for the sub-commands to read."""

from __future__ import annotations

from complaints_tui.locations import default_database_url

_db_url: str | None = None


def set_database_url(url: str | None) -> None:
    global _db_url
    _db_url = url


def database_url() -> str:
    """`--db URL`, else `COMPLAINTS_DB`, else the SQLite file in the user data folder."""
    return _db_url or default_database_url()
