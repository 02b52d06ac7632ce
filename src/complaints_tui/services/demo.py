"""Demo data: a deterministic, realistic landlord's worth of residents, staff and cases.

`build_demo(store, DemoRecipe(residents=…, cases=…, seed=…))` fills an empty database (made by
the migrations, so the services and the UI use it as they would a real one). The same recipe and
the same `today` give the same database, row for row.

Speed: rows are made as plain dicts in Python and written with Core `insert()` statements in
batches (executemany) — never ORM objects. On SQLite the compiled INSERT is run through the
driver with values already in SQLAlchemy's storage format, which halves the cost; the plain Core
path serves PostgreSQL. Secondary indexes are dropped before the load and built again after it.
Deadlines come from `domain.deadlines.stage_deadlines` once per stage, so they match what the
services store; the rest of the date arithmetic is one bisect per date.
"""

from __future__ import annotations

import json
import random
import time
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Table,
    bindparam,
    func,
    insert,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.types import JSON

from complaints_tui.domain.calendar import WorkingCalendar, calendar_for_profile
from complaints_tui.domain.deadlines import Deadline, DeadlineKind, StageEvents, stage_deadlines
from complaints_tui.domain.kinds import Channel, ContactKind, Decision, Outcome, Tenure
from complaints_tui.domain.policy import (
    DEFAULT_PROFILE,
    ClockStart,
    DayUnit,
    PolicyProfile,
    StageRule,
    load_profile,
)
from complaints_tui.locations import data_dir, policies_dir
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

# -- vocabularies the store keeps as strings ----------------------------------------------------

ROLE_CALL_HANDLER = "call_handler"
ROLE_INVESTIGATING_MANAGER = "investigating_manager"
ROLE_SERVICE_DIRECTOR = "service_director"
ROLE_TEAM_LEAD = "team_lead"
ROLE_ADMINISTRATOR = "administrator"

STATUS_NEW = "new"  # logged, not yet acknowledged / dealt with
STATUS_OPEN = "open"  # acknowledged, being investigated
STATUS_RESPONDED = "responded"  # response sent; the resident may still escalate
STATUS_CLOSED = "closed"
STATUS_WITHDRAWN = "withdrawn"

RESTRICTION_KINDS = (
    "single_point_of_contact",
    "call_times",
    "writing_only",
    "visits_by_appointment",
    "no_office_attendance",
    "return_documents",
)

T = TypeVar("T")

ProgressFn = Callable[[str, int, int], None]
"""on_progress(phase, done, total): called as the build goes on."""


class DemoError(Exception):
    """The demo database cannot be built; the message is the sentence the user sees."""


@dataclass(frozen=True)
class DemoRecipe:
    residents: int = 400
    cases: int = 2000
    seed: int = 1
    profile: str | None = None  # None: the landlord's profile in the database, else hos-code
    today: date | None = None  # None: today; dates run back about two years from it
    years: float = 2.0


@dataclass
class DemoSummary:
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    profile: str = DEFAULT_PROFILE
    today: date = date.min

    def lines(self) -> list[str]:
        out = [f"Demo data for profile {self.profile}, as of {self.today.isoformat()}:"]
        out += [f"  {table:<24}{count:>12,}" for table, count in self.rows.items() if count]
        out.append(f"Built in {self.seconds:.1f} s.")
        return out


# -- the recipe's lists --------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaSpec:
    name: str
    team: str
    weight: int
    categories: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class RecipeLists:
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    streets: tuple[str, ...]
    suffixes: tuple[str, ...]
    towns: tuple[tuple[str, tuple[str, ...]], ...]
    areas: tuple[AreaSpec, ...]
    teams: tuple[str, ...]
    descriptions: tuple[str, ...]
    desired_outcomes: tuple[str, ...]


def _lines(path: Path) -> tuple[str, ...]:
    text_ = path.read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text_.splitlines() if line.strip() and not line.startswith("#")
    )


def load_lists(folder: Path | None = None) -> RecipeLists:
    folder = folder or data_dir() / "demo"
    try:
        towns = []
        for line in _lines(folder / "towns.txt"):
            town, districts = line.split("|", 1)
            towns.append((town.strip(), tuple(districts.split())))
        raw = tomllib.loads((folder / "service_areas.toml").read_text(encoding="utf-8"))
        areas = tuple(
            AreaSpec(
                name=area["name"],
                team=area["team"],
                weight=int(area["weight"]),
                categories=tuple((c["name"], int(c["weight"])) for c in area["categories"]),
            )
            for area in raw["areas"]
        )
        return RecipeLists(
            first_names=_lines(folder / "first_names.txt"),
            surnames=_lines(folder / "surnames.txt"),
            streets=_lines(folder / "streets.txt"),
            suffixes=_lines(folder / "street_suffixes.txt"),
            towns=tuple(towns),
            areas=areas,
            teams=tuple(raw["teams"]),
            descriptions=_lines(folder / "descriptions.txt"),
            desired_outcomes=_lines(folder / "desired_outcomes.txt"),
        )
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as error:
        raise DemoError(f"The demo recipe in {folder} cannot be read: {error}") from error


class _Picker(Generic[T]):
    """Weighted choice by bisect over cumulative weights (random.choices is slower per call)."""

    def __init__(self, items: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _ in items]
        self.cumulative = list(accumulate(weight for _, weight in items))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.items[bisect_right(self.cumulative, rng.random() * self.total)]


