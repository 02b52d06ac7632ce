"""Users, sign-in, the landlord's profile, residents, representatives and restrictions."""

from __future__ import annotations

from datetime import date

import pytest

from complaints_tui import services as s
from complaints_tui.store.engine import Store
from tests.conftest_store import START, Staff, at, events, new_resident


def test_first_run_makes_one_administrator(store: Store) -> None:
    assert s.needs_first_run(store)
    admin = s.create_first_admin(store, "Ada Admin", now=START)
    assert admin.role is s.Role.ADMIN and not s.needs_first_run(store)
    with pytest.raises(s.PermissionDenied):
        s.create_first_admin(store, "Eve Intruder", now=START)
    assert [u.name for u in s.list_users(store)] == ["Ada Admin"]
    assert [e.action for e in events(store)] == ["user_created"]


def test_only_an_administrator_adds_users_or_changes_the_profile(
    store: Store, staff: Staff
) -> None:
    for refused in (staff.lead, staff.handler, staff.director):
        with pytest.raises(s.PermissionDenied, match="administrator"):
            s.create_user(store, refused, s.NewUser("New", s.Role.CALL_HANDLER), now=START)
        with pytest.raises(s.PermissionDenied):
            s.set_landlord_profile(store, refused, "derive", now=START)
    assert s.landlord_profile(store).id == "hos-code"
    s.set_landlord_profile(store, staff.admin, "derby-homes", now=START)
    assert s.landlord_profile(store).id == "derby-homes"
    with pytest.raises(s.RuleViolation, match="no such policy profile"):
        s.set_landlord_profile(store, staff.admin, "nobody", now=START)
    assert events(store)[-1].after == {"profile": "derby-homes"}


def test_sign_in_refuses_inactive_users(store: Store, staff: Staff) -> None:
    assert s.sign_in(store, staff.handler.id) == staff.handler
    s.update_user(store, staff.admin, staff.handler.id, active=False, now=START)
    with pytest.raises(s.PermissionDenied):
        s.sign_in(store, staff.handler.id)
    with pytest.raises(s.NotFound):
        s.sign_in(store, 999)
    assert staff.handler.id not in {u.id for u in s.list_users(store)}
    assert staff.handler.id in {u.id for u in s.list_users(store, include_inactive=True)}
    with pytest.raises(s.RuleViolation):
        s.update_user(store, staff.admin, staff.admin.id, active=False, now=START)


def test_service_areas_list_their_categories(store: Store, staff: Staff) -> None:
    [area] = s.list_service_areas(store)
    assert area.name == "Repairs" and [name for _, name in area.categories] == ["Damp and mould"]
    with pytest.raises(s.PermissionDenied):
        s.create_service_area(store, staff.handler, "Estates", now=START)
    with pytest.raises(s.RuleViolation, match="already"):
        s.create_service_area(store, staff.admin, "Repairs", now=START)


def test_residents_are_created_with_a_reference_and_audited(store: Store, staff: Staff) -> None:
    first = s.create_resident(
        store, staff.handler, s.NewResident("Ann Able", postcode="de1 2ab"), now=START
    )
    second = s.create_resident(
        store, staff.handler, s.NewResident("Ben Bell", reference="T-77"), now=START
    )
    assert (first.reference, first.postcode) == ("RES-000001", "DE1 2AB")
    assert second.reference == "T-77"
    with pytest.raises(s.RuleViolation, match="already a resident"):
        s.create_resident(store, staff.handler, s.NewResident("Cy", reference="T-77"), now=START)
    with pytest.raises(s.RuleViolation, match="name"):
        s.create_resident(store, staff.handler, s.NewResident("  "), now=START)
    [event] = events(store, resident_id=first.id)
    assert (
        event.action == "resident_created"
        and event.after is not None
        and event.after["name"] == "Ann Able"
    )


def test_update_resident_keeps_search_in_step(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff, "Ann Able")
    changed = s.NewResident(
        "Ann Baker", address="3 New Road", postcode="NG1 1AA", phone="0115 496 0000"
    )
    s.update_resident(store, staff.handler, resident, changed, now=START)
    assert [r.id for r in s.search_residents(store, "baker").rows] == [resident]
    assert s.search_residents(store, "able").rows == []
    event = events(store, resident_id=resident)[-1]
    assert event.before is not None and event.before["name"] == "Ann Able"


def test_flags_show_restrictions_with_meaning_needs_representatives_and_cases(
    store: Store, staff: Staff
) -> None:
    new = s.NewResident(
        "Bob [bold]Smith",
        vulnerability="Hearing impaired",
        adjustments="Use text relay",
        support_needs="Large print",
    )
    resident = s.create_resident(store, staff.handler, new, now=START).id
    s.add_representative(
        store,
        staff.handler,
        s.NewRepresentative(
            resident,
            "Jo Smith",
            "daughter",
            authority_how="Signed form",
            authority_confirmed_on=date(2025, 11, 3),
        ),
        now=START,
    )
    s.add_representative(
        store, staff.handler, s.NewRepresentative(resident, "Unconfirmed Uncle", "uncle"), now=START
    )
    restrictions = (
        s.RestrictionInput(s.RestrictionKind.SINGLE_POINT_OF_CONTACT, "Lee Lead"),
        s.RestrictionInput(s.RestrictionKind.WRITING_ONLY),
    )
    s.mark_unreasonable(
        store,
        staff.lead,
        resident,
        "Repeated abusive calls",
        date(2026, 6, 1),
        restrictions,
        now=START,
    )
    flags = s.resident_flags(store, resident)
    assert flags.restricted and flags.resident.unreasonable_reason == "Repeated abusive calls"
    assert [(r.kind, r.detail) for r in flags.restrictions] == [
        (s.RestrictionKind.SINGLE_POINT_OF_CONTACT, "Lee Lead"),
        (s.RestrictionKind.WRITING_ONLY, ""),
    ]
    assert "in writing" in flags.restrictions[1].meaning
    assert (
        flags.resident.vulnerability == "Hearing impaired"
        and flags.resident.adjustments == "Use text relay"
    )
    assert [(r.name, r.authority_confirmed) for r in flags.representatives] == [
        ("Jo Smith", True),
        ("Unconfirmed Uncle", False),
    ]
    assert flags.open_cases == [] and flags.last_contacts == []
    assert s.search_residents(store, "smith").rows[0].restricted


