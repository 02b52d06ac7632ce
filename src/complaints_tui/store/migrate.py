"""Alembic, driven from code: the migrations ship inside the package (store/migrations); and
the checks that keep a reading command from touching a schema, and an upgrade from touching
another program's database."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from complaints_tui.store.engine import (
    Store,
    StoreOutdated,
    StoreUnavailable,
    backup_sqlite,
    open_store,
)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(store: Store | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if store is not None:
        config.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
    return config


@cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the packaged migrations have no head"
    return head


def current_revision(store: Store) -> str | None:
    with store.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _tables(store: Store) -> list[str]:
    return sorted(inspect(store.engine).get_table_names())


def _has_tables(store: Store) -> bool:
    return bool(_tables(store))


def _where(store: Store) -> str:
    return str(store.sqlite_path or make_url(store.url).render_as_string(hide_password=True))


def _refuse_foreign(store: Store) -> None:
    """Another program's database (tables, but not ours) is never changed or read as ours."""
    others = [name for name in _tables(store) if name != "alembic_version"]
    if others:
        shown = ", ".join(others[:5]) + (", …" if len(others) > 5 else "")
        raise StoreUnavailable(
            f"{_where(store)} is not a complaints database: it holds another program's tables "
            f"({shown}), and complaints-tui leaves it as it is."
        )


def check_readable(store: Store) -> None:
    """Refuse, in a sentence, a database a reading command cannot read as it is: empty, another
    program's, or at another schema (only `complaints db upgrade` changes a schema)."""
    current = current_revision(store)
    if current is None:
        _refuse_foreign(store)
        if store.is_sqlite and store.sqlite_path is None:
            raise StoreUnavailable(
                "An in-memory database (sqlite://) starts empty, so there is nothing to read: "
                "give a database file with --db."
            )
        raise StoreUnavailable(
            f"{_where(store)} holds no complaints data yet (`complaints db upgrade` makes its "
            "tables)."
        )
    if current != head_revision():
        _refuse_newer(current)
        raise StoreOutdated(
            "The database schema is out of date: run `complaints db upgrade` first."
        )


def open_current(url: str, *, read_only: bool) -> Store:
    """The database at `url`, which must exist and be readable (`check_readable`): what the
    commands other than `db upgrade` use, so that they never create or migrate one. `read_only`
    opens it for reading only (the reading commands: nothing they do can change it)."""
    store = open_store(url, create=False, read_only=read_only)
    try:
        check_readable(store)
    except BaseException:
        store.close()
        raise
    return store


def _refuse_newer(current: str) -> None:
    if not _known(current):
        raise StoreOutdated(
            f"This database was made by a newer version of complaints-tui (schema {current}); "
            "upgrade the program before using it."
        )


def _known(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def upgrade(store: Store, backup_dir: Path | None = None) -> Path | None:
    """Bring the schema to head; back up an older SQLite file first. Returns the backup path."""
    current = current_revision(store)
    head = head_revision()
    if current == head:
        return None
    if current is None:
        _refuse_foreign(store)
    else:
        _refuse_newer(current)
    backup: Path | None = None
    if store.sqlite_path is not None and current is not None and _has_tables(store):
        destination = None
        if backup_dir is not None:
            path = store.sqlite_path
            destination = backup_dir / f"{path.stem}-before-{head}{path.suffix}"
        backup = backup_sqlite(store, destination, label=f"before-{head}")
    config = alembic_config(store)
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return backup
