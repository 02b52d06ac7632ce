"""`complaints report …`: statutory figures."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

report_app = typer.Typer(no_args_is_help=True, help="Statutory figures and reports.")


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(
            f"{value!r} is not a date in the form YYYY-MM-DD", param_hint=option
        ) from error


@report_app.command("tsm")
def tsm(
    date_from: Annotated[str, typer.Option("--from", help="First day of the period (YYYY-MM-DD).")],
    date_to: Annotated[str, typer.Option("--to", help="Last day of the period (YYYY-MM-DD).")],
    homes_lcra: Annotated[
        int, typer.Option("--homes-lcra", min=0, help="Low-cost rental homes owned.")
    ],
    homes_lcho: Annotated[
        int | None,
        typer.Option("--homes-lcho", min=0, help="Low-cost home ownership homes (if any)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Tenant Satisfaction Measures CH01 and CH02 (complaints), split LCRA / LCHO.

    CH01: stage 1 and stage 2 complaints received in the period per 1,000 homes. CH02: the share
    of stage 1 and stage 2 responses sent in the period within the Complaint Handling Code's
    timescales (withdrawn complaints left out).
    """
    from complaints_tui.cli_context import database_url
    from complaints_tui.domain.reports import ReportError, format_report
    from complaints_tui.services.reports.tsm import tsm_figures
    from complaints_tui.store.engine import StoreError, open_store

    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    try:
        store = open_store(database_url(), create=False)
        try:
            if store.needs_upgrade():
                typer.echo(
                    "The database schema is out of date: run `complaints db upgrade` first.",
                    err=True,
                )
                raise typer.Exit(1)
            report = tsm_figures(store, start, end, homes_lcra=homes_lcra, homes_lcho=homes_lcho)
        finally:
            store.close()
    except (ReportError, StoreError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1) from error
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2))
    else:
        for line in format_report(report):
            typer.echo(line)
