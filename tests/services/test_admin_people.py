"""Administration of people, service areas and routing: only administrators reach it (in the
service layer), every change is an event with before and after, users are deactivated and never
deleted, and new cases go round robin within an area's pools."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel
from complaints_tui.store.engine import Store
from tests.conftest_store import (
    START,
    Staff,
    at,
    complaint_answers,
    events,
    new_resident,
    use_profile,
)
from tests.services.test_stage1 import CHRISTMAS_THURSDAY, responded

LATER = at(2026, 1, 20)


def _opened(store: Store, staff: Staff, area_id: int | None = None) -> s.CaseDetail:
    """A complaint made formal at once, in Repairs unless another area is named."""
    resident = new_resident(store, staff)
    capture = s.ContactCapture(
        channel=Channel.PHONE,
        answers=complaint_answers(CHRISTMAS_THURSDAY.date()),
        description="Mould",
        resident_id=resident,
        service_area_id=area_id or staff.repairs.id,
    )
    logged = s.log_contact(store, staff.handler, capture, now=CHRISTMAS_THURSDAY)
    return s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=CHRISTMAS_THURSDAY
    )


def _escalated(store: Store, staff: Staff) -> s.CaseDetail:
    case = responded(store, staff)  # Mo Manager answered stage 1
    return s.request_escalation(store, staff.handler, case.id, case.version, now=LATER)


# --- permissions --------------------------------------------------------------------------


def _admin_calls(staff: Staff) -> dict[str, Callable[[Store, s.Actor], object]]:
    area = staff.repairs.id
    return {
        "create_user": lambda st, who: s.create_user(
            st, who, s.NewUser("Nia New", s.Role.CALL_HANDLER), now=START
        ),
        "update_user": lambda st, who: s.update_user(
            st, who, staff.manager2.id, out_of_office=True, now=START
        ),
        "create_service_area": lambda st, who: s.create_service_area(
            st, who, "Estates", managers=(staff.manager2.id,), now=START
        ),
        "update_service_area": lambda st, who: s.update_service_area(
            st, who, area, name="Repairs and maintenance", add_categories=("Leaks",), now=START
        ),
        "deactivate": lambda st, who: s.update_user(
            st, who, staff.manager2.id, active=False, now=START
        ),
    }


def test_only_administrators_reach_the_admin_services(store: Store, staff: Staff) -> None:
    ivy = s.create_user(store, staff.admin, s.NewUser("Ivy Gone", s.Role.ADMIN), now=START)
    s.update_user(store, staff.admin, ivy.id, active=False, now=START)
    refused = [staff.lead, staff.director, staff.manager, staff.handler, ivy]
    assert {who.role for who in refused} | {s.Role.ADMIN} == set(s.Role)
    seen = len(events(store))
    for name, call in _admin_calls(staff).items():
        for who in refused:
            with pytest.raises(s.PermissionDenied) as caught:
                call(store, who)
            sentence = str(caught.value)
            assert sentence.endswith("."), (name, who.name)
            assert "administrator" in sentence or "not an active user" in sentence
    assert len(events(store)) == seen  # nothing saved
    for call in _admin_calls(staff).values():
        call(store, staff.admin)
    assert len(events(store)) > seen


def test_the_to_reassign_list_is_for_team_leads_and_administrators(
    store: Store, staff: Staff
) -> None:
    for who in (staff.handler, staff.manager, staff.director):
        with pytest.raises(s.PermissionDenied, match="team lead"):
            s.cases_to_reassign(store, who)
    assert s.cases_to_reassign(store, staff.lead) == []
    assert s.cases_to_reassign(store, staff.admin) == []


# --- users ---------------------------------------------------------------------------------


def test_user_rules_are_refused_in_a_sentence(store: Store, staff: Staff) -> None:
    admin = staff.admin
    with pytest.raises(s.RuleViolation, match="name"):
        s.create_user(store, admin, s.NewUser("   ", s.Role.CALL_HANDLER), now=START)
    with pytest.raises(s.RuleViolation, match="already an active user called 'Mo Manager'"):
        s.create_user(store, admin, s.NewUser(" mo MANAGER ", s.Role.CALL_HANDLER), now=START)
    with pytest.raises(s.RuleViolation, match="already an active user"):
        s.update_user(store, admin, staff.manager2.id, name="MO manager", now=START)
    with pytest.raises(s.RuleViolation, match="own line manager"):
        s.update_user(store, admin, staff.manager.id, line_manager_id=staff.manager.id, now=START)
    with pytest.raises(s.RuleViolation, match="reports"):
        s.update_user(store, admin, staff.director.id, line_manager_id=staff.manager.id, now=START)
    s.update_user(store, admin, staff.director2.id, active=False, now=START)
    with pytest.raises(s.RuleViolation, match="no longer active"):
        s.update_user(store, admin, staff.manager.id, line_manager_id=staff.director2.id, now=START)
    with pytest.raises(s.RuleViolation, match="no longer active"):
        s.create_user(
            store,
            admin,
            s.NewUser("Pat New", s.Role.CALL_HANDLER, line_manager_id=staff.director2.id),
            now=START,
        )
    # The last active administrator stays one, and stays active.
    with pytest.raises(s.RuleViolation, match="last active administrator"):
        s.update_user(store, admin, admin.id, active=False, now=START)
    with pytest.raises(s.RuleViolation, match="last active administrator"):
        s.update_user(store, admin, admin.id, role=s.Role.TEAM_LEAD, now=START)
    second = s.create_user(store, admin, s.NewUser("Ann Admin", s.Role.ADMIN), now=START)
    s.update_user(store, second, admin.id, role=s.Role.TEAM_LEAD, now=START)
    with pytest.raises(s.RuleViolation, match="last active administrator"):
        s.update_user(store, second, second.id, active=False, now=START)


def test_names_like_markup_are_kept_as_typed_and_an_old_name_can_be_reused(
    store: Store, staff: Staff
) -> None:
    odd = s.create_user(store, staff.admin, s.NewUser("Bob [/]", s.Role.CALL_HANDLER), now=START)
    assert odd.name == "Bob [/]"
    s.update_user(store, staff.admin, odd.id, active=False, now=START)
    again = s.create_user(store, staff.admin, s.NewUser("bob [/]", s.Role.CALL_HANDLER), now=START)
    with pytest.raises(s.RuleViolation, match="already an active user"):
        s.update_user(store, staff.admin, odd.id, active=True, now=START)
    assert {u.name for u in s.list_users(store, include_inactive=True)} >= {"Bob [/]", again.name}


def test_each_change_to_a_user_is_an_event_with_before_and_after(
    store: Store, staff: Staff
) -> None:
    changed = s.update_user(
        store,
        staff.admin,
        staff.manager2.id,
        out_of_office=True,
        team="Repairs",
        job_title="Senior surveyor",
        line_manager_id=staff.director.id,
        now=START,
    )
    assert changed.out_of_office and changed.team == "Repairs"
    event = events(store)[-1]
    assert (event.action, event.actor_id) == ("user_changed", staff.admin.id)
    assert event.before == {
        "out_of_office": False,
        "team": "Complaints",
        "job_title": "",
        "line_manager_id": staff.director2.id,
    }
    assert event.after == {
        "out_of_office": True,
        "team": "Repairs",
        "job_title": "Senior surveyor",
        "line_manager_id": staff.director.id,
    }
    s.update_user(store, staff.admin, staff.manager2.id, clear_line_manager=True, now=START)
    assert events(store)[-1].after == {"line_manager_id": None}
    s.update_user(store, staff.admin, staff.manager2.id, active=False, now=START)
    last = events(store)[-1]
    assert (last.action, last.before, last.after) == (
        "user_deactivated",
        {"active": True},
        {"active": False},
    )
    seen = len(events(store))
    s.update_user(store, staff.admin, staff.manager2.id, team="Repairs", now=START)
    assert len(events(store)) == seen  # nothing changed, nothing recorded


def test_a_deactivated_user_cannot_sign_in_and_their_cases_wait_to_be_reassigned(
    store: Store, staff: Staff
) -> None:
    first, second = _opened(store, staff), _opened(store, staff)
    assert first.summary.handler_id == staff.manager.id  # a pool of one: always Mo
    assert second.summary.handler_id == staff.manager.id
    s.update_user(store, staff.admin, staff.manager.id, active=False, now=START)
    with pytest.raises(s.PermissionDenied, match=r"Mo Manager is no longer an active user\."):
        s.sign_in(store, staff.manager.id)
    lines = s.cases_to_reassign(store, staff.lead)
    assert [(ln.reference, ln.stage, ln.handler_name) for ln in lines] == [
        (first.reference, 1, "Mo Manager"),
        (second.reference, 1, "Mo Manager"),
    ]
    assert lines[0].next_due_on == date(2025, 12, 29) and lines[0].next_due_kind == "acknowledge"
    assert lines[0].stage_label == "Stage 1"
    moved = s.reassign_cases(
        store, staff.lead, [(ln.case_id, ln.version) for ln in lines], staff.manager2.id, now=LATER
    )
    assert moved.moved == [first.reference, second.reference]
    assert s.cases_to_reassign(store, staff.admin) == []
    # Their history stays: the user is listed as inactive, never deleted.
    assert staff.manager.id in {u.id for u in s.list_users(store, include_inactive=True)}


# --- service areas -------------------------------------------------------------------------


def test_an_area_keeps_its_pools_in_order_and_its_categories(store: Store, staff: Staff) -> None:
    estates = s.create_service_area(
        store,
        staff.admin,
        "Estates",
        managers=(staff.manager2.id, staff.manager.id),
        reviewers=(staff.director.id,),
        categories=("Grounds", "Lifts"),
        now=START,
    )
    assert estates.default_manager_id == staff.manager2.id
    assert estates.managers == (
        (staff.manager2.id, "Max Manager"),
        (staff.manager.id, "Mo Manager"),
    )
    assert estates.reviewers == ((staff.director.id, "Dee Director"),)
    lifts = dict((name, i) for i, name in estates.categories)["Lifts"]
    grounds = dict((name, i) for i, name in estates.categories)["Grounds"]
    changed = s.update_service_area(
        store,
        staff.admin,
        estates.id,
        name="Estates and grounds",
        managers=(staff.manager.id,),
        reviewers=(staff.director2.id, staff.director.id),
        add_categories=("Parking",),
        rename_categories={grounds: "Grounds maintenance"},
        retire_categories=(lifts,),
        now=START,
    )
    assert changed.name == "Estates and grounds" and changed.default_manager_id == staff.manager.id
    assert [name for _, name in changed.categories] == ["Grounds maintenance", "Parking"]
    assert changed.retired_categories == ((lifts, "Lifts"),)
    assert [u for u, _ in changed.reviewers] == [staff.director2.id, staff.director.id]
    assert [e.action for e in events(store)[-4:]] == [
        "service_area_changed",
        "category_added",
        "category_renamed",
        "category_retired",
    ]
    area_event = events(store)[-4]
    assert area_event.before == {
        "name": "Estates",
        "default_manager_id": staff.manager2.id,
        "managers": [staff.manager2.id, staff.manager.id],
        "reviewers": [staff.director.id],
    }
    assert area_event.after is not None and area_event.after["managers"] == [staff.manager.id]
    # A retired category is not offered for a new contact; adding its name brings it back.
    capture = s.ContactCapture(
        channel=Channel.PHONE,
        answers=complaint_answers(date(2026, 1, 5)),
        description="The lift is broken",
        service_area_id=estates.id,
        category_id=lifts,
    )
    with pytest.raises(s.RuleViolation, match="'Lifts' was retired"):
        s.log_contact(store, staff.handler, capture, now=at(2026, 1, 5))
    back = s.update_service_area(store, staff.admin, estates.id, add_categories=("lifts",))
    assert (lifts, "Lifts") in back.categories and back.retired_categories == ()
    assert s.list_service_areas(store)[0] == back


def test_area_refusals(store: Store, staff: Staff) -> None:
    admin, repairs = staff.admin, staff.repairs.id
    with pytest.raises(s.RuleViolation, match="already a service area called 'Repairs'"):
        s.create_service_area(store, admin, " repairs ", now=START)
    with pytest.raises(s.RuleViolation, match="Record the service area's name"):
        s.update_service_area(store, admin, repairs, name="  ", now=START)
    with pytest.raises(s.RuleViolation, match="already a category called 'Damp and mould'"):
        s.create_service_area(store, admin, "Estates", categories=("DAMP AND MOULD",), now=START)
    with pytest.raises(s.RuleViolation, match="named twice"):
        s.update_service_area(
            store, admin, repairs, managers=(staff.manager.id, staff.manager.id), now=START
        )
    with pytest.raises(s.RuleViolation, match="call handler"):
        s.update_service_area(store, admin, repairs, reviewers=(staff.handler.id,), now=START)
    s.update_user(store, admin, staff.manager2.id, active=False, now=START)
    with pytest.raises(s.RuleViolation, match="no longer active"):
        s.update_service_area(store, admin, repairs, managers=(staff.manager2.id,), now=START)
    with pytest.raises(s.NotFound):
        s.update_service_area(store, admin, 999, name="Nowhere", now=START)
    assert [a.name for a in s.list_service_areas(store)] == ["Repairs"]


# --- routing -------------------------------------------------------------------------------


def test_stage1_goes_round_robin_and_passes_by_whoever_is_out_of_office(
    store: Store, staff: Staff
) -> None:
    s.update_service_area(
        store,
        staff.admin,
        staff.repairs.id,
        managers=(staff.manager.id, staff.manager2.id, staff.director.id),
        now=START,
    )
    handlers = [_opened(store, staff).summary.handler_id for _ in range(4)]
    assert handlers == [staff.manager.id, staff.manager2.id, staff.director.id, staff.manager.id]
    s.update_user(store, staff.admin, staff.manager2.id, out_of_office=True, now=START)
    case = _opened(store, staff)
    assert case.summary.handler_id == staff.director.id
    assert case.routing == (
        "Routed to Dee Director, next in turn in the Repairs investigating-manager pool "
        "(Max Manager is out of office)."
    )
    s.update_user(store, staff.admin, staff.manager2.id, out_of_office=False, now=START)
    assert _opened(store, staff).summary.handler_id == staff.manager.id
    assert _opened(store, staff).summary.handler_id == staff.manager2.id


def test_nobody_available_leaves_the_case_unassigned_and_says_so(
    store: Store, staff: Staff
) -> None:
    s.update_service_area(
        store, staff.admin, staff.repairs.id, managers=(staff.manager.id, staff.manager2.id)
    )
    s.update_user(store, staff.admin, staff.manager.id, out_of_office=True, now=START)
    s.update_user(store, staff.admin, staff.manager2.id, active=False, now=START)
    case = _opened(store, staff)
    assert case.summary.handler_id is None
    assert case.routing == (
        f"Nobody in the Repairs investigating-manager pool can take case {case.reference} now "
        "(Mo Manager is out of office; Max Manager is no longer active), so it waits "
        "unassigned for a team lead."
    )
    empty = s.create_service_area(store, staff.admin, "Estates", now=START)
    case = _opened(store, staff, empty.id)
    assert case.summary.handler_id is None and "Nobody is in the Estates" in case.routing
    page = s.queue(store, s.QueueFilter(unassigned=True))
    assert case.reference in {row.reference for row in page.rows}


def test_stage2_goes_round_robin_to_reviewers_never_the_stage1_handler(
    store: Store, staff: Staff
) -> None:
    s.update_service_area(
        store,
        staff.admin,
        staff.repairs.id,
        reviewers=(staff.manager.id, staff.director.id, staff.director2.id),
        now=START,
    )
    first = _escalated(store, staff)
    suggested = s.suggest_reviewer(store, first.id)
    assert suggested.reviewer is not None and suggested.reviewer.id == staff.director.id
    assert "Mo Manager handled an earlier stage" in suggested.sentence
    first = s.open_next_stage(store, staff.lead, first.id, first.version, now=LATER)
    assert first.summary.handler_id == staff.director.id
    assert first.routing.startswith("Allocated to Dee Director, next in turn in the Repairs")
    second = _escalated(store, staff)
    second = s.open_next_stage(store, staff.lead, second.id, second.version, now=LATER)
    assert second.summary.handler_id == staff.director2.id
    third = _escalated(store, staff)
    third = s.open_next_stage(store, staff.lead, third.id, third.version, now=LATER)
    assert third.summary.handler_id == staff.director.id  # Mo is passed by again


def test_stage2_with_nobody_available_stays_unassigned(store: Store, staff: Staff) -> None:
    s.update_service_area(
        store, staff.admin, staff.repairs.id, reviewers=(staff.manager.id, staff.director.id)
    )
    s.update_user(store, staff.admin, staff.director.id, out_of_office=True, now=START)
    case = _escalated(store, staff)
    with pytest.raises(s.RuleViolation) as refused:
        s.open_next_stage(store, staff.lead, case.id, case.version, now=LATER)
    sentence = str(refused.value)
    assert "Dee Director is out of office" in sentence and "Mo Manager handled" in sentence
    assert "waits unassigned for a team lead" in sentence and "Choose who reviews" in sentence
    assert s.suggest_reviewer(store, case.id).reviewer is None
    after = s.get_case(store, case.id)
    assert after.summary.handler_id is None and after.version == case.version


def test_stage2_reviewers_keep_the_profiles_rule(store: Store, staff: Staff) -> None:
    """Derwent: a head of service or director not previously involved; an investigating
    manager in the pool is passed by."""
    use_profile(store, staff, "derwent-living")
    s.update_service_area(
        store, staff.admin, staff.repairs.id, reviewers=(staff.manager2.id, staff.director2.id)
    )
    case = _escalated(store, staff)
    case = s.open_next_stage(store, staff.lead, case.id, case.version, now=LATER)
    assert case.summary.handler_id == staff.director2.id
    assert "Max Manager" in case.routing
