"""Stage deadlines for the four shipped profiles. Expected dates were counted by hand on a calendar
(Easter 2026: Good Friday 3 April, Easter Monday 6 April; Easter 2027: 26 and 29 March; May Day
2026: 4 May; Spring bank holiday 2026: 25 May)."""

from __future__ import annotations

from datetime import date

import pytest

from complaints_tui.domain.calendar import SkippedDay, WorkingCalendar, calendar_for
from complaints_tui.domain.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineState,
    ExtensionRefused,
    StageEvents,
    check_extension,
    deadline_state,
    escalate_by,
    extension_limit,
    stage_deadlines,
)
from complaints_tui.domain.policy import ClockStart, DayUnit, PolicyProfile, load_profile
from complaints_tui.locations import policies_dir


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return calendar_for()


def profile(name: str) -> PolicyProfile:
    return load_profile(name, policies_dir())


def by_kind(deadlines: list[Deadline]) -> dict[DeadlineKind, Deadline]:
    return {d.kind: d for d in deadlines}


def due_dates(deadlines: list[Deadline]) -> dict[str, date]:
    return {d.kind.value: d.due_on for d in deadlines}


# -- SPEC §5 worked examples (statutory Code) -----------------------------------------------------


def test_spec_christmas_receipt(cal: WorkingCalendar) -> None:
    ack = by_kind(stage_deadlines(profile("hos-code"), 1, StageEvents(date(2025, 12, 18)), cal))
    assert ack[DeadlineKind.ACKNOWLEDGE].due_on == date(2025, 12, 29)


def test_spec_weekend_receipt_before_bank_holiday(cal: WorkingCalendar) -> None:
    deadlines = stage_deadlines(profile("hos-code"), 1, StageEvents(date(2025, 8, 23)), cal)
    ack = by_kind(deadlines)[DeadlineKind.ACKNOWLEDGE]
    assert ack.clock_started_on == date(2025, 8, 26)
    assert ack.due_on == date(2025, 9, 2)
    # Explained from the day it arrived, which is skipped too (it counts as received on the next
    # working day): Saturday, Sunday, the bank holiday, then the next weekend.
    assert ack.explain(cal) == [
        SkippedDay(date(2025, 8, 23), "Saturday"),
        SkippedDay(date(2025, 8, 24), "Sunday"),
        SkippedDay(date(2025, 8, 25), "Late Summer Bank Holiday"),
        SkippedDay(date(2025, 8, 30), "Saturday"),
        SkippedDay(date(2025, 8, 31), "Sunday"),
    ]


def test_spec_response_and_extension_limit(cal: WorkingCalendar) -> None:
    code = profile("hos-code")
    events = StageEvents(date(2025, 12, 29), acknowledged_on=date(2026, 1, 5))
    respond = by_kind(stage_deadlines(code, 1, events, cal))[DeadlineKind.RESPOND]
    assert respond.due_on == date(2026, 1, 19)
    assert not respond.projected
    assert respond.clock_start is ClockStart.ACKNOWLEDGEMENT
    assert extension_limit(code, 1, events, cal) == date(2026, 2, 2)


# -- the four profiles around Easter 2026 ---------------------------------------------------------


def test_hos_code_stage1_over_easter_2026(cal: WorkingCalendar) -> None:
    code = profile("hos-code")
    # Received Wednesday 1 April: Thu 2 is day 1, then Good Friday and Easter Monday are skipped.
    unacknowledged = by_kind(stage_deadlines(code, 1, StageEvents(date(2026, 4, 1)), cal))
    assert unacknowledged[DeadlineKind.ACKNOWLEDGE].due_on == date(2026, 4, 10)
    projected = unacknowledged[DeadlineKind.RESPOND]
    assert projected.projected
    assert projected.clock_started_on == date(2026, 4, 10)
    assert projected.due_on == date(2026, 4, 24)
    # Acknowledged the next day: 10 WD from Thursday 2 April is Monday 20 April.
    events = StageEvents(date(2026, 4, 1), acknowledged_on=date(2026, 4, 2))
    acknowledged = by_kind(stage_deadlines(code, 1, events, cal))
    assert acknowledged[DeadlineKind.RESPOND].due_on == date(2026, 4, 20)
    assert not acknowledged[DeadlineKind.RESPOND].projected
    assert acknowledged[DeadlineKind.ACKNOWLEDGE].met_on == date(2026, 4, 2)
    # The extension limit skips May Day (Monday 4 May): Tuesday 5 May.
    assert extension_limit(code, 1, events, cal) == date(2026, 5, 5)
    assert DeadlineKind.ESCALATE not in acknowledged  # the Code sets no window


