"""Logging contacts: triage stored, exclusions with the sentence, out-of-time overrides, the
offer of a complaint, anonymous callers, quick fixes per profile, compliments."""

from __future__ import annotations

from datetime import date

import pytest

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel, ContactKind
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import (
    Staff,
    at,
    complaint_answers,
    count,
    events,
    last_action,
    log_complaint,
    new_resident,
    use_profile,
)


def test_an_accepted_complaint_gets_a_reference_and_waits_at_stage_0(
    store: Store, staff: Staff
) -> None:
    resident = new_resident(store, staff)
    logged = log_complaint(store, staff, resident, at(2026, 3, 2))
    case = logged.case
    assert logged.accepted and case.kind is ContactKind.COMPLAINT
    assert case.reference == "CMP-2026-000001"
    assert (case.status, case.stage, case.version) == (s.CaseStatus.OPEN, 0, 1)
    assert "acknowledge it within 5 working days" in logged.say
    # Not formal yet, but the clock runs: stage 1 would have to be acknowledged by then.
    assert case.next_due_on == date(2026, 3, 9)
    [event] = events(store, case.id)
    assert event.action == "contact_logged" and event.actor_id == staff.handler.id
    assert event.after is not None and event.after["triage"]["dissatisfied"] is True
    assert event.after["reference"] == "CMP-2026-000001"


def test_references_count_per_year_and_are_never_reused(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    refs = [
        log_complaint(store, staff, resident, at(2025, 12, 31, 12)).case.reference for _ in range(2)
    ]
    # 23:30 UTC on 31 December is already 2026? No: England is on GMT, so it is still 2025.
    refs.append(log_complaint(store, staff, resident, at(2025, 12, 31, 23, 30)).case.reference)
    refs.append(log_complaint(store, staff, resident, at(2026, 1, 1, 0, 30)).case.reference)
    assert refs == ["CMP-2025-000001", "CMP-2025-000002", "CMP-2025-000003", "CMP-2026-000001"]
    # A refused save does not burn a reference that a committed case holds.
    with pytest.raises(s.RuleViolation):
        log_complaint(store, staff, resident, at(2026, 1, 2), description="   ")
    assert log_complaint(store, staff, resident, at(2026, 1, 2)).case.reference == "CMP-2026-000002"


def test_a_british_summer_time_evening_counts_on_the_english_date(
    store: Store, staff: Staff
) -> None:
    resident = new_resident(store, staff)
    logged = log_complaint(store, staff, resident, at(2026, 6, 30, 23, 30))  # 00:30 BST on 1 July
    assert logged.case.received_on == date(2026, 7, 1)


def test_service_request_is_logged_not_a_complaint(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    answers = TriageAnswers(
        contacted_on=date(2026, 3, 2),
        dissatisfied=True,
        first_time_reported=True,
        wants_response_or_action=True,
    )
    capture = s.ContactCapture(
        Channel.PHONE, answers, "Tap dripping", resident_id=resident, complaint_offered=True
    )
    logged = s.log_contact(store, staff.handler, capture, now=at(2026, 3, 2))
    assert logged.case.kind is ContactKind.SERVICE_REQUEST
    assert logged.case.status is s.CaseStatus.LOGGED and not logged.accepted
    assert logged.case.next_due_on is None
    with pytest.raises(s.RuleViolation, match="not an accepted complaint"):
        s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2))


def test_dissatisfaction_needs_the_offer_of_a_complaint_recorded(
    store: Store, staff: Staff
) -> None:
    resident = new_resident(store, staff)
    answers = TriageAnswers(
        contacted_on=date(2026, 3, 2),
        dissatisfied=True,
        first_time_reported=True,
        wants_response_or_action=True,
    )
    capture = s.ContactCapture(Channel.PHONE, answers, "Tap dripping, fed up", resident_id=resident)
    with pytest.raises(s.RuleViolation, match="offer"):
        s.log_contact(store, staff.handler, capture, now=at(2026, 3, 2))
    assert count(store, m.Case) == 0
    offered = s.ContactCapture(
        Channel.PHONE, answers, "Tap dripping", resident_id=resident, complaint_offered=True
    )
    logged = s.log_contact(store, staff.handler, offered, now=at(2026, 3, 2))
    assert logged.offer_complaint
    assert s.get_case(store, logged.case.id).complaint_offered


