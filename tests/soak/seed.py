"""The database every soak writer works on: migrated, with a seeded call handler, a manager, a
service area and a few residents, so a writer signs in without anyone typing anything."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from complaints_tui import services as s
from complaints_tui.store.engine import Store, open_store

HANDLER = "Soak Handler"
MANAGER = "Soak Manager"
AREA = "Soak Repairs"
RESIDENTS = 20
SEEDED_AT = datetime(2026, 11, 2, 9, tzinfo=UTC)


@dataclass(frozen=True)
class Seeded:
    """What a writer needs: the handler who signs in, the service area and the residents."""

    handler: s.Actor
    area_id: int
    resident_ids: tuple[int, ...]


def seed(url: str) -> None:
    """Migrate the database at `url` and add the staff, the area and the residents (once)."""
    store = open_store(url)
    try:
        store.upgrade()
        if not s.needs_first_run(store):
            return
        admin = s.create_first_admin(store, "Soak Admin", now=SEEDED_AT)
        manager = s.create_user(
            store, admin, s.NewUser(MANAGER, s.Role.INVESTIGATING_MANAGER), now=SEEDED_AT
        )
        s.create_user(store, admin, s.NewUser(HANDLER, s.Role.CALL_HANDLER), now=SEEDED_AT)
        s.create_service_area(
            store,
            admin,
            AREA,
            managers=(manager.id,),
            default_manager_id=manager.id,
            now=SEEDED_AT,
        )
        handler = s.sign_in(store, _user_id(store, HANDLER))
        for number in range(RESIDENTS):
            resident = s.NewResident(
                name=f"Soak Resident {number}",
                address=f"{number + 1} Soak Street, Derby",
                postcode="DE1 2AB",
                phone=f"07700 9{number:05d}",
                reference="",
            )
            s.create_resident(store, handler, resident, now=SEEDED_AT)
    finally:
        store.close()


def _user_id(store: Store, name: str) -> int:
    return next(user.id for user in s.list_users(store) if user.name == name)


def seeded(store: Store) -> Seeded:
    """Sign the seeded handler in and find the area and residents, through the services."""
    handler = s.sign_in(store, _user_id(store, HANDLER))
    area_id = next(area.id for area in s.list_service_areas(store) if area.name == AREA)
    page = s.search_residents(store, "Soak Resident", limit=RESIDENTS)
    return Seeded(handler, area_id, tuple(row.id for row in page.rows))
