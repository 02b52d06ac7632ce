"""Opening the database: one `Store` per URL, an engine plus a sessionmaker.

SQLite (the default, one office terminal) gets WAL, `synchronous=NORMAL`, foreign keys and a
busy timeout on every connection; PostgreSQL (many terminals) comes through a
`postgresql+psycopg://` URL. Failures to reach the database become `StoreUnavailable` with the
sentence the user sees, never a driver traceback.
"""

from __future__ import annotations

import itertools
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

BUSY_TIMEOUT_MS = 5000
# Taking SQLite's write lock for a unit of work (`_take_write_lock`): how long in all, how long
# each look lets SQLite wait, and the longest pause between looks.
WRITE_LOCK_WAIT_S = 10.0
WRITE_LOCK_LOOK_MS = 20
WRITE_LOCK_PAUSE_MAX_S = 0.025

_T = TypeVar("_T")


class StoreError(Exception):
    """A database problem; `str(error)` is the sentence the user sees."""


class StoreUnavailable(StoreError):
    """The database cannot be opened, is missing, or is locked by someone else."""


class StoreOutdated(StoreError):
    """The database schema is older (or newer) than this version of the program."""


class StoreBusy(StoreUnavailable):
    """Another program holds the database, or won a race for the same rows: trying the whole
    transaction again may well succeed."""


# What `open_store` can use: SQLite through the standard library, PostgreSQL through psycopg 3.
SUPPORTED = "SQLite (sqlite:///FILE) and PostgreSQL through psycopg 3 (postgresql+psycopg://…)"
_DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}
# PostgreSQL's codes for a transaction that lost to another: serialization failure, deadlock.
_LOST_RACE = {"40001", "40P01"}


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL is kept in the file itself: set on our databases (and new, empty ones), never on
        # another program's, which is refused unchanged.
        tables = {row[0] for row in cursor.execute("SELECT name FROM sqlite_master")}
        if not tables or "alembic_version" in tables:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _set_sqlite_reading_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Only what changes nothing on disk: a read-only copy must stay exactly as it is.
    dbapi_connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _held_by_another(error: DBAPIError) -> bool:
    """A lock another program held too long, or a PostgreSQL transaction that lost to another."""
    message = str(error.orig).lower()
    busy = "locked" in message or "busy" in message
    return busy or getattr(error.orig, "sqlstate", None) in _LOST_RACE


def _take_write_lock(connection: Connection) -> None:
    """`BEGIN IMMEDIATE`, waiting up to `WRITE_LOCK_WAIT_S` for another program to let go.

    SQLite's own busy handler soon sleeps 100 ms between looks, while a terminal that has just
    committed asks again within milliseconds: with many terminals writing, one could wait past
    any busy timeout (ten terminals saw "database is locked" after 10 s of it). So this asks in
    short looks (`WRITE_LOCK_LOOK_MS` of SQLite's own waiting) with a short jittered pause
    between. Asking again is safe: nothing of the transaction has run before the lock is held."""
    look_ms = min(WRITE_LOCK_LOOK_MS, BUSY_TIMEOUT_MS)
    deadline = time.monotonic() + max(WRITE_LOCK_WAIT_S, BUSY_TIMEOUT_MS / 1000)
    connection.exec_driver_sql(f"PRAGMA busy_timeout = {look_ms}")
    try:
        for pause in itertools.count():
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except OperationalError as error:
                if not _held_by_another(error) or time.monotonic() >= deadline:
                    raise
            time.sleep(min(0.001 * 2**pause, WRITE_LOCK_PAUSE_MAX_S) * random.uniform(0.5, 1.5))
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def lost_a_race(error: BaseException) -> bool:
    """Whether `error` says another program held the database or wrote the same rows first,
    so that the whole transaction may succeed if tried again."""
    if isinstance(error, StoreBusy):
        return True
    if not isinstance(error, DBAPIError):
        return False
    message = str(error.orig).lower()
    unique = isinstance(error, IntegrityError) and ("unique" in message or "duplicate" in message)
    return unique or _held_by_another(error)


def retrying(attempt: Callable[[], _T], tries: int = 6) -> _T:
    """Run `attempt` (one whole transaction) and, while it loses a race with another process
    (`lost_a_race`), run it again after a short random pause, `tries` times at most."""
    for number in range(1, tries + 1):
        try:
            return attempt()
        except (StoreBusy, DBAPIError) as error:
            if number == tries or not lost_a_race(error):
                raise
            time.sleep(random.uniform(0.05, 0.25) * number)
    raise AssertionError("unreachable")


