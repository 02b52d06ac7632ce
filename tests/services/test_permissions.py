"""Every service that changes a case refuses, at the service layer, someone who may not do it:
PermissionDenied in a sentence naming the action, and nothing saved (no event, same version).

Who may do what (services/__init__.py, cases/casework.py): case work is for the case's handler
or a team lead / administrator (at stage 2+ someone the profile's handler rule allows); a first
handler is given by a team lead or administrator, a reassignment only by a team lead; reopening
is for a team lead or administrator. Logging contacts, quick fixes, opening stage 1, escalation
requests, withdrawals and contacts on a case are open to every role, so for those the refused
person is a user whose account was deactivated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel, Decision
from complaints_tui.store.engine import Store
from tests.conftest_store import (
    START,
    Staff,
    at,
    events,
    log_complaint,
    new_resident,
)
from tests.services.test_handler_rules import opened as opened_in
from tests.services.test_stage1 import full_checklist, opened, responded, worked

WHEN = at(2026, 1, 14)
LATER = at(2026, 1, 20)

# The case services that change a case, each of which the table below must refuse someone.
MUTATING = {
    "acknowledge",
    "assign",
    "extend",
    "request_escalation",
    "open_next_stage",
    "decline_review",
    "add_component",
    "record_decision",
    "add_remedy",
    "record_redress",
    "add_outstanding_action",
    "mark_done",
    "send_response",
    "withdraw",
    "close",
    "reopen",
    "add_note",
    "log_case_contact",
    "record_quick_fix",
    "open_stage1",
}


@dataclass(frozen=True)
class Cases:
    logged: s.CaseSummary  # accepted, stage 0
    opened: s.CaseDetail  # stage 1, Mo Manager's, not acknowledged
    worked: s.CaseDetail  # acknowledged, a component and a remedy
    unassigned: s.CaseDetail  # stage 1 with no handler
    answered: s.CaseDetail  # stage 1 response sent, with an outstanding action
    review: s.CaseDetail  # stage 2, waiting for its reviewer
    closed: s.CaseDetail


def _answered(store: Store, staff: Staff) -> s.CaseDetail:
    case = responded(store, staff)
    return s.add_outstanding_action(
        store,
        staff.manager,
        case.id,
        case.version,
        "Replace the extractor fan",
        staff.manager.id,
        date(2026, 2, 27),
        now=WHEN,
    )


def build(store: Store, staff: Staff) -> Cases:
    review = responded(store, staff)
    review = s.request_escalation(store, staff.handler, review.id, review.version, now=LATER)
    closed = responded(store, staff)
    closed = s.close(
        store, staff.manager, closed.id, closed.version, s.CloseInput(("damp",)), now=LATER
    )
    return Cases(
        logged=log_complaint(store, staff, new_resident(store, staff), at(2026, 1, 5)).case,
        opened=opened(store, staff),
        worked=worked(store, staff),
        unassigned=opened_in(store, staff, area=False),
        answered=_answered(store, staff),
        review=review,
        closed=closed,
    )


# (service, who is refused: a Staff field or "inactive", which case it is tried on)
REFUSALS = [
    ("acknowledge", "handler", "opened"),
    ("acknowledge", "manager2", "opened"),
    ("assign", "manager", "unassigned"),  # a first handler: team lead or administrator
    ("assign", "admin", "opened"),  # a reassignment: team lead only
    ("assign", "director", "opened"),
    ("extend", "handler", "worked"),
    ("extend", "manager2", "worked"),
    ("request_escalation", "inactive", "answered"),
    ("open_next_stage", "manager", "review"),
    ("open_next_stage", "handler", "review"),
    ("decline_review", "handler", "review"),
    ("add_component", "handler", "worked"),
    ("add_component", "manager2", "worked"),
    ("record_decision", "handler", "worked"),
    ("add_remedy", "handler", "worked"),
    ("record_redress", "handler", "worked"),
    ("record_redress", "director", "worked"),
    ("add_outstanding_action", "handler", "answered"),
    ("mark_done", "handler", "worked"),
    ("mark_done", "manager2", "answered"),
    ("send_response", "handler", "worked"),
    ("send_response", "manager2", "worked"),
    ("withdraw", "inactive", "opened"),
    ("close", "handler", "answered"),
    ("close", "manager2", "answered"),
    ("reopen", "manager", "closed"),
    ("reopen", "director", "closed"),
    ("add_note", "handler", "opened"),
    ("add_note", "manager2", "opened"),
    ("log_case_contact", "inactive", "opened"),
    ("record_quick_fix", "inactive", "logged"),
    ("open_stage1", "inactive", "logged"),
]


def arguments(service: str, cases: Cases, staff: Staff) -> tuple[object, ...]:
    """What each service is called with after (store, actor, case id, version): what the
    allowed person would pass."""
    redress = s.RedressInput(5000, (s.RedressPart("Time and trouble", 5000),), "£50")
    return {
        "assign": (staff.manager2.id,),
        "extend": (date(2026, 2, 2), "Waiting for the surveyor", "Phoned"),
        "open_next_stage": (staff.manager2.id,),
        "decline_review": ("Not a service failure",),
        "add_component": ("Noise",),
        "record_decision": (cases.worked.components[0].id, "Late", Decision.NOT_UPHELD),
        "add_remedy": ("Apology", date(2026, 2, 2)),
        "record_redress": (redress,),
        "add_outstanding_action": ("Fan", staff.manager.id, date(2026, 3, 2)),
        "send_response": (full_checklist(),),
        "withdraw": ("the resident", "Sorted"),
        "close": (s.CloseInput(("damp",)),),
        "reopen": ("Asked again",),
        "add_note": ("A note",),
        "log_case_contact": (Channel.PHONE, "Rang"),
        "record_quick_fix": ("Boiler reset",),
    }.get(service, ())


def keywords(service: str, case: str, cases: Cases) -> dict[str, object]:
    """mark_done names the remedy or the outstanding action."""
    if service != "mark_done":
        return {}
    if case == "answered":
        return {"action_id": cases.answered.actions[0].id}
    return {"remedy_id": cases.worked.remedies[0].id}


def test_every_mutating_case_service_is_in_the_table() -> None:
    assert {service for service, _, _ in REFUSALS} == MUTATING
    assert all(callable(getattr(s, name)) for name in MUTATING)


def test_each_is_refused_at_the_service_layer_and_saves_nothing(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    inactive = s.create_user(store, staff.admin, s.NewUser("Ivy Gone", s.Role.TEAM_LEAD), now=START)
    s.update_user(store, staff.admin, inactive.id, active=False, now=START)
    not_refused = []
    for service, who, case in REFUSALS:
        actor = inactive if who == "inactive" else getattr(staff, who)
        target = getattr(cases, case)
        seen = len(events(store, target.id))
        try:
            getattr(s, service)(
                store,
                actor,
                target.id,
                target.version,
                *arguments(service, cases, staff),
                now=LATER,
                **keywords(service, case, cases),
            )
        except s.PermissionDenied as refused:
            sentence = str(refused)
            assert sentence.endswith(".") and ("only" in sentence.lower() or who == "inactive")
        else:
            not_refused.append(f"{service} by {who}")
            continue
        after = s.get_case(store, target.id)
        assert (after.version, len(events(store, target.id))) == (target.version, seen), service
    assert not_refused == []


def test_the_refusals_say_who_may(store: Store, staff: Staff) -> None:
    cases = build(store, staff)
    opened, closed = cases.opened, cases.closed
    with pytest.raises(s.PermissionDenied) as refused:
        s.acknowledge(store, staff.handler, opened.id, opened.version, now=WHEN)
    assert str(refused.value) == (
        "Only an administrator or complaints team lead or investigating manager or service "
        "director / head of service can acknowledge the complaint; you are signed in as a "
        "call handler."
    )
    with pytest.raises(s.PermissionDenied) as refused:
        s.add_note(store, staff.manager2, opened.id, opened.version, "Hi", now=WHEN)
    assert str(refused.value) == (
        f"Case {opened.reference} is handled by Mo Manager; only its handler or a team lead "
        "can add a note."
    )
    with pytest.raises(s.PermissionDenied, match="Ivy Gone is not an active user"):
        ivy = s.create_user(store, staff.admin, s.NewUser("Ivy Gone", s.Role.ADMIN), now=START)
        s.update_user(store, staff.admin, ivy.id, active=False, now=START)
        s.log_case_contact(store, ivy, opened.id, opened.version, Channel.PHONE, "Rang", now=WHEN)
    with pytest.raises(s.PermissionDenied, match="signed in as an investigating manager"):
        s.reopen(store, staff.manager, closed.id, closed.version, "Asked", now=LATER)
