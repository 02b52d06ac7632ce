"""Stage 1 under the statutory Code (hos-code, the default): the SPEC §5 worked examples, role
refusals, the response checklist, escalation, closing and reopening."""

from __future__ import annotations

from datetime import date

import pytest

from complaints_tui import services as s
from complaints_tui.domain.deadlines import DeadlineState
from complaints_tui.domain.kinds import Decision, Outcome
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, events, last_action, log_complaint, new_resident

CHRISTMAS_THURSDAY = at(2025, 12, 18)


def deadline(detail: s.CaseDetail, stage: int, kind: str) -> s.DeadlineInfo:
    return next(d for d in detail.deadlines if d.stage == stage and d.kind == kind)


def opened(store: Store, staff: Staff) -> s.CaseDetail:
    resident = new_resident(store, staff)
    logged = log_complaint(store, staff, resident, CHRISTMAS_THURSDAY)
    return s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=CHRISTMAS_THURSDAY
    )


def acknowledged(store: Store, staff: Staff) -> s.CaseDetail:
    case = opened(store, staff)
    return s.acknowledge(
        store, staff.manager, case.id, case.version, on=date(2026, 1, 5), now=at(2026, 1, 5)
    )


def full_checklist(letter: str = "Dear Mr Smith, …") -> s.ResponseChecklist:
    return s.ResponseChecklist(
        letter_text=letter,
        thanks=True,
        apology=True,
        improvements="Damp surveys now booked within 5 working days.",
        escalation_explained=True,
    )


def worked(store: Store, staff: Staff) -> s.CaseDetail:
    """Acknowledged, one component upheld and a remedy: ready to answer."""
    case = acknowledged(store, staff)
    now = at(2026, 1, 14)
    case = s.add_component(
        store, staff.manager, case.id, case.version, "Mould not treated", now=now
    )
    component = case.components[0].id
    case = s.record_decision(
        store,
        staff.manager,
        case.id,
        case.version,
        component,
        "Visit missed twice",
        Decision.UPHELD,
        now=now,
    )
    return s.add_remedy(
        store, staff.manager, case.id, case.version, "Mould wash", date(2026, 1, 21), now=now
    )


def responded(store: Store, staff: Staff) -> s.CaseDetail:
    case = worked(store, staff)
    return s.send_response(
        store, staff.manager, case.id, case.version, full_checklist(), now=at(2026, 1, 14)
    )


def test_stage1_deadlines_cross_christmas_and_route_to_the_area_manager(
    store: Store, staff: Staff
) -> None:
    case = opened(store, staff)
    assert case.stage == 1 and case.status is s.CaseStatus.OPEN
    assert case.summary.handler_id == staff.manager.id
    # SPEC §5: received Thursday 18 December 2025, acknowledged by Monday 29 December.
    assert deadline(case, 1, "acknowledge").due_on == date(2025, 12, 29)
    respond = deadline(case, 1, "respond")
    assert respond.projected and respond.due_on == date(2026, 1, 13)
    assert case.summary.next_due_on == date(2025, 12, 29)
    assert case.summary.next_due_kind == "acknowledge"
    assert last_action(store, case.id) == "stage_opened"


def test_received_on_a_bank_holiday_weekend(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    saturday = at(2025, 8, 23, 11)
    logged = log_complaint(store, staff, resident, saturday)
    case = s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=saturday)
    # Counts as received Tuesday 26 August (Monday 25th is the summer bank holiday).
    assert deadline(case, 1, "acknowledge").due_on == date(2025, 9, 2)


def test_acknowledge_is_for_the_handler_or_a_team_lead(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    for outsider in (staff.handler, staff.manager2):
        with pytest.raises(s.PermissionDenied):
            s.acknowledge(
                store, outsider, case.id, case.version, on=date(2026, 1, 5), now=at(2026, 1, 5)
            )
    case = s.acknowledge(
        store, staff.manager, case.id, case.version, on=date(2026, 1, 5), now=at(2026, 1, 5)
    )
    ack = deadline(case, 1, "acknowledge")
    assert ack.met_on == date(2026, 1, 5) and ack.state is DeadlineState.MET_LATE
    # SPEC §5: acknowledged Monday 5 January 2026, the response is due Monday 19 January.
    assert deadline(case, 1, "respond").due_on == date(2026, 1, 19)
    assert case.summary.next_due_on == date(2026, 1, 19)
    assert last_action(store, case.id) == "acknowledged"
    with pytest.raises(s.RuleViolation, match="already acknowledged"):
        s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 1, 6))


