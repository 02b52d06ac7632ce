"""Working days in England and Wales. Every expected date was counted by hand on a calendar."""

from __future__ import annotations

from datetime import date

import pytest

from complaints_tui.domain.calendar import (
    DateOutOfRange,
    SkippedDay,
    WorkingCalendar,
    calendar_for,
    calendar_for_profile,
)
from complaints_tui.domain.policy import DayUnit, PolicyProfile, load_profile
from complaints_tui.locations import policies_dir

WD = DayUnit.WORKING
CAL = DayUnit.CALENDAR


@pytest.fixture(scope="module")
def cal() -> WorkingCalendar:
    return calendar_for()


# -- single days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        (date(2025, 12, 20), "Saturday"),
        (date(2025, 12, 21), "Sunday"),
        (date(2025, 12, 25), "Christmas Day"),
        (date(2025, 12, 26), "Boxing Day"),
        (date(2025, 8, 25), "Late Summer Bank Holiday"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 5, 4), "May Day"),
        (date(2026, 5, 25), "Spring Bank Holiday"),
        # 2026: Boxing Day is a Saturday, Monday 28th is the substitute.
        (date(2026, 12, 26), "Saturday (Boxing Day)"),
        (date(2026, 12, 28), "Boxing Day (substitute day)"),
        (date(2027, 3, 26), "Good Friday"),
        (date(2027, 3, 29), "Easter Monday"),
        # 2027: Christmas on Saturday, Boxing Day on Sunday: Monday 27th and Tuesday 28th.
        (date(2027, 12, 25), "Saturday (Christmas Day)"),
        (date(2027, 12, 26), "Sunday (Boxing Day)"),
        (date(2027, 12, 27), "Christmas Day (substitute day)"),
        (date(2027, 12, 28), "Boxing Day (substitute day)"),
        # 1 January 2028 is a Saturday: Monday 3rd is the substitute.
        (date(2028, 1, 1), "Saturday (New Year's Day)"),
        (date(2028, 1, 3), "New Year's Day (substitute day)"),
    ],
)
def test_non_working_days_say_why(cal: WorkingCalendar, day: date, reason: str) -> None:
    assert not cal.is_working_day(day)
    assert cal.non_working_reason(day) == reason


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 12, 24),  # Christmas Eve is a working day
        date(2025, 12, 29),
        date(2025, 12, 31),
        date(2026, 1, 2),
        date(2026, 4, 2),  # Maundy Thursday
        date(2026, 4, 7),
        date(2026, 12, 29),
        date(2027, 12, 29),
        date(2028, 1, 4),
    ],
)
def test_working_days(cal: WorkingCalendar, day: date) -> None:
    assert cal.is_working_day(day)
    assert cal.non_working_reason(day) is None


def test_next_working_day_and_effective_receipt(cal: WorkingCalendar) -> None:
    assert cal.next_working_day(date(2026, 1, 6)) == date(2026, 1, 6)  # working: itself
    assert cal.next_working_day(date(2025, 8, 23)) == date(2025, 8, 26)  # Sat, Sun, bank hol
    assert cal.effective_receipt(date(2026, 4, 3)) == date(2026, 4, 7)  # Good Friday
    assert cal.effective_receipt(date(2026, 12, 25)) == date(2026, 12, 29)
    assert cal.effective_receipt(date(2027, 12, 24)) == date(2027, 12, 24)  # a Friday, working
    assert cal.effective_receipt(date(2027, 12, 25)) == date(2027, 12, 29)
    assert cal.effective_receipt(date(2028, 1, 1)) == date(2028, 1, 4)


# -- counting ---------------------------------------------------------------------------------


def test_add_working_days_never_counts_the_start(cal: WorkingCalendar) -> None:
    # From a working Monday: Tuesday is the first.
    assert cal.add_working_days(date(2026, 1, 5), 1) == date(2026, 1, 6)
    # From a Saturday: Monday is the first (the start is not counted, whatever it is).
    assert cal.add_working_days(date(2026, 1, 10), 1) == date(2026, 1, 12)
    # From Good Friday 2026: Tuesday 7 April (Easter Monday skipped).
    assert cal.add_working_days(date(2026, 4, 3), 1) == date(2026, 4, 7)


def test_add_zero_working_days(cal: WorkingCalendar) -> None:
    assert cal.add_working_days(date(2026, 1, 5), 0) == date(2026, 1, 5)
    assert cal.add_working_days(date(2026, 12, 25), 0) == date(2026, 12, 29)


