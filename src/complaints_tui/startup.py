"""Whether the app can open its database, found before Textual is loaded: `complaints tui`
says why not in one sentence and exits 1, instead of drawing a screen it cannot fill. (The
commands find the same problems as they open the store; this is the app's quicker look.)"""

from __future__ import annotations


def startup_problem(url: str) -> str | None:
    """Why the app could not open the database at `url`, found before the screen is drawn, or
    None. Only the standard library is used when all is well (SQLAlchemy and psycopg take the
    best part of a second to load, and the app loads them behind its first screen): a SQLite file
    is opened and its write lock taken and given back at once (a folder, a missing folder, a
    damaged file, a read-only file or one another program holds are each found); a PostgreSQL
    server is knocked on at its address."""
    from complaints_tui.cli_context import in_memory

    scheme, _, rest = url.partition("://")
    backend = scheme.partition("+")[0].lower()
    if backend == "sqlite" and not in_memory(url) and "?" not in rest:
        return _sqlite_problem(url, rest.partition("/")[2])
    if backend in ("postgresql", "postgres"):
        return _server_problem(url)
    return None


def _sqlite_problem(url: str, database: str) -> str | None:
    import sqlite3
    from pathlib import Path

    path = Path(database)
    if path.is_dir():
        return (
            f"{path} is a folder, not a database file: give a file in it, "
            f"such as {path / 'complaints.sqlite3'}."
        )
    if not path.exists():
        if not path.parent.is_dir():
            return f"The folder {path.parent} for the database does not exist."
        return None  # the app makes a new database there
    try:
        connection = sqlite3.connect(path, timeout=5, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except sqlite3.Error as error:
        from complaints_tui.store.engine import describe_failure

        return describe_failure(error, url)
    return None


def _server_problem(url: str) -> str | None:
    import socket
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port or 5432
    except ValueError:
        return None  # the app's own check words a malformed URL
    if not host:
        return None  # a local socket: the app's own check says if it cannot connect
    try:
        socket.create_connection((host, port), timeout=10).close()
    except OSError as error:
        from complaints_tui.store.engine import describe_failure

        return describe_failure(ConnectionError(f"connection failed: {error}"), url)
    return None