def test_derby_homes_stage2_received_on_good_friday(cal: WorkingCalendar) -> None:
    derby = profile("derby-homes")
    events = StageEvents(date(2026, 4, 3), acknowledged_on=date(2026, 4, 14))
    deadlines = by_kind(stage_deadlines(derby, 2, events, cal))
    ack = deadlines[DeadlineKind.ACKNOWLEDGE]
    assert ack.clock_started_on == date(2026, 4, 7)  # effective receipt after Easter Monday
    assert ack.due_on == date(2026, 4, 14)
    assert deadlines[DeadlineKind.ACKNOWLEDGE].state(date(2026, 4, 20), cal) is DeadlineState.MET
    # 20 WD from Tuesday 14 April, skipping May Day: Wednesday 13 May.
    assert deadlines[DeadlineKind.RESPOND].due_on == date(2026, 5, 13)
    # 20 more WD, skipping the Spring bank holiday (25 May): Thursday 11 June.
    assert extension_limit(derby, 2, events, cal) == date(2026, 6, 11)


def test_derive_stage1_over_easter_2026_with_calendar_day_window(cal: WorkingCalendar) -> None:
    derive = profile("derive")
    deadlines = stage_deadlines(derive, 1, StageEvents(date(2026, 4, 2)), cal)
    assert due_dates(deadlines) == {
        "acknowledge": date(2026, 4, 8),
        "respond": date(2026, 4, 20),  # 10 WD from receipt, not from acknowledgement
    }
    responded = StageEvents(date(2026, 4, 2), responded_on=date(2026, 4, 17))
    escalate = by_kind(stage_deadlines(derive, 1, responded, cal))[DeadlineKind.ESCALATE]
    assert escalate.unit is DayUnit.CALENDAR
    assert escalate.due_on == date(2026, 4, 27)  # 10 calendar days
    assert escalate.explain(cal) == []
    # Calendar days are not moved off a weekend: Wed 22 April + 10 days = Saturday 2 May.
    assert escalate_by(derive, 1, date(2026, 4, 22), cal) == date(2026, 5, 2)
    assert extension_limit(derive, 1, responded, cal) is None  # no extension rule at all


def test_derwent_living_stage1_across_christmas_2026(cal: WorkingCalendar) -> None:
    derwent = profile("derwent-living")
    events = StageEvents(date(2026, 12, 24), responded_on=date(2027, 1, 12))
    deadlines = stage_deadlines(derwent, 1, events, cal)
    # Fri 25, Sat 26, Sun 27, Mon 28 (Boxing Day substitute) skipped; 1 Jan 2027 skipped.
    assert due_dates(deadlines) == {
        "acknowledge": date(2026, 12, 30),
        "respond": date(2027, 1, 12),
        "escalate": date(2027, 2, 9),  # 20 WD from the response
    }
    respond = by_kind(deadlines)[DeadlineKind.RESPOND]
    assert respond.state(date(2027, 1, 20), cal) is DeadlineState.MET
    assert [s.reason for s in by_kind(deadlines)[DeadlineKind.ACKNOWLEDGE].explain(cal)] == [
        "Christmas Day",
        "Saturday (Boxing Day)",
        "Sunday",
        "Boxing Day (substitute day)",
    ]
    assert extension_limit(derwent, 1, events, cal) is None  # agreed by phone, no cap


# -- Christmas 2027 / New Year 2028 ---------------------------------------------------------------


def test_hos_code_across_christmas_2027_and_new_year_2028(cal: WorkingCalendar) -> None:
    code = profile("hos-code")
    # Received Thu 23 Dec 2027: Fri 24 is day 1; 25-28 Dec and 1-3 Jan are off.
    ack = by_kind(stage_deadlines(code, 1, StageEvents(date(2027, 12, 23)), cal))
    assert ack[DeadlineKind.ACKNOWLEDGE].due_on == date(2028, 1, 4)
    events = StageEvents(date(2027, 12, 23), acknowledged_on=date(2027, 12, 24))
    assert by_kind(stage_deadlines(code, 1, events, cal))[DeadlineKind.RESPOND].due_on == date(
        2028, 1, 12
    )
    assert extension_limit(code, 1, events, cal) == date(2028, 1, 26)