def test_acknowledging_before_receipt_or_in_the_future_is_refused(
    store: Store, staff: Staff
) -> None:
    case = opened(store, staff)
    with pytest.raises(s.RuleViolation):
        s.acknowledge(
            store, staff.manager, case.id, case.version, on=date(2025, 12, 17), now=at(2026, 1, 5)
        )
    with pytest.raises(s.RuleViolation, match="future"):
        s.acknowledge(
            store, staff.manager, case.id, case.version, on=date(2026, 1, 6), now=at(2026, 1, 5)
        )


def test_extension_is_capped_at_ten_working_days_without_a_good_reason(
    store: Store, staff: Staff
) -> None:
    case = acknowledged(store, staff)
    now = at(2026, 1, 15)
    with pytest.raises(s.PermissionDenied):
        s.extend(
            store,
            staff.handler,
            case.id,
            case.version,
            date(2026, 2, 2),
            "Waiting for surveyor",
            "letter",
            now=now,
        )
    with pytest.raises(s.RuleViolation, match="Monday 2 February 2026"):
        s.extend(
            store,
            staff.manager,
            case.id,
            case.version,
            date(2026, 2, 3),
            "Surveyor",
            "letter",
            now=now,
        )
    with pytest.raises(s.RuleViolation, match="reason"):
        s.extend(
            store, staff.manager, case.id, case.version, date(2026, 2, 2), "  ", "letter", now=now
        )
    with pytest.raises(s.RuleViolation, match="told"):
        s.extend(
            store, staff.manager, case.id, case.version, date(2026, 2, 2), "Surveyor", "", now=now
        )
    case = s.extend(
        store,
        staff.manager,
        case.id,
        case.version,
        date(2026, 2, 2),
        "Waiting for the surveyor",
        "Letter",
        now=now,
    )
    respond = deadline(case, 1, "respond")
    assert (respond.due_on, respond.original_due_on) == (date(2026, 2, 2), date(2026, 1, 19))
    assert respond.extended and respond.extensions[0].how_told == "Letter"
    assert respond.extensions[0].by_name == "Mo Manager"
    assert case.summary.next_due_on == date(2026, 2, 2)
    assert last_action(store, case.id) == "extended"


def test_extension_beyond_the_cap_with_a_good_reason(store: Store, staff: Staff) -> None:
    case = acknowledged(store, staff)
    case = s.extend(
        store,
        staff.manager,
        case.id,
        case.version,
        date(2026, 2, 9),
        "Surveyor",
        "Phoned and wrote",
        good_reason_beyond_limit="Specialist damp survey cannot be done sooner",
        now=at(2026, 1, 15),
    )
    assert deadline(case, 1, "respond").due_on == date(2026, 2, 9)


def test_only_a_team_lead_reassigns(store: Store, staff: Staff) -> None:
    case = opened(store, staff)  # routed to Mo Manager, so any assignment is a reassignment
    for refused in (staff.handler, staff.manager, staff.director, staff.admin):
        with pytest.raises(s.PermissionDenied, match="team lead"):
            s.assign(
                store, refused, case.id, case.version, staff.manager2.id, now=CHRISTMAS_THURSDAY
            )
    with pytest.raises(s.RuleViolation, match="call handler"):
        s.assign(store, staff.lead, case.id, case.version, staff.handler.id, now=CHRISTMAS_THURSDAY)
    case = s.assign(
        store, staff.lead, case.id, case.version, staff.manager2.id, now=CHRISTMAS_THURSDAY
    )
    assert case.summary.handler_id == staff.manager2.id
    assert case.stages[0].handler_id == staff.manager2.id
    event = events(store, case.id)[-1]
    assert event.action == "assigned"
    assert event.before == {"handler_id": staff.manager.id} and event.after == {
        "handler_id": staff.manager2.id
    }


