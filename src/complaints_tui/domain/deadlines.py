"""A stage's deadlines under a policy profile: acknowledge, respond, escalate (SPEC §4–§5).

Everything here is pure: a profile, the dates that have happened at a stage, and a working
calendar go in; plain frozen dataclasses come out. Nothing is stored or looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from complaints_tui.domain.calendar import SkippedDay, WorkingCalendar
from complaints_tui.domain.policy import (
    ClockStart,
    DayUnit,
    PolicyProfile,
    StageRule,
)


class DeadlineKind(StrEnum):
    ACKNOWLEDGE = "acknowledge"
    RESPOND = "respond"
    ESCALATE = "escalate"

    @property
    def label(self) -> str:
        return {"acknowledge": "Acknowledge", "respond": "Respond", "escalate": "Escalate"}[self]


_SYMBOLS = {
    "upcoming": "·",
    "due_soon": "◔",
    "due_today": "●",
    "overdue": "✖",
    "met": "✔",
    "met_late": "✔!",
    "window_closed": "⊘",
}
_LABELS = {
    "upcoming": "upcoming",
    "due_soon": "due soon",
    "due_today": "due today",
    "overdue": "overdue",
    "met": "met",
    "met_late": "met late",
    "window_closed": "window closed",
}


class DeadlineState(StrEnum):
    """Where a deadline stands; `symbol` and `label` carry it where colour cannot.

    WINDOW_CLOSED is the resident's escalation window passing without a request: nobody is late,
    so it is not OVERDUE (which is always the landlord missing a duty) and must not be counted
    with it.
    """

    UPCOMING = "upcoming"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    MET = "met"
    MET_LATE = "met_late"
    WINDOW_CLOSED = "window_closed"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self.value]

    @property
    def label(self) -> str:
        return _LABELS[self.value]


# "Due soon" on every screen and count: due after today and at most this many working days after
# it (the queues, the case view and the dashboard say the same of a deadline).
DUE_SOON_DAYS = 3


class ExtensionRefused(Exception):
    """An extension the profile does not allow; the message is the sentence the user sees."""


@dataclass(frozen=True)
class StageEvents:
    """What has happened at one stage so far.

    received_on: stage 1, the complaint was received; stage 2 and later, the escalation request.
    escalated_on: when the resident asked for the next stage (that stage's received_on); it meets
    this stage's escalation window.
    """

    received_on: date
    acknowledged_on: date | None = None
    extended_to: date | None = None
    extension_reason: str | None = None
    responded_on: date | None = None
    escalated_on: date | None = None


@dataclass(frozen=True)
class Deadline:
    """One deadline of a stage, with how it was reached.

    clock_started_on is the day the clock ran from after the effective-receipt rule (for working
    days); event_on is the day the starting event happened (or is projected to happen).
    projected: the starting event has not happened yet, so the clock runs from the earlier
    deadline's due date (a response due date before the complaint is acknowledged).
    """

    kind: DeadlineKind
    stage: int
    clock_start: ClockStart
    clock_started_on: date
    projected: bool
    length: int
    unit: DayUnit
    due_on: date
    original_due_on: date
    extended: bool
    met_on: date | None
    event_on: date | None = None

    def state(
        self, today: date, calendar: WorkingCalendar, due_soon_days: int = 2
    ) -> DeadlineState:
        return deadline_state(
            self.due_on, self.met_on, today, calendar, due_soon_days, kind=self.kind
        )

    def explain(self, calendar: WorkingCalendar) -> list[SkippedDay]:
        """The non-working days the clock skipped, from the starting event to the due date.

        Calendar-day deadlines skip nothing, so they explain nothing.
        """
        if self.unit is DayUnit.CALENDAR:
            return []
        start = self.event_on if self.event_on is not None else self.clock_started_on
        return calendar.explain(start, self.due_on)


def describe_date(day: date) -> str:
    """A date as a sentence says it: "Monday 2 February 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def deadline_state(
    due_on: date,
    met_on: date | None,
    today: date,
    calendar: WorkingCalendar,
    due_soon_days: int = 2,
    *,
    kind: DeadlineKind | str | None = None,
) -> DeadlineState:
    """Met, met late, overdue, due today, due soon (within `due_soon_days` WD) or upcoming.

    For an escalation window (`kind` "escalate", as a DeadlineKind or as stored) met_on is the
    day the resident asked for the next stage, and a window that passed without a request is
    WINDOW_CLOSED, not OVERDUE. Without `kind` every deadline is treated as the landlord's duty.
    """
    if met_on is not None:
        return DeadlineState.MET if met_on <= due_on else DeadlineState.MET_LATE
    if today > due_on:
        if kind == DeadlineKind.ESCALATE:
            return DeadlineState.WINDOW_CLOSED
        return DeadlineState.OVERDUE
    if today == due_on:
        return DeadlineState.DUE_TODAY
    if calendar.working_days_between(today, due_on) <= due_soon_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.UPCOMING