def describe_failure(error: BaseException, url: str) -> str:
    """Turn a driver error into one sentence, with the password hidden."""
    where = make_url(url).render_as_string(hide_password=True)
    message = str(getattr(error, "orig", error) or error).strip().splitlines()[0]
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"The database {where} is locked by another program; try again in a moment."
    if getattr(getattr(error, "orig", error), "sqlstate", None) in _LOST_RACE:
        return f"Another program changed the same rows of {where} at once; try again."
    if "readonly" in lowered or "read-only" in lowered:
        return f"The database {where} is read-only here, so nothing can be changed in it."
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
    read_only: bool = False

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
    def transaction(self, *, write_lock: bool = False) -> Iterator[Session]:
        """One unit of work: commit at the end, roll back on any error.

        Driver errors that mean "cannot get at the database" become `StoreUnavailable` (and
        `StoreBusy` where trying again may help). `write_lock`: take SQLite's write lock at
        the start (`_take_write_lock`), so that a transaction that reads and then writes cannot
        find, when it comes to write, that another process wrote in between (SQLite would
        refuse it at once).
        """
        session: Session | None = None
        try:
            session, began = self._begin(write_lock)
            with began:
                yield session
        except OperationalError as error:
            kind = StoreBusy if _held_by_another(error) else StoreUnavailable
            raise kind(describe_failure(error, self.url)) from error
        finally:
            if session is not None:
                session.close()

    def _begin(self, write_lock: bool) -> tuple[Session, SessionTransaction]:
        """A session in a new transaction; with `write_lock` on SQLite, holding the write lock."""
        session = self.sessions()
        began = session.begin()
        if write_lock and self.is_sqlite and not self.read_only:
            try:
                _take_write_lock(session.connection())
            except BaseException:
                session.close()
                raise
        return session, began

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
        if self.is_sqlite and not self.read_only:
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
    name = f"{source.stem}-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{label}{source.suffix}"
    if destination is None:
        destination = source.parent / "backups" / name
    if destination.is_dir():
        raise StoreError(
            f"{destination} is a folder: give the file to write the copy to, "
            f"such as {destination / name}."
        )
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(destination)
    except (OSError, sqlite3.Error) as error:
        why = error.strerror if isinstance(error, OSError) else str(error)
        raise StoreError(f"The copy cannot be written to {destination} ({why}).") from error
    try:
        with closing(sqlite3.connect(source)) as origin, closing(copy):
            origin.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            origin.backup(copy)
    except sqlite3.Error as error:
        raise StoreUnavailable(describe_failure(error, store.url)) from error
    return destination


def _supported(url: URL) -> URL:
    """`url` if this program can use it (a bare `postgresql://` means psycopg 3, the driver it
    ships with); else one sentence that says which databases it can use."""
    backend = url.get_backend_name()
    driver = url.drivername.partition("+")[2] or _DRIVERS.get(backend, "")
    if _DRIVERS.get(backend) != driver:
        where = url.render_as_string(hide_password=True)
        raise StoreUnavailable(f"{where} names a database this program cannot use: {SUPPORTED}.")
    return url.set(drivername=f"{backend}+{driver}")


def _sqlite_file(url: URL, create: bool) -> Path | None:
    """The SQLite file `url` names (None: in memory), checked: a folder, a missing file (unless
    `create`) and a missing folder are each told in a sentence."""
    database = url.database
    if not database or database == ":memory:":
        return None
    path = Path(database)
    if path.is_dir():
        raise StoreUnavailable(
            f"{path} is a folder, not a database file: give a file in it, "
            f"such as {path / 'complaints.sqlite3'}."
        )
    if not path.exists():
        if not create:
            raise StoreUnavailable(
                f"There is no database file at {path} (`complaints db upgrade` makes a new one)."
            )
        if not path.parent.is_dir():
            raise StoreUnavailable(f"The folder {path.parent} for the database does not exist.")
    return path


def _read_only_sqlite(path: Path) -> Callable[[], sqlite3.Connection]:
    """Connections that open the file read-only: a read-only copy can be read, and nothing on
    disk changes."""
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    timeout = BUSY_TIMEOUT_MS / 1000
    return lambda: sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)


def open_store(
    url: str, *, create: bool = True, read_only: bool = False, echo: bool = False
) -> Store:
    """Open (and check we can reach) the database at `url`.

    `create=False` refuses a SQLite file that does not exist yet instead of making an empty one.
    `read_only` opens it for reading only (SQLite: the file read-only; PostgreSQL: every
    transaction read-only), and never makes one. Raises `StoreUnavailable` with the user's
    sentence when the database cannot be used.
    """
    try:
        parsed = _supported(make_url(url))
    except (ArgumentError, NoSuchModuleError) as error:
        raise StoreUnavailable(f"{url!r} is not a database URL.") from error
    connect_args: dict[str, Any] = {}
    options: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_file(parsed, create and not read_only)
        connect_args["timeout"] = BUSY_TIMEOUT_MS / 1000
        if read_only and path is not None:
            options["creator"] = _read_only_sqlite(path)
    else:
        connect_args["connect_timeout"] = 10
        if read_only:
            connect_args["options"] = "-c default_transaction_read_only=on"
    try:
        engine = create_engine(parsed, echo=echo, connect_args=connect_args, **options)
    except (NoSuchModuleError, ArgumentError, ImportError) as error:
        where = parsed.render_as_string(hide_password=True)
        raise StoreUnavailable(
            f"{where} names a database this program cannot use: {SUPPORTED}."
        ) from error
    if engine.dialect.name == "sqlite":
        pragmas = _set_sqlite_reading_pragmas if read_only else _set_sqlite_pragmas
        event.listen(engine, "connect", pragmas)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as error:
        engine.dispose()
        raise StoreUnavailable(describe_failure(error, url)) from error
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Store(url=url, engine=engine, sessions=sessions, read_only=read_only)