def test_response_checklist_must_be_complete(store: Store, staff: Staff) -> None:
    case = acknowledged(store, staff)
    now = at(2026, 1, 14)
    with pytest.raises(s.RuleViolation, match="component"):
        s.send_response(store, staff.manager, case.id, case.version, full_checklist(), now=now)
    case = s.add_component(
        store, staff.manager, case.id, case.version, "Mould not treated", now=now
    )
    case = s.add_component(store, staff.manager, case.id, case.version, "Rude operative", now=now)
    first, second = (c.id for c in case.components)
    case = s.record_decision(
        store, staff.manager, case.id, case.version, first, "Missed twice", Decision.UPHELD, now=now
    )
    gaps = s.response_gaps(store, case.id, s.ResponseChecklist(letter_text=""))
    assert any("Part 2" in gap and "no finding" in gap for gap in gaps)
    assert any("Apologise" in gap for gap in gaps)
    assert any("put right" in gap for gap in gaps)
    assert any("Thank" in gap for gap in gaps)
    assert any("stage 2" in gap for gap in gaps)
    assert any("letter" in gap for gap in gaps)
    case = s.record_decision(
        store,
        staff.manager,
        case.id,
        case.version,
        second,
        "No evidence",
        Decision.NOT_UPHELD,
        now=now,
    )
    with pytest.raises(s.RuleViolation, match="put right"):
        s.send_response(store, staff.manager, case.id, case.version, full_checklist(), now=now)
    case = s.add_remedy(
        store, staff.manager, case.id, case.version, "Mould wash", date(2026, 1, 21), now=now
    )
    assert s.response_gaps(store, case.id, full_checklist()) == []
    case = s.send_response(
        store, staff.manager, case.id, case.version, full_checklist("Letter body"), now=now
    )
    assert case.status is s.CaseStatus.RESPONDED
    assert case.stages[0].responded_on == date(2026, 1, 14)
    assert case.stages[0].response_letter == "Letter body"
    respond = deadline(case, 1, "respond")
    assert respond.met_on == date(2026, 1, 14) and respond.state is DeadlineState.MET
    assert case.summary.next_due_on is None
    assert case.escalate_by is None  # the Code imposes no escalation window
    assert last_action(store, case.id) == "response_sent"


def test_response_needs_an_acknowledgement_first(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    with pytest.raises(s.RuleViolation, match="Acknowledge"):
        s.send_response(
            store, staff.manager, case.id, case.version, full_checklist(), now=at(2026, 1, 5)
        )


def test_not_upheld_needs_no_apology_or_remedy(store: Store, staff: Staff) -> None:
    case = acknowledged(store, staff)
    now = at(2026, 1, 14)
    case = s.add_component(store, staff.manager, case.id, case.version, "Noise", now=now)
    case = s.record_decision(
        store,
        staff.manager,
        case.id,
        case.version,
        case.components[0].id,
        "Within policy",
        Decision.NOT_UPHELD,
        now=now,
    )
    checklist = s.ResponseChecklist(letter_text="Letter", thanks=True, escalation_explained=True)
    assert s.response_gaps(store, case.id, checklist) == []


def test_escalation_under_the_code_then_the_reviewer_rule(store: Store, staff: Staff) -> None:
    case = responded(store, staff)
    # A month later: the Code sets no window, so no reason is needed.
    case = s.request_escalation(
        store,
        staff.handler,
        case.id,
        case.version,
        requested_on=date(2026, 2, 13),
        now=at(2026, 2, 13),
    )
    assert case.stage == 2 and case.status is s.CaseStatus.OPEN
    assert case.summary.handler_id is None
    assert deadline(case, 2, "acknowledge").due_on == date(2026, 2, 20)
    assert deadline(case, 1, "respond").met_on == date(2026, 1, 14)
    assert [c.stage for c in case.components] == [1, 2]
    assert last_action(store, case.id) == "escalation_requested"
    with pytest.raises(s.PermissionDenied):
        s.open_next_stage(
            store, staff.handler, case.id, case.version, staff.manager2.id, now=at(2026, 2, 13)
        )
    with pytest.raises(s.RuleViolation, match="earlier stage"):
        s.open_next_stage(
            store, staff.lead, case.id, case.version, staff.manager.id, now=at(2026, 2, 13)
        )
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.manager2.id, now=at(2026, 2, 13)
    )
    assert case.summary.handler_id == staff.manager2.id
    assert last_action(store, case.id) == "reviewer_allocated"
    # Reassigning stage 2 back to the stage 1 handler is refused too.
    with pytest.raises(s.RuleViolation):
        s.assign(store, staff.lead, case.id, case.version, staff.manager.id, now=at(2026, 2, 13))
    case = s.acknowledge(
        store, staff.manager2, case.id, case.version, on=date(2026, 2, 16), now=at(2026, 2, 16)
    )
    # 20 working days from acknowledgement.
    assert deadline(case, 2, "respond").due_on == date(2026, 3, 16)
    stage2 = next(c for c in case.components if c.stage == 2)
    case = s.record_decision(
        store,
        staff.manager2,
        case.id,
        case.version,
        stage2.id,
        "Fixed already",
        Decision.NOT_UPHELD,
        now=at(2026, 2, 20),
    )
    overturned = next(c for c in case.components if c.stage == 2)
    assert overturned.overturned and overturned.previous_decision is Decision.UPHELD


