"""Queues by due date and overdue counts by stage and handler, from SQL."""

from __future__ import annotations

from datetime import date, datetime

from complaints_tui import services as s
from complaints_tui.domain.deadlines import DeadlineState
from complaints_tui.domain.kinds import Channel, Decision
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, complaint_answers, new_resident


def stage1(store: Store, staff: Staff, when: datetime, *, area: bool = True) -> s.CaseDetail:
    resident = new_resident(store, staff, f"Resident {when:%d%H}")
    capture = s.ContactCapture(
        Channel.PHONE,
        complaint_answers(when.date()),
        f"Complaint of {when:%d %B}",
        resident_id=resident,
        service_area_id=staff.repairs.id if area else None,
    )
    logged = s.log_contact(store, staff.handler, capture, now=when)
    return s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=when)


def build(store: Store, staff: Staff) -> dict[str, s.CaseDetail]:
    cases = {
        # Acknowledge by Friday 10 April: 5 WD over Good Friday and Easter Monday.
        "easter": stage1(store, staff, at(2026, 4, 1)),
        "monday": stage1(store, staff, at(2026, 3, 30)),  # by Wednesday 8 April
        "later": stage1(store, staff, at(2026, 4, 7)),  # by Tuesday 14 April
        "unassigned": stage1(store, staff, at(2026, 4, 2), area=False),  # by Monday 13 April
    }
    other = cases["later"]
    cases["later"] = s.assign(
        store, staff.lead, other.id, other.version, staff.manager2.id, now=at(2026, 4, 7)
    )
    return cases


def test_deadlines_over_easter(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    assert cases["easter"].summary.next_due_on == date(2026, 4, 10)
    assert cases["monday"].summary.next_due_on == date(2026, 4, 8)
    assert cases["later"].summary.next_due_on == date(2026, 4, 14)
    assert cases["unassigned"].summary.next_due_on == date(2026, 4, 13)


def test_a_handlers_queue_is_ordered_by_due_date_and_paged(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    today = date(2026, 4, 9)
    page = s.queue(store, s.QueueFilter(handler_id=staff.manager.id), today=today)
    assert [row.reference for row in page.rows] == [
        cases["monday"].reference,
        cases["easter"].reference,
    ]
    assert [row.due_state for row in page.rows] == [DeadlineState.OVERDUE, DeadlineState.DUE_SOON]
    assert page.rows[0].handler_name == "Mo Manager" and page.rows[0].resident_name.startswith(
        "Resident"
    )
    first = s.queue(store, s.QueueFilter(handler_id=staff.manager.id), limit=1, today=today)
    second = s.queue(
        store, s.QueueFilter(handler_id=staff.manager.id), limit=1, offset=1, today=today
    )
    assert first.has_more and not second.has_more
    assert [r.reference for r in first.rows + second.rows] == [r.reference for r in page.rows]
    unassigned = s.queue(store, s.QueueFilter(unassigned=True), today=today)
    assert [r.reference for r in unassigned.rows] == [cases["unassigned"].reference]
    everyone = s.queue(store, today=today)
    assert [r.next_due_on for r in everyone.rows] == sorted(
        r.next_due_on for r in everyone.rows if r.next_due_on
    )
    assert len(everyone.rows) == 4


def test_queue_filters_by_due(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    friday = date(2026, 4, 10)
    overdue = s.queue(store, s.QueueFilter(due=s.DueFilter.OVERDUE), today=friday)
    assert [r.reference for r in overdue.rows] == [cases["monday"].reference]
    due_today = s.queue(store, s.QueueFilter(due=s.DueFilter.TODAY), today=friday)
    assert [r.reference for r in due_today.rows] == [cases["easter"].reference]
    # From Wednesday 8 April to Sunday 12 April.
    week = s.queue(store, s.QueueFilter(due=s.DueFilter.THIS_WEEK), today=date(2026, 4, 8))
    assert [r.reference for r in week.rows] == [
        cases["monday"].reference,
        cases["easter"].reference,
    ]
    stage2 = s.queue(store, s.QueueFilter(stage=2), today=friday)
    assert stage2.rows == []


def test_responded_cases_leave_the_open_queue(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    case = cases["easter"]
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 4, 8))
    case = s.add_component(store, staff.manager, case.id, case.version, "Delay", now=at(2026, 4, 8))
    component = case.components[0].id
    case = s.record_decision(
        store,
        staff.manager,
        case.id,
        case.version,
        component,
        "Fine",
        Decision.NOT_UPHELD,
        now=at(2026, 4, 8),
    )
    checklist = s.ResponseChecklist(letter_text="L", thanks=True, escalation_explained=True)
    case = s.send_response(
        store, staff.manager, case.id, case.version, checklist, now=at(2026, 4, 8)
    )
    open_refs = {r.reference for r in s.queue(store, today=date(2026, 4, 9)).rows}
    assert case.reference not in open_refs
    both = s.queue(
        store,
        s.QueueFilter(statuses=(s.CaseStatus.OPEN, s.CaseStatus.RESPONDED)),
        today=date(2026, 4, 9),
    )
    assert both.rows[-1].reference == case.reference and both.rows[-1].next_due_on is None


def test_overdue_counts_by_stage_and_handler(store: Store, staff: Staff) -> None:
    build(store, staff)
    counts = s.overdue_counts(store, today=date(2026, 4, 13))
    assert [(c.stage, c.handler_name, c.count) for c in counts] == [(1, "Mo Manager", 2)]
    later = s.overdue_counts(store, today=date(2026, 4, 15))
    assert sorted((c.handler_name, c.count) for c in later) == [
        ("", 1),
        ("Max Manager", 1),
        ("Mo Manager", 2),
    ]
    assert s.overdue_counts(store, today=date(2026, 4, 8)) == []


def test_workload_counts_overdue_today_and_this_week(store: Store, staff: Staff) -> None:
    build(store, staff)
    rows = {row.handler_name: row for row in s.workload(store, today=date(2026, 4, 9))}
    mo = rows["Mo Manager"]
    assert (mo.overdue, mo.due_today, mo.due_this_week) == (1, 0, 1)
    assert set(rows) == {"Mo Manager"}  # the others are due next week
    friday = {row.handler_name: row for row in s.workload(store, today=date(2026, 4, 10))}
    assert (friday["Mo Manager"].overdue, friday["Mo Manager"].due_today) == (1, 1)
