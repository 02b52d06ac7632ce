"""The one deadline engine: a case's stage dates in, its deadlines and its next due date out.

The services store what this returns whenever a stage date changes (`cases.casework`), the import
writes it for historic cases and the demo builder for generated ones, so queues, the dashboard and
the reports all read dates worked out here and nowhere else (SPEC §5).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.deadlines import Deadline, DeadlineKind, StageEvents, stage_deadlines
from complaints_tui.domain.policy import PolicyProfile

# The landlord's duties at a stage; the escalation window is the resident's, never "due".
LANDLORD_DUTIES = frozenset({DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND})


@dataclass(frozen=True)
class StageDates:
    """What has happened at one formal stage (1 and up): the dates a stage row holds.

    received_on: stage 1, the complaint (or the request to go formal); later stages, the
    escalation request. extended_to: the response's latest agreed date, if it was extended.
    """

    number: int
    received_on: date
    acknowledged_on: date | None = None
    extended_to: date | None = None
    responded_on: date | None = None


@dataclass(frozen=True)
class NextDue:
    """The landlord's next unmet duty on a case: what queues sort by and dashboards count."""

    due_on: date
    kind: DeadlineKind


class DueDate(Protocol):
    """A deadline as stored or as worked out: enough to find the next one due."""

    @property
    def stage(self) -> int: ...

    @property
    def kind(self) -> str: ...

    @property
    def due_on(self) -> date: ...

    @property
    def met_on(self) -> date | None: ...


def case_deadlines(
    profile: PolicyProfile, calendar: WorkingCalendar, stages: Sequence[StageDates]
) -> list[Deadline]:
    """Every deadline of every formal stage, in stage order. A stage's escalation window is met
    by the next stage's request. Raises KeyError for a stage the profile lacks and ValueError for
    dates it cannot place (a clock from a response not sent)."""
    found: list[Deadline] = []
    ordered = sorted((row for row in stages if row.number >= 1), key=lambda row: row.number)
    for index, row in enumerate(ordered):
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        events = StageEvents(
            received_on=row.received_on,
            acknowledged_on=row.acknowledged_on,
            extended_to=row.extended_to,
            responded_on=row.responded_on,
            escalated_on=following.received_on if following is not None else None,
        )
        found += stage_deadlines(profile, row.number, events, calendar)
    return found


def next_due(
    profile: PolicyProfile,
    calendar: WorkingCalendar,
    *,
    waiting: bool,
    stage: int,
    received_on: date,
    deadlines: Iterable[DueDate],
) -> NextDue | None:
    """The earliest unmet acknowledge or respond of the case's current stage.

    `waiting`: the case waits for the landlord (status open); any other case has nothing due.
    A complaint not yet formal (stage 0) shows when stage 1 would be due, its clock running
    from receipt.
    """
    if not waiting:
        return None
    if stage == 0:
        first = stage_deadlines(profile, 1, StageEvents(received_on=received_on), calendar)[0]
        return NextDue(first.due_on, first.kind)
    pending = [
        d for d in deadlines if d.stage == stage and d.kind in LANDLORD_DUTIES and d.met_on is None
    ]
    if not pending:
        return None
    first_due = min(pending, key=lambda d: (d.due_on, str(d.kind)))
    return NextDue(first_due.due_on, DeadlineKind(first_due.kind))
