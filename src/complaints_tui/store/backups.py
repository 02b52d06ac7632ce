"""Backing up and restoring the whole database: SQLite with its online backup API, PostgreSQL
with `pg_dump -Fc` and `pg_restore --clean` (found on PATH).

A SQLite restore never replaces the file under a running program: the backup's pages are copied
into the live database through SQLite's backup API, under its write lock, so every terminal that
has it open sees the restored data at its next read (and -wal/-shm files stay consistent). The
current database is copied aside first, and a restore is refused while another program writes.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from sqlalchemy.engine import make_url

from complaints_tui.store.engine import (
    BUSY_TIMEOUT_MS,
    Store,
    StoreBusy,
    StoreError,
    backup_sqlite,
    describe_failure,
)

# How long a restore waits for another program's write to finish before refusing.
RESTORE_WAIT_S = 2.0


def stamp(moment: datetime | None = None) -> str:
    """`20261203T101500Z`: the part of a backup's name that sorts by when it was taken."""
    return f"{(moment or datetime.now(UTC)).astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise StoreError(
            f"{name} is not installed here (it comes with PostgreSQL's client programs): "
            f"install it or add its folder to PATH."
        )
    return found


def _pg_environment(url: str) -> dict[str, str]:
    """libpq's variables for the URL's server, user, password and database: the password never
    appears on a command line, where another user could read it."""
    parsed = make_url(url)
    given = {
        "PGHOST": parsed.host,
        "PGPORT": str(parsed.port) if parsed.port else None,
        "PGUSER": parsed.username,
        "PGPASSWORD": parsed.password if isinstance(parsed.password, str) else None,
        "PGDATABASE": parsed.database,
    }
    for key, value in parsed.query.items():
        if key in ("sslmode", "host", "port") and isinstance(value, str):
            given[f"PG{key.upper()}" if key != "sslmode" else "PGSSLMODE"] = value
    return {**os.environ, **{key: value for key, value in given.items() if value}}


def _run_pg(tool: str, arguments: list[str], url: str, doing: str) -> None:
    program = _pg_tool(tool)
    try:
        done = subprocess.run(
            [program, *arguments],
            env=_pg_environment(url),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except OSError as error:
        raise StoreError(f"{tool} could not be run ({error.strerror}).") from error
    if done.returncode != 0:
        said = " ".join((done.stderr.strip().splitlines() or ["no reason given"])[0].split())
        where = make_url(url).render_as_string(hide_password=True)
        raise StoreError(f"{doing} {where} failed: {said.removeprefix(f'{tool}: ')}")


def backup_postgres(store: Store, destination: Path) -> Path:
    """Dump the PostgreSQL database in pg_dump's custom format (what `pg_restore` reads)."""
    if destination.is_dir():
        raise StoreError(f"{destination} is a folder: give the file to write the dump to.")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(
            f"The dump cannot be written to {destination} ({error.strerror})."
        ) from error
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        _run_pg("pg_dump", ["-Fc", "--no-owner", "-f", str(partial)], store.url, "Backing up")
        partial.replace(destination)
    finally:
        partial.unlink(missing_ok=True)
    return destination


def restore_postgres(store: Store, source: Path) -> None:
    """Replace everything in the PostgreSQL database with a `pg_dump -Fc` file, in one
    transaction (a failed restore leaves the database as it was)."""
    _readable(source)
    arguments = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    database = make_url(store.url).database or ""
    _run_pg("pg_restore", [*arguments, "-d", database, str(source)], store.url, "Restoring")


def _readable(source: Path) -> None:
    if source.is_dir():
        raise StoreError(f"{source} is a folder: give the backup file to restore.")
    if not source.is_file():
        raise StoreError(f"There is no backup file at {source}.")


def backup_schema(source: Path) -> str:
    """The schema revision a SQLite backup file holds; refused in a sentence if it is not a
    complaints database (another file, or damaged)."""
    _readable(source)
    uri = f"file:{quote(str(source.resolve()))}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as backup:
            (verdict,) = backup.execute("PRAGMA quick_check").fetchone()
            row = backup.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as error:
        raise StoreError(f"{source} is not a backup of a complaints database ({error}).") from error
    if verdict != "ok" or row is None:
        raise StoreError(f"{source} is damaged or holds no complaints database; nothing changed.")
    return str(row[0])


def restore_sqlite(store: Store, source: Path) -> Path:
    """Replace the SQLite database's contents with the backup at `source`; returns where the
    database as it was is kept. Refused while another program is writing to it."""
    live = store.sqlite_path
    if live is None:
        raise StoreError("Only a SQLite database file can be restored from a SQLite backup.")
    backup_schema(source)
    if live.exists() and source.resolve() == live.resolve():
        raise StoreError(f"{source} is the database itself, not a backup of it.")
    kept = backup_sqlite(store, live.parent / "backups" / _kept_name(live), label="before-restore")
    try:
        with closing(sqlite3.connect(live, timeout=RESTORE_WAIT_S)) as target:
            try:
                target.execute("BEGIN IMMEDIATE")  # nobody else is writing; nor may they now
                target.execute("ROLLBACK")
            except sqlite3.OperationalError as error:
                raise StoreBusy(
                    f"Another program is writing to {live}: nothing was restored. Close the app "
                    "on the other terminals (or wait for the import to end) and try again."
                ) from error
            target.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            uri = f"file:{quote(str(source.resolve()))}?mode=ro"
            with closing(sqlite3.connect(uri, uri=True)) as backup:
                backup.backup(target)
    except StoreError:
        raise
    except sqlite3.Error as error:
        raise StoreError(
            f"{describe_failure(error, store.url)} Nothing was restored; "
            f"the database as it was is kept at {kept}."
        ) from error
    return kept


def _kept_name(live: Path) -> str:
    return f"{live.stem}-{stamp()}-before-restore{live.suffix}"