def test_add_negative_working_days_is_refused(cal: WorkingCalendar) -> None:
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 1, 5), -1)


def test_spec_worked_examples(cal: WorkingCalendar) -> None:
    # SPEC §5, statutory Code.
    assert cal.due_date(date(2025, 12, 18), 5, WD) == date(2025, 12, 29)
    assert cal.due_date(date(2025, 8, 23), 5, WD) == date(2025, 9, 2)
    assert cal.due_date(date(2026, 1, 5), 10, WD) == date(2026, 1, 19)
    assert cal.add_working_days(date(2026, 1, 19), 10) == date(2026, 2, 2)


def test_due_date_uses_effective_receipt_but_add_working_days_does_not(
    cal: WorkingCalendar,
) -> None:
    # Received Saturday 23 Aug 2025: effective Tuesday 26th, 5 WD on is Tuesday 2 Sep.
    assert cal.due_date(date(2025, 8, 23), 5, WD) == date(2025, 9, 2)
    # Counting purely from the Saturday, the 5th working day is Monday 1 Sep.
    assert cal.add_working_days(date(2025, 8, 23), 5) == date(2025, 9, 1)


def test_due_date_in_calendar_days_is_plain(cal: WorkingCalendar) -> None:
    # 10 days from Wednesday 22 April 2026 is Saturday 2 May: no adjustment.
    assert cal.due_date(date(2026, 4, 22), 10, CAL) == date(2026, 5, 2)
    # Across a year end and Christmas.
    assert cal.due_date(date(2026, 12, 24), 10, CAL) == date(2027, 1, 3)


def test_year_end_crossings(cal: WorkingCalendar) -> None:
    # 2026/27: Thu 24 Dec, then Fri 25, Sat 26, Sun 27, Mon 28 (substitute) off.
    assert cal.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert cal.add_working_days(date(2026, 12, 24), 4) == date(2027, 1, 4)  # 1 Jan is off
    # 2027/28: Fri 24 Dec, then off until Wed 29; 1 Jan 2028 (Sat) substitute Mon 3 Jan.
    assert cal.add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)
    assert cal.add_working_days(date(2027, 12, 24), 4) == date(2028, 1, 4)
    assert cal.due_date(date(2027, 12, 23), 5, WD) == date(2028, 1, 4)


def test_working_days_between(cal: WorkingCalendar) -> None:
    # (Thu 18 Dec 2025, Mon 29 Dec 2025]: 19, 22, 23, 24, 29.
    assert cal.working_days_between(date(2025, 12, 18), date(2025, 12, 29)) == 5
    assert cal.working_days_between(date(2025, 12, 29), date(2025, 12, 18)) == -5
    assert cal.working_days_between(date(2026, 4, 2), date(2026, 4, 6)) == 0  # Easter
    assert cal.working_days_between(date(2026, 4, 2), date(2026, 4, 2)) == 0
    # All of 2026: 365 days, 104 weekend days, 8 bank holidays on weekdays (Boxing Day is a
    # Saturday, its substitute a Monday, so it still costs one weekday).
    assert cal.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 253


def test_explain_lists_every_skipped_day(cal: WorkingCalendar) -> None:
    assert cal.explain(date(2025, 12, 18), date(2025, 12, 29)) == [
        SkippedDay(date(2025, 12, 20), "Saturday"),
        SkippedDay(date(2025, 12, 21), "Sunday"),
        SkippedDay(date(2025, 12, 25), "Christmas Day"),
        SkippedDay(date(2025, 12, 26), "Boxing Day"),
        SkippedDay(date(2025, 12, 27), "Saturday"),
        SkippedDay(date(2025, 12, 28), "Sunday"),
    ]
    assert cal.explain(date(2026, 12, 24), date(2026, 12, 29)) == [
        SkippedDay(date(2026, 12, 25), "Christmas Day"),
        SkippedDay(date(2026, 12, 26), "Saturday (Boxing Day)"),
        SkippedDay(date(2026, 12, 27), "Sunday"),
        SkippedDay(date(2026, 12, 28), "Boxing Day (substitute day)"),
    ]
    # A non-working start day is listed too: received then, it counts from the next working day
    # (SPEC §5), so the clock skipped it. Saturday 23 Aug 2025, Sunday, the bank holiday.
    assert cal.explain(date(2025, 8, 23), date(2025, 8, 27)) == [
        SkippedDay(date(2025, 8, 23), "Saturday"),
        SkippedDay(date(2025, 8, 24), "Sunday"),
        SkippedDay(date(2025, 8, 25), "Late Summer Bank Holiday"),
    ]
    # Received on Boxing Day 2026 (a Saturday), counted from Tuesday 29 December.
    assert cal.explain(date(2026, 12, 26), date(2026, 12, 29)) == [
        SkippedDay(date(2026, 12, 26), "Saturday (Boxing Day)"),
        SkippedDay(date(2026, 12, 27), "Sunday"),
        SkippedDay(date(2026, 12, 28), "Boxing Day (substitute day)"),
    ]
    # A working start day is day 0 and never listed.
    assert cal.explain(date(2026, 1, 6), date(2026, 1, 8)) == []
    assert cal.explain(date(2026, 1, 10), date(2026, 1, 10)) == [
        SkippedDay(date(2026, 1, 10), "Saturday")
    ]
    assert cal.explain(date(2026, 1, 8), date(2026, 1, 6)) == []