KIND_MIX = _Picker(
    [
        (ContactKind.COMPLAINT, 44),
        (ContactKind.SERVICE_REQUEST, 26),
        (ContactKind.ENQUIRY, 10),
        (ContactKind.ASB, 6),
        (ContactKind.COMPLIMENT, 6),
        (ContactKind.COMMENT, 4),
        (ContactKind.MP_ENQUIRY, 4),
    ]
)
CHANNEL_MIX = _Picker(
    [
        (Channel.PHONE, 48),
        (Channel.EMAIL, 18),
        (Channel.WEB, 15),
        (Channel.IN_PERSON, 7),
        (Channel.LETTER, 6),
        (Channel.SOCIAL_MEDIA, 4),
        (Channel.TEXT_RELAY, 1.5),
        (Channel.FAX, 0.5),
    ]
)
DECISION_MIX = _Picker(
    [(Decision.UPHELD, 34), (Decision.PARTLY_UPHELD, 26), (Decision.NOT_UPHELD, 40)]
)
# Ofcom's numbers for drama: they never ring anyone.
PHONE_RANGES = (
    "07700 900",
    "01632 960",
    "020 7946 0",
    "0113 496 0",
    "0114 496 0",
    "0115 496 0",
    "0116 496 0",
    "0117 496 0",
    "0121 496 0",
    "0161 496 0",
)
EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SUPPORT_NEEDS = (
    "Hearing impaired: use text relay or email",
    "Large print letters",
    "Needs an interpreter (Polish)",
    "Needs an interpreter (Urdu)",
    "Wheelchair user",
    "Visually impaired: phone rather than letters",
    "Dyslexia: explain letters by phone",
    "Learning disability: advocate to be present",
)
VULNERABILITIES = (
    "Lives alone, aged over 80",
    "Recent bereavement",
    "Mental health: call before visiting",
    "Domestic abuse survivor: never disclose address",
    "Serious illness in the household",
    "Young children and damp: health risk",
    "Care leaver",
)
LEARNING_TAGS = (
    "communication",
    "contractor management",
    "record keeping",
    "repairs scheduling",
    "missed appointment",
    "no follow-up",
    "policy unclear",
    "staff training",
    "damp and mould response",
    "complaint handling",
)
UNREASONABLE_REASONS = (
    "Over 60 calls in a month about the same closed complaint; abusive to staff.",
    "Repeated threats to contractors on site.",
    "Sends the same letter to many officers daily; insists on immediate replies.",
)
SAFE_TEXT_NAMES = ("Bob [/]", "[bold]x", "[@click=app.quit]x[/]")


# -- writing -------------------------------------------------------------------------------------


def _sqlite_converters(table: Table, columns: Sequence[str]) -> list[Callable[[Any], Any] | None]:
    """Per column: turn a Python value into what SQLAlchemy stores on SQLite (None: as it is)."""

    def as_date(value: date | None) -> str | None:
        return None if value is None else value.isoformat()

    def as_timestamp(value: datetime | None) -> str | None:
        if value is None:
            return None
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")

    def as_bool(value: bool | None) -> int | None:
        return None if value is None else int(value)

    def as_json(value: object) -> str | None:
        return None if value is None else json.dumps(value)

    converters: list[Callable[[Any], Any] | None] = []
    for name in columns:
        column_type = table.c[name].type
        impl = getattr(column_type, "impl", column_type)
        if isinstance(impl, DateTime):
            converters.append(as_timestamp)
        elif isinstance(impl, Date):
            converters.append(as_date)
        elif isinstance(impl, Boolean):
            converters.append(as_bool)
        elif isinstance(impl, JSON):
            converters.append(as_json)
        else:
            converters.append(None)
    return converters


class BulkWriter:
    """Insert many rows of one table at a time, as fast as the database allows.

    Rows are dicts with the same keys. SQLite: the Core INSERT, compiled once, runs through the
    driver's executemany with converted values. Other databases: Core executemany.
    """

    def __init__(self, connection: Connection, batch: int = 10_000) -> None:
        self.connection = connection
        self.batch = batch
        self.sqlite = connection.dialect.name == "sqlite"
        self._plans: dict[tuple[str, tuple[str, ...]], tuple[str, list[Any]]] = {}

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        for start in range(0, len(rows), self.batch):
            chunk = rows[start : start + self.batch]
            if not self.sqlite:
                self.connection.execute(insert(table), list(chunk))
                continue
            columns = tuple(chunk[0])
            key = (table.name, columns)
            plan = self._plans.get(key)
            if plan is None:
                statement = insert(table).values({name: bindparam(name) for name in columns})
                sql = str(statement.compile(dialect=self.connection.dialect))
                plan = (sql, _sqlite_converters(table, columns))
                self._plans[key] = plan
            sql, converters = plan
            pairs = list(zip(columns, converters, strict=True))
            values = [
                tuple(row[name] if conv is None else conv(row[name]) for name, conv in pairs)
                for row in chunk
            ]
            self.connection.exec_driver_sql(sql, values)


@dataclass(frozen=True)
class _IndexSpec:
    table: str
    name: str
    columns: tuple[str, ...]


def drop_secondary_indexes(connection: Connection, tables: Iterable[str]) -> list[_IndexSpec]:
    """Drop the plain (non-unique, column-only) indexes of these tables; returns how to rebuild."""
    inspector = inspect(connection)
    dropped: list[_IndexSpec] = []
    preparer = connection.dialect.identifier_preparer
    for table in tables:
        for index in inspector.get_indexes(table):
            columns = index.get("column_names") or []
            name = index.get("name")
            if index.get("unique") or not name or not columns or any(c is None for c in columns):
                continue
            if index.get("dialect_options") or index.get("include_columns"):
                continue
            connection.exec_driver_sql(f"DROP INDEX {preparer.quote(name)}")
            dropped.append(_IndexSpec(table, name, tuple(str(c) for c in columns)))
    return dropped


def create_indexes(connection: Connection, specs: Iterable[_IndexSpec]) -> None:
    preparer = connection.dialect.identifier_preparer
    for spec in specs:
        columns = ", ".join(preparer.quote(c) for c in spec.columns)
        connection.exec_driver_sql(
            f"CREATE INDEX {preparer.quote(spec.name)} ON {preparer.quote(spec.table)} ({columns})"
        )


