"""SPEC §9: every change to a case is an event with who, when and what, and the values before and
after. Each case action is checked for its own event, field by field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from complaints_tui import services as s
from complaints_tui.domain.kinds import Decision
from complaints_tui.services.letters.sent import sent_letters
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, events, log_complaint, new_resident, use_profile


def one_new_event(store: Store, case_id: int, seen: int) -> m.Event:
    """The single event the last action wrote (an action writes exactly one)."""
    found = events(store, case_id)
    assert len(found) == seen + 1, [e.action for e in found[seen:]]
    return found[-1]


def check(
    event: m.Event,
    action: str,
    actor: s.UserInfo,
    when: datetime,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    assert (event.action, event.actor_id, event.at) == (action, actor.id, when)
    assert event.at.tzinfo is not None
    assert event.before == before
    assert event.after == after


def test_each_stage_action_writes_who_when_what_before_and_after(
    store: Store, staff: Staff
) -> None:
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2, 9))
    case_id = logged.case.id
    seen = len(events(store, case_id))
    reference = logged.case.reference

    def step(result: s.CaseDetail) -> tuple[s.CaseDetail, m.Event]:
        nonlocal seen
        event = one_new_event(store, case_id, seen)
        seen += 1
        return result, event

    when = at(2026, 3, 2, 9, 5)
    case, event = step(s.open_stage1(store, staff.handler, case_id, logged.case.version, now=when))
    check(
        event,
        "stage_opened",
        staff.handler,
        when,
        # The acknowledgement was already due on 9 March from receipt: unchanged, so not kept.
        {"stage": 0, "handler_id": None},
        {
            "stage": 1,
            "handler_id": staff.manager.id,
            "stage_received_on": "2026-03-02",
            "late_reason": "",
        },
    )

    when = at(2026, 3, 2, 11)
    case, event = step(
        s.assign(store, staff.lead, case_id, case.version, staff.manager2.id, now=when)
    )
    check(
        event,
        "assigned",
        staff.lead,
        when,
        {"handler_id": staff.manager.id},
        {"handler_id": staff.manager2.id},
    )

    when = at(2026, 3, 3, 10)
    case, event = step(
        s.acknowledge(store, staff.manager2, case_id, case.version, on=when.date(), now=when)
    )
    check(
        event,
        "acknowledged",
        staff.manager2,
        when,
        {"acknowledged_on": None, "next_due_kind": "acknowledge", "next_due_on": "2026-03-09"},
        {
            "acknowledged_on": "2026-03-03",
            "next_due_kind": "respond",
            "next_due_on": "2026-03-17",
            "stage": 1,
        },
    )

    when = at(2026, 3, 4, 10)
    case, event = step(
        s.add_component(store, staff.manager2, case_id, case.version, "Mould", now=when)
    )
    component = case.components[0].id
    check(
        event,
        "component_added",
        staff.manager2,
        when,
        None,
        {"component_id": component, "stage": 1, "summary": "Mould"},
    )

    case, event = step(
        s.record_decision(
            store,
            staff.manager2,
            case_id,
            case.version,
            component,
            "Visit missed twice",
            Decision.UPHELD,
            now=when,
        )
    )
    check(
        event,
        "decision_recorded",
        staff.manager2,
        when,
        {"finding": "", "decision": None},
        {"component_id": component, "finding": "Visit missed twice", "decision": "upheld"},
    )
    # Changing the decision keeps the earlier one in `before`.
    case, event = step(
        s.record_decision(
            store,
            staff.manager2,
            case_id,
            case.version,
            component,
            "Visit missed once",
            Decision.PARTLY_UPHELD,
            now=when,
        )
    )
    check(
        event,
        "decision_recorded",
        staff.manager2,
        when,
        {"finding": "Visit missed twice", "decision": "upheld"},
        {"component_id": component, "finding": "Visit missed once", "decision": "partly_upheld"},
    )

    case, event = step(
        s.add_remedy(
            store, staff.manager2, case_id, case.version, "Mould wash", date(2026, 3, 11), now=when
        )
    )
    remedy = case.remedies[0].id
    check(
        event,
        "remedy_added",
        staff.manager2,
        when,
        None,
        {"remedy_id": remedy, "stage": 1, "description": "Mould wash", "due_on": "2026-03-11"},
    )

    parts = (s.RedressPart("Time and trouble", 5_000),)
    case, event = step(
        s.record_redress(
            store,
            staff.manager2,
            case_id,
            case.version,
            s.RedressInput(5_000, parts, "Band 1"),
            now=when,
        )
    )
    check(
        event,
        "redress_recorded",
        staff.manager2,
        when,
        None,
        {
            "stage": 1,
            "total_pence": 5_000,
            "parts": [{"label": "Time and trouble", "pence": 5_000}],
        },
    )

    when = at(2026, 3, 5, 10)
    case, event = step(
        s.extend(
            store,
            staff.manager2,
            case_id,
            case.version,
            date(2026, 3, 24),
            "Waiting for the surveyor",
            "Letter",
            told_on=date(2026, 3, 5),
            now=when,
        )
    )
    check(
        event,
        "extended",
        staff.manager2,
        when,
        {"respond_by": "2026-03-17"},
        {
            "respond_by": "2026-03-24",
            "reason": "Waiting for the surveyor",
            "how_told": "Letter",
            "told_on": "2026-03-05",
            "stage": 1,
        },
    )

    case, event = step(
        s.add_outstanding_action(
            store,
            staff.manager2,
            case_id,
            case.version,
            "Replace the extractor fan",
            staff.manager.id,
            date(2026, 4, 1),
            now=when,
        )
    )
    action = case.actions[0].id
    check(
        event,
        "action_added",
        staff.manager2,
        when,
        None,
        {
            "action_id": action,
            "description": "Replace the extractor fan",
            "owner_id": staff.manager.id,
            "due_on": "2026-04-01",
        },
    )

    when = at(2026, 3, 10, 10)
    checklist = s.ResponseChecklist(
        letter_text="Dear Mr Smith",
        thanks=True,
        apology=True,
        improvements="Surveys within 5 days",
        escalation_explained=True,
    )
    case, event = step(
        s.send_response(store, staff.manager2, case_id, case.version, checklist, now=when)
    )
    check(
        event,
        "response_sent",
        staff.manager2,
        when,
        {"status": "open", "next_due_kind": "respond", "next_due_on": "2026-03-24"},
        {
            "status": "responded",
            "next_due_kind": None,
            "next_due_on": None,
            "responded_on": "2026-03-10",
            "stage": 1,
            "thanks": True,
            "apology": True,
            "improvements": "Surveys within 5 days",
            "escalation_explained": True,
            "nothing_to_put_right": "",
            # The response is kept among the letters sent (by post unless said otherwise).
            "letter_id": sent_letters(store, case_id)[0].id,
            "sent_by": "post",
        },
    )

    when = at(2026, 3, 11, 10)
    case, event = step(
        s.mark_done(store, staff.manager2, case_id, case.version, remedy_id=remedy, now=when)
    )
    check(
        event,
        "remedy_done",
        staff.manager2,
        when,
        {"done_on": None},
        {"id": remedy, "done_on": "2026-03-11"},
    )
    case, event = step(
        s.mark_done(store, staff.manager2, case_id, case.version, action_id=action, now=when)
    )
    check(
        event,
        "action_done",
        staff.manager2,
        when,
        {"done_on": None},
        {"id": action, "done_on": "2026-03-11"},
    )

    when = at(2026, 3, 12, 10)
    case, event = step(s.request_escalation(store, staff.handler, case_id, case.version, now=when))
    check(
        event,
        "escalation_requested",
        staff.handler,
        when,
        {
            "status": "responded",
            "stage": 1,
            "handler_id": staff.manager2.id,
            "next_due_kind": None,
            "next_due_on": None,
        },
        {
            "status": "open",
            "stage": 2,
            "handler_id": None,
            "next_due_kind": "acknowledge",
            "next_due_on": "2026-03-19",
            "requested_on": "2026-03-12",
            "late_reason": "",
        },
    )

    case, event = step(
        s.open_next_stage(store, staff.admin, case_id, case.version, staff.director.id, now=when)
    )
    check(
        event,
        "reviewer_allocated",
        staff.admin,
        when,
        {"handler_id": None},
        {"handler_id": staff.director.id, "reviewer": "Dee Director"},
    )

    when = at(2026, 3, 13, 10)
    case, event = step(
        s.withdraw(store, staff.handler, case_id, case.version, "Resident", "Happy now", now=when)
    )
    check(
        event,
        "withdrawn",
        staff.handler,
        when,
        {
            "status": "open",
            "outcome": None,
            "next_due_kind": "acknowledge",
            "next_due_on": "2026-03-19",
            "withdrawn_by": "",
            "withdrawn_reason": "",
            "withdrawn_on": None,
        },
        {
            "status": "withdrawn",
            "outcome": "withdrawn",
            "next_due_kind": None,
            "next_due_on": None,
            "withdrawn_by": "Resident",
            "withdrawn_reason": "Happy now",
            "withdrawn_on": "2026-03-13",
        },
    )

    when = at(2026, 3, 16, 10)
    case, event = step(
        s.reopen(store, staff.lead, case_id, case.version, "Rang back: not happy", now=when)
    )
    check(
        event,
        "reopened",
        staff.lead,
        when,
        {
            "status": "withdrawn",
            "outcome": "withdrawn",
            "next_due_kind": None,
            "next_due_on": None,
            "withdrawn_by": "Resident",
            "withdrawn_reason": "Happy now",
            "withdrawn_on": "2026-03-13",
        },
        {
            "status": "open",
            "outcome": None,
            "next_due_kind": "acknowledge",
            "next_due_on": "2026-03-19",
            "withdrawn_by": "",
            "withdrawn_reason": "",
            "withdrawn_on": None,
            "reason": "Rang back: not happy",
        },
    )
    assert reference == case.reference


def test_a_declined_review_and_the_closing_are_recorded_with_their_stage(
    store: Store, staff: Staff
) -> None:
    use_profile(store, staff, "derwent-living")
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2, 9))
    case = s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2)
    )
    case = s.acknowledge(store, staff.manager, case.id, case.version, now=at(2026, 3, 3))
    case = s.add_component(store, staff.manager, case.id, case.version, "Delay", now=at(2026, 3, 4))
    case = s.record_decision(
        store,
        staff.manager,
        case.id,
        case.version,
        case.components[0].id,
        "On time",
        Decision.NOT_UPHELD,
        now=at(2026, 3, 4),
    )
    checklist = s.ResponseChecklist(letter_text="Letter", thanks=True, escalation_explained=True)
    case = s.send_response(
        store, staff.manager, case.id, case.version, checklist, now=at(2026, 3, 4)
    )
    case = s.request_escalation(store, staff.handler, case.id, case.version, now=at(2026, 3, 12))
    case = s.open_next_stage(
        store, staff.lead, case.id, case.version, staff.director2.id, now=at(2026, 3, 12)
    )
    seen = len(events(store, case.id))

    when = at(2026, 3, 13, 10)
    case = s.decline_review(
        store, staff.director2, case.id, case.version, "Not a service failure", now=when
    )
    check(
        one_new_event(store, case.id, seen),
        "review_declined",
        staff.director2,
        when,
        {
            "status": "open",
            "next_due_kind": "acknowledge",
            "next_due_on": "2026-03-16",  # 2 working days over the weekend
            "declined_reason": "",
        },
        {
            "status": "responded",
            "next_due_kind": None,
            "next_due_on": None,
            "declined_reason": "Not a service failure",
            "declined_on": "2026-03-13",
            "stage": 2,
        },
    )

    when = at(2026, 3, 16, 10)
    closing = s.CloseInput(("Repairs",), "Clearer letters", 4)
    case = s.close(store, staff.lead, case.id, case.version, closing, now=when)
    check(
        one_new_event(store, case.id, seen + 1),
        "closed",
        staff.lead,
        when,
        {"status": "responded", "closed_on": None, "improvement": "", "learning_tags": []},
        {
            "status": "closed",
            "closed_on": "2026-03-16",
            "improvement": "Clearer letters",
            "learning_tags": ["repairs"],
            "satisfaction": 4,
        },
    )
