"""Alembic, driven from code: the migrations ship inside the package (store/migrations)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import inspect

from complaints_tui.store.engine import Store, StoreOutdated, backup_sqlite

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


def _has_tables(store: Store) -> bool:
    return bool(inspect(store.engine).get_table_names())


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
    if current is not None and not _known(current):
        raise StoreOutdated(
            f"This database was made by a newer version of complaints-tui (schema {current}); "
            "upgrade the program before using it."
        )
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