def test_only_team_leads_and_directors_restrict(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    for refused in (staff.handler, staff.manager, staff.admin):
        with pytest.raises(s.PermissionDenied):
            s.mark_unreasonable(store, refused, resident, "Abuse", date(2026, 6, 1), (), now=START)
    with pytest.raises(s.RuleViolation, match="marked unreasonable"):
        s.set_restrictions(
            store,
            staff.lead,
            resident,
            (s.RestrictionInput(s.RestrictionKind.WRITING_ONLY),),
            now=START,
        )
    with pytest.raises(s.RuleViolation, match="review date"):
        s.mark_unreasonable(store, staff.director, resident, "Abuse", START.date(), (), now=START)
    with pytest.raises(s.RuleViolation, match="call times"):
        calls = (s.RestrictionInput(s.RestrictionKind.SET_CALL_TIMES),)
        s.mark_unreasonable(
            store, staff.director, resident, "Abuse", date(2026, 6, 1), calls, now=START
        )
    s.mark_unreasonable(store, staff.director, resident, "Abuse", date(2026, 6, 1), (), now=START)
    calls = (s.RestrictionInput(s.RestrictionKind.SET_CALL_TIMES, "Tuesdays 10:00-12:00"),)
    flags = s.set_restrictions(store, staff.lead, resident, calls, now=START)
    assert [r.detail for r in flags.restrictions] == ["Tuesdays 10:00-12:00"]
    with pytest.raises(s.PermissionDenied):
        s.set_restrictions(store, staff.handler, resident, (), now=START)
    with pytest.raises(s.PermissionDenied):
        s.lift_unreasonable(store, staff.manager, resident, "Reviewed", now=START)
    flags = s.lift_unreasonable(
        store, staff.lead, resident, "Reviewed: behaviour improved", now=at(2026, 6, 1)
    )
    assert not flags.restricted and flags.restrictions == []
    actions = [e.action for e in events(store, resident_id=resident)]
    assert actions == [
        "resident_created",
        "marked_unreasonable",
        "restrictions_set",
        "unreasonable_lifted",
    ]
    restrictions_event = events(store, resident_id=resident)[2]
    assert restrictions_event.before == {"restrictions": []}
    assert restrictions_event.after == {
        "restrictions": [{"kind": "set_call_times", "detail": "Tuesdays 10:00-12:00"}]
    }


def test_representative_authority_needs_how(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    with pytest.raises(s.RuleViolation, match="how"):
        s.add_representative(
            store,
            staff.handler,
            s.NewRepresentative(resident, "Jo", authority_confirmed_on=date(2026, 1, 5)),
            now=START,
        )
    with pytest.raises(s.NotFound):
        s.add_representative(store, staff.handler, s.NewRepresentative(999, "Jo"), now=START)
    rep = s.add_representative(
        store, staff.handler, s.NewRepresentative(resident, "Jo", "advocate"), now=START
    )
    confirmed = s.confirm_authority(
        store, staff.handler, rep.id, "Email from resident", on=date(2025, 12, 1), now=START
    )
    assert confirmed.authority_confirmed_on == date(2025, 12, 1)
    assert [e.action for e in events(store, resident_id=resident)][-1] == "authority_confirmed"


def test_text_too_long_for_its_column_is_a_sentence_and_nothing_is_saved(
    store: Store, staff: Staff
) -> None:
    """On PostgreSQL an over-long value fails the save with a bare DataError; SQLite keeps it.
    Either way the handler must read which field is too long."""
    with pytest.raises(s.RuleViolation, match=r"resident's name is too long: 201 characters"):
        s.create_resident(store, staff.handler, s.NewResident("A" * 201), now=START)
    with pytest.raises(s.RuleViolation, match="The postcode is too long"):
        s.create_resident(store, staff.handler, s.NewResident("Ann", postcode="X" * 13), now=START)
    assert s.search_residents(store, "ann").rows == []
    resident = new_resident(store, staff, "Ann Able")
    with pytest.raises(s.RuleViolation, match="phone number is too long"):
        s.update_resident(
            store, staff.handler, resident, s.NewResident("Ann Able", phone="1" * 41), now=START
        )
    assert s.get_resident(store, resident).phone == "07700 900123"  # as new_resident made it
    with pytest.raises(s.RuleViolation, match="relation to the resident is too long"):
        s.add_representative(
            store, staff.handler, s.NewRepresentative(resident, "Jo", "x" * 101), now=START
        )
    assert list(s.resident_flags(store, resident).representatives) == []
    s.create_resident(store, staff.handler, s.NewResident("B" * 200), now=START)  # exactly fits