def test_the_last_stage_cannot_be_escalated(store: Store, staff: Staff) -> None:
    case = responded(store, staff)
    case = s.request_escalation(store, staff.handler, case.id, case.version, now=at(2026, 1, 20))
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.manager2.id, now=at(2026, 1, 20)
    )
    case = s.acknowledge(store, staff.manager2, case.id, case.version, now=at(2026, 1, 21))
    component = next(c for c in case.components if c.stage == 2)
    case = s.record_decision(
        store,
        staff.manager2,
        case.id,
        case.version,
        component.id,
        "Agreed",
        Decision.UPHELD,
        now=at(2026, 1, 22),
    )
    case = s.add_remedy(
        store,
        staff.manager2,
        case.id,
        case.version,
        "Redecorate",
        date(2026, 2, 2),
        now=at(2026, 1, 22),
    )
    case = s.send_response(
        store, staff.manager2, case.id, case.version, full_checklist(), now=at(2026, 1, 22)
    )
    assert case.is_last_stage and case.escalate_by is None
    gaps = s.response_gaps(store, case.id, s.ResponseChecklist(letter_text="x"))
    assert any("ombudsman" in gap for gap in gaps)
    with pytest.raises(s.RuleViolation, match="Housing Ombudsman"):
        s.request_escalation(store, staff.handler, case.id, case.version, now=at(2026, 1, 23))


def test_close_needs_learning_and_records_outcome_and_satisfaction(
    store: Store, staff: Staff
) -> None:
    case = responded(store, staff)
    now = at(2026, 1, 20)
    with pytest.raises(s.PermissionDenied):
        s.close(store, staff.handler, case.id, case.version, s.CloseInput(("repairs",)), now=now)
    with pytest.raises(s.RuleViolation, match="learning tag"):
        s.close(store, staff.manager, case.id, case.version, s.CloseInput(()), now=now)
    with pytest.raises(s.RuleViolation, match="1 to 5"):
        s.close(
            store,
            staff.manager,
            case.id,
            case.version,
            s.CloseInput(("x",), satisfaction_score=6),
            now=now,
        )
    closing = s.CloseInput(
        ("Missed appointment", "damp"), "Surveys in 5 days", 4, "Quick once started"
    )
    case = s.close(store, staff.manager, case.id, case.version, closing, now=now)
    assert case.status is s.CaseStatus.CLOSED and case.closed_on == date(2026, 1, 20)
    assert case.outcome == Outcome.UPHELD.value
    assert case.learning_tags == ["damp", "missed appointment"]
    assert case.satisfaction is not None and case.satisfaction.score == 4
    assert case.improvement == "Surveys in 5 days"
    assert last_action(store, case.id) == "closed"
    with pytest.raises(s.PermissionDenied):
        s.reopen(store, staff.manager, case.id, case.version, "Resident rang back", now=now)
    case = s.reopen(store, staff.lead, case.id, case.version, "Resident rang back", now=now)
    assert case.status is s.CaseStatus.RESPONDED and case.outcome is None and case.closed_on is None
    assert last_action(store, case.id) == "reopened"


