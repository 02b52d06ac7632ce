"""`complaints report …`: statutory figures (tsm), the annual Code report and the learning
reports (annual, quarterly, compliments, satisfaction, trends)."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from complaints_tui.commands.common import fail, one_sentence, reading_store, say

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from complaints_tui.domain.report_doc import Report

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


def _soon_days(value: str | None) -> int | None:
    from complaints_tui.services.settings import DUE_SOON_RANGE

    if value is None:
        return None
    try:
        days = int(value.strip())
    except ValueError:
        raise fail(f"--soon: {value!r} is not a number of working days (0 to 20)", 2) from None
    if days not in DUE_SOON_RANGE:
        raise fail(f"--soon: {days} is not 0 to 20 working days", 2)
    return days


@report_app.command("backlog")
def backlog_report(
    today: Annotated[
        str | None,
        typer.Option("--today", help="See the position as of this day (YYYY-MM-DD)."),
    ] = None,
    soon: Annotated[
        str | None,
        typer.Option(
            "--soon",
            help="Working days after today that count as due soon, 0 to 20 (default: the "
            "office's setting).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """The dashboard's counts: for each stage, the deadline in view (acknowledge, respond) and
    how many open cases are overdue, due today and due soon; then per handler and team, the
    extensions in use and the oldest overdue cases."""
    from complaints_tui.commands.deadlines import date_option
    from complaints_tui.services.queues.backlog import backlog

    day = date_option("--today", today)
    days = _soon_days(soon)
    with one_sentence():
        store = reading_store()
        try:
            found = backlog(store, today=day, soon_days=days)
        finally:
            store.close()
    if as_json:
        say(json.dumps(found.to_dict(), indent=2, ensure_ascii=False))
        return
    from complaints_tui.commands.backlog_text import backlog_lines

    for line in backlog_lines(found):
        say(line)


# -- the learning and Code reports: one set of options for each -------------------------------


class Form(StrEnum):
    TEXT = "text"
    MD = "md"
    CSV = "csv"
    JSON = "json"
    PDF = "pdf"


FromOption = Annotated[str, typer.Option("--from", help="First day of the period (YYYY-MM-DD).")]
ToOption = Annotated[str, typer.Option("--to", help="Last day of the period (YYYY-MM-DD).")]
FormOption = Annotated[
    Form, typer.Option("--format", case_sensitive=False, help="text, md, csv, json or pdf.")
]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="Write to this file (else the screen).")
]

PROGRESS_AFTER = 1.0  # seconds: a report quicker than this shows no progress bar


class _ProgressBar:
    """A rich progress bar on stderr, shown only when stderr is a terminal and the report has
    run for more than a second."""

    def __init__(self) -> None:
        self._started = time.perf_counter()
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, what: str, done: int, total: int) -> None:
        if self._bar is None:
            if not sys.stderr.isatty() or time.perf_counter() - self._started < PROGRESS_AFTER:
                return
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn

            console = Console(stderr=True, markup=False, highlight=False)
            self._bar = Progress(
                TextColumn("{task.description}", markup=False), BarColumn(), console=console
            )
            self._bar.start()
            self._task = self._bar.add_task(what, total=total)
        if self._task is not None:
            self._bar.update(self._task, completed=done, total=total, description=what)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _render(report: Report, form: Form) -> str | bytes:
    from complaints_tui.domain.report_doc import to_csv, to_dict, to_markdown, to_text

    if form is Form.TEXT:
        return "\n".join(to_text(report)) + "\n"
    if form is Form.MD:
        return to_markdown(report)
    if form is Form.CSV:
        return to_csv(report)
    if form is Form.JSON:
        return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"
    from complaints_tui.services.reports.pdf import report_pdf

    return report_pdf(report)


def _run_report(kind: str, date_from: str, date_to: str, form: Form, output: Path | None) -> None:
    from complaints_tui.commands.deadlines import date_option as calendar_day
    from complaints_tui.domain.report_periods import ReportKind, check_period
    from complaints_tui.domain.reports import ReportError
    from complaints_tui.services.errors import ServiceError
    from complaints_tui.services.reports.documents import report_document

    start, end = calendar_day("--from", date_from), calendar_day("--to", date_to)
    assert start is not None and end is not None  # both options are required
    try:
        check_period(start, end)
    except ReportError as error:
        raise fail(str(error), 2) from error
    if form is Form.PDF and output is None:
        raise fail("A PDF is not for the screen: name a file with -o FILE.", 2)
    bar = _ProgressBar()
    with one_sentence():
        store = reading_store()
        try:
            report = report_document(store, ReportKind(kind), start, end, actor=None, progress=bar)
            rendered = _render(report, form)
        except ReportError as error:
            raise fail(str(error), 2) from error
        except ServiceError as error:
            raise fail(str(error)) from error
        finally:
            bar.close()
            store.close()
    if output is None:
        assert isinstance(rendered, str)
        for line in rendered.replace("\r\n", "\n").rstrip("\n").split("\n"):
            say(line)
        return
    data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
    try:
        output.write_bytes(data)
    except OSError as error:
        raise fail(f"Could not write {output}: {error.strerror or error}.") from error
    say(f"Wrote the {report.title.lower()} ({report.period}) to {output}.", err=True)


@report_app.command("annual")
def annual(
    date_from: FromOption,
    date_to: ToOption,
    form: FormOption = Form.TEXT,
    output: OutputOption = None,
) -> None:
    """The annual complaints performance and service improvement report (the Code's section 8):
    self-assessment, volumes, timeliness (as TSM CH02), outcomes, refusals, learning, redress,
    satisfaction."""
    _run_report("annual", date_from, date_to, form, output)


@report_app.command("quarterly")
def quarterly(
    date_from: FromOption,
    date_to: ToOption,
    form: FormOption = Form.TEXT,
    output: OutputOption = None,
) -> None:
    """The learning report for the board: you said, we did; compliments; satisfaction; trends."""
    _run_report("quarterly", date_from, date_to, form, output)


@report_app.command("compliments")
def compliments(
    date_from: FromOption,
    date_to: ToOption,
    form: FormOption = Form.TEXT,
    output: OutputOption = None,
) -> None:
    """Compliments passed on in the period, by person and team, listed for a newsletter."""
    _run_report("compliments", date_from, date_to, form, output)


@report_app.command("satisfaction")
def satisfaction(
    date_from: FromOption,
    date_to: ToOption,
    form: FormOption = Form.TEXT,
    output: OutputOption = None,
) -> None:
    """Satisfaction with complaint handling: scores, by service area, the latest comments."""
    _run_report("satisfaction", date_from, date_to, form, output)


@report_app.command("trends")
def trends(
    date_from: FromOption,
    date_to: ToOption,
    form: FormOption = Form.TEXT,
    output: OutputOption = None,
) -> None:
    """Complaints by category, service area, channel and month."""
    _run_report("trends", date_from, date_to, form, output)