# -- closures ---------------------------------------------------------------------------------

SHUTDOWN = {
    date(2025, 12, 29): "Christmas shut-down",
    date(2025, 12, 30): "Christmas shut-down",
    date(2025, 12, 31): "Christmas shut-down",
}


def test_closures_stop_the_clock_only_when_passed_in() -> None:
    plain = calendar_for()
    closed = WorkingCalendar(SHUTDOWN)
    assert plain.due_date(date(2025, 12, 18), 5, WD) == date(2025, 12, 29)
    # 19, 22, 23, 24 then 29-31 closed, 1 Jan bank holiday: Friday 2 January 2026.
    assert closed.due_date(date(2025, 12, 18), 5, WD) == date(2026, 1, 2)
    assert closed.non_working_reason(date(2025, 12, 30)) == "office closure: Christmas shut-down"
    assert plain.non_working_reason(date(2025, 12, 30)) is None
    # A bank holiday inside a closure keeps its own name.
    both = WorkingCalendar({date(2025, 12, 25): "Christmas shut-down"})
    assert both.non_working_reason(date(2025, 12, 25)) == "Christmas Day"


def test_calendar_for_is_shared_and_keyed_by_closures() -> None:
    assert calendar_for() is calendar_for()
    assert calendar_for({}) is calendar_for(None)
    assert calendar_for(SHUTDOWN) is not calendar_for()
    assert calendar_for(SHUTDOWN).due_date(date(2025, 12, 18), 5, WD) == date(2026, 1, 2)


def test_profile_closures_count_only_where_the_profile_says_so() -> None:
    data = load_profile("hos-code", policies_dir()).model_dump()
    data["closure_days"] = [{"day": d, "reason": r} for d, r in SHUTDOWN.items()]
    listed = PolicyProfile.model_validate(data)
    assert len(listed.closure_days) == 3  # recorded, but the Code counts them as working days
    assert calendar_for_profile(listed).due_date(date(2025, 12, 18), 5, WD) == date(2025, 12, 29)
    stops = PolicyProfile.model_validate(data | {"closure_days_stop_clock": True})
    assert calendar_for_profile(stops).due_date(date(2025, 12, 18), 5, WD) == date(2026, 1, 2)
    assert calendar_for_profile(stops).non_working_reason(date(2025, 12, 29)) == (
        "office closure: Christmas shut-down"
    )


# -- range ------------------------------------------------------------------------------------


def test_calendar_grows_outside_its_precomputed_range() -> None:
    cal = WorkingCalendar(first_year=2020, last_year=2021)
    # Christmas 2025 lies beyond the first span.
    assert cal.due_date(date(2025, 12, 18), 5, WD) == date(2025, 12, 29)
    # Back to 1999/2000: 27, 28 Dec substitutes, 31 Dec millennium holiday, 3 Jan 2000 substitute.
    assert cal.add_working_days(date(1999, 12, 24), 1) == date(1999, 12, 29)
    assert cal.add_working_days(date(1999, 12, 30), 1) == date(2000, 1, 4)
    # A count that runs off the end of the span.
    assert cal.add_working_days(date(2021, 12, 31), 600) > date(2024, 1, 1)
    assert cal.working_days_between(date(2025, 12, 18), date(2025, 12, 29)) == 5


def test_dates_far_out_are_refused() -> None:
    # A ValueError callers can pick out: the CLI turns it into one line and exit code 2.
    with pytest.raises(DateOutOfRange, match="1900–2999"):
        calendar_for().is_working_day(date(1850, 1, 1))
    with pytest.raises(DateOutOfRange):
        calendar_for().due_date(date(3000, 1, 1), 1, WD)
    assert issubclass(DateOutOfRange, ValueError)
