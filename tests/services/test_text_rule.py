"""The one text rule on every save a service makes (issue 18.1): residents, representatives,
contacts and cases, service areas, categories and users refuse control characters in a sentence
naming the field; line breaks only where a field takes several lines."""

from __future__ import annotations

import pytest

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import START, Staff, complaint_answers, count, new_resident
from tests.conftest_store import at as moment

ESCAPES = ["\x1b[31mRed", "Bell\x07", "Nul\x00", "Back\x08space", "\x1b]0;title\x07", "a\u202eb"]


@pytest.mark.parametrize("bad", ESCAPES)
def test_a_resident_with_a_control_character_is_refused_by_name(
    store: Store, staff: Staff, bad: str
) -> None:
    with pytest.raises(s.RuleViolation, match=r"The resident's name contains .* at character"):
        new_resident(store, staff, f"Bob {bad}")
    with pytest.raises(s.RuleViolation, match=r"The postcode contains"):
        new_resident(store, staff, "Bob", postcode=f"de1 {bad}")
    assert count(store, m.Resident) == 0


def test_a_nul_is_refused_before_it_is_looked_up(store: Store, staff: Staff) -> None:
    """PostgreSQL cannot be asked about a NUL at all: a reference is looked up before saving."""
    with pytest.raises(s.RuleViolation, match=r"NUL character \(\\x00\)"):
        new_resident(store, staff, "Bob", reference="R\x001")
    with pytest.raises(s.RuleViolation, match=r"The service area's name contains a NUL"):
        s.create_service_area(store, staff.admin, "Re\x00pairs", now=START)


def test_line_breaks_only_where_a_field_takes_several_lines(store: Store, staff: Staff) -> None:
    made = s.create_resident(
        store,
        staff.handler,
        s.NewResident("Ann Lee", address="1 Mill Lane\nDerby", support_needs="Deaf.\n\tBSL."),
        now=START,
    )
    assert s.get_resident(store, made.id).address == "1 Mill Lane\nDerby"
    with pytest.raises(s.RuleViolation, match=r"name contains a line break \(\\n\)"):
        s.create_resident(store, staff.handler, s.NewResident("Ann\nLee"), now=START)
    with pytest.raises(s.RuleViolation, match=r"address contains a carriage return"):
        s.create_resident(store, staff.handler, s.NewResident("Ann", address="1\rX"), now=START)


def test_printable_text_in_any_script_is_kept(store: Store, staff: Staff) -> None:
    name = "Ayşe \u200fشادي\u200f 👩🏽‍🔧 Zoë"  # RTL marks, an emoji sequence with a joiner
    made = new_resident(store, staff, name)
    assert s.get_resident(store, made).name == name


def test_representatives_users_areas_categories_and_contacts(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    with pytest.raises(s.RuleViolation, match=r"representative's name contains an escape"):
        s.add_representative(
            store, staff.handler, s.NewRepresentative(resident, "\x1b[2JRep"), now=START
        )
    with pytest.raises(s.RuleViolation, match=r"The user's name contains a bell character"):
        s.create_user(store, staff.admin, s.NewUser("Al\x07", s.Role.CALL_HANDLER), now=START)
    with pytest.raises(s.RuleViolation, match=r"The service area's name contains an escape"):
        s.create_service_area(store, staff.admin, "\x1b[31mRepairs", now=START)
    with pytest.raises(s.RuleViolation, match=r"The category's name contains a NUL"):
        s.create_service_area(store, staff.admin, "Estates", categories=("Li\x00fts",), now=START)
    capture = s.ContactCapture(
        channel=Channel.PHONE,
        answers=complaint_answers(START.date()),
        description="Leak\x1b]0;owned\x07 under the sink",
        resident_id=resident,
    )
    with pytest.raises(s.RuleViolation, match=r"What the contact is about contains an escape"):
        s.log_contact(store, staff.handler, capture, now=moment(2025, 12, 1, 10))
    assert [a.name for a in s.list_service_areas(store)] == ["Repairs"]


def test_old_text_does_not_stop_other_changes(store: Store, staff: Staff) -> None:
    """Text saved before the rule is not refused when something else about its row changes."""
    with store.transaction() as session:
        session.get(m.User, staff.manager.id).name = "Mo\x1bManager"  # as an old import left it
    changed = s.update_user(store, staff.admin, staff.manager.id, team="Repairs", now=START)
    assert (changed.name, changed.team) == ("Mo\x1bManager", "Repairs")
