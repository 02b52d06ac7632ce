"""Who may handle a review stage (SPEC §4, §9): everyone who handled an earlier stage is barred,
not just its last handler; a team lead or administrator who handled stage 1 may not do the
stage 2 work either; a response never goes out with no handler; only a team lead reassigns."""

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
    events,
    new_resident,
    use_profile,
)

RECEIVED = at(2026, 3, 2)  # Monday
ACKNOWLEDGED = at(2026, 3, 3)
ANSWERED = at(2026, 3, 10)
ESCALATED = at(2026, 3, 12)
REVIEWED = at(2026, 3, 16)


def checklist() -> s.ResponseChecklist:
    return s.ResponseChecklist(letter_text="Letter", thanks=True, escalation_explained=True)


def opened(store: Store, staff: Staff, *, area: bool = True) -> s.CaseDetail:
    """Stage 1 open: routed to Mo Manager (the Repairs default), or unassigned without an area."""
    capture = s.ContactCapture(
        Channel.PHONE,
        complaint_answers(RECEIVED.date()),
        "Repair delay",
        resident_id=new_resident(store, staff),
        service_area_id=staff.repairs.id if area else None,
    )
    logged = s.log_contact(store, staff.handler, capture, now=RECEIVED)
    return s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=RECEIVED)


def answer(
    store: Store, actor: s.UserInfo, case: s.CaseDetail, when: datetime, *, acknowledge: bool = True
) -> s.CaseDetail:
    """The current stage acknowledged, one component decided not upheld, the response sent."""
    if acknowledge:
        case = s.acknowledge(store, actor, case.id, case.version, on=when.date(), now=when)
    component = next((c for c in case.components if c.stage == case.stage), None)
    if component is None:
        case = s.add_component(store, actor, case.id, case.version, "Repair delay", now=when)
        component = case.components[-1]
    case = s.record_decision(
        store, actor, case.id, case.version, component.id, "On time", Decision.NOT_UPHELD, now=when
    )
    return s.send_response(store, actor, case.id, case.version, checklist(), now=when)


def escalated(store: Store, staff: Staff, case: s.CaseDetail) -> s.CaseDetail:
    return s.request_escalation(store, staff.handler, case.id, case.version, now=ESCALATED)


# -- 1. everyone who handled an earlier stage, not only its last handler ------------------------


@pytest.mark.parametrize("profile", ["hos-code", "derby-homes"])
def test_a_stage1_handler_reassigned_away_still_cannot_review(
    store: Store, staff: Staff, profile: str
) -> None:
    use_profile(store, staff, profile)
    case = opened(store, staff)
    assert case.summary.handler_id == staff.manager.id
    case = s.assign(store, staff.lead, case.id, case.version, staff.manager2.id, now=RECEIVED)
    assert case.stages[0].handler_id == staff.manager2.id  # Mo is no longer on the stage row
    case = answer(store, staff.manager2, case, ANSWERED)
    case = escalated(store, staff, case)
    for former in (staff.manager, staff.manager2):
        with pytest.raises(s.RuleViolation, match="handled an earlier stage"):
            s.open_next_stage(store, staff.lead, case.id, case.version, former.id, now=ESCALATED)
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.director2.id, now=ESCALATED
    )
    with pytest.raises(s.RuleViolation, match="Mo Manager handled an earlier stage"):
        s.assign(store, staff.lead, case.id, case.version, staff.manager.id, now=ESCALATED)
    assert case.summary.handler_id == staff.director2.id


def test_a_team_lead_who_worked_stage1_cannot_be_allocated_the_review(
    store: Store, staff: Staff
) -> None:
    case = opened(store, staff)
    # The lead does Mo Manager's stage 1 work (allowed at stage 1), so handled stage 1.
    case = answer(store, staff.lead, case, ANSWERED)
    case = escalated(store, staff, case)
    with pytest.raises(s.RuleViolation, match="Lee Lead handled an earlier stage"):
        s.open_next_stage(store, staff.admin, case.id, case.version, staff.lead.id, now=ESCALATED)


def test_a_point_of_call_handler_may_still_review(store: Store, staff: Staff) -> None:
    """Whoever logged or fixed the call at stage 0 did not handle stage 1 (Derwent aside)."""
    use_profile(store, staff, "derby-homes")
    capture = s.ContactCapture(
        Channel.PHONE,
        complaint_answers(RECEIVED.date()),
        "Repair delay",
        resident_id=new_resident(store, staff),
        service_area_id=staff.repairs.id,
    )
    logged = s.log_contact(store, staff.manager2, capture, now=RECEIVED)
    case = s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=RECEIVED)
    case = answer(store, staff.manager, case, ANSWERED)
    case = escalated(store, staff, case)
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.manager2.id, now=ESCALATED
    )
    assert case.summary.handler_id == staff.manager2.id


# -- 2. supervisors doing a review stage's work pass the same rule -------------------------------


