"""`complaints db …`: bring the schema up to date, and back up a SQLite database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from complaints_tui.commands.common import one_sentence, say

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
        typer.Option("--to", help="Where to write the copy (default: a backups folder beside it)."),
    ] = None,
) -> None:
    """Copy a SQLite database safely, even while the app has it open."""
    from complaints_tui.cli_context import database_url
    from complaints_tui.store.engine import open_store

    with one_sentence():
        store = open_store(database_url(), create=False)
        try:
            path = store.backup(to)
        finally:
            store.close()
    say(f"Backed up the database to {path}")