def test_withdrawn_cases_are_kept_with_who_and_why(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    with pytest.raises(s.RuleViolation, match="who"):
        s.withdraw(store, staff.handler, case.id, case.version, "", "Sorted", now=at(2025, 12, 19))
    case = s.withdraw(
        store,
        staff.handler,
        case.id,
        case.version,
        "Resident",
        "Repair done, happy",
        now=at(2025, 12, 19),
    )
    assert case.status is s.CaseStatus.WITHDRAWN and case.outcome == Outcome.WITHDRAWN.value
    assert (case.withdrawn_by, case.withdrawn_reason) == ("Resident", "Repair done, happy")
    assert case.summary.next_due_on is None
    assert s.overdue_counts(store, today=date(2026, 6, 1)) == []
    with pytest.raises(s.RuleViolation):
        s.acknowledge(store, staff.manager, case.id, case.version, now=at(2025, 12, 19))
    case = s.reopen(
        store, staff.lead, case.id, case.version, "Withdrawn by mistake", now=at(2025, 12, 22)
    )
    assert case.status is s.CaseStatus.OPEN and case.summary.next_due_on == date(2025, 12, 29)


def test_findings_are_for_the_handler(store: Store, staff: Staff) -> None:
    case = acknowledged(store, staff)
    now = at(2026, 1, 6)
    with pytest.raises(s.PermissionDenied):
        s.add_component(store, staff.handler, case.id, case.version, "X", now=now)
    with pytest.raises(s.PermissionDenied):
        s.add_component(store, staff.manager2, case.id, case.version, "X", now=now)
    case = s.add_component(store, staff.lead, case.id, case.version, "Lead adds one", now=now)
    assert last_action(store, case.id) == "component_added"
    case = s.add_outstanding_action(
        store,
        staff.manager,
        case.id,
        case.version,
        "Replace extractor fan",
        staff.manager.id,
        date(2026, 2, 20),
        now=now,
    )
    assert case.actions[0].owner_name == "Mo Manager"
    assert last_action(store, case.id) == "action_added"
    case = s.add_remedy(
        store, staff.manager, case.id, case.version, "Mould wash", date(2026, 1, 9), now=now
    )
    case = s.mark_done(
        store,
        staff.manager,
        case.id,
        case.version,
        remedy_id=case.remedies[0].id,
        on=date(2026, 1, 8),
        now=at(2026, 1, 8),
    )
    assert case.remedies[0].done_on == date(2026, 1, 8)
    assert last_action(store, case.id) == "remedy_done"
    case = s.mark_done(
        store,
        staff.manager,
        case.id,
        case.version,
        action_id=case.actions[0].id,
        now=at(2026, 1, 8),
    )
    assert last_action(store, case.id) == "action_done"
    with pytest.raises(s.RuleViolation, match="already done"):
        s.mark_done(
            store,
            staff.manager,
            case.id,
            case.version,
            action_id=case.actions[0].id,
            now=at(2026, 1, 8),
        )


def test_redress_is_saved_exactly(store: Store, staff: Staff) -> None:
    case = acknowledged(store, staff)
    parts = (s.RedressPart("Carpet", 12_345), s.RedressPart("Time and trouble", 7_500))
    redress = s.RedressInput(19_845, parts, "Carpet £123.45 (3 years old, fair)\nBand 1 £75.00")
    with pytest.raises(s.RuleViolation, match="add up"):
        s.record_redress(
            store,
            staff.manager,
            case.id,
            case.version,
            s.RedressInput(19_846, parts, ""),
            now=at(2026, 1, 6),
        )
    case = s.record_redress(
        store, staff.manager, case.id, case.version, redress, now=at(2026, 1, 6)
    )
    assert case.redress is not None
    assert case.redress.total_pence == 19_845 and case.redress.parts == parts
    assert case.redress.breakdown.startswith("Carpet £123.45")
    assert last_action(store, case.id) == "redress_recorded"


def test_dates_and_amounts_a_slip_would_give_are_refused(store: Store, staff: Staff) -> None:
    """Tried on the desk: a remedy due in 2020 went into the letter, a 'done' date tomorrow was
    kept, and £99,999,999,999,999.00 was recorded as redress."""
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2))
    case = s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2)
    )
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 2))
    with pytest.raises(s.RuleViolation, match="before the complaint was received"):
        s.add_remedy(store, staff.manager, case.id, case.version, "Fit the door", date(2020, 1, 1))
    case = s.add_remedy(
        store, staff.manager, case.id, case.version, "Fit the door", date(2026, 3, 20),
        now=at(2026, 3, 3),
    )  # fmt: skip
    remedy = case.remedies[0].id
    with pytest.raises(s.RuleViolation, match="in the future"):
        s.mark_done(
            store, staff.manager, case.id, case.version, remedy_id=remedy, on=date(2026, 3, 4),
            now=at(2026, 3, 3),
        )  # fmt: skip
    too_much = s.RedressInput(9_999_999_999_999_900, (), "typed extra zeros")
    with pytest.raises(s.RuleViolation, match="check the amount"):
        s.record_redress(store, staff.manager, case.id, case.version, too_much, now=at(2026, 3, 3))


def test_an_extension_never_promises_a_date_already_past(store: Store, staff: Staff) -> None:
    """Found by a newcomer: a new date before the day the resident was told was accepted, and
    the extension letter promised it."""
    case = acknowledged(store, staff)  # respond by Monday 19 January 2026, now overdue
    with pytest.raises(s.RuleViolation, match="before the resident was told of it"):
        s.extend(
            store, staff.manager, case.id, case.version, date(2026, 1, 21), "Surveyor",
            "letter", now=at(2026, 1, 26),
        )  # fmt: skip
    case = s.extend(
        store, staff.manager, case.id, case.version, date(2026, 1, 26), "Surveyor",
        "phone call", now=at(2026, 1, 26),
    )  # fmt: skip
    assert deadline(case, 1, "respond").due_on == date(2026, 1, 26)
