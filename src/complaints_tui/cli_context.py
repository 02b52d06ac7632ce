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


def in_memory(url: str) -> bool:
    """Whether `url` is a SQLite database held in memory (`sqlite://`, `sqlite:///:memory:`),
    which is gone when the command ends. Read from the text alone: the CLI loads no database
    code until a command needs it."""
    scheme, _, rest = url.partition("://")
    if scheme.partition("+")[0].lower() != "sqlite":
        return False
    database, _, query = rest.partition("/")[2].partition("?")
    return database in ("", ":memory:") or "mode=memory" in query or database == "file::memory:"