def test_out_of_time_is_refused_with_the_sentence_unless_exceptional(
    store: Store, staff: Staff
) -> None:
    resident = new_resident(store, staff)
    old = log_complaint(store, staff, resident, at(2026, 3, 2), issue_known_on=date(2025, 2, 27))
    assert not old.accepted and old.case.status is s.CaseStatus.NOT_ACCEPTED
    detail = s.get_case(store, old.case.id)
    assert detail.exclusion_code == "out_of_time"
    assert "more than 12 months ago" in detail.exclusion_reason
    late = log_complaint(
        store,
        staff,
        resident,
        at(2026, 3, 2),
        issue_known_on=date(2025, 2, 27),
        exceptional_circumstances="In hospital for most of the year",
    )
    assert late.accepted
    assert s.get_case(store, late.case.id).out_of_time_reason == "In hospital for most of the year"


def test_derby_refuses_anonymous_complaints(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derby-homes")
    logged = log_complaint(store, staff, None, at(2026, 3, 2))
    assert not logged.accepted
    assert s.get_case(store, logged.case.id).exclusion_code == "anonymous"
    assert s.get_case(store, logged.case.id).profile_id == "derby-homes"


def test_anonymous_complaints_are_accepted_under_the_code(store: Store, staff: Staff) -> None:
    logged = log_complaint(store, staff, None, at(2026, 3, 2))
    assert logged.accepted and logged.case.resident_id is None


def test_restrictions_never_stop_a_complaint_being_logged(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    restrictions = (s.RestrictionInput(s.RestrictionKind.WRITING_ONLY),)
    s.mark_unreasonable(
        store,
        staff.lead,
        resident,
        "Abusive calls",
        date(2026, 9, 1),
        restrictions,
        now=at(2026, 3, 1),
    )
    logged = log_complaint(store, staff, resident, at(2026, 3, 2))
    assert logged.accepted and logged.case.status is s.CaseStatus.OPEN


def test_a_representative_without_confirmed_authority_holds_the_complaint(
    store: Store, staff: Staff
) -> None:
    resident = new_resident(store, staff)
    rep = s.add_representative(
        store,
        staff.handler,
        s.NewRepresentative(resident, "Cllr Jones", "councillor"),
        now=at(2026, 3, 1),
    )
    capture = s.ContactCapture(
        Channel.EMAIL,
        complaint_answers(date(2026, 3, 2)),
        "Damp",
        resident_id=resident,
        representative_id=rep.id,
    )
    logged = s.log_contact(store, staff.handler, capture, now=at(2026, 3, 2))
    assert logged.accepted and any("authority" in warning for warning in logged.warnings)
    with pytest.raises(s.RuleViolation, match="authority"):
        s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2))
    s.confirm_authority(
        store, staff.handler, rep.id, "Signed consent form", on=date(2026, 3, 3), now=at(2026, 3, 3)
    )
    case = s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 3)
    )
    assert case.representative is not None and case.representative.authority_confirmed


def test_representative_must_belong_to_the_resident(store: Store, staff: Staff) -> None:
    first = new_resident(store, staff)
    second = new_resident(store, staff, "Ann Other")
    rep = s.add_representative(
        store, staff.handler, s.NewRepresentative(first, "Sam"), now=at(2026, 3, 1)
    )
    capture = s.ContactCapture(
        Channel.PHONE,
        complaint_answers(date(2026, 3, 2)),
        "x",
        resident_id=second,
        representative_id=rep.id,
    )
    with pytest.raises(s.RuleViolation, match="representative"):
        s.log_contact(store, staff.handler, capture, now=at(2026, 3, 2))


