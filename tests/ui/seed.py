"""A small database for the UI tests and snapshots, built through the services.

Fixed data and a fixed clock (Tuesday 3 March 2026), so snapshots do not drift. Residents with
hostile names (`Bob [/]`, `[bold]x`, a live-link markup, terminal escapes) are included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from complaints_tui.domain.kinds import Tenure
from complaints_tui.domain.restrictions import RestrictionKind
from complaints_tui.domain.roles import Role
from complaints_tui.services.people.residents import (
    add_representative,
    create_resident,
    mark_unreasonable,
)
from complaints_tui.services.people.types import (
    NewRepresentative,
    NewResident,
    NewUser,
    RestrictionInput,
)
from complaints_tui.services.people.users import (
    create_first_admin,
    create_service_area,
    create_user,
    open_for_app,
    set_landlord_profile,
)
from complaints_tui.store import models as m

TODAY = date(2026, 3, 3)
NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)


@dataclass
class Seed:
    url: str
    drafts: Path
    handler_id: int
    manager_id: int
    residents: dict[str, int] = field(default_factory=dict)


def build_seed(folder: Path, profile_id: str = "derive") -> Seed:
    """A temp-FILE SQLite database (thread workers cannot see an in-memory one)."""
    url = f"sqlite:///{folder / 'ui.sqlite3'}"
    store = open_for_app(url)
    try:
        admin = create_first_admin(store, "Ada Admin", now=NOW)
        set_landlord_profile(store, admin, profile_id, now=NOW)
        lead = create_user(store, admin, NewUser("Tom Lead", Role.TEAM_LEAD), now=NOW)
        manager = create_user(
            store,
            admin,
            NewUser("Mia Manager", Role.INVESTIGATING_MANAGER, team="Repairs"),
            now=NOW,
        )
        handler = create_user(
            store, admin, NewUser("Cal Handler", Role.CALL_HANDLER, team="Contact centre"), now=NOW
        )
        create_service_area(
            store,
            admin,
            "Repairs",
            default_manager_id=manager.id,
            categories=("Damp and mould", "Leaks", "Heating"),
            now=NOW,
        )
        create_service_area(store, admin, "Estate services", categories=("Grounds",), now=NOW)
        seed = Seed(url, folder / "drafts", handler.id, manager.id)

        def resident(key: str, new: NewResident) -> int:
            made = create_resident(store, handler, new, now=NOW)
            seed.residents[key] = made.id
            return made.id

        resident(
            "ann",
            NewResident(
                "Ann Smith",
                "4 High Street, Derby",
                "DE1 1AA",
                "01332 100100",
                reference="RES-000001",
            ),
        )
        resident(
            "anne",
            NewResident("Anne Smithers", "9 Low Road, Derby", "DE1 2BB", reference="RES-000002"),
        )
        bob = resident(
            "bob",
            NewResident(
                "Bob [/]",
                "[bold]x Flat 2, Mill Lane",
                "DE22 3CC",
                "07700 900123",
                reference="RES-000003",
                vulnerability="Hearing loss [@click=app.quit]x[/]",
                adjustments="Use text relay; speak slowly",
            ),
        )
        add_representative(
            store,
            handler,
            NewRepresentative(
                bob,
                "Carol Jones",
                "daughter",
                authority_how="Signed consent form",
                authority_confirmed_on=date(2026, 1, 12),
            ),
            now=NOW,
        )
        mark_unreasonable(
            store,
            lead,
            bob,
            "Repeated abusive calls to staff",
            date(2026, 6, 1),
            (
                RestrictionInput(RestrictionKind.SINGLE_POINT_OF_CONTACT, "Mia Manager"),
                RestrictionInput(RestrictionKind.SET_CALL_TIMES, "Tue and Thu 10:00-12:00"),
            ),
            now=NOW,
        )
        # The services now refuse control characters; a database written before that rule may
        # still hold one, and the screens must show it harmlessly: put it in as such a row.
        with store.transaction() as session:
            row = session.get(m.Resident, bob)
            assert row is not None
            row.unreasonable_reason = "Repeated abusive calls \x1b[2J to staff"
        resident(
            "dan",
            NewResident(
                "Dan Evans", "1 Park View", "DE3 4DD", tenure=Tenure.LCHO, reference="RES-000004"
            ),
        )
        return seed
    finally:
        store.close()