@pytest.mark.parametrize("how", ["assigned", "acted"])
def test_a_team_lead_who_handled_stage1_cannot_do_the_stage2_work(
    store: Store, staff: Staff, how: str
) -> None:
    case = opened(store, staff)
    if how == "assigned":
        case = s.assign(store, staff.lead, case.id, case.version, staff.lead.id, now=RECEIVED)
        case = answer(store, staff.lead, case, ANSWERED)
    else:  # Mo Manager stays the handler; the lead acknowledges and sends the response.
        case = s.acknowledge(store, staff.lead, case.id, case.version, now=ACKNOWLEDGED)
        case = answer(store, staff.manager, case, ANSWERED, acknowledge=False)
    case = escalated(store, staff, case)
    # Allocating the reviewer is an admin action, not handling: the lead may do it.
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.manager2.id, now=ESCALATED
    )
    refused = "Lee Lead handled an earlier stage"
    with pytest.raises(s.PermissionDenied, match=refused):
        s.acknowledge(store, staff.lead, case.id, case.version, now=ESCALATED)
    case = s.acknowledge(store, staff.manager2, case.id, case.version, now=ESCALATED)
    component = next(c for c in case.components if c.stage == 2)
    attempts = {
        "component": lambda v: s.add_component(
            store, staff.lead, case.id, v, "Another", now=REVIEWED
        ),
        "decision": lambda v: s.record_decision(
            store, staff.lead, case.id, v, component.id, "Late", Decision.UPHELD, now=REVIEWED
        ),
        "remedy": lambda v: s.add_remedy(
            store, staff.lead, case.id, v, "Apology visit", date(2026, 3, 20), now=REVIEWED
        ),
        "redress": lambda v: s.record_redress(
            store,
            staff.lead,
            case.id,
            v,
            s.RedressInput(5_000, (), "Time and trouble"),
            now=REVIEWED,
        ),
        "extend": lambda v: s.extend(
            store, staff.lead, case.id, v, date(2026, 4, 13), "Survey", "Letter", now=REVIEWED
        ),
    }
    before = len(events(store, case.id))
    for what, attempt in attempts.items():
        with pytest.raises(s.PermissionDenied, match=refused):
            attempt(case.version)
        assert len(events(store, case.id)) == before, what
    case = s.record_decision(
        store,
        staff.manager2,
        case.id,
        case.version,
        component.id,
        "Late",
        Decision.UPHELD,
        now=REVIEWED,
    )
    case = s.add_remedy(
        store,
        staff.manager2,
        case.id,
        case.version,
        "Apology visit",
        date(2026, 3, 20),
        now=REVIEWED,
    )
    ready = s.ResponseChecklist(
        letter_text="Letter",
        thanks=True,
        apology=True,
        improvements="Checks",
        escalation_explained=True,
    )
    with pytest.raises(s.PermissionDenied, match=refused):
        s.send_response(store, staff.lead, case.id, case.version, ready, now=REVIEWED)
    # A supervisor who never handled stage 1 may still step in, and so may the reviewer.
    case = s.add_outstanding_action(
        store,
        staff.admin,
        case.id,
        case.version,
        "Check the fix",
        staff.manager2.id,
        date(2026, 4, 1),
        now=REVIEWED,
    )
    case = s.send_response(store, staff.manager2, case.id, case.version, ready, now=REVIEWED)
    assert case.status is s.CaseStatus.RESPONDED
    # Reassigning stays an admin action for the lead, but not back to someone from stage 1.
    with pytest.raises(s.RuleViolation, match="earlier stage"):
        s.assign(store, staff.lead, case.id, case.version, staff.lead.id, now=REVIEWED)
    case = s.assign(store, staff.lead, case.id, case.version, staff.director.id, now=REVIEWED)
    assert case.summary.handler_id == staff.director.id


def test_an_administrator_who_handled_stage1_cannot_send_the_review(
    store: Store, staff: Staff
) -> None:
    case = opened(store, staff, area=False)
    case = s.assign(store, staff.admin, case.id, case.version, staff.admin.id, now=RECEIVED)
    case = answer(store, staff.admin, case, ANSWERED)
    case = escalated(store, staff, case)
    case = s.open_next_stage(
        store, staff.admin, case.id, case.version, staff.manager2.id, now=ESCALATED
    )
    with pytest.raises(s.PermissionDenied, match="Ada Admin handled an earlier stage"):
        answer(store, staff.admin, case, REVIEWED)
    case = answer(store, staff.manager2, case, REVIEWED)
    assert case.stages[1].responded_on == REVIEWED.date()


def test_derwent_review_work_is_for_a_senior_not_involved(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derwent-living")
    case = answer(store, staff.manager, opened(store, staff), ANSWERED)
    case = escalated(store, staff, case)
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.director2.id, now=ESCALATED
    )
    # The lead never touched stage 1, but Derwent's review is a head of service's or director's.
    with pytest.raises(s.PermissionDenied, match="head of service or director"):
        s.acknowledge(store, staff.lead, case.id, case.version, now=ESCALATED)
    with pytest.raises(s.PermissionDenied, match="head of service or director"):
        s.decline_review(store, staff.lead, case.id, case.version, "No failure", now=ESCALATED)
    case = answer(store, staff.director2, case, REVIEWED)
    assert case.status is s.CaseStatus.RESPONDED