def test_receipt_on_a_substitute_day(cal: WorkingCalendar) -> None:
    # Received on Tuesday 28 Dec 2027 (Boxing Day substitute): counts as Wednesday 29th.
    derby = profile("derby-homes")
    ack = by_kind(stage_deadlines(derby, 1, StageEvents(date(2027, 12, 28)), cal))
    assert ack[DeadlineKind.ACKNOWLEDGE].clock_started_on == date(2027, 12, 29)
    # 30, 31, then 1-3 Jan off, 4, 5, 6: Thursday 6 January 2028.
    assert ack[DeadlineKind.ACKNOWLEDGE].due_on == date(2028, 1, 6)


# -- Easter 2027 ----------------------------------------------------------------------------------


def test_derby_homes_stage1_easter_2027_projected(cal: WorkingCalendar) -> None:
    derby = profile("derby-homes")
    deadlines = by_kind(stage_deadlines(derby, 1, StageEvents(date(2027, 3, 25)), cal))
    assert deadlines[DeadlineKind.ACKNOWLEDGE].due_on == date(2027, 4, 5)
    respond = deadlines[DeadlineKind.RESPOND]
    assert respond.projected
    assert respond.due_on == date(2027, 4, 19)


def test_derwent_living_final_stage_has_no_acknowledgement(cal: WorkingCalendar) -> None:
    derwent = profile("derwent-living")
    deadlines = stage_deadlines(derwent, 3, StageEvents(date(2027, 3, 24)), cal)
    assert [d.kind for d in deadlines] == [DeadlineKind.RESPOND]
    assert deadlines[0].due_on == date(2027, 4, 9)


def test_derive_stage2_received_on_easter_sunday_2027(cal: WorkingCalendar) -> None:
    derive = profile("derive")
    deadlines = stage_deadlines(derive, 2, StageEvents(date(2027, 3, 28)), cal)
    assert all(d.clock_started_on == date(2027, 3, 30) for d in deadlines)
    assert due_dates(deadlines) == {"acknowledge": date(2027, 4, 1), "respond": date(2027, 4, 13)}


def test_escalation_deadline_only_once_responded(cal: WorkingCalendar) -> None:
    derwent = profile("derwent-living")
    open_stage = stage_deadlines(derwent, 1, StageEvents(date(2026, 12, 24)), cal)
    assert DeadlineKind.ESCALATE not in by_kind(open_stage)
    assert escalate_by(profile("hos-code"), 1, date(2026, 1, 19), cal) is None
    assert escalate_by(derwent, 1, date(2027, 1, 12), cal) == date(2027, 2, 9)


def test_escalation_met_by_the_next_stage_request(cal: WorkingCalendar) -> None:
    derive = profile("derive")
    on_time = StageEvents(
        date(2026, 4, 2), responded_on=date(2026, 4, 17), escalated_on=date(2026, 4, 27)
    )
    late = StageEvents(
        date(2026, 4, 2), responded_on=date(2026, 4, 17), escalated_on=date(2026, 4, 28)
    )
    today = date(2026, 5, 1)
    assert by_kind(stage_deadlines(derive, 1, on_time, cal))[DeadlineKind.ESCALATE].state(
        today, cal
    ) is (DeadlineState.MET)
    assert by_kind(stage_deadlines(derive, 1, late, cal))[DeadlineKind.ESCALATE].state(
        today, cal
    ) is (DeadlineState.MET_LATE)


