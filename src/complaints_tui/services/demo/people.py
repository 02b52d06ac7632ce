"""The demo's people and places: staff of every role, service areas and their categories, residents.

Staff come first (cases need handlers, reviewers and team leads); residents follow in batches,
with their search terms and, for a few, the restrictions of an unreasonable-behaviour marker.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.kinds import Channel, Tenure
from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.restrictions import RestrictionKind
from complaints_tui.domain.roles import Role
from complaints_tui.services.demo.chance import FastRandom, Picker, moment_on
from complaints_tui.services.demo.life import audit_values
from complaints_tui.services.demo.recipe import AreaSpec, DemoRecipe, RecipeLists
from complaints_tui.services.demo.vocabulary import RESTRICTION_KINDS
from complaints_tui.services.demo.words import (
    CALL_TIMES,
    EMAIL_DOMAINS,
    INWARD_LETTERS,
    PHONE_RANGES,
    SAFE_TEXT_NAMES,
    SUPPORT_NEEDS,
    UNREASONABLE_REASONS,
    VULNERABILITIES,
)
from complaints_tui.store.search import normalise_postcode, search_terms


@dataclass
class User:
    id: int
    name: str
    role: Role
    team: str
    manager_id: int | None


@dataclass
class Area:
    id: int
    spec: AreaSpec
    head: User  # head of service: reviews stage 2
    managers: list[User]  # investigating managers: handle stage 1
    categories: Picker[int]
    category_names: dict[int, str]
    default_manager_id: int | None  # where open_stage1 routes a complaint first


class People:
    """The build's staff, service areas and residents: makes their rows and keeps what cases draw
    on (handlers, leads, areas, residents' names and streets). One instance per build; everything
    flows from `recipe.seed`."""

    def __init__(
        self,
        recipe: DemoRecipe,
        profile: PolicyProfile,
        calendar: WorkingCalendar,
        lists: RecipeLists,
        today: date,
    ) -> None:
        self.recipe = recipe
        self.profile = profile
        self.calendar = calendar
        self.lists = lists
        self.today = today
        self.created_at = datetime(today.year, today.month, today.day, 6, tzinfo=UTC) - timedelta(
            days=int(365 * recipe.years) + 30
        )
        self.users: list[User] = []
        self.areas: list[Area] = []
        self.area_picker: Picker[int] | None = None
        self.call_handlers: list[User] = []
        self.team_leads: list[User] = []
        self.complaints_lead: User | None = None  # assigns cases and allocates reviewers
        self.director: User | None = None
        self.resident_tenure: list[str] = []
        self.resident_street: list[str] = []
        self.resident_refs: list[str] = []
        self.resident_names: list[str] = []
        self.resident_ids: list[int] = []

    def person_name(self, rng: random.Random) -> str:
        return f"{rng.choice(self.lists.first_names)} {rng.choice(self.lists.surnames)}"

    def user_name(self, user_id: int) -> str:
        return self.users[user_id - self.users[0].id].name

    def users_and_areas(
        self,
        user_base: int,
        area_ids: dict[str, tuple[int, int | None]],
        category_ids: dict[str, int],
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Users of every role (with line managers and teams), service areas and categories.

        area_ids / category_ids: those already in the database, by name (reused, not duplicated;
        an area's (id, default manager)). Returns (user rows, new area rows, new category rows).
        A new area's default manager is its first investigating manager, never the head of
        service: whoever stage 1 is routed to counts as having handled it, and the head reviews
        stage 2.
        """
        rng = FastRandom(f"{self.recipe.seed}:users")
        next_id = user_base
        titles: dict[int, str] = {}

        def add(name: str, role: Role, team: str, manager: User | None, title: str) -> User:
            nonlocal next_id
            next_id += 1
            user = User(next_id, name, role, team, manager.id if manager else None)
            self.users.append(user)
            titles[user.id] = title
            return user

        director = add(
            self.person_name(rng), Role.SERVICE_DIRECTOR, "Executive", None, "Director of Housing"
        )
        self.director = director
        add(
            self.person_name(rng),
            Role.ADMIN,
            "Complaints and Resolution",
            director,
            "Systems administrator",
        )
        add(
            self.person_name(rng),
            Role.ADMIN,
            "Complaints and Resolution",
            director,
            "Complaints officer",
        )
        team_leads = {
            team: add(self.person_name(rng), Role.TEAM_LEAD, team, director, f"{team} team leader")
            for team in self.lists.teams
        }
        self.team_leads = list(team_leads.values())
        self.complaints_lead = team_leads.get("Complaints and Resolution", self.team_leads[0])
        contact_lead = team_leads.get("Customer Contact Centre", self.team_leads[0])
        handlers = max(6, self.recipe.cases // 20_000)
        self.call_handlers = [
            add(
                self.person_name(rng),
                Role.CALL_HANDLER,
                contact_lead.team,
                contact_lead,
                "Customer adviser",
            )
            for _ in range(handlers)
        ]
        managers_total = max(len(self.lists.areas), self.recipe.cases // 6_000)
        weight_total = sum(area.weight for area in self.lists.areas)
        area_rows: list[dict[str, Any]] = []
        category_rows: list[dict[str, Any]] = []
        next_area = max((area_id for area_id, _ in area_ids.values()), default=0)
        next_category = max(category_ids.values(), default=0)
        for spec in self.lists.areas:
            head = add(
                self.person_name(rng),
                Role.SERVICE_DIRECTOR,
                spec.team,
                director,
                f"Head of {spec.name}",
            )
            count = max(1, round(managers_total * spec.weight / weight_total))
            managers = [
                add(
                    self.person_name(rng),
                    Role.INVESTIGATING_MANAGER,
                    spec.team,
                    head,
                    f"{spec.name} manager",
                )
                for _ in range(count)
            ]
            existing = area_ids.get(spec.name)
            default_manager_id: int | None
            if existing is None:
                next_area += 1
                area_id, default_manager_id = next_area, managers[0].id
                area_rows.append(
                    {"id": area_id, "name": spec.name, "default_manager_id": default_manager_id}
                )
            else:
                area_id, default_manager_id = existing
            categories: list[tuple[int, float]] = []
            names: dict[int, str] = {}
            for name, weight in spec.categories:
                category_id = category_ids.get(name)
                if category_id is None:
                    next_category += 1
                    category_id = next_category
                    category_ids[name] = category_id
                    category_rows.append(
                        {
                            "id": category_id,
                            "name": name,
                            "service_area_id": area_id,
                            "retired": False,
                        }
                    )
                categories.append((category_id, weight))
                names[category_id] = name
            self.areas.append(
                Area(area_id, spec, head, managers, Picker(categories), names, default_manager_id)
            )
        self.area_picker = Picker([(i, a.spec.weight) for i, a in enumerate(self.areas)])
        user_rows = [
            {
                "id": user.id,
                "name": user.name,
                "role": user.role.value,
                "line_manager_id": user.manager_id,
                "team": user.team,
                "job_title": titles[user.id],
                "active": True,
                "created_at": self.created_at,
                "out_of_office": False,  # the bulk writer binds in the table's column order
            }
            for user in self.users
        ]
        return user_rows, area_rows, category_rows

    def residents(
        self, base: int
    ) -> Iterator[
        tuple[
            list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]
        ]
    ]:
        """Batches of (resident rows, search-term rows, restriction rows, event rows)."""
        rng = FastRandom(f"{self.recipe.seed}:residents")
        lists = self.lists
        batch: list[dict[str, Any]] = []
        terms: list[dict[str, Any]] = []
        restrictions: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        leads = self.team_leads
        for n in range(1, self.recipe.residents + 1):
            rid = base + n
            if n <= len(SAFE_TEXT_NAMES):
                name = SAFE_TEXT_NAMES[n - 1]
            else:
                first, last = rng.choice(lists.first_names), rng.choice(lists.surnames)
                name = f"{first} {last}"
            town, districts = rng.choice(lists.towns)
            street = f"{rng.choice(lists.streets)} {rng.choice(lists.suffixes)}"
            number = rng.randint(1, 180)
            if rng.random() < 0.3:
                address = f"Flat {rng.randint(1, 40)}, {number} {street}, {town}"
            else:
                address = f"{number} {street}, {town}"
            postcode = normalise_postcode(
                f"{rng.choice(districts)} {rng.randint(1, 9)}"
                f"{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
            )
            phone = (
                ""
                if rng.random() < 0.08
                else f"{rng.choice(PHONE_RANGES)}{rng.randint(0, 999):03d}"
            )
            words = name.lower().replace("'", "").split()
            email = ""
            if rng.random() < 0.7 and words:
                local = ".".join(w for w in words if w.isalpha()) or "resident"
                email = f"{local}{rng.randint(1, 99)}@{rng.choice(EMAIL_DOMAINS)}"
            tenure = Tenure.LCHO.value if rng.random() < 0.12 else Tenure.LCRA.value
            reference = f"T{rid:07d}"
            support = rng.choice(SUPPORT_NEEDS) if rng.random() < 0.06 else ""
            # Every demo, however small, has residents marked unreasonable with every kind of
            # restriction between them, and a vulnerable one: the first three after the
            # hostile names.
            shown = n - len(SAFE_TEXT_NAMES)
            vulnerable = shown == 3 or rng.random() < 0.05
            vulnerability = rng.choice(VULNERABILITIES) if vulnerable else ""
            unreasonable = shown in (1, 2) or (shown > 0 and rng.random() < 0.004)
            if email and rng.random() < 0.4:
                preferred = Channel.EMAIL
            else:
                preferred = Channel.PHONE if phone else Channel.LETTER
            marker = rng.choice(leads) if unreasonable else None
            reason = rng.choice(UNREASONABLE_REASONS) if unreasonable else ""
            review_on = self.today + timedelta(days=rng.randint(14, 170)) if unreasonable else None
            row = {
                "id": rid,
                "reference": reference,
                "name": name,
                "address": address,
                "postcode": postcode,
                "phone": phone,
                "email": email,
                "preferred_contact": preferred.value,
                "tenure": tenure,
                "support_needs": support,
                "adjustments": "Large print and a call before any visit" if support else "",
                "vulnerability": vulnerability,
                "unreasonable": unreasonable,
                "unreasonable_reason": reason,
                "unreasonable_review_on": review_on,
                "unreasonable_marked_by_id": marker.id if marker else None,
                "anonymised_on": None,
                "created_at": self.created_at,
            }
            batch.append(row)
            self.resident_tenure.append(tenure)
            self.resident_street.append(street)
            self.resident_refs.append(reference)
            self.resident_names.append(name)
            for term in sorted(search_terms(name, address, postcode, phone, reference)):
                terms.append({"resident_id": rid, "term": term})
            if marker is not None and review_on is not None:
                # services.people.residents.mark_unreasonable: restrictions set that day, one event.
                set_on = self.today - timedelta(days=rng.randint(5, 120))
                kept = []
                if shown in (1, 2):
                    kinds = RESTRICTION_KINDS[:3] if shown == 1 else RESTRICTION_KINDS[3:]
                else:
                    kinds = tuple(rng.sample(RESTRICTION_KINDS, rng.randint(1, 3)))
                for kind in kinds:
                    detail = ""
                    if kind is RestrictionKind.SINGLE_POINT_OF_CONTACT:
                        detail = f"{marker.name}, {marker.team} team leader"
                    elif kind is RestrictionKind.SET_CALL_TIMES:
                        detail = rng.choice(CALL_TIMES)
                    restrictions.append(
                        {
                            "resident_id": rid,
                            "kind": kind.value,
                            "detail": detail,
                            "set_on": set_on,
                            "set_by_id": marker.id,
                        }
                    )
                    kept.append({"kind": kind.value, "detail": detail})
                before, after = audit_values(
                    {
                        "unreasonable": False,
                        "unreasonable_reason": "",
                        "unreasonable_review_on": None,
                        "restrictions": [],
                    },
                    {
                        "unreasonable": True,
                        "unreasonable_reason": reason,
                        "unreasonable_review_on": review_on,
                        "restrictions": kept,
                    },
                )
                events.append(
                    {
                        "case_id": None,
                        "resident_id": rid,
                        "actor_id": marker.id,
                        "at": moment_on(set_on, rng),
                        "action": "marked_unreasonable",
                        "before": before,
                        "after": after,
                    }
                )
            if len(batch) >= 5000:
                yield batch, terms, restrictions, events
                batch, terms, restrictions, events = [], [], [], []
        if batch:
            yield batch, terms, restrictions, events
