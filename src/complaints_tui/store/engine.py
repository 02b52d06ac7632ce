"""Opening the database: one `Store` per URL, an engine plus a sessionmaker.

SQLite (the default, one office terminal) gets WAL, `synchronous=NORMAL`, foreign keys and a
busy timeout on every connection; PostgreSQL (many terminals) comes through a
`postgresql+psycopg://` URL. Failures to reach the database become `StoreUnavailable` with the
sentence the user sees, never a driver traceback.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

BUSY_TIMEOUT_MS = 5000


class StoreError(Exception):
    """A database problem; `str(error)` is the sentence the user sees."""


class StoreUnavailable(StoreError):
    """The database cannot be opened, is missing, or is locked by someone else."""


class StoreOutdated(StoreError):
    """The database schema is older (or newer) than this version of the program."""


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def describe_failure(error: BaseException, url: str) -> str:
    """Turn a driver error into one sentence, with the password hidden."""
    where = make_url(url).render_as_string(hide_password=True)
    message = str(getattr(error, "orig", error) or error).strip().splitlines()[0]
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"The database {where} is locked by another program; try again in a moment."
    if "unable to open" in lowered:
        return f"The database {where} cannot be opened: its folder is missing or not writable."
    if "not a database" in lowered or "malformed" in lowered:
        return f"{where} is not a complaints database (the file is damaged or of another kind)."
    if "password" in lowered or "authentication" in lowered:
        return f"The database server refused the login for {where}: check the user and password."
    if "connection" in lowered or "connect" in lowered:
        return f"The database server for {where} cannot be reached ({message})."
    return f"The database {where} cannot be used: {message}"


@dataclass(eq=False)
class Store:
    """An open database: the engine, a sessionmaker and what the URL points at."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session] = field(repr=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or None for PostgreSQL and in-memory databases."""
        if not self.is_sqlite:
            return None
        database = make_url(self.url).database
        if not database or database == ":memory:":
            return None
        return Path(database)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit at the end, roll back on any error.

        Driver errors that mean "cannot get at the database" become `StoreUnavailable`.
        """
        session = self.sessions()
        try:
            with session.begin():
                yield session
        except OperationalError as error:
            raise StoreUnavailable(describe_failure(error, self.url)) from error
        finally:
            session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries only; nothing is committed."""
        session = self.sessions()
        try:
            yield session
        except OperationalError as error:
            raise StoreUnavailable(describe_failure(error, self.url)) from error
        finally:
            session.rollback()
            session.close()

    def current_revision(self) -> str | None:
        from complaints_tui.store.migrate import current_revision

        return current_revision(self)

    def needs_upgrade(self) -> bool:
        from complaints_tui.store.migrate import head_revision

        return self.current_revision() != head_revision()

    def upgrade(self, backup_dir: Path | None = None) -> Path | None:
        """Migrate to the newest schema; returns the backup taken first, if any."""
        from complaints_tui.store.migrate import upgrade

        return upgrade(self, backup_dir)

    def backup(self, destination: Path | None = None) -> Path:
        """Copy a SQLite database safely (WAL included) and return the copy's path."""
        return backup_sqlite(self, destination)

    def close(self) -> None:
        if self.is_sqlite:
            # Keeps the planner's statistics fresh (cheap; SQLite's advice for long sessions).
            try:
                with self.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA optimize")
            except DBAPIError:
                pass
        self.engine.dispose()


def backup_sqlite(store: Store, destination: Path | None = None, label: str = "backup") -> Path:
    """Copy the SQLite file with SQLite's online backup, so a busy database copies consistently."""
    source = store.sqlite_path
    if source is None:
        raise StoreError(
            "Only a SQLite database file can be backed up here; "
            "back up PostgreSQL with pg_dump on the server."
        )
    if destination is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = source.parent / "backups" / f"{source.stem}-{stamp}-{label}{source.suffix}"
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        with sqlite3.connect(source) as origin, sqlite3.connect(destination) as copy:
            origin.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            origin.backup(copy)
        copy.close()
        origin.close()
    except sqlite3.Error as error:
        raise StoreUnavailable(describe_failure(error, store.url)) from error
    return destination


def open_store(url: str, *, create: bool = True, echo: bool = False) -> Store:
    """Open (and check we can reach) the database at `url`.

    `create=False` refuses a SQLite file that does not exist yet instead of making an empty one.
    Raises `StoreUnavailable` with the user's sentence when the database cannot be used.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreUnavailable(f"{url!r} is not a database URL.") from error
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            path = Path(database)
            if not path.exists():
                if not create:
                    raise StoreUnavailable(f"There is no database file at {path}.")
                if not path.parent.is_dir():
                    raise StoreUnavailable(
                        f"The folder {path.parent} for the database does not exist."
                    )
        connect_args["timeout"] = BUSY_TIMEOUT_MS / 1000
    elif parsed.get_backend_name() == "postgresql":
        connect_args["connect_timeout"] = 10
    try:
        engine = create_engine(url, echo=echo, connect_args=connect_args, future=True)
    except (NoSuchModuleError, ArgumentError) as error:
        raise StoreUnavailable(f"{url!r} names a database this program cannot use.") from error
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as error:
        engine.dispose()
        raise StoreUnavailable(describe_failure(error, url)) from error
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Store(url=url, engine=engine, sessions=sessions)
