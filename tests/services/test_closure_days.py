"""Office closure days (SPEC §5): recorded by an administrator, they stop the clock only where
the case's profile says so. A Derby Homes-like profile that stops the clock, with a stage 1
complaint received Monday 21 December 2026 (Christmas Friday 25, Boxing Day Saturday 26 and its
substitute Monday 28, the weekend between): acknowledged by Wednesday 30 December, or Thursday 31
once Thursday 24 is an office closure day. Under the statutory Code the same day moves nothing."""

from __future__ import annotations

from datetime import date

import pytest

from complaints_tui import services as s
from complaints_tui.domain.calendar import SkippedDay
from complaints_tui.services.closures import (
    CODE_WARNING,
    close_day,
    landlord_closure_warning,
    list_closures,
    reopen_day,
)
from complaints_tui.store.engine import Store, open_store
from tests.conftest_store import Staff, at, events, log_complaint, new_resident, use_profile

RECEIVED = at(2026, 12, 21)
CHRISTMAS_EVE = date(2026, 12, 24)
SHUT_DOWN = "Christmas shut-down"


def stage1(store: Store, staff: Staff) -> s.CaseDetail:
    logged = log_complaint(store, staff, new_resident(store, staff), RECEIVED)
    return s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=RECEIVED)


def due(case: s.CaseDetail, kind: str) -> date:
    return next(d.due_on for d in case.deadlines if d.stage == 1 and d.kind == kind)


def test_a_closure_day_moves_the_acknowledgement_where_the_profile_stops_the_clock(
    store: Store, staff: Staff, shutdown_profile: str
) -> None:
    use_profile(store, staff, shutdown_profile)
    case = stage1(store, staff)
    assert due(case, "acknowledge") == date(2026, 12, 30)  # 22, 23, 24, 29, 30
    assert due(case, "respond") == date(2027, 1, 14)  # projected: 10 WD from 30 December
    assert landlord_closure_warning(store) is None

    change = close_day(store, staff.admin, CHRISTMAS_EVE, f"  {SHUT_DOWN} ", now=at(2026, 12, 1))
    assert change.warning is None and change.closed
    assert (change.recomputed, change.references) == (1, (case.reference,))
    assert change.sentences() == [
        f"Thursday 24 December 2026 is recorded as an office closure day ({SHUT_DOWN}).",
        "Deadlines recomputed on 1 open case.",
    ]
    moved = s.get_case(store, case.id)
    assert due(moved, "acknowledge") == date(2026, 12, 31)  # 22, 23, 29, 30, 31
    assert due(moved, "respond") == date(2027, 1, 15)
    assert moved.summary.next_due_on == date(2026, 12, 31)
    assert moved.version == case.version + 1
    acknowledge = next(d for d in moved.deadlines if d.kind == "acknowledge")
    assert SkippedDay(CHRISTMAS_EVE, f"office closure: {SHUT_DOWN}") in acknowledge.skipped

    recomputed = [e for e in events(store, case.id) if e.action == "deadlines_recomputed"]
    assert len(recomputed) == 1 and recomputed[0].actor_id == staff.admin.id
    assert recomputed[0].before == {
        "stage_1_acknowledge_due": "2026-12-30",
        "stage_1_respond_due": "2027-01-14",
        "next_due_on": "2026-12-30",
    }
    assert recomputed[0].after is not None
    assert recomputed[0].after["stage_1_acknowledge_due"] == "2026-12-31"
    assert recomputed[0].after["closure_day"] == "2026-12-24"
    assert recomputed[0].after["closure"] == "closed"
    added = [e for e in events(store) if e.action == "closure_day_added"]
    assert len(added) == 1 and added[0].case_id is None
    assert added[0].after == {"day": "2026-12-24", "reason": SHUT_DOWN, "cases_recomputed": 1}

    [listed] = list_closures(store)
    assert (listed.day, listed.reason, listed.closed_by) == (CHRISTMAS_EVE, SHUT_DOWN, "Ada Admin")

    # Reopening moves it back, with an event of its own on the case.
    back = reopen_day(store, staff.admin, CHRISTMAS_EVE, now=at(2026, 12, 2))
    assert (back.closed, back.recomputed, back.reason) == (False, 1, SHUT_DOWN)
    again = s.get_case(store, case.id)
    assert due(again, "acknowledge") == date(2026, 12, 30)
    assert due(again, "respond") == date(2027, 1, 14)
    assert [e.action for e in events(store, case.id)][-1] == "deadlines_recomputed"
    assert list_closures(store) == []
    assert [e.action for e in events(store) if e.action.startswith("closure_day")] == [
        "closure_day_added",
        "closure_day_removed",
    ]


def test_only_cases_whose_count_runs_over_the_day_are_recomputed(
    store: Store, staff: Staff, shutdown_profile: str
) -> None:
    use_profile(store, staff, shutdown_profile)
    before = stage1(store, staff)  # received 21 December: its count runs over the 24th
    later = log_complaint(store, staff, new_resident(store, staff, "Ann Later"), at(2027, 1, 4))
    after = s.open_stage1(store, staff.handler, later.case.id, later.case.version)
    change = close_day(store, staff.admin, CHRISTMAS_EVE, SHUT_DOWN)
    assert change.references == (before.reference,)
    assert due(s.get_case(store, after.id), "acknowledge") == date(2027, 1, 11)
    assert not [e for e in events(store, after.id) if e.action == "deadlines_recomputed"]