def _deadline(
    kind: DeadlineKind,
    stage: int,
    clock_start: ClockStart,
    length: int,
    unit: DayUnit,
    event_on: date,
    projected: bool,
    met_on: date | None,
    calendar: WorkingCalendar,
    extended_to: date | None = None,
) -> Deadline:
    working = unit is DayUnit.WORKING
    clock_started_on = calendar.effective_receipt(event_on) if working else event_on
    due = calendar.due_date(event_on, length, unit)
    return Deadline(
        kind=kind,
        stage=stage,
        clock_start=clock_start,
        clock_started_on=clock_started_on,
        projected=projected,
        length=length,
        unit=unit,
        due_on=extended_to if extended_to is not None else due,
        original_due_on=due,
        extended=extended_to is not None,
        met_on=met_on,
        event_on=event_on,
    )


def _acknowledge(
    rule: StageRule, events: StageEvents, calendar: WorkingCalendar
) -> Deadline | None:
    period = rule.acknowledge
    if period is None:
        return None
    event_on, projected = _clock_event(period.clock_start, events, None)
    return _deadline(
        DeadlineKind.ACKNOWLEDGE,
        rule.number,
        period.clock_start,
        period.days,
        period.unit,
        event_on,
        projected,
        events.acknowledged_on,
        calendar,
    )


def _clock_event(
    clock_start: ClockStart, events: StageEvents, acknowledge: Deadline | None
) -> tuple[date, bool]:
    """The day a clock runs from, and whether it is projected rather than known."""
    if clock_start is ClockStart.ACKNOWLEDGEMENT:
        if events.acknowledged_on is not None:
            return events.acknowledged_on, False
        if acknowledge is not None:
            return acknowledge.original_due_on, True
        # A stage with no acknowledgement deadline: the earliest it can be is on receipt.
        return events.received_on, True
    if clock_start is ClockStart.RESPONSE:
        if events.responded_on is not None:
            return events.responded_on, False
        raise ValueError("a clock from the response cannot start before the response is sent")
    return events.received_on, False


def _respond(
    rule: StageRule,
    events: StageEvents,
    acknowledge: Deadline | None,
    calendar: WorkingCalendar,
) -> Deadline:
    period = rule.respond
    event_on, projected = _clock_event(period.clock_start, events, acknowledge)
    return _deadline(
        DeadlineKind.RESPOND,
        rule.number,
        period.clock_start,
        period.days,
        period.unit,
        event_on,
        projected,
        events.responded_on,
        calendar,
        extended_to=events.extended_to,
    )


def _stage_rule(profile: PolicyProfile, stage: int) -> StageRule:
    try:
        return profile.stage(stage)
    except KeyError:
        numbers = ", ".join(str(rule.number) for rule in profile.stages)
        raise KeyError(f"{profile.name} has no stage {stage} (its stages: {numbers})") from None