# -- generating ----------------------------------------------------------------------------------


@dataclass
class _User:
    id: int
    name: str
    role: str
    team: str
    manager_id: int | None


@dataclass
class _Area:
    id: int
    spec: AreaSpec
    head: _User
    managers: list[_User]
    categories: _Picker[int]
    category_names: dict[int, str]


@dataclass
class _StagePlan:
    number: int
    received_on: date
    acknowledged_on: date | None = None
    extended_to: date | None = None
    extension_told_on: date | None = None
    responded_on: date | None = None
    escalated_on: date | None = None
    handler_id: int | None = None
    decision: Decision | None = None
    deadlines: list[Deadline] = field(default_factory=list)


def _at(day: date, rng: random.Random, hour_from: int = 8, hour_to: int = 17) -> datetime:
    seconds = rng.randint(hour_from * 3600, hour_to * 3600 - 1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(seconds=seconds)


class DemoBuilder:
    """Makes the rows. One instance per build; everything flows from `recipe.seed`."""

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
        self.users: list[_User] = []
        self.areas: list[_Area] = []
        self.area_picker: _Picker[int] | None = None
        self.call_handlers: list[_User] = []
        self.team_leads: list[_User] = []
        self.director: _User | None = None
        self.resident_tenure: list[str] = []
        self.resident_street: list[str] = []
        self.resident_refs: list[str] = []
        self.resident_ids: list[int] = []

    # -- people ---------------------------------------------------------------------------------

    def _person(self, rng: random.Random) -> str:
        return f"{rng.choice(self.lists.first_names)} {rng.choice(self.lists.surnames)}"

    def users_and_areas(
        self, user_base: int, area_ids: dict[str, int], category_ids: dict[str, int]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Users of every role (with line managers and teams), service areas and categories.

        area_ids / category_ids: those already in the database, by name (reused, not duplicated).
        Returns (user rows, new area rows, new category rows).
        """
        rng = random.Random(f"{self.recipe.seed}:users")
        next_id = user_base
        titles: dict[int, str] = {}

        def add(name: str, role: str, team: str, manager: _User | None, title: str) -> _User:
            nonlocal next_id
            next_id += 1
            user = _User(next_id, name, role, team, manager.id if manager else None)
            self.users.append(user)
            titles[user.id] = title
            return user

        director = add(
            self._person(rng), ROLE_SERVICE_DIRECTOR, "Executive", None, "Director of Housing"
        )
        self.director = director
        add(
            self._person(rng),
            ROLE_ADMINISTRATOR,
            "Complaints and Resolution",
            director,
            "Systems administrator",
        )
        add(
            self._person(rng),
            ROLE_ADMINISTRATOR,
            "Complaints and Resolution",
            director,
            "Complaints officer",
        )
        team_leads = {
            team: add(self._person(rng), ROLE_TEAM_LEAD, team, director, f"{team} team leader")
            for team in self.lists.teams
        }
        self.team_leads = list(team_leads.values())
        contact_lead = team_leads.get("Customer Contact Centre", self.team_leads[0])
        handlers = max(6, self.recipe.cases // 20_000)
        self.call_handlers = [
            add(
                self._person(rng),
                ROLE_CALL_HANDLER,
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
        next_area = max(area_ids.values(), default=0)
        next_category = max(category_ids.values(), default=0)
        for spec in self.lists.areas:
            head = add(
                self._person(rng),
                ROLE_SERVICE_DIRECTOR,
                spec.team,
                director,
                f"Head of {spec.name}",
            )
            count = max(1, round(managers_total * spec.weight / weight_total))
            managers = [
                add(
                    self._person(rng),
                    ROLE_INVESTIGATING_MANAGER,
                    spec.team,
                    head,
                    f"{spec.name} manager",
                )
                for _ in range(count)
            ]
            area_id = area_ids.get(spec.name)
            if area_id is None:
                next_area += 1
                area_id = next_area
                area_rows.append({"id": area_id, "name": spec.name, "default_manager_id": head.id})
            categories: list[tuple[int, float]] = []
            names: dict[int, str] = {}
            for name, weight in spec.categories:
                category_id = category_ids.get(name)
                if category_id is None:
                    next_category += 1
                    category_id = next_category
                    category_ids[name] = category_id
                    category_rows.append(
                        {"id": category_id, "name": name, "service_area_id": area_id}
                    )
                categories.append((category_id, weight))
                names[category_id] = name
            self.areas.append(_Area(area_id, spec, head, managers, _Picker(categories), names))
        self.area_picker = _Picker([(i, a.spec.weight) for i, a in enumerate(self.areas)])
        user_rows = [
            {
                "id": user.id,
                "name": user.name,
                "role": user.role,
                "line_manager_id": user.manager_id,
                "team": user.team,
                "job_title": titles[user.id],
                "active": True,
                "created_at": self.created_at,
            }
            for user in self.users
        ]
        return user_rows, area_rows, category_rows

    def residents(
        self, base: int
    ) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]]:
        """Batches of (resident rows, search-term rows, restriction rows)."""
        rng = random.Random(f"{self.recipe.seed}:residents")
        lists = self.lists
        batch: list[dict[str, Any]] = []
        terms: list[dict[str, Any]] = []
        restrictions: list[dict[str, Any]] = []
        lead_ids = [u.id for u in self.team_leads]
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
            postcode = (
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
            vulnerability = rng.choice(VULNERABILITIES) if rng.random() < 0.05 else ""
            unreasonable = n > len(SAFE_TEXT_NAMES) and rng.random() < 0.004
            preferred = (
                "email" if email and rng.random() < 0.4 else ("phone" if phone else "letter")
            )
            row = {
                "id": rid,
                "reference": reference,
                "name": name,
                "address": address,
                "postcode": postcode,
                "phone": phone,
                "email": email,
                "preferred_contact": preferred,
                "tenure": tenure,
                "support_needs": support,
                "adjustments": "Large print and a call before any visit" if support else "",
                "vulnerability": vulnerability,
                "unreasonable": unreasonable,
                "unreasonable_reason": rng.choice(UNREASONABLE_REASONS) if unreasonable else "",
                "unreasonable_review_on": (
                    self.today + timedelta(days=rng.randint(14, 170)) if unreasonable else None
                ),
                "unreasonable_marked_by_id": rng.choice(lead_ids) if unreasonable else None,
                "anonymised_on": None,
                "created_at": self.created_at,
            }
            batch.append(row)
            self.resident_tenure.append(tenure)
            self.resident_street.append(street)
            self.resident_refs.append(reference)
            for term in sorted(search_terms(name, address, postcode, phone, reference)):
                terms.append({"resident_id": rid, "term": term})
            if unreasonable:
                for kind in rng.sample(RESTRICTION_KINDS, rng.randint(1, 3)):
                    restrictions.append(
                        {
                            "resident_id": rid,
                            "kind": kind,
                            "detail": "Set after review by the team lead.",
                            "set_on": self.today - timedelta(days=rng.randint(5, 120)),
                            "set_by_id": row["unreasonable_marked_by_id"],
                        }
                    )
            if len(batch) >= 5000:
                yield batch, terms, restrictions
                batch, terms, restrictions = [], [], []
        if batch:
            yield batch, terms, restrictions


def search_terms(name: str, address: str, postcode: str, phone: str, reference: str) -> set[str]:
    """The lower-cased words a resident is found by (a stand-in until the store provides one)."""
    terms: set[str] = set()
    for value in (name, address, postcode):
        for word in "".join(ch if ch.isalnum() else " " for ch in value.lower()).split():
            terms.add(word[:80])
    compact = postcode.replace(" ", "").lower()
    if compact:
        terms.add(compact)
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits:
        terms.add(digits)
    terms.add(reference.lower())
    return terms


# -- cases ---------------------------------------------------------------------------------------


@dataclass
class CaseBatch:
    """The rows of a slice of cases, table by table, in an order foreign keys accept."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


class _CaseMaker:
    """Makes one case at a time (the state a case's life needs: ids, counters, the rng)."""

    def __init__(self, builder: DemoBuilder, ids: dict[str, int]) -> None:
        self.b = builder
        self.rng = random.Random(f"{builder.recipe.seed}:cases")
        self.ids = ids  # last id used per table
        self.counters: dict[int, int] = {}
        self.profile = builder.profile
        self.calendar = builder.calendar
        self.today = builder.today
        self.exclusions = [e for e in self.profile.exclusions if e.code.value != "out_of_time"]
        neighbourhoods = [a for a in builder.areas if a.spec.team == "Neighbourhoods"]
        self.asb_area = neighbourhoods[0] if neighbourhoods else builder.areas[0]
        self.stalled_horizon = self.today - timedelta(days=100)

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _wd(self, start: date, n: int) -> date:
        """n working days after the effective receipt of `start` (n == 0: that receipt day)."""
        return self.calendar.due_date(start, n, DayUnit.WORKING)

    def _plus(self, start: date, n: int, unit: DayUnit) -> date:
        return self.calendar.due_date(start, n, unit)

    def _event(
        self,
        batch: CaseBatch,
        case_id: int,
        actor: int | None,
        day: date,
        action: str,
        after: dict[str, Any] | None = None,
        before: dict[str, Any] | None = None,
    ) -> None:
        batch.add(
            "events",
            {
                "case_id": case_id,
                "resident_id": None,
                "actor_id": actor,
                "at": _at(day, self.rng),
                "action": action,
                "before": before,
                "after": after,
            },
        )

    # -- a stage's life ----------------------------------------------------------------------

    def _stage(self, number: int, received: date, handler: int | None, stalled: bool) -> _StagePlan:
        rng = self.rng
        rule: StageRule = self.profile.stage(number)
        plan = _StagePlan(number, received, handler_id=handler)
        ack_rule = rule.acknowledge
        ack_planned: date | None = None
        if ack_rule is not None:
            late = rng.random() < 0.10
            offset = ack_rule.days + rng.randint(1, 4) if late else rng.randint(0, ack_rule.days)
            ack_planned = self._wd(received, offset)
            if ack_planned <= self.today:
                plan.acknowledged_on = ack_planned
        respond = rule.respond
        if respond.clock_start is ClockStart.ACKNOWLEDGEMENT and ack_planned is not None:
            clock = ack_planned
        else:
            clock = received
        respond_due = self._plus(clock, respond.days, respond.unit)
        target = respond_due
        extension = rule.extension
        if extension is not None and rng.random() < 0.10:
            told = self._wd(clock, max(respond.days - 2, 0))
            cap = extension.max_days if extension.max_days is not None else 10
            extended_to = self._wd(respond_due, rng.randint(2, max(cap, 2)))
            if told <= self.today and told >= received:
                plan.extended_to, plan.extension_told_on = extended_to, told
                target = extended_to
        if stalled and respond_due >= self.stalled_horizon:
            return plan  # left unanswered: overdue once its date passes
        roll = rng.random()
        if roll < 0.80 or stalled:
            if target is respond_due:
                span = respond.days if respond.unit is DayUnit.WORKING else respond.days * 5 // 7
                response = self._wd(clock, rng.randint(max(1, span // 2), max(1, span)))
                response = min(response, respond_due)
            else:
                response = self._wd(respond_due, rng.randint(1, 3))
                response = min(response, target)
        else:
            response = self._wd(target, rng.randint(1, 8))
        if plan.acknowledged_on is not None and response < plan.acknowledged_on:
            response = plan.acknowledged_on
        if ack_planned is not None and ack_planned > response:
            ack_planned = response  # acknowledged with the response at the latest
            plan.acknowledged_on = response if response <= self.today else None
        if response <= self.today:
            plan.responded_on = response
            if plan.acknowledged_on is None and ack_rule is not None:
                plan.acknowledged_on = ack_planned
            plan.decision = DECISION_MIX(rng)
        return plan

    def _escalation(self, plan: _StagePlan) -> date | None:
        """When the resident asks for the next stage after this one's response, if they do."""
        rng = self.rng
        if plan.responded_on is None or plan.number >= self.profile.last_stage:
            return None
        if rng.random() >= (0.17 if plan.number == 1 else 0.10):
            return None
        window = self.profile.stage(plan.number).escalation_window
        if window is not None:
            asked = self._plus(plan.responded_on, rng.randint(1, max(1, window.days)), window.unit)
        else:
            asked = self._wd(plan.responded_on, rng.randint(1, 15))
        return asked if asked <= self.today else None

    def _deadlines(self, plan: _StagePlan, reason: str | None) -> list[Deadline]:
        events = StageEvents(
            received_on=plan.received_on,
            acknowledged_on=plan.acknowledged_on,
            extended_to=plan.extended_to,
            extension_reason=reason,
            responded_on=plan.responded_on,
            escalated_on=plan.escalated_on,
        )
        return stage_deadlines(self.profile, plan.number, events, self.calendar)

    # -- one case ----------------------------------------------------------------------------

    def make(self, batch: CaseBatch, received: date, kind: ContactKind) -> None:
        rng = self.rng
        b = self.b
        case_id = self._next("cases")
        year = received.year
        self.counters[year] = self.counters.get(year, 0) + 1
        reference = f"CMP-{year}-{self.counters[year]:06d}"
        area_index = b.area_picker(rng) if b.area_picker else 0
        area = self.asb_area if kind is ContactKind.ASB else b.areas[area_index]
        category_id = area.categories(rng)
        category = area.category_names[category_id]
        channel = CHANNEL_MIX(rng)
        logger = rng.choice(b.call_handlers)
        resident_index: int | None = None
        if b.resident_refs and (kind is ContactKind.COMPLAINT or rng.random() > 0.03):
            resident_index = int(len(b.resident_refs) * rng.random() ** 1.7)
        resident_id = None if resident_index is None else b.resident_ids[resident_index]
        street = b.resident_street[resident_index] if resident_index is not None else "the estate"
        description = rng.choice(b.lists.descriptions).format(
            category=category.lower(), weeks=rng.randint(2, 16), street=street
        )
        received_at = _at(received, rng, 7, 20)
        row: dict[str, Any] = {
            "id": case_id,
            "reference": reference,
            "kind": kind.value,
            "channel": channel.value,
            "received_at": received_at,
            "received_on": received,
            "issue_known_on": received - timedelta(days=rng.randint(0, 60)),
            "service_area_id": area.id,
            "category_id": category_id,
            "description": description,
            "desired_outcome": rng.choice(b.lists.desired_outcomes)
            if kind is ContactKind.COMPLAINT
            else "",
            "profile_id": self.profile.id,
            "stage": 0,
            "status": STATUS_CLOSED,
            "handler_id": None,
            "resident_id": resident_id,
            "representative_id": None,
            "caller_name": "",
            "complaint_offered": False,
            "accepted": False,
            "exclusion_code": None,
            "exclusion_reason": "",
            "out_of_time_reason": "",
            "next_due_on": None,
            "next_due_kind": None,
            "outcome": None,
            "improvement": "",
            "withdrawn_by": "",
            "withdrawn_reason": "",
            "withdrawn_on": None,
            "closed_on": None,
            "logged_by_id": logger.id,
            "created_at": received_at,
            "updated_at": received_at,
            "version": 1,
        }
        self._event(batch, case_id, logger.id, received, "logged", {"kind": kind.value})
        if kind is ContactKind.COMPLAINT:
            self._complaint(batch, row, area, category)
        else:
            self._other(batch, row, kind, area)
        batch.add("cases", row)

    def _close(self, row: dict[str, Any], day: date) -> None:
        if day <= self.today:
            row["status"] = STATUS_CLOSED
            row["closed_on"] = day
            row["updated_at"] = max(row["updated_at"], _at(day, self.rng))
        else:
            row["status"] = STATUS_OPEN

    def _other(self, batch: CaseBatch, row: dict[str, Any], kind: ContactKind, area: _Area) -> None:
        rng = self.rng
        received: date = row["received_on"]
        case_id = row["id"]
        if kind is ContactKind.SERVICE_REQUEST:
            row["complaint_offered"] = rng.random() < 0.25
            if rng.random() < 0.45:
                self._close(row, received)  # resolved at first contact
            else:
                row["handler_id"] = rng.choice(area.managers).id
                self._close(row, self._wd(received, rng.randint(1, 25)))
        elif kind is ContactKind.ENQUIRY:
            self._close(row, self._wd(received, rng.randint(0, 6)))
        elif kind is ContactKind.COMMENT:
            row["handler_id"] = area.head.id
            self._close(row, self._wd(received, rng.randint(1, 10)))
        elif kind is ContactKind.COMPLIMENT:
            manager = rng.choice([area.head, *area.managers])
            person = rng.choice([rng.choice(area.managers).name, f"the {area.spec.team} team"])
            routed = self._wd(received, rng.randint(0, 3))
            batch.add(
                "compliments",
                {
                    "id": self._next("compliments"),
                    "case_id": case_id,
                    "person_or_team": person,
                    "manager_id": manager.id,
                    "routed_on": min(routed, self.today),
                },
            )
            self._close(row, routed)
        elif kind is ContactKind.MP_ENQUIRY:
            title = rng.choice(("Cllr", "Councillor", "MP"))
            name = self.b._person(rng)
            row["caller_name"] = f"{name} MP" if title == "MP" else f"{title} {name}"
            row["handler_id"] = area.head.id
            self._close(row, self._wd(received, rng.randint(3, 20)))
        else:  # ASB report
            row["handler_id"] = rng.choice(area.managers).id
            self._close(row, self._wd(received, rng.randint(5, 60)))
        if row["closed_on"] is not None:
            self._event(
                batch, case_id, row["handler_id"] or row["logged_by_id"], row["closed_on"], "closed"
            )

    def _complaint(self, batch: CaseBatch, row: dict[str, Any], area: _Area, category: str) -> None:
        rng = self.rng
        profile = self.profile
        received: date = row["received_on"]
        case_id = row["id"]
        row["complaint_offered"] = True
        # Some dissatisfaction is not accepted as a complaint: the reason is recorded.
        if self.exclusions and rng.random() < 0.03:
            exclusion = rng.choice(self.exclusions)
            row["exclusion_code"] = exclusion.code.value
            row["exclusion_reason"] = exclusion.say
            self._close(row, self._wd(received, rng.randint(0, 3)))
            self._event(batch, case_id, row["logged_by_id"], received, "not_accepted",
                        {"exclusion": exclusion.code.value})  # fmt: skip
            return
        row["accepted"] = True
        if rng.random() < 0.02 and row["resident_id"] is not None:
            rep_id = self._next("representatives")
            relation = rng.choice(("advocate", "daughter", "son", "councillor", "support worker"))
            batch.add(
                "representatives",
                {
                    "id": rep_id,
                    "resident_id": row["resident_id"],
                    "name": self.b._person(rng),
                    "relation": relation,
                    "phone": f"{rng.choice(PHONE_RANGES)}{rng.randint(0, 999):03d}",
                    "email": "",
                    "authority_how": "Signed consent form on file",
                    "authority_confirmed_on": received,
                    "created_at": row["received_at"],
                },
            )
            row["representative_id"] = rep_id
        stage1_received = received
        if profile.quick_fix.enabled and rng.random() < 0.30:
            within = profile.quick_fix.resolve_within
            resolved = self._wd(received, rng.randint(0, within.days if within else 0))
            escalate = profile.quick_fix.escalate_within
            batch.add(
                "quick_fixes",
                {
                    "case_id": case_id,
                    "agreed_fix": f"{category}: put right at the point of call.",
                    "follow_up": "",
                    "letter_text": "",
                    "resolved_on": resolved,
                    "escalate_by": self._plus(resolved, escalate.days, escalate.unit)
                    if escalate
                    else None,
                },
            )
            self._event(batch, case_id, row["logged_by_id"], resolved, "quick_fix")
            if rng.random() >= 0.12:
                self._close(row, resolved)
                if row["closed_on"] is not None:
                    self._event(batch, case_id, row["logged_by_id"], resolved, "closed")
                return
            stage1_received = self._wd(resolved, rng.randint(1, 5))
            if stage1_received > self.today:
                self._close(row, resolved)
                return
        stalled = rng.random() < 0.05
        withdraw = rng.random() < 0.04
        handler: int | None = rng.choice(area.managers).id
        if stage1_received >= self.today - timedelta(days=7) and rng.random() < 0.25:
            handler = None  # still in the unassigned queue
        plans: list[_StagePlan] = []
        number, stage_received = 1, stage1_received
        stage_handler: int | None = handler
        while True:
            plan = self._stage(number, stage_received, stage_handler, stalled)
            plans.append(plan)
            plan.escalated_on = self._escalation(plan)
            if plan.escalated_on is None:
                break
            number, stage_received = number + 1, plan.escalated_on
            stage_handler = (
                area.head.id if number == 2 else (self.b.director.id if self.b.director else None)
            )
        last = plans[-1]
        withdrawn_on: date | None = None
        if withdraw:
            withdrawn_on = self._wd(last.received_on, rng.randint(1, 8))
            answered_first = last.responded_on is not None and last.responded_on < withdrawn_on
            if withdrawn_on > self.today or answered_first:
                withdrawn_on = None
        if withdrawn_on is not None:
            # Nothing at the stage can happen after the complaint was withdrawn.
            last.responded_on = None
            last.decision = None
            if last.acknowledged_on is not None and last.acknowledged_on > withdrawn_on:
                last.acknowledged_on = None
            if last.extension_told_on is not None and last.extension_told_on > withdrawn_on:
                last.extended_to = last.extension_told_on = None
        # Rows for each stage.
        previous_component: int | None = None
        for plan in plans:
            reason = "Waiting for a contractor's report" if plan.extended_to else None
            plan.deadlines = self._deadlines(plan, reason)
            batch.add(
                "case_stages",
                {
                    "id": self._next("case_stages"),
                    "case_id": case_id,
                    "stage": plan.number,
                    "received_on": plan.received_on,
                    "acknowledged_on": plan.acknowledged_on,
                    "responded_on": plan.responded_on,
                    "handler_id": plan.handler_id,
                    "declined_reason": "",
                    "late_reason": "",
                    "response_letter": "",
                    "response_checklist": None,
                },
            )
            actor = plan.handler_id
            if plan.number > 1:
                self._event(batch, case_id, row["logged_by_id"], plan.received_on, "escalated",
                            {"stage": plan.number})  # fmt: skip
            if plan.acknowledged_on is not None:
                self._event(batch, case_id, actor, plan.acknowledged_on, "acknowledged",
                            {"stage": plan.number})  # fmt: skip
            for deadline in plan.deadlines:
                deadline_id = self._next("deadlines")
                batch.add(
                    "deadlines",
                    {
                        "id": deadline_id,
                        "case_id": case_id,
                        "stage": deadline.stage,
                        "kind": deadline.kind.value,
                        "clock_start": deadline.clock_start.value,
                        "clock_started_on": deadline.clock_started_on,
                        "projected": deadline.projected,
                        "length": deadline.length,
                        "unit": deadline.unit.value,
                        "due_on": deadline.due_on,
                        "original_due_on": deadline.original_due_on,
                        "met_on": deadline.met_on,
                    },
                )
                if deadline.extended and deadline.kind is DeadlineKind.RESPOND:
                    told = plan.extension_told_on or plan.received_on
                    batch.add(
                        "extensions",
                        {
                            "id": self._next("extensions"),
                            "deadline_id": deadline_id,
                            "previous_due_on": deadline.original_due_on,
                            "new_due_on": deadline.due_on,
                            "reason": reason or "",
                            "how_told": "Letter and phone call",
                            "told_on": told,
                            "by_id": actor,
                            "at": _at(told, rng),
                        },
                    )
                    self._event(batch, case_id, actor, told, "extended",
                                {"stage": plan.number, "to": deadline.due_on.isoformat()},
                                {"due_on": deadline.original_due_on.isoformat()})  # fmt: skip
            if plan.responded_on is not None and plan.decision is not None:
                component_id = self._next("components")
                overturned = plan.number > 1 and rng.random() < 0.2
                batch.add(
                    "components",
                    {
                        "id": component_id,
                        "case_id": case_id,
                        "stage": plan.number,
                        "summary": category,
                        "finding": "Records and the resident's account checked with the service.",
                        "decision": plan.decision.value,
                        "previous_id": previous_component,
                        "overturned": overturned,
                    },
                )
                previous_component = component_id
                self._event(batch, case_id, actor, plan.responded_on, "responded",
                            {"stage": plan.number, "decision": plan.decision.value})  # fmt: skip
        row["stage"] = last.number
        row["handler_id"] = last.handler_id
        if withdrawn_on is not None:
            row["status"] = STATUS_WITHDRAWN
            row["outcome"] = Outcome.WITHDRAWN.value
            row["withdrawn_on"] = withdrawn_on
            row["withdrawn_by"] = "the resident"
            row["withdrawn_reason"] = rng.choice(
                ("Problem fixed in the meantime", "Resident moved away", "Resolved informally")
            )
            row["closed_on"] = withdrawn_on
            row["updated_at"] = _at(withdrawn_on, rng)
            self._event(batch, case_id, last.handler_id, withdrawn_on, "withdrawn")
            return
        if last.responded_on is None:
            row["status"] = STATUS_OPEN if last.acknowledged_on is not None else STATUS_NEW
            open_deadlines = [
                d
                for d in last.deadlines
                if d.met_on is None and d.kind in (DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND)
            ]
            if open_deadlines:
                first = min(open_deadlines, key=lambda d: d.due_on)
                row["next_due_on"], row["next_due_kind"] = first.due_on, first.kind.value
            row["updated_at"] = _at(last.acknowledged_on or last.received_on, rng)
            return
        decision = last.decision or Decision.NOT_UPHELD
        row["outcome"] = decision.value
        closing = self._wd(last.responded_on, rng.randint(0, 5))
        if closing > self.today:
            row["status"] = STATUS_RESPONDED
            row["updated_at"] = _at(last.responded_on, rng)
            return
        row["status"] = STATUS_CLOSED
        row["closed_on"] = closing
        row["updated_at"] = _at(closing, rng)
        self._event(batch, case_id, last.handler_id, closing, "closed", {"outcome": decision.value})
        if decision is not Decision.NOT_UPHELD:
            for tag in rng.sample(LEARNING_TAGS, rng.randint(1, 2)):
                batch.add("learning_tags", {"case_id": case_id, "tag": tag})
            row["improvement"] = rng.choice(
                (
                    "Contractor reminded to confirm appointments the day before.",
                    "Repairs now call residents back within two working days.",
                    "New checklist for damp and mould inspections.",
                    "Staff briefing on keeping residents updated.",
                    "",
                )
            )
        if rng.random() < 0.35:
            batch.add(
                "satisfaction",
                {
                    "case_id": case_id,
                    "score": rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5)),
                    "comment": "",
                    "recorded_on": closing,
                },
            )


# -- the build -----------------------------------------------------------------------------------

CASE_TABLE_ORDER = (
    "representatives",
    "cases",
    "case_stages",
    "deadlines",
    "extensions",
    "components",
    "quick_fixes",
    "compliments",
    "learning_tags",
    "satisfaction",
    "events",
)
ID_TABLES = (
    "users",
    "service_areas",
    "categories",
    "residents",
    "representatives",
    "cases",
    "case_stages",
    "deadlines",
    "extensions",
    "components",
    "compliments",
)
LOADED_TABLES = (
    "users",
    "service_areas",
    "categories",
    "residents",
    "resident_search_terms",
    "resident_restrictions",
    *CASE_TABLE_ORDER,
)


def received_dates(recipe: DemoRecipe, today: date, calendar: WorkingCalendar) -> list[date]:
    """When each contact came in: spread over the recipe's years, mostly on working days."""
    rng = random.Random(f"{recipe.seed}:received")
    span = max(1, int(365 * recipe.years))
    first = today.toordinal() - span
    out: list[int] = []
    while len(out) < recipe.cases:
        ordinal = first + rng.randint(0, span)
        day = date.fromordinal(ordinal)
        if not calendar.is_working_day(day) and rng.random() > 0.15:
            continue
        out.append(ordinal)
    out.sort()
    return [date.fromordinal(o) for o in out]


def _max_id(connection: Connection, table: Table) -> int:
    value = connection.execute(select(func.max(table.c.id))).scalar()
    return int(value or 0)


def _count(connection: Connection, table: Table) -> int:
    return int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)


def resolve_profile(store: Store, name: str | None) -> PolicyProfile:
    """The named profile, else the landlord's profile recorded in the database, else the default."""
    if name is None:
        with store.engine.connect() as connection:
            setting = connection.execute(
                select(m.Setting.value).where(m.Setting.key == "profile")
            ).scalar()
        name = setting or DEFAULT_PROFILE
    return load_profile(name, policies_dir())


def build_demo(
    store: Store,
    recipe: DemoRecipe,
    on_progress: ProgressFn | None = None,
    *,
    batch_cases: int = 20_000,
) -> DemoSummary:
    """Fill an empty database (residents and cases tables empty) with demo data."""
    started = time.perf_counter()
    progress = on_progress or (lambda phase, done, total: None)
    if recipe.residents < 1 or recipe.cases < 0:
        raise DemoError("The demo needs at least one resident and no fewer than zero cases.")
    if recipe.residents < len(SAFE_TEXT_NAMES):
        raise DemoError(f"The demo needs at least {len(SAFE_TEXT_NAMES)} residents.")
    if store.needs_upgrade():
        store.upgrade()
    profile = resolve_profile(store, recipe.profile)
    calendar = calendar_for_profile(profile)
    lists = load_lists()
    today = recipe.today or date.today()
    tables = {name: m.Base.metadata.tables[name] for name in LOADED_TABLES}
    summary = DemoSummary(profile=profile.id, today=today)
    with store.engine.connect() as connection:
        for name in ("cases", "residents"):
            if _count(connection, tables[name]):
                raise DemoError(
                    f"The database {store.engine.url.render_as_string(hide_password=True)} "
                    f"already has {name}; build the demo in a new database."
                )
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA synchronous = OFF")
            connection.exec_driver_sql("PRAGMA cache_size = -262144")
            connection.exec_driver_sql("PRAGMA temp_store = MEMORY")
        ids = {name: _max_id(connection, tables[name]) for name in ID_TABLES}
        writer = BulkWriter(connection)
        connection.commit()
        with connection.begin():
            indexes = drop_secondary_indexes(connection, LOADED_TABLES)
            area_ids = {
                str(n): int(i)
                for i, n in connection.execute(select(m.ServiceArea.id, m.ServiceArea.name))
            }
            category_ids = {
                str(n): int(i)
                for i, n in connection.execute(select(m.Category.id, m.Category.name))
            }
        builder = DemoBuilder(recipe, profile, calendar, lists, today)
        user_rows, area_rows, category_rows = builder.users_and_areas(
            ids["users"], area_ids, category_ids
        )
        with connection.begin():
            writer.insert(tables["users"], user_rows)
            writer.insert(tables["service_areas"], area_rows)
            writer.insert(tables["categories"], category_rows)
        summary.rows.update(
            users=len(user_rows), service_areas=len(area_rows), categories=len(category_rows)
        )
        progress("residents", 0, recipe.residents)
        done = 0
        for people, terms, restrictions in builder.residents(ids["residents"]):
            with connection.begin():
                writer.insert(tables["residents"], people)
                writer.insert(tables["resident_search_terms"], terms)
                writer.insert(tables["resident_restrictions"], restrictions)
            done += len(people)
            for name, rows in (
                ("residents", people),
                ("resident_search_terms", terms),
                ("resident_restrictions", restrictions),
            ):
                summary.rows[name] = summary.rows.get(name, 0) + len(rows)
            progress("residents", done, recipe.residents)
        builder.resident_ids = [ids["residents"] + n for n in range(1, recipe.residents + 1)]
        progress("cases", 0, recipe.cases)
        maker = _CaseMaker(builder, dict(ids))
        kind_rng = random.Random(f"{recipe.seed}:kinds")
        dates = received_dates(recipe, today, calendar)
        for start in range(0, len(dates), batch_cases):
            batch = CaseBatch()
            for received in dates[start : start + batch_cases]:
                maker.make(batch, received, KIND_MIX(kind_rng))
            with connection.begin():
                for name in CASE_TABLE_ORDER:
                    rows = batch.tables.get(name, [])
                    writer.insert(tables[name], rows)
                    summary.rows[name] = summary.rows.get(name, 0) + len(rows)
            progress("cases", min(start + batch_cases, len(dates)), recipe.cases)
        progress("indexes", 0, len(indexes))
        with connection.begin():
            counters = m.Base.metadata.tables["case_counters"]
            existing = {
                int(y): int(n)
                for y, n in connection.execute(select(counters.c.year, counters.c.last_number))
            }
            for year, number in sorted(maker.counters.items()):
                if year in existing:
                    connection.execute(
                        counters.update()
                        .where(counters.c.year == year)
                        .values(last_number=max(number, existing[year]))
                    )
                else:
                    connection.execute(insert(counters).values(year=year, last_number=number))
            if profile.id != DEFAULT_PROFILE or recipe.profile is not None:
                settings = m.Base.metadata.tables["settings"]
                connection.execute(settings.delete().where(settings.c.key == "profile"))
                connection.execute(insert(settings).values(key="profile", value=profile.id))
            for i, spec in enumerate(indexes):
                create_indexes(connection, [spec])
                progress("indexes", i + 1, len(indexes))
            if not sqlite:
                for name in ID_TABLES:
                    connection.execute(
                        text(
                            "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                            f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"
                        ),
                        {"t": name},
                    )
        progress("analyse", 0, 1)
        if sqlite:
            connection.exec_driver_sql("ANALYZE")
        else:
            connection.commit()
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        progress("analyse", 1, 1)
    summary.seconds = time.perf_counter() - started
    return summary
