"""A small office for the dashboard's Pilot and snapshot tests: under the statutory Code on
Tuesday 3 March 2026, Mia Manager (Repairs) has two stage 1 complaints whose acknowledgement was
due yesterday (Ann's and `Bob [/]`'s), one due today (Dan's) and one due soon (Anne's, Thursday);
Max Manager (Estates) has none yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from complaints_tui.app import create_app
from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.roles import Role
from complaints_tui.services.intake.calls import record_call
from complaints_tui.services.intake.types import CallCapture, CallOutcome
from complaints_tui.services.people.types import NewUser
from complaints_tui.services.people.users import (
    create_user,
    list_service_areas,
    list_users,
    open_for_app,
    sign_in,
)
from tests.conftest_store import complaint_answers
from tests.ui.seed import TODAY, Seed, build_seed

RECEIVED = {
    "ann": date(2026, 2, 23),  # acknowledge by Mon 2 Mar: overdue
    "bob": date(2026, 2, 23),
    "dan": date(2026, 2, 24),  # by Tue 3 Mar: due today
    "anne": date(2026, 2, 26),  # by Thu 5 Mar: due soon
}


@dataclass(frozen=True)
class Office:
    seed: Seed
    lead_id: int
    max_id: int
    cases: dict[str, int]


def build_office(folder: Path) -> Office:
    seed = build_seed(folder, "hos-code")
    store = open_for_app(seed.url)
    try:
        people = {user.name: user for user in list_users(store)}
        admin = sign_in(store, people["Ada Admin"].id)
        max_manager = create_user(
            store,
            admin,
            NewUser("Max Manager", Role.INVESTIGATING_MANAGER, team="Estates"),
            now=datetime(2026, 2, 1, 9, tzinfo=UTC),
        )
        handler = sign_in(store, seed.handler_id)
        repairs = next(area for area in list_service_areas(store) if area.name == "Repairs")
        cases = {}
        for who, day in RECEIVED.items():
            when = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
            call = CallCapture(
                Channel.PHONE,
                complaint_answers(day),
                f"Leak at {who}'s [b]home[/b]",
                resident_id=seed.residents[who],
                service_area_id=repairs.id,
            )
            cases[who] = record_call(store, handler, call, CallOutcome.STAGE1, now=when).case.id
        return Office(seed, people["Tom Lead"].id, max_manager.id, cases)
    finally:
        store.close()


def lead_app(office: Office) -> Any:
    seed = office.seed
    return create_app(seed.url, today=TODAY, drafts_dir=seed.drafts, user_id=office.lead_id)
