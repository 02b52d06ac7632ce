"""`complaints deadlines …`: the dates a stage's deadlines fall on under a policy profile.

Prints a table (deadline, clock start, length, due, note) and the non-working days skipped, or
with `--json` one object. Bad input prints one line on stderr and exits 2, never a traceback: a
missing --received, an impossible date, a date outside the years the working-day calendar is
built for (1990-2080), dates out of order (acknowledged or responded before received, responded
before acknowledged), a stage that is not a number or that the profile lacks, an unknown or
unreadable profile. Profile text is untrusted: it is shown as `Text`, never as markup.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from complaints_tui.domain.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    SkippedDay,
    calendar_for_profile,
)
from complaints_tui.domain.dates import read_date
from complaints_tui.domain.deadlines import (
    Deadline,
    DeadlineKind,
    StageEvents,
    describe_date,
    extension_limit,
    stage_deadlines,
)
from complaints_tui.domain.policy import (
    DEFAULT_PROFILE,
    ClockStart,
    DayUnit,
    PolicyError,
    PolicyProfile,
    load_profile,
)
from complaints_tui.locations import policies_dir


def _fail(message: str) -> typer.Exit:
    typer.echo(" ".join(message.split()), err=True)
    return typer.Exit(2)


_FIRST_DAY = date(FIRST_YEAR, 1, 1)
_LAST_DAY = date(LAST_YEAR, 12, 31)


def date_option(option: str, value: str | None) -> date | None:
    """A YYYY-MM-DD date within the calendar's precomputed years, or None if not given."""
    if value is None:
        return None
    try:
        day = read_date(value.strip())
    except ValueError as error:
        raise _fail(f"{option}: {error}") from None
    if not _FIRST_DAY <= day <= _LAST_DAY:
        raise _fail(
            f"{option}: {day.isoformat()} is outside {_FIRST_DAY.isoformat()} to "
            f"{_LAST_DAY.isoformat()}, the years the working-day calendar is built for"
        )
    return day