def test_under_the_code_a_closure_day_moves_nothing_and_says_so(store: Store, staff: Staff) -> None:
    case = stage1(store, staff)  # the landlord follows hos-code, the default
    assert due(case, "acknowledge") == date(2026, 12, 30)
    assert landlord_closure_warning(store) == CODE_WARNING
    change = close_day(store, staff.admin, CHRISTMAS_EVE, SHUT_DOWN)
    assert change.warning == CODE_WARNING
    assert (change.recomputed, change.references) == (0, ())
    assert change.sentences()[1] == CODE_WARNING and len(change.sentences()) == 2
    unchanged = s.get_case(store, case.id)
    assert due(unchanged, "acknowledge") == date(2026, 12, 30)
    assert unchanged.version == case.version
    assert [d.day for d in list_closures(store)] == [CHRISTMAS_EVE]
    back = reopen_day(store, staff.admin, CHRISTMAS_EVE)
    assert (back.recomputed, back.warning) == (0, CODE_WARNING)


def test_another_terminal_sees_a_closure_at_once(
    store: Store, staff: Staff, shutdown_profile: str
) -> None:
    use_profile(store, staff, shutdown_profile)
    case = stage1(store, staff)
    other = open_store(store.url)  # a second terminal on the same database
    try:
        assert due(s.get_case(other, case.id), "acknowledge") == date(2026, 12, 30)
        close_day(store, staff.admin, CHRISTMAS_EVE, SHUT_DOWN)
        seen = s.get_case(other, case.id)
        assert due(seen, "acknowledge") == date(2026, 12, 31)
        skipped = next(d for d in seen.deadlines if d.kind == "acknowledge").skipped
        assert SkippedDay(CHRISTMAS_EVE, f"office closure: {SHUT_DOWN}") in skipped
        # A case opened on the other terminal now counts with the closure too.
        logged = log_complaint(other, staff, new_resident(other, staff, "Cy Other"), RECEIVED)
        opened = s.open_stage1(other, staff.handler, logged.case.id, logged.case.version)
        assert due(opened, "acknowledge") == date(2026, 12, 31)
        reopen_day(other, staff.admin, CHRISTMAS_EVE)
        assert due(s.get_case(store, opened.id), "acknowledge") == date(2026, 12, 30)
    finally:
        other.close()


@pytest.mark.parametrize("role", list(s.Role))
def test_only_an_administrator_closes_or_reopens_a_day(
    store: Store, staff: Staff, role: s.Role
) -> None:
    actor = next(
        person
        for person in (staff.admin, staff.lead, staff.director, staff.manager, staff.handler)
        if person.role is role
    )
    if role is s.Role.ADMIN:
        close_day(store, actor, CHRISTMAS_EVE, SHUT_DOWN)
        reopen_day(store, actor, CHRISTMAS_EVE)
        return
    with pytest.raises(s.PermissionDenied, match="Only an administrator can record"):
        close_day(store, actor, CHRISTMAS_EVE, SHUT_DOWN)
    close_day(store, staff.admin, CHRISTMAS_EVE, SHUT_DOWN)
    with pytest.raises(s.PermissionDenied, match="Only an administrator can reopen"):
        reopen_day(store, actor, CHRISTMAS_EVE)
    assert [c.day for c in list_closures(store)] == [CHRISTMAS_EVE]


@pytest.mark.parametrize(
    ("day", "reason", "problem"),
    [
        (date(2026, 12, 25), SHUT_DOWN, r"not a working day anyway \(Christmas Day\)"),
        (date(2026, 12, 26), SHUT_DOWN, r"not a working day anyway \(Saturday \(Boxing Day\)\)"),
        (date(2026, 12, 28), SHUT_DOWN, r"Boxing Day \(substitute day\)"),
        (date(2026, 12, 27), SHUT_DOWN, r"\(Sunday\)"),
        (CHRISTMAS_EVE, "   ", "Record why the office is closed"),
        (CHRISTMAS_EVE, "x" * 201, "reason is too long: 201 characters"),
        (date(2099, 1, 5), SHUT_DOWN, "outside 1990 to 2080"),
    ],
)
def test_a_day_that_cannot_be_closed_is_refused_in_a_sentence(
    store: Store, staff: Staff, day: date, reason: str, problem: str
) -> None:
    with pytest.raises(s.RuleViolation, match=problem):
        close_day(store, staff.admin, day, reason)
    assert list_closures(store) == []


def test_a_day_closed_twice_or_reopened_when_open_is_refused(store: Store, staff: Staff) -> None:
    close_day(store, staff.admin, CHRISTMAS_EVE, SHUT_DOWN)
    with pytest.raises(s.RuleViolation, match=r"already recorded .* \(Christmas shut-down\)"):
        close_day(store, staff.admin, CHRISTMAS_EVE, "Again")
    with pytest.raises(s.NotFound, match="Thursday 31 December 2026 is not recorded"):
        reopen_day(store, staff.admin, date(2026, 12, 31))
