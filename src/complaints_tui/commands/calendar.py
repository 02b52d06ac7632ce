"""`complaints calendar close|reopen|list`: the office's closure days (a Christmas shut-down).

Closing or reopening a day is an administrator's act: `--as NAME` names the administrator,
else the first active one is used. Under a profile that counts closure days as working days
(the statutory Code) it prints the warning; otherwise how many open cases were recomputed.
A bad date, a weekend or bank holiday, a day closed twice or a user who may not do it is one
sentence on stderr and exit 2.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from complaints_tui.commands.common import (
    acting_as,
    fail,
    one_sentence,
    reading_store,
    say,
    writing_store,
)

calendar_app = typer.Typer(
    no_args_is_help=True,
    help="Office closure days: record, reopen and list them (administrator).",
)

DateArgument = Annotated[str, typer.Argument(help="The day, YYYY-MM-DD.")]
AsOption = Annotated[
    str | None,
    typer.Option("--as", help="The administrator doing it (default: the first active one)."),
]


def _day(value: str) -> date:
    from complaints_tui.commands.deadlines import date_option

    day = date_option("DATE", value)
    assert day is not None  # a value was given
    return day


def _change(day_text: str, reason: str | None, who: str | None) -> None:
    from complaints_tui.services.closures import close_day, reopen_day
    from complaints_tui.services.errors import ServiceError

    day = _day(day_text)
    with one_sentence():
        store = writing_store()
        try:
            actor = acting_as(store, who)
            if reason is None:
                change = reopen_day(store, actor, day)
            else:
                change = close_day(store, actor, day, reason)
        except ServiceError as error:
            raise fail(str(error), 2) from error
        finally:
            store.close()
    for line in change.sentences():
        say(line)


@calendar_app.command("close")
def close_command(
    day: DateArgument,
    reason: Annotated[str, typer.Option("--reason", help="Why the office is closed.")],
    who: AsOption = None,
) -> None:
    """Record DATE as an office closure day; prints how many open cases' deadlines moved, or
    why none can (the Code counts closure days as working days)."""
    _change(day, reason, who)


@calendar_app.command("reopen")
def reopen_command(day: DateArgument, who: AsOption = None) -> None:
    """Make DATE a working day again; the deadlines it had moved move back."""
    _change(day, None, who)


@calendar_app.command("list")
def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """The office closure days recorded, earliest first."""
    from complaints_tui.domain.deadlines import describe_date
    from complaints_tui.services.closures import list_closures

    with one_sentence():
        store = reading_store()
        try:
            closures = list_closures(store)
        finally:
            store.close()
    if as_json:
        rows = [
            {
                "day": c.day.isoformat(),
                "reason": c.reason,
                "closed_by": c.closed_by,
                "closed_at": c.closed_at.isoformat(),
            }
            for c in closures
        ]
        say(json.dumps({"closures": rows}, ensure_ascii=False))
        return
    if not closures:
        say("No office closure days are recorded.")
        return
    for c in closures:
        say(f"{describe_date(c.day)}: {c.reason} (recorded by {c.closed_by})")