def test_escalation_window_passing_unused_is_window_closed_not_overdue(
    cal: WorkingCalendar,
) -> None:
    # Derwent: responded Tue 12 Jan 2027, 20 WD window to Tue 9 Feb 2027 (counted by hand:
    # 13-15 Jan 3, 18-22 8, 25-29 13, 1-5 Feb 18, 8 and 9 Feb 20).
    derwent = profile("derwent-living")
    events = StageEvents(date(2026, 12, 24), responded_on=date(2027, 1, 12))
    deadlines = by_kind(stage_deadlines(derwent, 1, events, cal))
    escalate = deadlines[DeadlineKind.ESCALATE]
    assert escalate.due_on == date(2027, 2, 9)
    assert escalate.state(date(2027, 2, 9), cal) is DeadlineState.DUE_TODAY
    # The resident did not ask by then: nobody is late, the window simply closed.
    assert escalate.state(date(2027, 2, 10), cal) is DeadlineState.WINDOW_CLOSED
    assert escalate.state(date(2028, 1, 1), cal) is DeadlineState.WINDOW_CLOSED
    # The landlord's own deadlines still go overdue (acknowledgement never recorded here).
    assert deadlines[DeadlineKind.ACKNOWLEDGE].state(date(2027, 2, 10), cal) is (
        DeadlineState.OVERDUE
    )
    # Derive's window is in calendar days: Fri 17 April 2026 + 10 = Mon 27 April.
    derive = profile("derive")
    responded = StageEvents(date(2026, 4, 2), responded_on=date(2026, 4, 17))
    window = by_kind(stage_deadlines(derive, 1, responded, cal))[DeadlineKind.ESCALATE]
    assert window.state(date(2026, 4, 28), cal) is DeadlineState.WINDOW_CLOSED


@pytest.mark.parametrize("kind", [DeadlineKind.ESCALATE, "escalate"])
def test_deadline_state_knows_an_escalation_window(
    cal: WorkingCalendar, kind: DeadlineKind | str
) -> None:
    # As stored (a plain string kind) or as the enum.
    after = date(2025, 12, 30)
    assert deadline_state(ACK_DUE, None, after, cal, kind=kind) is DeadlineState.WINDOW_CLOSED
    assert deadline_state(ACK_DUE, None, ACK_DUE, cal, kind=kind) is DeadlineState.DUE_TODAY
    assert deadline_state(ACK_DUE, ACK_DUE, after, cal, kind=kind) is DeadlineState.MET
    assert deadline_state(ACK_DUE, after, after, cal, kind=kind) is DeadlineState.MET_LATE
    for duty in (DeadlineKind.ACKNOWLEDGE, "respond", None):
        assert deadline_state(ACK_DUE, None, after, cal, kind=duty) is DeadlineState.OVERDUE


def test_unknown_stage_is_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(KeyError, match="no stage 3"):
        stage_deadlines(profile("hos-code"), 3, StageEvents(date(2026, 1, 5)), cal)


# -- extensions -----------------------------------------------------------------------------------

SPEC_EVENTS = StageEvents(date(2025, 12, 29), acknowledged_on=date(2026, 1, 5))


def test_extension_within_the_cap_needs_no_reason(cal: WorkingCalendar) -> None:
    check_extension(profile("hos-code"), 1, SPEC_EVENTS, date(2026, 2, 2), None, cal)
    check_extension(profile("hos-code"), 1, SPEC_EVENTS, date(2026, 1, 20), "", cal)


def test_extension_beyond_the_cap_needs_a_good_reason(cal: WorkingCalendar) -> None:
    code = profile("hos-code")
    for reason in (None, "", "   "):
        with pytest.raises(ExtensionRefused, match="Monday 2 February 2026") as refused:
            check_extension(code, 1, SPEC_EVENTS, date(2026, 2, 3), reason, cal)
        assert "good reason" in str(refused.value)
    check_extension(code, 1, SPEC_EVENTS, date(2026, 2, 3), "Awaiting the surveyor's report", cal)


def test_extension_must_move_the_date_later(cal: WorkingCalendar) -> None:
    with pytest.raises(ExtensionRefused, match="after the current respond-by date"):
        check_extension(profile("hos-code"), 1, SPEC_EVENTS, date(2026, 1, 19), "x", cal)
    extended = StageEvents(
        date(2025, 12, 29),
        acknowledged_on=date(2026, 1, 5),
        extended_to=date(2026, 1, 26),
        extension_reason="contractor access",
    )
    with pytest.raises(ExtensionRefused, match="Monday 26 January 2026"):
        check_extension(profile("hos-code"), 1, extended, date(2026, 1, 23), None, cal)
    # The cap still runs from the original date, not the extended one.
    assert extension_limit(profile("hos-code"), 1, extended, cal) == date(2026, 2, 2)


def test_extended_deadline_keeps_its_original_date(cal: WorkingCalendar) -> None:
    extended = StageEvents(
        date(2025, 12, 29), acknowledged_on=date(2026, 1, 5), extended_to=date(2026, 1, 26)
    )
    respond = by_kind(stage_deadlines(profile("hos-code"), 1, extended, cal))[DeadlineKind.RESPOND]
    assert respond.extended
    assert respond.due_on == date(2026, 1, 26)
    assert respond.original_due_on == date(2026, 1, 19)


