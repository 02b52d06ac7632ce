"""Command line: `complaints …`.

Textual is imported only by the command that opens the TUI, and the store only by commands
that touch the database, so `complaints policy …` and `complaints deadlines …` start fast.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from complaints_tui.cli_context import in_memory, set_database_url

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Complaint handling for UK social landlords.",
)


# Commands that write to the database: an in-memory one would lose what they write at exit.
_WRITERS = frozenset(
    {"areas", "calendar", "config", "db", "demo", "import", "retention", "sar", "tui", "users"}
)


@app.callback()
def _options(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL (sqlite:///FILE or postgresql+psycopg://…).",
            envvar="COMPLAINTS_DB",
        ),
    ] = None,
) -> None:
    set_database_url(db)
    if db is not None and ctx.invoked_subcommand in _WRITERS and in_memory(db):
        typer.echo(
            "An in-memory database (sqlite://) is lost when the command ends, with all it was "
            "given: name a database file, e.g. --db sqlite:///complaints.sqlite3.",
            err=True,
        )
        raise typer.Exit(1)


@app.command()
def tui() -> None:
    """Open the terminal app."""
    from complaints_tui.cli_context import database_url
    from complaints_tui.domain.text import visible
    from complaints_tui.startup import startup_problem

    url = database_url()
    # A database the app cannot open is told here, before the screen is drawn; anything found
    # only once it is open (a damaged policy profile) is told again when the app is left.
    problem = startup_problem(url)
    if problem is None:
        from complaints_tui.app import create_app

        opened = create_app(url)
        opened.run()
        problem = opened.session.store_error
    if problem is not None:
        typer.echo(visible(problem), err=True)
        raise typer.Exit(1)


# Each command group lives in its own module under complaints_tui.commands.
# A module exposes `register(app)` or a Typer named `<group>_app`.
_GROUPS: list[tuple[str, str]] = [
    ("policy", "policy_app"),
    ("deadlines", "register"),
    ("db", "db_app"),
    ("demo", "register"),
    ("io", "register"),
    ("report", "report_app"),
    ("letter", "register"),
    ("calendar", "calendar_app"),
    ("config", "config_app"),
    ("people", "register"),
    ("audit", "audit_app"),
    ("retention", "retention_app"),
    ("sar", "register"),
    ("serve", "register"),
]


def _wire() -> None:
    for module_name, attribute in _GROUPS:
        try:
            module = importlib.import_module(f"complaints_tui.commands.{module_name}")
        except ModuleNotFoundError as error:
            if error.name == f"complaints_tui.commands.{module_name}":
                continue
            raise
        target = getattr(module, attribute)
        if attribute == "register":
            target(app)
        else:
            app.add_typer(target, name=module_name)


_wire()


def main() -> None:
    app()


if __name__ == "__main__":  # `python -m complaints_tui.cli`: how `complaints serve` starts a tab
    main()