def test_derive_review_work_is_for_the_line_manager(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derive")
    case = answer(store, staff.manager, opened(store, staff), ANSWERED)
    case = s.request_escalation(store, staff.handler, case.id, case.version, now=ESCALATED)
    case = s.open_next_stage(store, staff.lead, case.id, case.version, now=ESCALATED)
    assert case.summary.handler_id == staff.director.id  # Mo Manager's line manager
    with pytest.raises(s.PermissionDenied, match="line manager"):
        s.acknowledge(store, staff.lead, case.id, case.version, now=ESCALATED)
    case = answer(store, staff.director, case, REVIEWED)
    assert case.status is s.CaseStatus.RESPONDED


# -- 3. no response without a handler ------------------------------------------------------------


def test_a_stage1_response_needs_a_handler(store: Store, staff: Staff) -> None:
    case = opened(store, staff, area=False)
    assert case.summary.handler_id is None
    case = s.acknowledge(store, staff.lead, case.id, case.version, now=ACKNOWLEDGED)
    case = s.add_component(store, staff.lead, case.id, case.version, "Delay", now=ANSWERED)
    case = s.record_decision(
        store,
        staff.lead,
        case.id,
        case.version,
        case.components[0].id,
        "On time",
        Decision.NOT_UPHELD,
        now=ANSWERED,
    )
    with pytest.raises(s.RuleViolation, match=r"Stage 1 of \S+ has no handler"):
        s.send_response(store, staff.lead, case.id, case.version, checklist(), now=ANSWERED)
    assert events(store, case.id)[-1].action == "decision_recorded"
    case = s.assign(store, staff.lead, case.id, case.version, staff.manager2.id, now=ANSWERED)
    case = s.send_response(store, staff.manager2, case.id, case.version, checklist(), now=ANSWERED)
    assert case.status is s.CaseStatus.RESPONDED


def test_a_stage2_response_needs_the_reviewer_allocated(store: Store, staff: Staff) -> None:
    case = escalated(store, staff, answer(store, staff.manager, opened(store, staff), ANSWERED))
    assert case.summary.handler_id is None
    # The administrator never handled stage 1, so may do the review's groundwork ...
    case = s.acknowledge(store, staff.admin, case.id, case.version, now=ESCALATED)
    component = next(c for c in case.components if c.stage == 2)
    case = s.record_decision(
        store,
        staff.admin,
        case.id,
        case.version,
        component.id,
        "On time",
        Decision.NOT_UPHELD,
        now=REVIEWED,
    )
    # ... but the response does not go out with no reviewer named.
    with pytest.raises(s.RuleViolation, match=r"Stage 2 of \S+ has no handler"):
        s.send_response(store, staff.admin, case.id, case.version, checklist(), now=REVIEWED)
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.manager2.id, now=REVIEWED
    )
    case = s.send_response(store, staff.manager2, case.id, case.version, checklist(), now=REVIEWED)
    assert case.stages[1].handler_id == staff.manager2.id


# -- 4. only a team lead reassigns ---------------------------------------------------------------


def test_an_administrator_assigns_from_the_queue_but_only_a_team_lead_reassigns(
    store: Store, staff: Staff
) -> None:
    case = opened(store, staff, area=False)
    assert case.summary.handler_id is None
    case = s.assign(store, staff.admin, case.id, case.version, staff.manager.id, now=RECEIVED)
    assert case.summary.handler_id == staff.manager.id
    before = len(events(store, case.id))
    with pytest.raises(s.PermissionDenied, match="Only a complaints team lead can reassign"):
        s.assign(store, staff.admin, case.id, case.version, staff.manager2.id, now=RECEIVED)
    for refused in (staff.manager, staff.director, staff.handler):
        with pytest.raises(s.PermissionDenied, match="team lead"):
            s.assign(store, refused, case.id, case.version, staff.manager2.id, now=RECEIVED)
    assert len(events(store, case.id)) == before
    case = s.assign(store, staff.lead, case.id, case.version, staff.manager2.id, now=RECEIVED)
    assert case.summary.handler_id == staff.manager2.id


def test_only_a_team_lead_replaces_the_reviewer(store: Store, staff: Staff) -> None:
    case = escalated(store, staff, answer(store, staff.manager, opened(store, staff), ANSWERED))
    case = s.open_next_stage(
        store, staff.admin, case.id, case.version, staff.manager2.id, now=ESCALATED
    )
    with pytest.raises(s.PermissionDenied, match="Only a complaints team lead can reassign"):
        s.open_next_stage(
            store, staff.admin, case.id, case.version, staff.director.id, now=ESCALATED
        )
    with pytest.raises(s.PermissionDenied, match="Only a complaints team lead can reassign"):
        s.assign(store, staff.admin, case.id, case.version, staff.director.id, now=ESCALATED)
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.director.id, now=ESCALATED
    )
    assert case.summary.handler_id == staff.director.id
