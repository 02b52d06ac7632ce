"""`complaints db …`: bring the schema up to date, back the database up and restore it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from complaints_tui.commands.common import fail, one_sentence, say

db_app = typer.Typer(no_args_is_help=True, help="Database upkeep: schema upgrades and backups.")


@db_app.command()
def upgrade() -> None:
    """Create the tables, or migrate an older database (a SQLite file is backed up first)."""
    from complaints_tui.cli_context import database_url
    from complaints_tui.store.engine import open_store

    with one_sentence():
        store = open_store(database_url())
        try:
            before = store.current_revision()
            backup = store.upgrade()
            after = store.current_revision()
        finally:
            store.close()
    if backup is not None:
        say(f"Backed up the database to {backup}")
    if before == after:
        say(f"The database is up to date (schema {after}).")
    else:
        say(f"Upgraded the database from schema {before or 'none'} to {after}.")


@db_app.command()
def backup(
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            help="Where to write the copy (default: a backups folder beside a SQLite file; "
            "for PostgreSQL, the backups folder in the user's data folder).",
        ),
    ] = None,
) -> None:
    """Copy the database safely, even while the app has it open (PostgreSQL: pg_dump -Fc)."""
    from complaints_tui.cli_context import database_url
    from complaints_tui.store.backups import backup_postgres, stamp
    from complaints_tui.store.engine import open_store

    with one_sentence():
        store = open_store(database_url(), create=False)
        try:
            if store.is_sqlite:
                path = store.backup(to)
            else:
                path = backup_postgres(store, to or _postgres_default(store.url, stamp()))
        finally:
            store.close()
    say(f"Backed up the database to {path}")


def _confirmed(url: str, file: Path) -> bool:
    from sqlalchemy.engine import make_url

    where = make_url(url).render_as_string(hide_password=True)
    try:
        return typer.confirm(f"Replace everything in {where} with {file}?", err=True)
    except typer.Abort:  # no answer (stdin closed)
        return False


def _postgres_default(url: str, when: str) -> Path:
    from sqlalchemy.engine import make_url

    from complaints_tui.locations import user_dir

    return user_dir() / "backups" / f"{make_url(url).database or 'complaints'}-{when}.dump"


@db_app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="The backup to restore (from `db backup`).")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Restore without asking first (for scripts).")
    ] = False,
) -> None:
    """Replace everything in the database with a backup. SQLite: the database as it was is kept
    beside it first, and a restore is refused while another program writes to it; PostgreSQL:
    pg_restore --clean, in one transaction."""
    from complaints_tui.cli_context import database_url
    from complaints_tui.store.backups import backup_schema, restore_postgres, restore_sqlite
    from complaints_tui.store.engine import open_store
    from complaints_tui.store.migrate import head_revision

    with one_sentence("Nothing was restored: "):
        store = open_store(database_url(), create=False)
        try:
            schema = backup_schema(file) if store.is_sqlite else None
            if not yes and not _confirmed(store.url, file):
                raise fail("Nothing was restored.")
            if store.is_sqlite:
                kept = restore_sqlite(store, file)
                say(f"Kept the database as it was at {kept}")
            else:
                restore_postgres(store, file)
                schema = store.current_revision()
        finally:
            store.close()
    say(f"Restored the database from {file}.")
    if schema != head_revision():
        say("The backup's schema is older than this program's: run `complaints db upgrade`.")
