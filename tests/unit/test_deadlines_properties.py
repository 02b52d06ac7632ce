"""Properties of every shipped profile's stage deadlines, for any receipt in the supported years."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from complaints_tui.domain.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    WorkingCalendar,
    calendar_for_profile,
)
from complaints_tui.domain.deadlines import (
    DeadlineKind,
    DeadlineState,
    StageEvents,
    extension_limit,
    stage_deadlines,
)
from complaints_tui.domain.policy import DayUnit, PolicyProfile, load_profile
from complaints_tui.locations import policies_dir

PROFILES = ("hos-code", "derby-homes", "derive", "derwent-living")
receipts = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 31))
gaps = st.none() | st.integers(min_value=0, max_value=90)


@cache
def _setup(name: str) -> tuple[PolicyProfile, WorkingCalendar]:
    profile = load_profile(name, policies_dir())
    return profile, calendar_for_profile(profile)


@st.composite
def stage_cases(draw: st.DrawFn) -> tuple[str, int, StageEvents]:
    """A profile, one of its stages, and dates in order: received <= acknowledged <= responded."""
    name = draw(st.sampled_from(PROFILES))
    profile, _ = _setup(name)
    stage = draw(st.sampled_from([rule.number for rule in profile.stages]))
    received = draw(receipts)
    ack_gap, respond_gap = draw(gaps), draw(gaps)
    acknowledged = received + timedelta(days=ack_gap) if ack_gap is not None else None
    responded = (
        (acknowledged or received) + timedelta(days=respond_gap)
        if respond_gap is not None
        else None
    )
    return name, stage, StageEvents(received, acknowledged_on=acknowledged, responded_on=responded)


@settings(max_examples=400, deadline=None)
@given(case=stage_cases())
def test_working_day_deadlines_fall_on_working_days(case: tuple[str, int, StageEvents]) -> None:
    name, stage, events = case
    profile, cal = _setup(name)
    for deadline in stage_deadlines(profile, stage, events, cal):
        assert deadline.due_on == deadline.original_due_on  # nothing extended here
        if deadline.unit is DayUnit.WORKING:
            assert cal.is_working_day(deadline.due_on), deadline
            assert cal.is_working_day(deadline.clock_started_on), deadline
            # Counted from the effective receipt of the event, never before the event.
            assert deadline.event_on is not None
            assert deadline.clock_started_on == cal.effective_receipt(deadline.event_on)
            assert cal.working_days_between(deadline.clock_started_on, deadline.due_on) == (
                deadline.length
            )
        assert deadline.due_on >= events.received_on
    limit = extension_limit(profile, stage, events, cal)
    if limit is not None:
        assert cal.is_working_day(limit)


@settings(max_examples=400, deadline=None)
@given(case=stage_cases())
def test_acknowledge_then_respond_then_extension(case: tuple[str, int, StageEvents]) -> None:
    name, stage, events = case
    profile, cal = _setup(name)
    deadlines = {d.kind: d for d in stage_deadlines(profile, stage, events, cal)}
    respond = deadlines[DeadlineKind.RESPOND]
    acknowledge = deadlines.get(DeadlineKind.ACKNOWLEDGE)
    if acknowledge is not None:
        # Every shipped profile gives less time to acknowledge than to respond, so strictly.
        assert acknowledge.due_on < respond.due_on
    limit = extension_limit(profile, stage, events, cal)
    if limit is not None:
        assert limit >= respond.due_on
        assert limit > respond.original_due_on  # a cap of at least one day
    # A response clock from the acknowledgement is projected until the acknowledgement is sent.
    assert respond.projected == (
        respond.clock_start.value == "acknowledgement" and events.acknowledged_on is None
    )
    escalate = deadlines.get(DeadlineKind.ESCALATE)
    assert (escalate is not None) == (
        events.responded_on is not None and profile.stage(stage).escalation_window is not None
    )
    if escalate is not None:
        assert events.responded_on is not None
        assert escalate.due_on > events.responded_on


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(PROFILES),
    received=receipts,
    later=st.integers(min_value=0, max_value=40),
)
def test_a_later_receipt_is_never_due_earlier(name: str, received: date, later: int) -> None:
    profile, cal = _setup(name)
    first = stage_deadlines(profile, 1, StageEvents(received), cal)
    second = stage_deadlines(profile, 1, StageEvents(received + timedelta(days=later)), cal)
    for a, b in zip(first, second, strict=True):
        assert a.kind is b.kind
        assert a.due_on <= b.due_on


@settings(max_examples=300, deadline=None)
@given(case=stage_cases(), offset=st.integers(min_value=-30, max_value=60))
def test_only_the_landlord_is_ever_overdue(case: tuple[str, int, StageEvents], offset: int) -> None:
    # An unused escalation window closes; it is never overdue. A landlord duty never "closes".
    name, stage, events = case
    profile, cal = _setup(name)
    for deadline in stage_deadlines(profile, stage, events, cal):
        state = deadline.state(deadline.due_on + timedelta(days=offset), cal)
        if deadline.kind is DeadlineKind.ESCALATE:
            assert state is not DeadlineState.OVERDUE
        else:
            assert state is not DeadlineState.WINDOW_CLOSED
        if offset > 0 and deadline.met_on is None:
            late = (
                DeadlineState.WINDOW_CLOSED
                if deadline.kind is DeadlineKind.ESCALATE
                else DeadlineState.OVERDUE
            )
            assert state is late
