"""`complaints report …`: statutory figures."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from complaints_tui.commands.common import fail, one_sentence, reading_store, say

report_app = typer.Typer(no_args_is_help=True, help="Statutory figures and reports.")


def _date(value: str, option: str) -> date:
    from complaints_tui.domain.dates import read_date

    try:
        return read_date(value.strip())
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint=option) from error


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
    from complaints_tui.domain.reports import ReportError, format_report
    from complaints_tui.services.reports.tsm import tsm_figures

    start, end = _date(date_from, "--from"), _date(date_to, "--to")
    if end < start:
        raise typer.BadParameter(
            f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})",
            param_hint="--from/--to",
        )
    with one_sentence():
        store = reading_store()
        try:
            report = tsm_figures(store, start, end, homes_lcra=homes_lcra, homes_lcho=homes_lcho)
        except ReportError as error:
            raise fail(str(error)) from error
        finally:
            store.close()
    if as_json:
        say(json.dumps(report.as_dict(), indent=2))
    else:
        for line in format_report(report):
            say(line)


@report_app.command("backlog")
def backlog_report(
    today: Annotated[
        str | None,
        typer.Option("--today", help="See the position as of this day (YYYY-MM-DD)."),
    ] = None,
    soon: Annotated[
        int | None,
        typer.Option(
            "--soon",
            min=0,
            max=20,
            help="Working days after today that count as due soon (default: the office's).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """The dashboard's counts: for each stage, the deadline in view (acknowledge, respond) and
    how many open cases are overdue, due today and due soon; then per handler and team, the
    extensions in use and the oldest overdue cases."""
    from complaints_tui.commands.deadlines import _parse_date
    from complaints_tui.services.queues.backlog import backlog

    day = _parse_date("--today", today)
    with one_sentence():
        store = reading_store()
        try:
            found = backlog(store, today=day, soon_days=soon)
        finally:
            store.close()
    if as_json:
        say(json.dumps(found.to_dict(), indent=2, ensure_ascii=False))
        return
    from complaints_tui.commands.backlog_text import backlog_lines

    for line in backlog_lines(found):
        say(line)