def stage_deadlines(
    profile: PolicyProfile, stage: int, events: StageEvents, calendar: WorkingCalendar
) -> list[Deadline]:
    """Acknowledge (if the stage has one), respond, and escalate (once the response is sent,
    if the stage has an escalation window).

    A response clock that runs from acknowledgement is projected from the acknowledgement
    deadline until the acknowledgement date is known. Raises KeyError for a stage the profile
    lacks.
    """
    rule = _stage_rule(profile, stage)
    acknowledge = _acknowledge(rule, events, calendar)
    deadlines = [] if acknowledge is None else [acknowledge]
    deadlines.append(_respond(rule, events, acknowledge, calendar))
    window = rule.escalation_window
    if window is not None and events.responded_on is not None:
        deadlines.append(
            _deadline(
                DeadlineKind.ESCALATE,
                rule.number,
                ClockStart.RESPONSE,
                window.days,
                window.unit,
                events.responded_on,
                False,
                events.escalated_on,
                calendar,
            )
        )
    return deadlines


def _respond_deadline(
    profile: PolicyProfile, stage: int, events: StageEvents, calendar: WorkingCalendar
) -> Deadline:
    rule = _stage_rule(profile, stage)
    return _respond(rule, events, _acknowledge(rule, events, calendar), calendar)


def extension_limit(
    profile: PolicyProfile, stage: int, events: StageEvents, calendar: WorkingCalendar
) -> date | None:
    """The latest date an extension may reach without a good reason: the original respond-by
    date plus the profile's extension cap in its unit. None where there is no cap or no rule."""
    rule = _stage_rule(profile, stage)
    extension = rule.extension
    if extension is None or extension.max_days is None:
        return None
    original = _respond_deadline(profile, stage, events, calendar).original_due_on
    if extension.unit is DayUnit.CALENDAR:
        return original + timedelta(days=extension.max_days)
    return calendar.add_working_days(original, extension.max_days)


def check_extension(
    profile: PolicyProfile,
    stage: int,
    events: StageEvents,
    new_date: date,
    reason: str | None,
    calendar: WorkingCalendar,
) -> None:
    """Raise ExtensionRefused, with the sentence to show, if the response may not move to
    `new_date`. Beyond the cap (or where the profile makes no provision for extensions) an
    extension needs a recorded good reason; it must land on a working day after the current date.
    """
    rule = _stage_rule(profile, stage)
    current = _respond_deadline(profile, stage, events, calendar).due_on
    if new_date <= current:
        raise ExtensionRefused(
            f"The new date must be after the current respond-by date, {describe_date(current)}."
        )
    why_not = calendar.non_working_reason(new_date)
    if why_not is not None:
        raise ExtensionRefused(
            f"{describe_date(new_date)} is not a working day ({why_not}); choose a working day."
        )
    has_reason = bool(reason and reason.strip())
    if rule.extension is None:
        if not has_reason:
            raise ExtensionRefused(
                f"{profile.name} makes no provision for extending a stage {stage} response; "
                "record a good reason to extend it."
            )
        return
    limit = extension_limit(profile, stage, events, calendar)
    if limit is not None and new_date > limit and not has_reason:
        unit = "working days" if rule.extension.unit is DayUnit.WORKING else "days"
        raise ExtensionRefused(
            f"{describe_date(new_date)} is beyond the latest extension without a good reason, "
            f"{describe_date(limit)} ({rule.extension.max_days} {unit}); "
            "record a good reason to go further."
        )


def escalate_by(
    profile: PolicyProfile, stage: int, responded_on: date, calendar: WorkingCalendar
) -> date | None:
    """The last day to ask for the next stage, counted from the response; None if no window."""
    window = _stage_rule(profile, stage).escalation_window
    if window is None:
        return None
    return calendar.due_date(responded_on, window.days, window.unit)
