"""The `store` fixture for store and service tests: a fresh, migrated database per test, on
SQLite (a temp file, never :memory:) and, when COMPLAINTS_TEST_PG is set, on PostgreSQL too
(a scratch database per test, marked `postgres`). Import the fixtures in a folder's conftest."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store
from tests.pg_url import ENV as PG_ENV
from tests.pg_url import scratch_database

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware UTC moment (10:00 UTC is daytime in England all year)."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated empty SQLite file, copied for each test (migrating each time is slow)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    store = open_store(f"sqlite:///{path}")
    store.upgrade()
    store.close()
    return path


@contextmanager
def fresh_store(backend: str, tmp_path: Path, sqlite_template: Path, name: str) -> Iterator[Store]:
    """An empty, migrated database on `backend` ("sqlite": a copy of the template; "postgres": a
    scratch database on the test server), closed (and dropped) when the block ends."""
    if backend == "sqlite":
        path = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(sqlite_template, path)
        opened = open_store(f"sqlite:///{path}")
        try:
            yield opened
        finally:
            opened.close()
        return
    with scratch_database(name) as url:
        opened = open_store(url)
        try:
            opened.upgrade()
            yield opened
        finally:
            opened.close()


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[Store]:
    if request.param != "sqlite" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set")
    with fresh_store(request.param, tmp_path, sqlite_template, "svc") as opened:
        yield opened


@dataclass(frozen=True)
class Staff:
    admin: s.UserInfo
    lead: s.UserInfo
    director: s.UserInfo  # line manager of `manager`
    director2: s.UserInfo
    manager: s.UserInfo  # default investigating manager for Repairs
    manager2: s.UserInfo
    handler: s.UserInfo  # call handler
    repairs: s.ServiceAreaInfo


START = at(2025, 12, 1, 9)


@pytest.fixture
def staff(store: Store) -> Staff:
    admin = s.create_first_admin(store, "Ada Admin", now=START)

    def add(name: str, role: s.Role, manager: int | None = None) -> s.UserInfo:
        new = s.NewUser(name, role, team="Complaints", line_manager_id=manager)
        return s.create_user(store, admin, new, now=START)

    director = add("Dee Director", s.Role.SERVICE_DIRECTOR)
    director2 = add("Dov Director", s.Role.SERVICE_DIRECTOR)
    manager = add("Mo Manager", s.Role.INVESTIGATING_MANAGER, director.id)
    repairs = s.create_service_area(
        store,
        admin,
        "Repairs",
        default_manager_id=manager.id,
        categories=("Damp and mould",),
        now=START,
    )
    return Staff(
        admin=admin,
        lead=add("Lee Lead", s.Role.TEAM_LEAD),
        director=director,
        director2=director2,
        manager=manager,
        manager2=add("Max Manager", s.Role.INVESTIGATING_MANAGER, director2.id),
        handler=add("Cal Handler", s.Role.CALL_HANDLER),
        repairs=repairs,
    )


def use_profile(store: Store, staff: Staff, profile_id: str) -> None:
    s.set_landlord_profile(store, staff.admin, profile_id, now=START)


def new_resident(store: Store, staff: Staff, name: str = "Bob Smith", **fields: str) -> int:
    new = s.NewResident(
        name=name,
        address=fields.get("address", "12 Acacia Avenue, Derby"),
        postcode=fields.get("postcode", "DE1 2AB"),
        phone=fields.get("phone", "07700 900123"),
        reference=fields.get("reference", ""),
    )
    return s.create_resident(store, staff.handler, new, now=START).id


def complaint_answers(contacted: date, **overrides: object) -> TriageAnswers:
    fields: dict[str, object] = {
        "contacted_on": contacted,
        "dissatisfied": True,
        "wants_response_or_action": True,
        "issue_known_on": contacted,
    }
    fields.update(overrides)
    return TriageAnswers(**fields)  # type: ignore[arg-type]


def log_complaint(
    store: Store,
    staff: Staff,
    resident_id: int | None,
    when: datetime,
    *,
    description: str = "The mould in the bathroom has not been treated",
    **answers: object,
) -> s.ContactLogged:
    capture = s.ContactCapture(
        channel=Channel.PHONE,
        answers=complaint_answers(when.date(), **answers),
        description=description,
        resident_id=resident_id,
        service_area_id=staff.repairs.id,
    )
    return s.log_contact(store, staff.handler, capture, now=when)


def events(
    store: Store, case_id: int | None = None, resident_id: int | None = None
) -> list[m.Event]:
    with store.reading() as session:
        query = select(m.Event).order_by(m.Event.id)
        if case_id is not None:
            query = query.where(m.Event.case_id == case_id)
        if resident_id is not None:
            query = query.where(m.Event.resident_id == resident_id)
        found = list(session.scalars(query))
        session.expunge_all()  # keep their loaded values after the read-only session ends
        return found


def last_action(store: Store, case_id: int) -> str:
    return events(store, case_id)[-1].action


def count(store: Store, model: type[m.Base]) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)
