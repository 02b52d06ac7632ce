"""`complaints policy …`: list, show and check the landlords' policy profiles.

`check` prints each departure from the Complaint Handling Code as a WARNING line and the
count, and exits 0: a landlord's own policy may depart from the Code on purpose, so a
departure is news, not a failure. `--strict` exits 1 when there are departures (for CI).
An unknown profile or a broken file prints one line (the PolicyError) on stderr and exits 2.

Profile text is untrusted: it is shown as `Text`, never parsed as Rich markup.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from complaints_tui.domain.code_check import code_notes, departures_from_code
from complaints_tui.domain.policy import (
    DayUnit,
    Period,
    PolicyError,
    PolicyProfile,
    StageRule,
    load_profile,
    profile_names,
)
from complaints_tui.domain.redress import format_pence
from complaints_tui.locations import policies_dir

policy_app = typer.Typer(
    no_args_is_help=True,
    help="List, show and check the landlords' complaint policy profiles.",
)

NameArgument = Annotated[
    str, typer.Argument(help="A profile name (hos-code, derby-homes…) or a path to a .toml file.")
]


def _console() -> Console:
    # Looked up per call so output goes to whatever stdout is now (tests swap it).
    return Console(highlight=False, markup=False, emoji=False)


def _load(name: str) -> PolicyProfile:
    try:
        return load_profile(name, policies_dir())
    except PolicyError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from error


def _yes(value: bool) -> str:
    return "yes" if value else "no"


@policy_app.command("list")
def list_profiles() -> None:
    """List the shipped profiles: name, id, stages, whether it follows the Code."""
    table = Table(title="Policy profiles", title_justify="left")
    for heading in ("Name", "Id", "Stages", "Follows the Code"):
        table.add_column(heading)
    broken: list[str] = []
    for name in profile_names(policies_dir()):
        try:
            profile = load_profile(name, policies_dir())
        except PolicyError as error:
            broken.append(str(error))
            continue
        table.add_row(
            Text(profile.name),
            Text(profile.id),
            str(len(profile.stages)),
            _yes(profile.follows_code),
        )
    _console().print(table)
    for message in broken:
        typer.echo(message, err=True)
    if broken:
        raise typer.Exit(2)


def _period(period: Period | None) -> Text:
    return Text(period.describe() if period is not None else "-")


def _stage_table(stage: StageRule) -> Table:
    table = Table(title=Text(stage.name), title_justify="left", show_header=False)
    table.add_column("Rule", style="bold")
    table.add_column("Value", overflow="fold")
    rows: list[tuple[str, Text]] = [
        ("Acknowledge", _period(stage.acknowledge)),
        ("Acknowledge how", Text(stage.acknowledge_how)),
        ("Acknowledgement names", Text(stage.acknowledgement_names or "-")),
        ("Respond", _period(stage.respond)),
    ]
    ext = stage.extension
    if ext is not None:
        unit = "working days" if ext.unit is DayUnit.WORKING else "calendar days"
        cap = f"up to {ext.max_days} more {unit}" if ext.max_days is not None else "no stated cap"
        note = f"; {ext.note}" if ext.note else ""
        rows.append(("Extension", Text(f"{cap}; resident told {ext.resident_told_by}{note}")))
    else:
        rows.append(("Extension", Text("-")))
    window = stage.escalation_window
    if window is not None:
        unit = "working days" if window.unit is DayUnit.WORKING else "calendar days"
        text = f"{window.days} {unit}" + (", may be extended" if window.extendable else "")
        rows.append(("Escalation window", Text(text + (f"; {window.note}" if window.note else ""))))
    rows.append(("Handler", Text(f"{stage.handler.value}: {stage.handler_description}")))
    if stage.may_decline:
        rows.append(("May decline", Text(stage.decline_note or "yes")))
    for label, value in rows:
        table.add_row(label, value)
    return table


def _rules_table(profile: PolicyProfile) -> Table:
    table = Table(title=Text(f"{profile.name} ({profile.id})"), title_justify="left")
    table.add_column("Rule", style="bold")
    table.add_column("Value", overflow="fold")
    limit = profile.time_limit
    exceptions = "exceptions allowed" if limit.exceptions_allowed else "no exceptions"
    raised = "; in time if raised before" if limit.unless_raised_before else ""
    quick = profile.quick_fix
    rows = [
        ("Source", profile.source or "-"),
        ("Follows the Code", _yes(profile.follows_code)),
        ("Anonymous complaints", "accepted" if profile.allows_anonymous else "not accepted"),
        ("Closure days stop the clock", _yes(profile.closure_days_stop_clock)),
        ("Time limit", f"{limit.months} months from {limit.counted_from}; {exceptions}{raised}"),
        ("Time limit note", limit.exceptions_note or "-"),
        (
            "Quick fix",
            "no" if not quick.enabled else f"yes; {quick.note}".rstrip("; "),
        ),
        ("Stages", str(len(profile.stages))),
    ]
    if quick.enabled and quick.resolve_within is not None:
        rows.append(("Quick fix resolve within", quick.resolve_within.describe()))
    if quick.enabled and quick.escalate_within is not None:
        rows.append(("Quick fix escalate within", quick.escalate_within.describe()))
    for label, value in rows:
        table.add_row(label, Text(value))
    return table


def _exclusions_table(profile: PolicyProfile) -> Table:
    table = Table(title="Exclusions (what the handler says)", title_justify="left")
    table.add_column("Code", overflow="fold")
    table.add_column("Exclusion")
    table.add_column("Say", overflow="fold")
    for exclusion in profile.exclusions:
        table.add_row(Text(exclusion.code.value), Text(exclusion.label), Text(exclusion.say))
    return table


def _redress_table(profile: PolicyProfile) -> Table:
    rules = profile.redress
    table = Table(title="Redress bands", title_justify="left")
    table.add_column("Band")
    table.add_column("From", justify="right")
    table.add_column("To", justify="right")
    table.add_column("Note", overflow="fold")
    for band in rules.bands:
        top = format_pence(band.max_pence) if band.max_pence is not None else "no upper limit"
        note = " ".join(part for part in (band.description, band.note) if part)
        table.add_row(Text(band.label), format_pence(band.min_pence), top, Text(note))
    table.caption = Text(
        f"Missed appointment: {format_pence(rules.missed_appointment_pence)} unless told by "
        f"{rules.morning_notice_by} (morning) / {rules.afternoon_notice_by} (afternoon). "
        f"Failure types: {', '.join(rules.failure_types) or '-'}. {rules.source_note}"
    )
    table.caption_justify = "left"
    return table


def _ombudsman_table(profile: PolicyProfile) -> Table:
    table = Table(title="Ombudsman and others", title_justify="left")
    table.add_column("Who")
    table.add_column("When", overflow="fold")
    table.add_column("Contact")
    for ombudsman in profile.ombudsman:
        table.add_row(Text(ombudsman.name), Text(ombudsman.when), Text(ombudsman.contact or "-"))
    if not profile.ombudsman:
        table.add_row("-", "none named", "-")
    return table


@policy_app.command("show")
def show(name: NameArgument) -> None:
    """Show every rule of a profile: stages, exclusions and what to say, redress, ombudsman."""
    profile = _load(name)
    console = _console()
    console.print(_rules_table(profile))
    for stage in profile.stages:
        console.print(_stage_table(stage))
    console.print(_exclusions_table(profile))
    console.print(_redress_table(profile))
    console.print(_ombudsman_table(profile))


@policy_app.command("check")
def check(
    name: NameArgument,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when the profile departs from the Code.")
    ] = False,
) -> None:
    """List where a profile departs from the Housing Ombudsman's Complaint Handling Code."""
    profile = _load(name)
    console = _console()
    departures = departures_from_code(profile)
    for departure in departures:
        line = Text("WARNING ", style="bold yellow")
        line.append(f"{departure.key}: the Code requires: {departure.requirement} ", "yellow")
        line.append(Text(f"This profile: {departure.finding}"))
        console.print(line)
    for note in code_notes(profile):
        line = Text("NOTE ", style="bold cyan")
        line.append(Text(f"{note.key}: {note.finding}"))
        console.print(line)
    if departures:
        count = len(departures)
        console.print(
            Text(f"{profile.id}: {count} departure{'s' if count != 1 else ''} from the Code.")
        )
        if profile.follows_code:
            console.print(
                Text(
                    f"{profile.id} says it follows the Code but departs from it.",
                    style="bold yellow",
                )
            )
        if strict:
            raise typer.Exit(1)
    else:
        console.print(Text(f"{profile.id}: no departures from the Code."))
