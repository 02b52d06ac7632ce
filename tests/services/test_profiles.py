"""Landlord rules that differ: Dérive's calendar-day escalation window and line-manager review,
Derwent's senior reviewer not previously involved, declined reviews and its final stage."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel, Decision
from complaints_tui.store.engine import Store
from tests.conftest_store import (
    Staff,
    at,
    complaint_answers,
    last_action,
    new_resident,
    use_profile,
)


def checklist() -> s.ResponseChecklist:
    return s.ResponseChecklist(letter_text="Letter", thanks=True, escalation_explained=True)


def respond_not_upheld(
    store: Store, actor: s.UserInfo, case: s.CaseDetail, when: datetime
) -> s.CaseDetail:
    component = (
        next(c for c in case.components if c.stage == case.stage)
        if any(c.stage == case.stage for c in case.components)
        else None
    )
    if component is None:
        case = s.add_component(store, actor, case.id, case.version, "Repair delay", now=when)
        component = case.components[-1]
    case = s.record_decision(
        store, actor, case.id, case.version, component.id, "On time", Decision.NOT_UPHELD, now=when
    )
    return s.send_response(
        store, actor, case.id, case.version, checklist(), on=when.date(), now=when
    )


def stage1(
    store: Store, staff: Staff, when: datetime, logged_by: s.UserInfo | None = None
) -> s.CaseDetail:
    resident = new_resident(store, staff)
    capture = s.ContactCapture(
        Channel.PHONE,
        complaint_answers(when.date()),
        "Repair delay",
        resident_id=resident,
        service_area_id=staff.repairs.id,
    )
    logged = s.log_contact(store, logged_by or staff.handler, capture, now=when)
    return s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=when)


def test_derive_window_is_ten_calendar_days_and_the_line_manager_reviews(
    store: Store, staff: Staff
) -> None:
    use_profile(store, staff, "derive")
    case = stage1(store, staff, at(2026, 3, 2))
    ack, respond = case.deadlines
    assert (ack.due_on, respond.due_on) == (
        date(2026, 3, 4),
        date(2026, 3, 16),
    )  # respond from receipt
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    case = respond_not_upheld(store, staff.manager, case, at(2026, 3, 9))
    assert case.escalate_by == date(2026, 3, 19)  # 10 calendar days, weekend included
    with pytest.raises(s.RuleViolation, match="Thursday 19 March 2026"):
        s.request_escalation(
            store,
            staff.handler,
            case.id,
            case.version,
            requested_on=date(2026, 3, 20),
            now=at(2026, 3, 20),
        )
    case = s.request_escalation(
        store,
        staff.handler,
        case.id,
        case.version,
        requested_on=date(2026, 3, 20),
        late_reason="Letter arrived late: postal strike",
        now=at(2026, 3, 20),
    )
    assert case.stages[1].late_reason == "Letter arrived late: postal strike"
    escalate = next(d for d in case.deadlines if d.stage == 1 and d.kind == "escalate")
    assert escalate.met_on == date(2026, 3, 20) and escalate.state.value == "met_late"
    # No reviewer named: the investigating manager's line manager is allocated.
    case = s.open_next_stage(store, staff.lead, case.id, case.version, now=at(2026, 3, 20))
    assert case.summary.handler_id == staff.director.id
    with pytest.raises(s.RuleViolation, match="line manager"):
        s.assign(store, staff.lead, case.id, case.version, staff.director2.id, now=at(2026, 3, 20))


def test_derive_request_on_the_last_day_needs_no_reason(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derive")
    case = stage1(store, staff, at(2026, 3, 2))
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    case = respond_not_upheld(store, staff.manager, case, at(2026, 3, 9))
    case = s.request_escalation(
        store,
        staff.handler,
        case.id,
        case.version,
        requested_on=date(2026, 3, 19),
        now=at(2026, 3, 19),
    )
    assert case.stage == 2 and case.stages[1].late_reason == ""


def test_derwent_reviewer_is_a_director_not_previously_involved(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derwent-living")
    # Dov Director logged the original call, so he has been involved.
    case = stage1(store, staff, at(2026, 3, 2), logged_by=staff.director2)
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    case = respond_not_upheld(store, staff.manager, case, at(2026, 3, 10))
    assert case.escalate_by == date(
        2026, 4, 9
    )  # 20 working days, over Good Friday and Easter Monday
    case = s.request_escalation(
        store,
        staff.handler,
        case.id,
        case.version,
        requested_on=date(2026, 3, 12),
        now=at(2026, 3, 12),
    )
    with pytest.raises(s.RuleViolation, match="head of service or director"):
        s.open_next_stage(
            store, staff.lead, case.id, case.version, staff.manager2.id, now=at(2026, 3, 12)
        )
    with pytest.raises(s.RuleViolation, match="involved"):
        s.open_next_stage(
            store, staff.lead, case.id, case.version, staff.director2.id, now=at(2026, 3, 12)
        )
    with pytest.raises(s.RuleViolation, match="Choose who reviews"):
        s.open_next_stage(store, staff.lead, case.id, case.version, now=at(2026, 3, 12))
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.director.id, now=at(2026, 3, 12)
    )
    assert case.summary.handler_id == staff.director.id
    ack = next(d for d in case.deadlines if d.stage == 2 and d.kind == "acknowledge")
    assert ack.due_on == date(2026, 3, 16)  # 2 working days over a weekend


def test_derwent_review_may_be_declined_in_writing(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derwent-living")
    case = stage1(store, staff, at(2026, 3, 2))
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    case = respond_not_upheld(store, staff.manager, case, at(2026, 3, 10))
    case = s.request_escalation(store, staff.handler, case.id, case.version, now=at(2026, 3, 12))
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.director.id, now=at(2026, 3, 12)
    )
    with pytest.raises(s.PermissionDenied):
        s.decline_review(
            store,
            staff.director2,
            case.id,
            case.version,
            "Not a service failure",
            now=at(2026, 3, 13),
        )
    with pytest.raises(s.RuleViolation, match="reason"):
        s.decline_review(store, staff.director, case.id, case.version, " ", now=at(2026, 3, 13))
    case = s.decline_review(
        store,
        staff.director,
        case.id,
        case.version,
        "Not a service failure: policy applied",
        now=at(2026, 3, 13),
    )
    assert case.status is s.CaseStatus.RESPONDED
    assert case.stages[1].declined_reason == "Not a service failure: policy applied"
    respond = next(d for d in case.deadlines if d.stage == 2 and d.kind == "respond")
    assert respond.met_on == date(2026, 3, 13)
    assert last_action(store, case.id) == "review_declined"
    # The final stage (chief executive and two board members) may still be asked for.
    case = s.request_escalation(store, staff.handler, case.id, case.version, now=at(2026, 3, 16))
    assert case.stage == 3
    assert [d.kind for d in case.deadlines if d.stage == 3] == ["respond"]  # no acknowledgement


def test_the_code_does_not_allow_declining_a_review(store: Store, staff: Staff) -> None:
    case = stage1(store, staff, at(2026, 3, 2))
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    case = respond_not_upheld(store, staff.manager, case, at(2026, 3, 10))
    case = s.request_escalation(store, staff.handler, case.id, case.version, now=at(2026, 3, 12))
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.manager2.id, now=at(2026, 3, 12)
    )
    with pytest.raises(s.RuleViolation, match="cannot be declined"):
        s.decline_review(store, staff.manager2, case.id, case.version, "No", now=at(2026, 3, 13))


def test_stage1_cannot_be_escalated_before_the_response(store: Store, staff: Staff) -> None:
    case = stage1(store, staff, at(2026, 3, 2))
    with pytest.raises(s.RuleViolation, match="response is sent"):
        s.request_escalation(store, staff.handler, case.id, case.version, now=at(2026, 3, 3))


def test_cases_keep_the_profile_they_were_logged_under(store: Store, staff: Staff) -> None:
    case = stage1(store, staff, at(2026, 3, 2))
    use_profile(store, staff, "derive")
    assert s.landlord_profile(store).id == "derive"
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    assert case.profile_id == "hos-code"
    respond = next(d for d in case.deadlines if d.kind == "respond")
    assert respond.due_on == date(2026, 3, 17)  # 10 WD from acknowledgement, the Code's rule
