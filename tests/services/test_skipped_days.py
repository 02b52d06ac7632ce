"""Each stored deadline carries the days its count skipped (the workspace's F3), worked out from
the case's profile calendar: the SPEC §5 worked examples, a projected response date, an
extension (the count is the same) and a calendar-day window (nothing skipped)."""

from __future__ import annotations

from datetime import date

from complaints_tui import services as s
from complaints_tui.domain.calendar import SkippedDay
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, log_complaint, new_resident, use_profile
from tests.services.test_profiles import respond_not_upheld, stage1
from tests.services.test_stage1 import opened


def deadline(case: s.CaseDetail, kind: str, stage: int = 1) -> s.DeadlineInfo:
    return next(d for d in case.deadlines if d.stage == stage and d.kind == kind)


def days(info: s.DeadlineInfo) -> list[tuple[int, int, str]]:
    return [(d.day.month, d.day.day, d.reason) for d in info.skipped]


def test_christmas_the_new_year_and_an_acknowledgement(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    # SPEC §5: received Thursday 18 December 2025, acknowledged by Monday 29 December.
    acknowledge = deadline(case, "acknowledge")
    assert acknowledge.due_on == date(2025, 12, 29)
    assert days(acknowledge) == [
        (12, 20, "Saturday"),
        (12, 21, "Sunday"),
        (12, 25, "Christmas Day"),
        (12, 26, "Boxing Day"),
        (12, 27, "Saturday"),
        (12, 28, "Sunday"),
    ]
    # Projected from the acknowledgement's due date until it is acknowledged.
    respond = deadline(case, "respond")
    assert respond.projected and respond.due_on == date(2026, 1, 13)
    assert [d.day for d in respond.skipped] == [
        date(2026, 1, 1),
        date(2026, 1, 3),
        date(2026, 1, 4),
        date(2026, 1, 10),
        date(2026, 1, 11),
    ]
    case = s.acknowledge(
        store, staff.manager, case.id, case.version, on=date(2026, 1, 5), now=at(2026, 1, 5)
    )
    respond = deadline(case, "respond")
    assert respond.due_on == date(2026, 1, 19)
    assert [d.day.day for d in respond.skipped] == [10, 11, 17, 18]
    assert deadline(case, "acknowledge").skipped == acknowledge.skipped  # met, still explained
    case = s.extend(
        store,
        staff.manager,
        case.id,
        case.version,
        date(2026, 2, 2),
        "Waiting for the surveyor",
        "Phoned",
        now=at(2026, 1, 6),
    )
    extended = deadline(case, "respond")
    assert extended.due_on == date(2026, 2, 2) and extended.skipped == respond.skipped


def test_a_saturday_receipt_skips_that_saturday_too(store: Store, staff: Staff) -> None:
    # SPEC §5: received Saturday 23 August 2025, counted from Tuesday 26, acknowledged by 2 Sep.
    logged = log_complaint(store, staff, new_resident(store, staff), at(2025, 8, 23))
    case = s.open_stage1(store, staff.handler, logged.case.id, logged.case.version)
    acknowledge = deadline(case, "acknowledge")
    assert acknowledge.clock_started_on == date(2025, 8, 26)
    assert acknowledge.due_on == date(2025, 9, 2)
    assert acknowledge.skipped == (
        SkippedDay(date(2025, 8, 23), "Saturday"),
        SkippedDay(date(2025, 8, 24), "Sunday"),
        SkippedDay(date(2025, 8, 25), "Late Summer Bank Holiday"),
        SkippedDay(date(2025, 8, 30), "Saturday"),
        SkippedDay(date(2025, 8, 31), "Sunday"),
    )


def test_a_calendar_day_window_skips_nothing(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derive")  # Dérive: escalate within 10 days of the response
    case = stage1(store, staff, at(2026, 3, 2))
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    case = respond_not_upheld(store, staff.manager, case, at(2026, 3, 6))
    window = deadline(case, "escalate")
    assert window.unit == "calendar" and window.due_on == date(2026, 3, 16)
    assert window.skipped == ()
    assert deadline(case, "respond").skipped  # the working-day response still explains itself