def test_extension_to_a_non_working_day_is_refused(cal: WorkingCalendar) -> None:
    code = profile("hos-code")
    # Acknowledged Mon 7 Dec 2026: respond by Mon 21 Dec; the cap is Thursday 7 January 2027.
    events = StageEvents(date(2026, 12, 1), acknowledged_on=date(2026, 12, 7))
    assert extension_limit(code, 1, events, cal) == date(2027, 1, 7)
    with pytest.raises(ExtensionRefused, match=r"Christmas Day"):
        check_extension(code, 1, events, date(2026, 12, 25), "reason", cal)
    with pytest.raises(ExtensionRefused, match=r"Boxing Day \(substitute day\)"):
        check_extension(code, 1, events, date(2026, 12, 28), "reason", cal)
    with pytest.raises(ExtensionRefused, match="Saturday"):
        check_extension(code, 1, events, date(2027, 1, 2), None, cal)
    check_extension(code, 1, events, date(2027, 1, 7), None, cal)


def test_profile_without_extensions_needs_a_reason(cal: WorkingCalendar) -> None:
    derive = profile("derive")
    events = StageEvents(date(2026, 4, 2))
    with pytest.raises(ExtensionRefused, match="no provision"):
        check_extension(derive, 1, events, date(2026, 4, 21), None, cal)
    check_extension(derive, 1, events, date(2026, 4, 21), "Resident asked for a visit first", cal)


def test_uncapped_extension_rule_allows_any_later_working_day(cal: WorkingCalendar) -> None:
    check_extension(
        profile("derwent-living"), 1, StageEvents(date(2026, 12, 24)), date(2027, 3, 1), None, cal
    )


# -- states ---------------------------------------------------------------------------------------

ACK_DUE = date(2025, 12, 29)  # Monday after Christmas 2025


@pytest.mark.parametrize(
    ("met_on", "today", "expected"),
    [
        (date(2025, 12, 29), date(2026, 1, 10), DeadlineState.MET),
        (date(2025, 12, 22), date(2025, 12, 22), DeadlineState.MET),
        (date(2025, 12, 30), date(2026, 1, 10), DeadlineState.MET_LATE),
        (None, date(2025, 12, 30), DeadlineState.OVERDUE),
        (None, date(2025, 12, 29), DeadlineState.DUE_TODAY),
        # Wed 24 Dec: only Mon 29 is left (Christmas, Boxing Day, the weekend are off).
        (None, date(2025, 12, 24), DeadlineState.DUE_SOON),
        # Tue 23 Dec: 24 and 29 left.
        (None, date(2025, 12, 23), DeadlineState.DUE_SOON),
        # Mon 22 Dec: 23, 24, 29 left - a week away in calendar days, three working days.
        (None, date(2025, 12, 22), DeadlineState.UPCOMING),
        (None, date(2025, 12, 26), DeadlineState.DUE_SOON),  # Boxing Day itself
    ],
)
def test_deadline_states(
    cal: WorkingCalendar, met_on: date | None, today: date, expected: DeadlineState
) -> None:
    assert deadline_state(ACK_DUE, met_on, today, cal) is expected


def test_due_soon_window_is_configurable(cal: WorkingCalendar) -> None:
    assert deadline_state(ACK_DUE, None, date(2025, 12, 22), cal, 3) is DeadlineState.DUE_SOON
    assert deadline_state(ACK_DUE, None, date(2025, 12, 24), cal, 0) is DeadlineState.UPCOMING


def test_states_have_symbols_and_labels() -> None:
    symbols = [state.symbol for state in DeadlineState]
    assert len(set(symbols)) == len(symbols)
    assert all(symbols)
    assert DeadlineState.MET_LATE.label == "met late"
    assert DeadlineState.WINDOW_CLOSED.label == "window closed"
    assert DeadlineState.WINDOW_CLOSED.symbol != DeadlineState.OVERDUE.symbol
    assert all(state.label for state in DeadlineState)
    assert DeadlineState.DUE_SOON.value == "due_soon"
    assert [k.value for k in DeadlineKind] == ["acknowledge", "respond", "escalate"]
