"""Properties of working-day counting that must hold for every start date and length."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from complaints_tui.domain.calendar import WorkingCalendar, calendar_for
from complaints_tui.domain.policy import DayUnit

# Past both ends of the precomputed 1990-2080 range, so lazy growth is exercised too.
starts = st.dates(min_value=date(1960, 1, 1), max_value=date(2120, 12, 31))
lengths = st.integers(min_value=0, max_value=400)
positive = st.integers(min_value=1, max_value=400)
CLOSURES = {date(2025, 12, 29) + timedelta(days=i): "Christmas shut-down" for i in range(3)}


def calendars() -> st.SearchStrategy[WorkingCalendar]:
    return st.sampled_from([calendar_for(), calendar_for(CLOSURES)])


@settings(max_examples=300)
@given(cal=calendars(), start=starts, n=lengths)
def test_working_due_date_is_always_a_working_day(
    cal: WorkingCalendar, start: date, n: int
) -> None:
    due = cal.due_date(start, n, DayUnit.WORKING)
    assert cal.is_working_day(due)
    assert cal.non_working_reason(due) is None
    assert due >= start
    assert cal.is_working_day(cal.add_working_days(start, n))


@settings(max_examples=300)
@given(cal=calendars(), start=starts, n=lengths)
def test_due_date_is_strictly_monotone_in_n(cal: WorkingCalendar, start: date, n: int) -> None:
    assert cal.due_date(start, n, DayUnit.WORKING) < cal.due_date(start, n + 1, DayUnit.WORKING)
    if n >= 1:
        assert cal.add_working_days(start, n) < cal.add_working_days(start, n + 1)
    else:
        # n == 0 means "start, or the next working day": for a non-working start that is the
        # same day as n == 1 (the first working day after it).
        zero, one = cal.add_working_days(start, 0), cal.add_working_days(start, 1)
        assert zero <= one
        assert (zero == one) == (not cal.is_working_day(start))


@settings(max_examples=300)
@given(cal=calendars(), start=starts, later=st.integers(min_value=0, max_value=60), n=lengths)
def test_due_date_is_monotone_in_the_start(
    cal: WorkingCalendar, start: date, later: int, n: int
) -> None:
    # A thing received later is never due earlier, whatever lies between.
    end = start + timedelta(days=later)
    assert cal.due_date(start, n, DayUnit.WORKING) <= cal.due_date(end, n, DayUnit.WORKING)
    assert cal.add_working_days(start, n) <= cal.add_working_days(end, n)


@settings(max_examples=300)
@given(cal=calendars(), start=starts, n=positive)
def test_counting_back_gives_n(cal: WorkingCalendar, start: date, n: int) -> None:
    end = cal.add_working_days(start, n)
    assert cal.working_days_between(start, end) == n
    assert cal.working_days_between(end, start) == -n
    # Nothing working is skipped: every day from start to end that is not listed as skipped is
    # one of the n working days, or start itself when it is a working day (never counted).
    skipped = {s.day for s in cal.explain(start, end)}
    assert (end - start).days + 1 - len(skipped) == n + cal.is_working_day(start)
    assert (start in skipped) == (not cal.is_working_day(start))


@settings(max_examples=300)
@given(cal=calendars(), start=starts, n=lengths)
def test_explanation_accounts_for_every_day_to_the_due_date(
    cal: WorkingCalendar, start: date, n: int
) -> None:
    # From the day it arrived to the due date: the listed non-working days (the arrival day
    # among them when it is one), day 0 (the effective receipt) and the n working days.
    due = cal.due_date(start, n, DayUnit.WORKING)
    skipped = cal.explain(start, due)
    assert (due - start).days + 1 == len(skipped) + 1 + n
    assert all(not cal.is_working_day(s.day) and start <= s.day <= due for s in skipped)
    assert [s.day for s in skipped] == sorted({s.day for s in skipped})
    assert (bool(skipped) and skipped[0].day == start) == (not cal.is_working_day(start))


@settings(max_examples=300)
@given(cal=calendars(), start=starts, n=lengths)
def test_due_date_is_add_working_days_from_effective_receipt(
    cal: WorkingCalendar, start: date, n: int
) -> None:
    effective = cal.effective_receipt(start)
    assert cal.is_working_day(effective)
    assert cal.working_days_between(start, effective) <= 1
    assert cal.due_date(start, n, DayUnit.WORKING) == cal.add_working_days(effective, n)


@given(start=starts, n=lengths)
def test_calendar_days_ignore_the_calendar(start: date, n: int) -> None:
    assert calendar_for().due_date(start, n, DayUnit.CALENDAR) == start + timedelta(days=n)