def test_quick_fix_is_refused_under_the_code(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    case = log_complaint(store, staff, resident, at(2026, 3, 2)).case
    with pytest.raises(s.RuleViolation, match="service request"):
        s.record_quick_fix(
            store, staff.handler, case.id, case.version, "Sent a plumber", now=at(2026, 3, 2)
        )


def test_derwent_quick_fix_letter_and_window_to_go_formal(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derwent-living")
    resident = new_resident(store, staff, "Bob [/] Smith")
    thursday = at(2026, 4, 2)  # Good Friday 3 April and Easter Monday 6 April follow
    case = log_complaint(
        store, staff, resident, thursday, description="Front door lock broken"
    ).case
    # Resolved within 1 working day: Thursday 2 April → Tuesday 7 April is too late.
    with pytest.raises(s.RuleViolation, match="within 1 working day"):
        s.record_quick_fix(
            store,
            staff.handler,
            case.id,
            case.version,
            "Locksmith",
            resolved_on=date(2026, 4, 8),
            now=at(2026, 4, 8),
        )
    fixed = s.record_quick_fix(
        store,
        staff.handler,
        case.id,
        case.version,
        "Locksmith fitted a new lock",
        follow_up="We'll call on Friday",
        now=thursday,
    )
    assert fixed.status is s.CaseStatus.RESPONDED and fixed.handler_id == staff.handler.id
    detail = s.get_case(store, case.id)
    assert detail.quick_fix is not None
    # 5 working days from Thursday 2 April, skipping Good Friday and Easter Monday: Monday 13 April.
    assert detail.quick_fix.escalate_by == date(2026, 4, 13) == detail.escalate_by
    letter = detail.quick_fix.letter_text
    assert case.reference in letter and "Front door lock broken" in letter
    assert "Locksmith fitted a new lock" in letter and "Monday 13 April 2026" in letter
    assert "Bob [/] Smith" in letter
    assert last_action(store, case.id) == "quick_fix_recorded"
    # Going formal after the window needs a reason; within it, stage 1 starts from the request.
    with pytest.raises(s.RuleViolation, match="window"):
        s.open_stage1(
            store,
            staff.handler,
            case.id,
            fixed.version,
            requested_on=date(2026, 4, 14),
            now=at(2026, 4, 14),
        )
    formal = s.open_stage1(
        store,
        staff.handler,
        case.id,
        fixed.version,
        requested_on=date(2026, 4, 14),
        late_reason="Lock failed again over the weekend",
        now=at(2026, 4, 14),
    )
    assert formal.stage == 1 and formal.stages[0].received_on == date(2026, 4, 14)
    assert formal.stages[0].late_reason == "Lock failed again over the weekend"
    ack = next(d for d in formal.deadlines if d.kind == "acknowledge")
    assert ack.due_on == date(2026, 4, 16)


def test_derive_quick_fix_has_no_window(store: Store, staff: Staff) -> None:
    use_profile(store, staff, "derive")
    resident = new_resident(store, staff)
    case = log_complaint(store, staff, resident, at(2026, 3, 2)).case
    s.record_quick_fix(
        store, staff.handler, case.id, case.version, "Rebooked today", now=at(2026, 3, 2)
    )
    detail = s.get_case(store, case.id)
    assert detail.quick_fix is not None and detail.quick_fix.escalate_by is None
    assert "by " not in detail.quick_fix.letter_text.split("formal stage 1 complaint")[1][:5]


def test_compliments_are_routed_to_the_manager(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    answers = TriageAnswers(contacted_on=date(2026, 3, 2), is_praise=True)
    logged = s.log_contact(
        store,
        staff.handler,
        s.ContactCapture(Channel.EMAIL, answers, "Jo was great", resident_id=resident),
        now=at(2026, 3, 2),
    )
    assert logged.case.kind is ContactKind.COMPLIMENT and logged.case.status is s.CaseStatus.LOGGED
    summary = s.route_compliment(
        store,
        staff.handler,
        logged.case.id,
        logged.case.version,
        "Jo (repairs)",
        staff.manager.id,
        now=at(2026, 3, 2),
    )
    assert summary.version == logged.case.version + 1
    detail = s.get_case(store, logged.case.id)
    assert detail.compliments[0].manager_name == "Mo Manager"
    assert last_action(store, logged.case.id) == "compliment_routed"
    complaint = log_complaint(store, staff, resident, at(2026, 3, 2)).case
    with pytest.raises(s.RuleViolation, match="not a compliment"):
        s.route_compliment(
            store,
            staff.handler,
            complaint.id,
            complaint.version,
            "Jo",
            staff.manager.id,
            now=at(2026, 3, 2),
        )


def test_contacts_cannot_be_received_in_the_future(store: Store, staff: Staff) -> None:
    capture = s.ContactCapture(
        Channel.LETTER, complaint_answers(date(2026, 3, 5)), "x", received_at=at(2026, 3, 5)
    )
    with pytest.raises(s.RuleViolation, match="future"):
        s.log_contact(store, staff.handler, capture, now=at(2026, 3, 2))


def test_an_inactive_user_cannot_log(store: Store, staff: Staff) -> None:
    s.update_user(store, staff.admin, staff.handler.id, active=False, now=at(2026, 3, 1))
    with pytest.raises(s.PermissionDenied, match="not an active user"):
        log_complaint(store, staff, None, at(2026, 3, 2))
