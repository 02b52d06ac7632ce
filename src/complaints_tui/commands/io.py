"""`complaints import …` and `complaints export …`: CSV in, CSV or JSON out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from complaints_tui.store.engine import Store

import_app = typer.Typer(
    no_args_is_help=True,
    help="Import residents or cases from a CSV or JSON file (all or nothing).",
)
export_app = typer.Typer(no_args_is_help=True, help="Export cases or residents as CSV or JSON.")

FileArgument = Annotated[
    Path,
    typer.Argument(
        exists=True,
        dir_okay=False,
        readable=True,
        help="A CSV file (UTF-8, header row first), or a .json file as the export writes it.",
    ),
]


def _open_store() -> Store:
    from complaints_tui.cli_context import database_url
    from complaints_tui.store.engine import open_store

    store = open_store(database_url())
    if store.needs_upgrade():
        store.upgrade()
    return store


def _run_import(what: str, path: Path) -> None:
    from complaints_tui.domain.policy import PolicyError
    from complaints_tui.services.errors import ServiceError
    from complaints_tui.services.io.imports import import_cases, import_residents
    from complaints_tui.services.io.problems import ImportFailed
    from complaints_tui.store.engine import StoreError

    try:
        store = _open_store()
        try:
            if what == "residents":
                result = import_residents(store, path)
            else:
                result = import_cases(store, path)
        finally:
            store.close()
    except ImportFailed as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    except (StoreError, PolicyError, ServiceError) as error:
        typer.echo(f"Nothing was imported: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(result.summary())


@import_app.command("residents")
def import_residents_command(file: FileArgument) -> None:
    """Residents: reference, name, address, postcode, phone, email, tenure (LCRA or LCHO);
    optional anonymised_on. An empty reference gets the next RES-nnnnnn."""
    _run_import("residents", file)


@import_app.command("cases")
def import_cases_command(file: FileArgument) -> None:
    """Cases: reference, resident_ref, received_on, kind, channel, service_area, category,
    stage1_acknowledged_on, stage1_extended_to, stage1_responded_on, escalated_on,
    stage2_acknowledged_on, stage2_extended_to, stage2_responded_on, withdrawn_on, outcome;
    optional status, exclusion, quick_fix_on, stage1_received_on, stage3_received_on,
    stage3_acknowledged_on, stage3_extended_to, stage3_responded_on, closed_on. Dates
    YYYY-MM-DD, empty when not reached. Cases follow the landlord's policy profile."""
    _run_import("cases", file)


def _run_export(what: str, fmt: str, output: Path | None) -> None:
    from complaints_tui.services.io.exports import ExportFormat, export_cases, export_residents
    from complaints_tui.store.engine import StoreError

    try:
        chosen = ExportFormat(fmt)
    except ValueError as error:
        raise typer.BadParameter("choose csv or json", param_hint="--format") from error
    write = export_cases if what == "cases" else export_residents
    try:
        store = _open_store()
        try:
            if output is None:
                count = write(store, sys.stdout, chosen)
            else:
                partial = output.with_name(output.name + ".partial")
                with partial.open("w", encoding="utf-8", newline="") as out:
                    count = write(store, out, chosen)
                partial.replace(output)
        finally:
            store.close()
    except (StoreError, OSError) as error:
        typer.echo(f"Nothing was exported: {error}", err=True)
        raise typer.Exit(1) from error
    if output is not None:
        typer.echo(f"Exported {count} {what} to {output}.")


FormatOption = Annotated[str, typer.Option("--format", "-f", help="csv or json.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", dir_okay=False, help="Write to this file (default: stdout)."),
]


@export_app.command("cases")
def export_cases_command(fmt: FormatOption = "csv", output: OutputOption = None) -> None:
    """Every case, in the columns `complaints import cases` reads (it imports again unchanged)."""
    _run_export("cases", fmt, output)


@export_app.command("residents")
def export_residents_command(fmt: FormatOption = "csv", output: OutputOption = None) -> None:
    """Every resident (anonymised ones too), in the columns `complaints import residents` reads."""
    _run_export("residents", fmt, output)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")