def _parse_stage(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise _fail(f"--stage: {value!r} is not a stage number (1, 2, ...)") from None


def _check_order(received: date, acknowledged: date | None, responded: date | None) -> None:
    """Nothing happens at a stage before it is received, nor is it answered before acknowledged."""
    for name, day in (("--acknowledged", acknowledged), ("--responded", responded)):
        if day is not None and day < received:
            raise _fail(f"{name}: {day.isoformat()} is before --received {received.isoformat()}")
    if acknowledged is not None and responded is not None and responded < acknowledged:
        raise _fail(
            f"--responded: {responded.isoformat()} is before --acknowledged "
            f"{acknowledged.isoformat()}"
        )


@dataclass(frozen=True)
class _Result:
    profile: PolicyProfile
    stage: int
    received: date
    effective_receipt: date
    deadlines: list[Deadline]
    extension_limit: date | None
    skipped: list[SkippedDay]

    def find(self, kind: DeadlineKind) -> Deadline | None:
        return next((d for d in self.deadlines if d.kind is kind), None)

    @property
    def respond(self) -> Deadline:
        respond = self.find(DeadlineKind.RESPOND)
        assert respond is not None  # every stage has a response deadline
        return respond

    @property
    def note(self) -> str | None:
        respond = self.respond
        if not respond.projected:
            return None
        return (
            "Not acknowledged yet: the respond-by date is projected from the acknowledge-by date, "
            f"{describe_date(respond.clock_started_on)}, and moves if the acknowledgement is sent "
            "on another day."
        )


def _compute(
    policy: str,
    stage: int,
    received: date,
    acknowledged: date | None,
    responded: date | None,
) -> _Result:
    try:
        profile = load_profile(policy, policies_dir())
    except (PolicyError, ValueError) as error:
        raise _fail(str(error)) from None
    numbers = [rule.number for rule in profile.stages]
    if stage not in numbers:
        listed = ", ".join(str(n) for n in numbers)
        raise _fail(f"{profile.id}: has no stage {stage} (its stages: {listed})")
    _check_order(received, acknowledged, responded)
    try:
        calendar = calendar_for_profile(profile)
        events = StageEvents(received, acknowledged_on=acknowledged, responded_on=responded)
        deadlines = stage_deadlines(profile, stage, events, calendar)
        limit = extension_limit(profile, stage, events, calendar)
        last = max([d.due_on for d in deadlines] + ([limit] if limit else []))
        return _Result(
            profile,
            stage,
            received,
            calendar.effective_receipt(received),
            deadlines,
            limit,
            calendar.explain(received, last),
        )
    except (ValueError, OverflowError) as error:
        # The checks above should leave nothing to fail here (a profile validated on load, dates
        # in range and in order); if something still does, it is one line, not a traceback.
        raise _fail(f"cannot compute the deadlines: {error}") from None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _as_json(result: _Result) -> dict[str, Any]:
    acknowledge = result.find(DeadlineKind.ACKNOWLEDGE)
    escalate = result.find(DeadlineKind.ESCALATE)
    return {
        "policy": result.profile.id,
        "stage": result.stage,
        "received": result.received.isoformat(),
        "effective_receipt": result.effective_receipt.isoformat(),
        "acknowledge_by": _iso(acknowledge.due_on if acknowledge else None),
        "respond_by": result.respond.due_on.isoformat(),
        "extended_respond_by": _iso(result.extension_limit),
        "escalate_by": _iso(escalate.due_on if escalate else None),
        "skipped": [
            {"date": skipped.day.isoformat(), "reason": skipped.reason}
            for skipped in result.skipped
        ],
        "projected": result.respond.projected,
        "note": result.note,
    }


def _short(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _length(days: int, unit: DayUnit) -> str:
    return f"{days} {'WD' if unit is DayUnit.WORKING else 'calendar days'}"


_CLOCK_WORDS = {
    ClockStart.RECEIPT: "received",
    ClockStart.ACKNOWLEDGEMENT: "acknowledged",
    ClockStart.RESPONSE: "responded",
}


def _clock(deadline: Deadline) -> str:
    started = f"{_CLOCK_WORDS[deadline.clock_start]} {_short(deadline.clock_started_on)}"
    if deadline.event_on is not None and deadline.event_on != deadline.clock_started_on:
        started += f" (arrived {_short(deadline.event_on)}, not a working day)"
    return started + (" (projected)" if deadline.projected else "")


def _print_table(result: _Result) -> None:
    console = Console(highlight=False)
    table = Table(title=Text(f"{result.profile.name}: stage {result.stage}"))
    for column in ("deadline", "clock start", "length", "due"):
        table.add_column(column, no_wrap=column != "clock start")
    table.add_column("note")
    for deadline in result.deadlines:
        note = "projected: not acknowledged yet" if deadline.projected else ""
        table.add_row(
            Text(deadline.kind.label),
            Text(_clock(deadline)),
            Text(_length(deadline.length, deadline.unit)),
            Text(_short(deadline.due_on)),
            Text(note),
        )
    rule = result.profile.stage(result.stage).extension
    if result.extension_limit is not None and rule is not None and rule.max_days is not None:
        table.add_row(
            Text("Extended respond"),
            Text(f"respond-by {_short(result.respond.original_due_on)}"),
            Text(_length(rule.max_days, rule.unit)),
            Text(_short(result.extension_limit)),
            Text("latest without a good reason"),
        )
    elif rule is not None:
        table.add_row(
            Text("Extended respond"),
            Text("-"),
            Text("no cap"),
            Text("-"),
            Text(rule.note or f"agreed with the resident, {rule.resident_told_by}"),
        )
    console.print(table)
    if result.note:
        console.print(Text(result.note))
    if result.skipped:
        console.print(Text("Not working days:", style="bold"))
        for skipped in result.skipped:
            console.print(Text(f"  {_short(skipped.day)}  {skipped.reason}"))


def deadlines(
    # Optional to Typer only so that a missing --received is our one-line error, not a usage box.
    received: Annotated[
        str | None,
        typer.Option(
            "--received",
            help="Required. Date received (YYYY-MM-DD, 1990-2080); stage 2+: the escalation.",
            show_default=False,
        ),
    ] = None,
    policy: Annotated[
        str, typer.Option("--policy", help="Profile name or path to a .toml file.")
    ] = DEFAULT_PROFILE,
    # Text, parsed here, so that a stage that is not a number is one line on stderr too.
    stage: Annotated[str, typer.Option("--stage", metavar="<int>", help="Stage number.")] = "1",
    acknowledged: Annotated[
        str | None, typer.Option("--acknowledged", help="Date acknowledged, if it has been.")
    ] = None,
    responded: Annotated[
        str | None, typer.Option("--responded", help="Date the response was sent, if it has been.")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Show when a stage's deadlines fall, and the non-working days they skip."""
    received_on = date_option("--received", received)
    if received_on is None:
        raise _fail("--received is required: the date the complaint or escalation arrived")
    result = _compute(
        policy,
        _parse_stage(stage),
        received_on,
        date_option("--acknowledged", acknowledged),
        date_option("--responded", responded),
    )
    if json_out:
        typer.echo(json.dumps(_as_json(result), ensure_ascii=False, indent=2))
    else:
        _print_table(result)


def register(app: typer.Typer) -> None:
    """Add the `deadlines` command to `app`."""
    app.command("deadlines")(deadlines)
