"""Demo data: a deterministic, realistic landlord's worth of residents, staff and cases.

`build_demo(store, DemoRecipe(residents=…, cases=…, seed=…))` fills an empty database (made by
the migrations, so the services and the UI use it as they would a real one). The same recipe and
the same `today` give the same database, row for row.

The rows are what the services would have written had every contact gone through them: the
vocabularies are the services' own enums (`services.dto`, `domain.kinds`, `domain.deadlines`),
never strings of this module's own; each case's life is played as the services play it (logged
and triaged by `domain.triage`, stage opened, assigned, acknowledged, extended, decided,
answered, escalated, withdrawn or closed), and each step leaves the audit event, with the same
action name and the same before/after values, that the service would have appended. So the
version, the next due date, the timeline and the handler rules read demo cases exactly as they
read cases made by hand.

Speed: rows are made as plain dicts in Python and written with Core `insert()` statements in
batches (executemany) — never ORM objects. On SQLite the compiled INSERT is run through the
driver with values already in SQLAlchemy's storage format (JSON by pydantic's Rust encoder),
which halves the cost, with foreign key checks off for the load; the plain Core path serves
PostgreSQL. Secondary indexes are dropped before the load and built again after it. Deadlines
come from `domain.deadlines.stage_deadlines` once per stage, so they match what the services
store; other date sums are memoised. Triage runs once per shape of contact, not per contact.
"""

from __future__ import annotations

import random
import time
import tomllib
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from itertools import accumulate
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic_core import to_json
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
from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind, Decision, Outcome, Tenure
from complaints_tui.domain.policy import (
    DEFAULT_PROFILE,
    ClockStart,
    DayUnit,
    ExclusionCode,
    PolicyProfile,
    StageRule,
    load_profile,
)
from complaints_tui.domain.restrictions import RestrictionKind
from complaints_tui.domain.roles import Role
from complaints_tui.domain.triage import LegalAction, TriageAnswers, TriageResult, triage
from complaints_tui.domain.triage import Representative as TriageRepresentative
from complaints_tui.locations import data_dir, policies_dir
from complaints_tui.services._core import LANDLORD_PROFILE_KEY, status_after_triage
from complaints_tui.services.cases.casework import CASE_FIELDS
from complaints_tui.services.letters import quick_fix_letter
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from complaints_tui.store.search import normalise_postcode
from complaints_tui.store.search import search_terms as search_terms

if TYPE_CHECKING:
    from _typeshed import SupportsLenAndGetItem

# -- vocabularies --------------------------------------------------------------------------------

# What `services.closing` snapshots in its withdrawn / closed events (its `_CLOSE_FIELDS`).
CLOSE_FIELDS = (
    *CASE_FIELDS,
    "closed_on",
    "improvement",
    "withdrawn_by",
    "withdrawn_reason",
    "withdrawn_on",
)

# Kept for `services.imports`, which still imports these names: they are CaseStatus values.
# There is no "new" status: a complaint waiting to be acknowledged is open, like any other.
STATUS_OPEN = CaseStatus.OPEN.value
STATUS_NEW = CaseStatus.OPEN.value
STATUS_RESPONDED = CaseStatus.RESPONDED.value
STATUS_CLOSED = CaseStatus.CLOSED.value
STATUS_WITHDRAWN = CaseStatus.WITHDRAWN.value

RESTRICTION_KINDS = tuple(RestrictionKind)

# The triage answers that make each kind of contact (`domain.triage.classify_kind`).
KIND_ANSWERS: dict[ContactKind, dict[str, Any]] = {
    ContactKind.COMPLAINT: {"dissatisfied": True, "wants_response_or_action": True},
    ContactKind.SERVICE_REQUEST: {
        "dissatisfied": True,
        "first_time_reported": True,
        "wants_response_or_action": True,
    },
    ContactKind.ENQUIRY: {"is_question": True},
    ContactKind.COMMENT: {"is_suggestion": True},
    ContactKind.COMPLIMENT: {"is_praise": True},
    ContactKind.MP_ENQUIRY: {"from_mp_or_councillor": True},
    ContactKind.ASB: {"about_neighbour_behaviour": True},
}
# The answer that brings each complaint exclusion into play (out of time: the issue's date).
EXCLUSION_ANSWERS: dict[ExclusionCode, dict[str, Any]] = {
    ExclusionCode.ANONYMOUS: {"anonymous": True},
    ExclusionCode.ALREADY_INVESTIGATED: {"already_investigated": True},
    ExclusionCode.LEGAL_ACTION_BY_LANDLORD: {
        "legal_action": LegalAction.BY_LANDLORD,
        "legal_claim_filed_at_court": True,
    },
    ExclusionCode.LEGAL_ACTION_BY_RESIDENT: {
        "legal_action": LegalAction.BY_RESIDENT,
        "legal_claim_filed_at_court": True,
    },
    ExclusionCode.NO_RELATIONSHIP_OR_REMIT: {"no_relationship_or_remit": True},
    ExclusionCode.OTHER_ORGANISATION: {"about_other_organisation": True},
    ExclusionCode.PERSONAL_INJURY: {"personal_injury_claim": True},
    ExclusionCode.OWN_APPEALS_PROCESS: {"has_own_appeals_process": True},
    ExclusionCode.DISAGREES_WITH_POLICY: {"disagrees_with_policy": True},
    ExclusionCode.OUT_OF_TIME: {},
}
EXCEPTIONAL_CIRCUMSTANCES = "Resident was in hospital for several months and could not write."
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


class _Random(random.Random):
    """`random.Random` whose randint and choice cost one `random()` each (a build makes
    millions of them; the stdlib's are several times slower). Seeded as usual, so deterministic."""

    def randint(self, a: int, b: int) -> int:
        return a + int(self.random() * (b - a + 1))

    def choice(self, seq: SupportsLenAndGetItem[T]) -> T:
        return seq[int(self.random() * len(seq))]


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


CALL_TIMES = (
    "Tuesdays and Thursdays, 10:00 to 12:00",
    "Weekdays, 14:00 to 15:00",
    "Mondays only, 09:00 to 11:00",
)
WITHDRAWAL_REASONS = ("Problem fixed in the meantime", "Resident moved away", "Resolved informally")
IMPROVEMENTS = (
    "Contractor reminded to confirm appointments the day before.",
    "Repairs now call residents back within two working days.",
    "New checklist for damp and mould inspections.",
    "Staff briefing on keeping residents updated.",
    "",
)
REMEDIES = (
    "Complete the outstanding repair",
    "Reinspect and treat the affected rooms",
    "Written apology from the service manager",
    "Refund the charge made in error",
)
FINDING = "Records and the resident's account checked with the service."

# -- writing -------------------------------------------------------------------------------------


def _as_json(value: Any) -> str:
    """JSON text as SQLite keeps it (pydantic's Rust encoder: 4x `json.dumps`, compact)."""
    return to_json(value).decode()


def _as_timestamp(value: datetime) -> str:
    """SQLAlchemy's SQLite storage of a UTC timestamp: `YYYY-MM-DD HH:MM:SS.ffffff`."""
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")[:26]


def _sqlite_converters(table: Table, columns: Sequence[str]) -> list[Callable[[Any], Any] | None]:
    """Per column: turn a (non-None) Python value into what SQLAlchemy stores on SQLite (None:
    stored as it is)."""
    converters: list[Callable[[Any], Any] | None] = []
    for name in columns:
        column_type = table.c[name].type
        impl = getattr(column_type, "impl", column_type)
        if isinstance(impl, DateTime):
            converters.append(_as_timestamp)
        elif isinstance(impl, Date):
            converters.append(date.isoformat)
        elif isinstance(impl, Boolean):
            converters.append(int)
        elif isinstance(impl, JSON):
            converters.append(_as_json)
        else:
            converters.append(None)
    return converters


@dataclass(frozen=True)
class _SqlitePlan:
    sql: str
    values: Callable[[dict[str, Any]], Sequence[Any]]  # a row's values in column order
    converted: tuple[tuple[int, Callable[[Any], Any]], ...]  # (position, converter)


class BulkWriter:
    """Insert many rows of one table at a time, as fast as the database allows.

    Rows are dicts with the same keys. SQLite: the Core INSERT, compiled once, runs through the
    driver's executemany with converted values. Other databases: Core executemany.
    """

    def __init__(self, connection: Connection, batch: int = 10_000) -> None:
        self.connection = connection
        self.batch = batch
        self.sqlite = connection.dialect.name == "sqlite"
        self._plans: dict[tuple[str, tuple[str, ...]], _SqlitePlan] = {}

    def _plan(self, table: Table, columns: tuple[str, ...]) -> _SqlitePlan:
        key = (table.name, columns)
        plan = self._plans.get(key)
        if plan is None:
            statement = insert(table).values({name: bindparam(name) for name in columns})
            sql = str(statement.compile(dialect=self.connection.dialect))
            getter: Callable[[dict[str, Any]], Sequence[Any]]
            if len(columns) == 1:
                only = columns[0]
                getter = lambda row: (row[only],)  # noqa: E731
            else:
                getter = itemgetter(*columns)
            converters = _sqlite_converters(table, columns)
            converted = tuple((i, conv) for i, conv in enumerate(converters) if conv is not None)
            plan = self._plans[key] = _SqlitePlan(sql, getter, converted)
        return plan

    def insert(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        for start in range(0, len(rows), self.batch):
            chunk = rows[start : start + self.batch]
            if not self.sqlite:
                # Event values keep their dates until written (pydantic writes them as ISO text
                # on SQLite); SQLAlchemy's json.dumps needs them as text already.
                json_columns = [c.name for c in table.columns if isinstance(c.type, JSON)]
                if json_columns:
                    chunk = [
                        {**row, **{name: _plain(row[name]) for name in json_columns}}
                        for row in chunk
                    ]
                self.connection.execute(insert(table), list(chunk))
                continue
            plan = self._plan(table, tuple(chunk[0]))
            getter, converted = plan.values, plan.converted
            values: list[tuple[Any, ...]] = []
            append = values.append
            for row in chunk:
                row_values = list(getter(row))
                for position, convert in converted:
                    value = row_values[position]
                    if value is not None:
                        row_values[position] = convert(value)
                append(tuple(row_values))
            self.connection.exec_driver_sql(plan.sql, values)


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
# -- generating ----------------------------------------------------------------------------------


@dataclass
class _User:
    id: int
    name: str
    role: Role
    team: str
    manager_id: int | None


@dataclass
class _Area:
    id: int
    spec: AreaSpec
    head: _User  # head of service: reviews stage 2
    managers: list[_User]  # investigating managers: handle stage 1
    categories: _Picker[int]
    category_names: dict[int, str]
    default_manager_id: int | None  # where open_stage1 routes a complaint first


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
    allocated_on: date | None = None  # when the handler was given the stage (None: never)
    decision: Decision | None = None
    deadlines: list[Deadline] = field(default_factory=list)


_MIDNIGHTS: dict[date, datetime] = {}
_MINUTES = [timedelta(minutes=n) for n in range(24 * 60)]


def _at(day: date, rng: random.Random, hour_from: int = 8, hour_to: int = 17) -> datetime:
    """A moment on `day` between the hours, to the minute."""
    midnight = _MIDNIGHTS.get(day)
    if midnight is None:
        midnight = _MIDNIGHTS[day] = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return midnight + _MINUTES[hour_from * 60 + int(rng.random() * (hour_to - hour_from) * 60)]


def _plain(value: Any) -> Any:
    """`services._core.jsonable`: a value as the audit trail keeps it."""
    if value is None or type(value) in (str, int, bool):
        return value
    if type(value) is list:
        return [_plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return value


def _audit_values(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The event's before/after as `services._core.audit` keeps them: only what changed."""
    old = {key: _plain(value) for key, value in before.items()}
    new = {key: _plain(value) for key, value in after.items()}
    if old and new:
        changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
        old = {key: value for key, value in old.items() if key in changed}
        new = {key: value for key, value in new.items() if key in changed}
    return old or None, new or None


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
        self.complaints_lead: _User | None = None  # assigns cases and allocates reviewers
        self.director: _User | None = None
        self.resident_tenure: list[str] = []
        self.resident_street: list[str] = []
        self.resident_refs: list[str] = []
        self.resident_names: list[str] = []
        self.resident_ids: list[int] = []

    # -- people ---------------------------------------------------------------------------------

    def _person(self, rng: random.Random) -> str:
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
        rng = _Random(f"{self.recipe.seed}:users")
        next_id = user_base
        titles: dict[int, str] = {}

        def add(name: str, role: Role, team: str, manager: _User | None, title: str) -> _User:
            nonlocal next_id
            next_id += 1
            user = _User(next_id, name, role, team, manager.id if manager else None)
            self.users.append(user)
            titles[user.id] = title
            return user

        director = add(
            self._person(rng), Role.SERVICE_DIRECTOR, "Executive", None, "Director of Housing"
        )
        self.director = director
        add(
            self._person(rng),
            Role.ADMIN,
            "Complaints and Resolution",
            director,
            "Systems administrator",
        )
        add(
            self._person(rng),
            Role.ADMIN,
            "Complaints and Resolution",
            director,
            "Complaints officer",
        )
        team_leads = {
            team: add(self._person(rng), Role.TEAM_LEAD, team, director, f"{team} team leader")
            for team in self.lists.teams
        }
        self.team_leads = list(team_leads.values())
        self.complaints_lead = team_leads.get("Complaints and Resolution", self.team_leads[0])
        contact_lead = team_leads.get("Customer Contact Centre", self.team_leads[0])
        handlers = max(6, self.recipe.cases // 20_000)
        self.call_handlers = [
            add(
                self._person(rng),
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
                self._person(rng),
                Role.SERVICE_DIRECTOR,
                spec.team,
                director,
                f"Head of {spec.name}",
            )
            count = max(1, round(managers_total * spec.weight / weight_total))
            managers = [
                add(
                    self._person(rng),
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
                        {"id": category_id, "name": name, "service_area_id": area_id}
                    )
                categories.append((category_id, weight))
                names[category_id] = name
            self.areas.append(
                _Area(area_id, spec, head, managers, _Picker(categories), names, default_manager_id)
            )
        self.area_picker = _Picker([(i, a.spec.weight) for i, a in enumerate(self.areas)])
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
        rng = _Random(f"{self.recipe.seed}:residents")
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
                # services.residents.mark_unreasonable: restrictions set that day, one event.
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
                before, after = _audit_values(
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
                        "at": _at(set_on, rng),
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


# -- cases ---------------------------------------------------------------------------------------

_CASE_SET = frozenset(CASE_FIELDS)
_CLOSE_SET = frozenset(CLOSE_FIELDS)
_NO_FIELDS: frozenset[str] = frozenset()
_AT_FAULT = (Decision.UPHELD, Decision.PARTLY_UPHELD)
# The statuses as stored (an enum's .value costs a property call; these are made millions of times).
_OPEN = CaseStatus.OPEN.value
_RESPONDED = CaseStatus.RESPONDED.value
_CLOSED = CaseStatus.CLOSED.value
_WITHDRAWN = CaseStatus.WITHDRAWN.value
_LOGGED = CaseStatus.LOGGED.value
_ACKNOWLEDGE, _RESPOND = DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND
_ACKNOWLEDGE_TEXT, _RESPOND_TEXT = _ACKNOWLEDGE.value, _RESPOND.value


@dataclass
class CaseBatch:
    """The rows of a slice of cases, table by table, in an order foreign keys accept."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)


class _Event:
    """One audit event of a case's life; its time of day is chosen once the life is complete."""

    __slots__ = (
        "about_case",
        "action",
        "actor",
        "after",
        "at",
        "before",
        "day",
        "resident_id",
        "seq",
        "stamps",
    )

    def __init__(
        self,
        day: date,
        seq: int,
        action: str,
        actor: int | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        at: datetime | None = None,
        resident_id: int | None = None,
        about_case: bool = True,
    ) -> None:
        self.day = day
        self.seq = seq
        self.action = action
        self.actor = actor
        self.before = before
        self.after = after
        self.at = at  # None: a time on `day` after the event before it
        self.resident_id = resident_id
        self.about_case = about_case  # False: an event about the resident (case_id NULL)
        self.stamps: list[tuple[dict[str, Any], str]] = []  # rows that take the event's time


_EVENT_ORDER = attrgetter("day", "seq")


class _Life:
    """One case as the services leave it: the row, changed step by step, and its audit events
    (their values as written: dates become ISO text as the JSON is made, as `jsonable` does).

    `act` is one service call: it applies `changes` to the row and records the event as
    `services._core.audit` would — the snapshot of `fields` before and after, plus the extra
    `before` / `after` values the service adds, keeping only what changed, then `context`.
    """

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row
        self.events: list[_Event] = []

    def act(
        self,
        day: date,
        actor: int | None,
        action: str,
        changes: Mapping[str, Any] | None = None,
        *,
        fields: frozenset[str] = _CASE_SET,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> _Event:
        row = self.row
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        if not fields and not (before and after):
            # Nothing to compare: audit keeps both sides whole.
            if before:
                old.update(before)
            if after:
                new.update(after)
        else:
            if changes:
                for key, value in changes.items():
                    current = row[key]
                    if current != value and key in fields:
                        old[key] = current
                        new[key] = value
            if before:
                for key, was in before.items():
                    in_fields = key in fields
                    if after and key in after:
                        now = after[key]
                    elif in_fields:
                        now = changes[key] if changes and key in changes else row[key]
                    else:
                        now = None
                    if was == now:
                        old.pop(key, None)
                        new.pop(key, None)
                        continue
                    old[key] = was
                    if in_fields or (after and key in after):
                        new[key] = now
            if after:
                for key, now in after.items():
                    if before and key in before:
                        continue
                    in_fields = key in fields
                    was = row[key] if in_fields else None
                    if was == now:
                        old.pop(key, None)
                        new.pop(key, None)
                        continue
                    if in_fields:
                        old[key] = was
                    new[key] = now
        if changes:
            row.update(changes)
        if context:
            new.update(context)  # kept whether it changed or not: what the change was about
        event = _Event(day, len(self.events), action, actor, old or None, new or None)
        self.events.append(event)
        return event


class _CaseMaker:
    """Makes one case at a time (the state a case's life needs: ids, counters, the rng)."""

    def __init__(self, builder: DemoBuilder, ids: dict[str, int]) -> None:
        self.b = builder
        self.rng = _Random(f"{builder.recipe.seed}:cases")
        self.ids = ids  # last id used per table
        self.counters: dict[int, int] = {}
        self.profile = builder.profile
        self.calendar = builder.calendar
        self.today = builder.today
        neighbourhoods = [a for a in builder.areas if a.spec.team == "Neighbourhoods"]
        self.asb_area = neighbourhoods[0] if neighbourhoods else builder.areas[0]
        self.stalled_horizon = self.today - timedelta(days=100)
        if builder.complaints_lead is None or builder.director is None:
            raise DemoError("The demo's staff must be made before its cases.")
        self.lead = builder.complaints_lead
        self.director = builder.director
        self.out_of_time_days = 31 * self.profile.time_limit.months + 45
        self._triaged: dict[tuple[Any, ...], tuple[TriageResult, dict[str, Any]]] = {}
        self._first_due: dict[date, dict[str, Any]] = {}
        self._dates: dict[tuple[date, int, bool], date] = {}
        # The exclusions a complaint can meet under this profile: those triage really applies.
        self.exclusions: list[ExclusionCode] = []
        for exclusion in self.profile.exclusions:
            if exclusion.code not in EXCLUSION_ANSWERS:
                continue  # a kind of contact, not a reason to refuse a complaint
            anonymous = exclusion.code is ExclusionCode.ANONYMOUS
            result, _ = self._triage(ContactKind.COMPLAINT, exclusion.code, False, anonymous, None)
            if result.exclusion is not None and result.exclusion.code is exclusion.code:
                self.exclusions.append(exclusion.code)
        late, _ = self._triage(ContactKind.COMPLAINT, None, True, False, None)
        self.late_accepted = late.accepted and late.override_applied

    def _next(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def _wd(self, start: date, n: int) -> date:
        """n working days after the effective receipt of `start` (n == 0: that receipt day)."""
        return self._plus(start, n, DayUnit.WORKING)

    def _plus(self, start: date, n: int, unit: DayUnit) -> date:
        key = (start, n, unit is DayUnit.WORKING)
        day = self._dates.get(key)
        if day is None:  # a few thousand distinct sums in a whole build
            day = self._dates[key] = self.calendar.due_date(start, n, unit)
        return day

    # -- triage, as log_contact runs it ------------------------------------------------------

    def _triage(
        self,
        kind: ContactKind,
        exclusion: ExclusionCode | None,
        late: bool,
        anonymous: bool,
        representative_confirmed: bool | None,
    ) -> tuple[TriageResult, dict[str, Any]]:
        """`domain.triage` on the answers that make this kind of contact (once per shape: the
        result does not depend on the dates, which stay well inside or outside the limit).
        Returns the result and the answers as the audit event keeps them."""
        key = (kind, exclusion, late, anonymous, representative_confirmed)
        hit = self._triaged.get(key)
        if hit is not None:
            return hit
        answers: dict[str, Any] = dict(KIND_ANSWERS[kind])
        if exclusion is not None:
            answers.update(EXCLUSION_ANSWERS[exclusion])
        answers["anonymous"] = anonymous or bool(answers.get("anonymous"))
        if kind is ContactKind.COMPLAINT:
            out_of_time = late or exclusion is ExclusionCode.OUT_OF_TIME
            days = self.out_of_time_days if out_of_time else 30
            answers["issue_known_on"] = self.today - timedelta(days=days)
        if late:
            answers["exceptional_circumstances"] = EXCEPTIONAL_CIRCUMSTANCES
        if representative_confirmed is not None:
            answers["representative"] = TriageRepresentative(
                "A representative", "advocate", representative_confirmed
            )
        triage_answers = TriageAnswers(contacted_on=self.today, **answers)
        result = triage(self.profile, triage_answers)
        hit = self._triaged[key] = (result, _plain(asdict(triage_answers)))
        return hit

    def _first_stage_due(self, received: date) -> dict[str, Any]:
        """The next due date of a complaint not yet formal (`casework.refresh_next_due`)."""
        due = self._first_due.get(received)
        if due is None:
            first = stage_deadlines(
                self.profile, 1, StageEvents(received_on=received), self.calendar
            )[0]
            due = self._first_due[received] = {
                "next_due_on": first.due_on,
                "next_due_kind": first.kind.value,
            }
        return due

    def _log(
        self,
        life: _Life,
        kind: ContactKind,
        logger: int,
        *,
        exclusion: ExclusionCode | None = None,
        late: bool = False,
        representative: dict[str, Any] | None = None,
    ) -> None:
        """`services.contacts.log_contact`: triaged, stored, and the contact_logged event."""
        row = life.row
        confirmed = (
            None if representative is None else representative["authority_confirmed_on"] is not None
        )
        result, base = self._triage(kind, exclusion, late, row["resident_id"] is None, confirmed)
        answers = dict(base)
        answers["contacted_on"] = row["received_on"].isoformat()
        issue: date | None = row["issue_known_on"]
        answers["issue_known_on"] = issue.isoformat() if issue is not None else None
        if representative is not None:
            answers["representative"] = {
                "name": representative["name"],
                "relation": representative["relation"],
                "authority_confirmed": confirmed,
                "how_confirmed": representative["authority_how"],
            }
        status = status_after_triage(result.kind, result.accepted)
        row["kind"] = result.kind.value
        row["status"] = status.value
        row["accepted"] = result.accepted
        row["exclusion_code"] = result.exclusion.code.value if result.exclusion else None
        row["exclusion_reason"] = result.exclusion.say if result.exclusion else ""
        row["out_of_time_reason"] = EXCEPTIONAL_CIRCUMSTANCES if result.override_applied else ""
        if status is CaseStatus.OPEN:
            row.update(self._first_stage_due(row["received_on"]))
        after = {name: row[name] for name in CASE_FIELDS}
        after["triage"] = answers
        after["say"] = result.say
        life.events.append(
            _Event(
                row["received_on"],
                len(life.events),
                "contact_logged",
                logger,
                None,
                after,
                at=row["received_at"],
                resident_id=row["resident_id"],
            )
        )

    # -- a stage's life ----------------------------------------------------------------------

    def _stage(
        self, number: int, received: date, stalled: bool, extend: bool = False
    ) -> _StagePlan:
        rng = self.rng
        rule: StageRule = self.profile.stage(number)
        plan = _StagePlan(number, received)
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
        if extension is not None and (extend or rng.random() < 0.10):
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

    def _escalation(self, plan: _StagePlan, forced: bool | None = None) -> date | None:
        """When the resident asks for the next stage after this one's response, if they do
        (`forced`: True, they do if they can; False, they never do; None, by chance)."""
        rng = self.rng
        if plan.responded_on is None or plan.number >= self.profile.last_stage:
            return None
        if forced is False:
            return None
        if not forced and rng.random() >= (0.17 if plan.number == 1 else 0.10):
            return None
        window = self.profile.stage(plan.number).escalation_window
        if window is not None:
            asked = self._plus(plan.responded_on, rng.randint(1, max(1, window.days)), window.unit)
        else:
            asked = self._wd(plan.responded_on, rng.randint(1, 15))
        return asked if asked <= self.today else None

    def _deadlines(self, plan: _StagePlan) -> list[Deadline]:
        # As services.casework.sync_deadlines computes them from the stored stage dates.
        events = StageEvents(
            received_on=plan.received_on,
            acknowledged_on=plan.acknowledged_on,
            extended_to=plan.extended_to,
            responded_on=plan.responded_on,
            escalated_on=plan.escalated_on,
        )
        return stage_deadlines(self.profile, plan.number, events, self.calendar)

    @staticmethod
    def _due(plan: _StagePlan, acknowledged: bool, extended: bool) -> dict[str, Any]:
        """The case's next due date at a point of the stage (`casework.refresh_next_due`): the
        earliest of the landlord's unmet duties, acknowledge and respond."""
        pending: list[tuple[date, str]] = []
        for deadline in plan.deadlines:
            if deadline.kind is _ACKNOWLEDGE:
                if not acknowledged:
                    pending.append((deadline.due_on, _ACKNOWLEDGE_TEXT))
            elif deadline.kind is _RESPOND:
                due = deadline.due_on if extended else deadline.original_due_on
                pending.append((due, _RESPOND_TEXT))
        due_on, kind = min(pending)
        return {"next_due_on": due_on, "next_due_kind": kind}

    # -- one case ----------------------------------------------------------------------------

    def make(
        self, batch: CaseBatch, received: date, kind: ContactKind, scenario: str | None = None
    ) -> None:
        """One contact; `scenario` (a complaint only): the life SHOWCASE wants it to have."""
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
        complaint = kind is ContactKind.COMPLAINT
        row: dict[str, Any] = {
            "id": case_id,
            "reference": reference,
            "kind": kind.value,
            "channel": channel.value,
            "received_at": received_at,
            "received_on": received,
            # Asked only once a contact is a complaint (the triage time questions).
            "issue_known_on": received - timedelta(days=rng.randint(0, 60)) if complaint else None,
            "service_area_id": area.id,
            "category_id": category_id,
            "description": description,
            "desired_outcome": rng.choice(b.lists.desired_outcomes) if complaint else "",
            "profile_id": self.profile.id,
            "stage": 0,
            "status": _LOGGED,
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
        life = _Life(row)
        if complaint:
            name = b.resident_names[resident_index] if resident_index is not None else ""
            self._complaint(batch, life, area, category, logger.id, name, scenario)
        else:
            self._other(batch, life, kind, area, logger.id)
        self._finish(batch, life)
        batch.add("cases", row)

    def _finish(self, batch: CaseBatch, life: _Life) -> None:
        """Give each event its time (in order, after the one before), then write them; the
        case's version and updated_at follow its events, as `services._core.touch` moves them."""
        rng = self.rng
        row = life.row
        case_id = row["id"]
        events = sorted(life.events, key=_EVENT_ORDER)
        out = batch.tables.setdefault("events", [])
        last: datetime | None = None
        version = 0
        for event in events:
            at = event.at
            if at is None:
                at = _at(event.day, rng)
                if last is not None and at <= last:
                    at = last + _MINUTES[1 + int(rng.random() * 30)]
            last = at if last is None or at > last else last
            for target, key in event.stamps:
                target[key] = at
            owner: int | None = None
            if event.about_case:
                owner = case_id
                version += 1
                row["updated_at"] = at
            out.append(
                {
                    "case_id": owner,
                    "resident_id": event.resident_id,
                    "actor_id": event.actor,
                    "at": at,
                    "action": event.action,
                    "before": event.before,
                    "after": event.after,
                }
            )
        row["version"] = version

    # -- not complaints ----------------------------------------------------------------------

    def _other(
        self, batch: CaseBatch, life: _Life, kind: ContactKind, area: _Area, logger: int
    ) -> None:
        """Logged and kept: nothing after log_contact changes a non-complaint's status."""
        rng = self.rng
        row = life.row
        received: date = row["received_on"]
        if kind is ContactKind.SERVICE_REQUEST:
            row["complaint_offered"] = True  # dissatisfied: triage says offer a complaint
        elif kind is ContactKind.MP_ENQUIRY:
            title = rng.choice(("Cllr", "Councillor", "MP"))
            name = self.b._person(rng)
            row["caller_name"] = f"{name} MP" if title == "MP" else f"{title} {name}"
        self._log(life, kind, logger)
        if kind is not ContactKind.COMPLIMENT:
            return
        routed = self._wd(received, rng.randint(0, 3))
        if routed > self.today:
            return  # not passed on yet
        manager = rng.choice([area.head, *area.managers])
        person = rng.choice([rng.choice(area.managers).name, f"the {area.spec.team} team"])
        batch.add(
            "compliments",
            {
                "id": self._next("compliments"),
                "case_id": row["id"],
                "person_or_team": person,
                "manager_id": manager.id,
                "routed_on": routed,
            },
        )
        life.act(
            routed,
            logger,
            "compliment_routed",
            fields=_NO_FIELDS,
            after={"person_or_team": person, "manager_id": manager.id, "routed_on": routed},
        )

    # -- complaints --------------------------------------------------------------------------

    def _complaint(
        self,
        batch: CaseBatch,
        life: _Life,
        area: _Area,
        category: str,
        logger: int,
        resident_name: str,
        scenario: str | None,
    ) -> None:
        rng = self.rng
        profile = self.profile
        row = life.row
        received: date = row["received_on"]
        case_id = row["id"]
        row["complaint_offered"] = True
        ordinary = scenario is None
        # Some dissatisfaction is not accepted as a complaint: the reason is recorded.
        refused = scenario == "not_accepted" or (ordinary and rng.random() < 0.03)
        if self.exclusions and refused:
            code = rng.choice(self.exclusions)
            if code is ExclusionCode.ANONYMOUS:
                row["resident_id"] = None
            elif code is ExclusionCode.OUT_OF_TIME:
                row["issue_known_on"] = received - timedelta(days=self.out_of_time_days)
            self._log(life, ContactKind.COMPLAINT, logger, exclusion=code)
            return
        late = ordinary and self.late_accepted and rng.random() < 0.01
        if late:
            row["issue_known_on"] = received - timedelta(days=self.out_of_time_days)
        representative: dict[str, Any] | None = None
        if ordinary and rng.random() < 0.02 and row["resident_id"] is not None:
            held = received >= self.today - timedelta(days=10) and rng.random() < 0.5
            representative = {
                "id": self._next("representatives"),
                "resident_id": row["resident_id"],
                "name": self.b._person(rng),
                "relation": rng.choice(
                    ("advocate", "daughter", "son", "councillor", "support worker")
                ),
                "phone": f"{rng.choice(PHONE_RANGES)}{rng.randint(0, 999):03d}",
                "email": "",
                "authority_how": "" if held else "Signed consent form on file",
                "authority_confirmed_on": None if held else received,
                "created_at": row["received_at"] - timedelta(minutes=2),
            }
            batch.add("representatives", representative)
            row["representative_id"] = representative["id"]
            life.events.append(
                _Event(
                    received,
                    len(life.events),
                    "representative_added",
                    logger,
                    None,
                    {
                        key: _plain(representative[key])
                        for key in ("id", "name", "relation", "authority_how")
                    }
                    | {"authority_confirmed_on": _plain(representative["authority_confirmed_on"])},
                    at=representative["created_at"],
                    resident_id=row["resident_id"],
                    about_case=False,
                )
            )
        self._log(life, ContactKind.COMPLAINT, logger, late=late, representative=representative)
        if representative is not None and representative["authority_confirmed_on"] is None:
            return  # held at stage 0 until the representative's authority is confirmed
        stage1_received = received
        if ordinary and profile.quick_fix.enabled and rng.random() < 0.30:
            within = profile.quick_fix.resolve_within
            resolved = self._wd(received, rng.randint(0, within.days if within else 0))
            if resolved > self.today:
                return  # being put right at the point of call: open at stage 0
            escalate = profile.quick_fix.escalate_within
            escalate_by = self._plus(resolved, escalate.days, escalate.unit) if escalate else None
            fix = f"{category}: put right at the point of call."
            batch.add(
                "quick_fixes",
                {
                    "case_id": case_id,
                    "agreed_fix": fix,
                    "follow_up": "",
                    "letter_text": quick_fix_letter(
                        profile=profile,
                        reference=row["reference"],
                        resident_name=resident_name,
                        received_on=received,
                        problem=row["description"],
                        agreed_fix=fix,
                        follow_up="",
                        escalate_by=escalate_by,
                        handler_name=self.b.user_name(logger),
                    ),
                    "resolved_on": resolved,
                    "escalate_by": escalate_by,
                },
            )
            life.act(
                resolved,
                logger,
                "quick_fix_recorded",
                {
                    "status": _RESPONDED,
                    "handler_id": logger,
                    "next_due_on": None,
                    "next_due_kind": None,
                },
                after={
                    "agreed_fix": fix,
                    "follow_up": "",
                    "resolved_on": resolved,
                    "escalate_by": escalate_by,
                },
            )
            if rng.random() >= 0.12:
                settled = escalate_by or self._wd(resolved, 10)
                closing = self._wd(settled, rng.randint(1, 5))
                if closing <= self.today:
                    # The call handler who fixed it is no case worker: a team lead closes it.
                    self._close(batch, life, closing, self.lead.id, None)
                return
            asked = self._wd(resolved, rng.randint(1, 5))
            if escalate_by is not None:
                asked = min(asked, escalate_by)
            if asked > self.today:
                return
            stage1_received = asked
        elif ordinary and received >= self.today - timedelta(days=3) and rng.random() < 0.2:
            return  # logged this week, not yet made formal: open at stage 0, unassigned
        stalled = scenario == "overdue" or (ordinary and rng.random() < 0.05)
        withdraw = scenario == "withdrawn" or (ordinary and rng.random() < 0.04)
        escalation: bool | None = None if ordinary else scenario == "escalated"
        manager = rng.choice(area.managers).id
        plans: list[_StagePlan] = []
        number, stage_received = 1, stage1_received
        while True:
            plan = self._stage(number, stage_received, stalled, scenario == "extended")
            plans.append(plan)
            plan.escalated_on = self._escalation(plan, escalation if number == 1 else None)
            if plan.escalated_on is None:
                break
            number, stage_received = number + 1, plan.escalated_on
        # Who handles each stage, and from when.
        for plan in plans:
            if plan.number == 1:
                # Routed to the area's default manager; a team lead gives it to another.
                plan.handler_id = manager
                if manager != area.default_manager_id:
                    plan.allocated_on = plan.received_on
                continue
            done = [
                d
                for d in (plan.acknowledged_on, plan.extension_told_on, plan.responded_on)
                if d is not None
            ]
            allocated = self._wd(plan.received_on, rng.randint(0, 1))
            if done:
                allocated = min(allocated, *done)
            elif allocated > self.today or (
                plan.received_on >= self.today - timedelta(days=5) and rng.random() < 0.5
            ):
                continue  # waiting for a team lead to allocate the reviewer
            plan.allocated_on = allocated
            plan.handler_id = area.head.id if plan.number == 2 else self.director.id
        last = plans[-1]
        withdrawn_on: date | None = None
        if withdraw:
            withdrawn_on = self._wd(last.received_on, 1 if scenario else rng.randint(1, 8))
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
            if last.allocated_on is not None and last.allocated_on > withdrawn_on:
                last.allocated_on = None
                last.handler_id = None
        component: dict[str, Any] | None = None
        for plan in plans:
            plan.deadlines = self._deadlines(plan)
            component = self._play_stage(batch, life, plan, area, category, component)
        if withdrawn_on is not None:
            life.act(
                withdrawn_on,
                rng.choice(self.b.call_handlers).id,
                "withdrawn",
                {
                    "withdrawn_by": "the resident",
                    "withdrawn_reason": rng.choice(WITHDRAWAL_REASONS),
                    "withdrawn_on": withdrawn_on,
                    "status": _WITHDRAWN,
                    "outcome": Outcome.WITHDRAWN.value,
                    "next_due_on": None,
                    "next_due_kind": None,
                },
                fields=_CLOSE_SET,
            )
            return
        if last.responded_on is None:
            return  # open: waiting for the landlord
        closing = self._wd(last.responded_on, rng.randint(0, 5))
        if closing <= self.today and scenario != "responded":
            self._close(batch, life, closing, last.handler_id, last.decision)
        # else: responded, the resident may still escalate

    def _play_stage(
        self,
        batch: CaseBatch,
        life: _Life,
        plan: _StagePlan,
        area: _Area,
        category: str,
        previous: dict[str, Any] | None,
    ) -> dict[str, Any] | None:
        """One stage, service call by service call, in date order; returns its component."""
        rng = self.rng
        row = life.row
        case_id = row["id"]
        n = plan.number
        stage_row: dict[str, Any] = {
            "id": self._next("case_stages"),
            "case_id": case_id,
            "stage": n,
            "received_on": plan.received_on,
            "acknowledged_on": plan.acknowledged_on,
            "responded_on": plan.responded_on,
            "handler_id": plan.handler_id,
            "declined_reason": "",
            "late_reason": "",
            "response_letter": "",
            "response_checklist": None,
        }
        batch.add("case_stages", stage_row)
        respond_id = 0
        for deadline in plan.deadlines:
            deadline_id = self._next("deadlines")
            if deadline.kind is DeadlineKind.RESPOND:
                respond_id = deadline_id
            batch.add(
                "deadlines",
                {
                    "id": deadline_id,
                    "case_id": case_id,
                    "stage": deadline.stage,
                    "kind": deadline.kind._value_,  # ._value_: .value's property is slow
                    "clock_start": deadline.clock_start._value_,
                    "clock_started_on": deadline.clock_started_on,
                    "projected": deadline.projected,
                    "length": deadline.length,
                    "unit": deadline.unit._value_,
                    "due_on": deadline.due_on,
                    "original_due_on": deadline.original_due_on,
                    "met_on": deadline.met_on,
                },
            )
        component: dict[str, Any] | None = None
        if n == 1:
            life.act(
                plan.received_on,
                row["logged_by_id"],
                "stage_opened",
                {
                    "stage": 1,
                    "status": _OPEN,
                    "handler_id": area.default_manager_id,
                    **self._due(plan, False, False),
                },
                after={"stage_received_on": plan.received_on, "late_reason": ""},
            )
        else:
            if previous is not None:  # the components are carried to the review
                component = {
                    "id": self._next("components"),
                    "case_id": case_id,
                    "stage": n,
                    "summary": previous["summary"],
                    "finding": "",
                    "decision": None,
                    "previous_id": previous["id"],
                    "overturned": False,
                }
                batch.add("components", component)
            life.act(
                plan.received_on,
                rng.choice(self.b.call_handlers).id,
                "escalation_requested",
                {
                    "stage": n,
                    "status": _OPEN,
                    "handler_id": None,
                    "closed_on": None,
                    "outcome": None,
                    **self._due(plan, False, False),
                },
                after={"stage": n, "requested_on": plan.received_on, "late_reason": ""},
            )
        steps: list[tuple[date, int]] = []
        if plan.allocated_on is not None:
            steps.append((plan.allocated_on, 0))
        if plan.acknowledged_on is not None:
            steps.append((plan.acknowledged_on, 1))
        investigated = plan.acknowledged_on or plan.responded_on
        if n == 1 and investigated is not None:
            steps.append((investigated, 2))
        if plan.extension_told_on is not None:
            steps.append((plan.extension_told_on, 3))
        if plan.responded_on is not None:
            steps.append((plan.responded_on, 4))
        steps.sort()
        handler = plan.handler_id
        acknowledged = extended = False
        for day, step in steps:
            if step == 0:
                assert handler is not None
                if n == 1:
                    life.act(day, self.lead.id, "assigned", {"handler_id": handler})
                else:
                    life.act(
                        day,
                        self.lead.id,
                        "reviewer_allocated",
                        {"handler_id": handler},
                        after={"reviewer": self.b.user_name(handler)},
                    )
            elif step == 1:
                acknowledged = True
                life.act(
                    day,
                    handler,
                    "acknowledged",
                    self._due(plan, acknowledged, extended),
                    before={"acknowledged_on": None},
                    after={"acknowledged_on": day},
                    context={"stage": n},
                )
            elif step == 2:
                component = {
                    "id": self._next("components"),
                    "case_id": case_id,
                    "stage": n,
                    "summary": category,
                    "finding": "",
                    "decision": None,
                    "previous_id": None,
                    "overturned": False,
                }
                batch.add("components", component)
                life.act(
                    day,
                    handler,
                    "component_added",
                    fields=_NO_FIELDS,
                    after={"component_id": component["id"], "stage": n, "summary": category},
                )
            elif step == 3:
                extended = True
                self._extend(batch, life, plan, handler, respond_id, acknowledged)
            else:
                self._respond(batch, life, plan, handler, component, previous, stage_row)
        return component

    def _extend(
        self,
        batch: CaseBatch,
        life: _Life,
        plan: _StagePlan,
        handler: int | None,
        deadline_id: int,
        acknowledged: bool,
    ) -> None:
        """`services.stages.extend`: the extension row, the new date, the event."""
        respond = next(d for d in plan.deadlines if d.kind is DeadlineKind.RESPOND)
        told = plan.extension_told_on
        assert told is not None
        reason, how_told = "Waiting for a contractor's report", "Letter and phone call"
        extension = {
            "id": self._next("extensions"),
            "deadline_id": deadline_id,
            "previous_due_on": respond.original_due_on,
            "new_due_on": respond.due_on,
            "reason": reason,
            "how_told": how_told,
            "told_on": told,
            "by_id": handler,
            "at": None,
        }
        batch.add("extensions", extension)
        event = life.act(
            told,
            handler,
            "extended",
            self._due(plan, acknowledged, True),
            fields=_NO_FIELDS,
            before={"respond_by": respond.original_due_on},
            after={
                "respond_by": respond.due_on,
                "reason": reason,
                "how_told": how_told,
                "told_on": told,
                "stage": plan.number,
            },
        )
        event.stamps.append((extension, "at"))

    def _respond(
        self,
        batch: CaseBatch,
        life: _Life,
        plan: _StagePlan,
        handler: int | None,
        component: dict[str, Any] | None,
        previous: dict[str, Any] | None,
        stage_row: dict[str, Any],
    ) -> None:
        """The decision on the component, any remedy, and the response with its checklist."""
        rng = self.rng
        day = plan.responded_on
        decision = plan.decision
        assert day is not None and decision is not None and component is not None
        overturned = previous is not None and previous["decision"] not in (None, decision.value)
        component["finding"] = FINDING
        component["decision"] = decision.value
        component["overturned"] = overturned
        life.act(
            day,
            handler,
            "decision_recorded",
            fields=_NO_FIELDS,
            before={"finding": "", "decision": None, "overturned": False},
            after={
                "component_id": component["id"],
                "finding": FINDING,
                "decision": decision.value,
                "overturned": overturned,
            },
        )
        at_fault = decision in _AT_FAULT
        remedy = at_fault and rng.random() < 0.6
        if remedy:
            remedy_id = self._next("remedies")
            description = rng.choice(REMEDIES)
            due_on = self._wd(day, rng.randint(5, 20))
            done = self._wd(day, rng.randint(2, 25))
            done_on = done if done <= self.today and rng.random() < 0.85 else None
            batch.add(
                "remedies",
                {
                    "id": remedy_id,
                    "case_id": life.row["id"],
                    "stage": plan.number,
                    "description": description,
                    "due_on": due_on,
                    "done_on": done_on,
                },
            )
            life.act(
                day,
                handler,
                "remedy_added",
                fields=_NO_FIELDS,
                after={
                    "remedy_id": remedy_id,
                    "stage": plan.number,
                    "description": description,
                    "due_on": due_on,
                },
            )
            if done_on is not None:
                # mark_done is for the case's handler at the time, or a team lead: once the
                # case has gone on to the next stage, the complaints team lead records it.
                escalated = plan.escalated_on is not None and plan.escalated_on <= done_on
                life.act(
                    done_on,
                    self.lead.id if escalated else handler,
                    "remedy_done",
                    fields=_NO_FIELDS,
                    before={"done_on": None},
                    after={"id": remedy_id, "done_on": done_on},
                )
        checklist = {
            "thanks": True,
            "apology": at_fault,
            "improvements": rng.choice(IMPROVEMENTS[:-1]) if at_fault else "",
            "escalation_explained": True,
            "nothing_to_put_right": (
                "The repair was completed before this response." if at_fault and not remedy else ""
            ),
        }
        stage_row["response_letter"] = (
            f"Our reference: {life.row['reference']}\n\nThank you for your complaint. We have "
            f"looked into it and our decision is: {decision.value.replace('_', ' ')}.\n"
        )
        stage_row["response_checklist"] = checklist
        life.act(
            day,
            handler,
            "response_sent",
            {"status": _RESPONDED, "next_due_on": None, "next_due_kind": None},
            after={"responded_on": day, **checklist},
            context={"stage": plan.number},
        )

    def _close(
        self,
        batch: CaseBatch,
        life: _Life,
        day: date,
        actor: int | None,
        decision: Decision | None,
    ) -> None:
        """`services.closing.close`: learning tags (at least one), the outcome of the last
        stage's decisions, the improvement and any satisfaction score."""
        rng = self.rng
        case_id = life.row["id"]
        tags = sorted(rng.sample(LEARNING_TAGS, rng.randint(1, 2)))
        for tag in tags:
            batch.add("learning_tags", {"case_id": case_id, "tag": tag})
        at_fault = decision in _AT_FAULT
        score: int | None = None
        if rng.random() < 0.35:
            score = rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5))
            batch.add(
                "satisfaction",
                {"case_id": case_id, "score": score, "comment": "", "recorded_on": day},
            )
        life.act(
            day,
            actor,
            "closed",
            {
                "outcome": decision.value if decision is not None else None,
                "status": _CLOSED,
                "closed_on": day,
                "improvement": rng.choice(IMPROVEMENTS) if at_fault else "",
            },
            fields=_CLOSE_SET,
            before={"learning_tags": []},
            after={"learning_tags": tags, "satisfaction": score},
        )


# -- the build -----------------------------------------------------------------------------------

CASE_TABLE_ORDER = (
    "representatives",
    "cases",
    "case_stages",
    "deadlines",
    "extensions",
    "components",
    "remedies",
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
    "remedies",
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


# Lives every demo shows, however small: (scenario, about how many days before today the
# complaint came in). The complaint received nearest that day lives it; the rest is chance.
SHOWCASE: tuple[tuple[str, int], ...] = (
    ("not_accepted", 300),  # refused under one of the profile's exclusions
    ("withdrawn", 200),
    ("escalated", 150),  # asked for stage 2
    ("extended", 75),  # stage 1 response date moved
    ("overdue", 45),  # stage 1 still unanswered, past its date
    ("responded", 35),  # answered, not yet closed
)


def showcase(dates: Sequence[date], kinds: Sequence[ContactKind], today: date) -> dict[int, str]:
    """Which contact (by index) lives each SHOWCASE scenario: the complaint nearest its day."""
    chosen: dict[int, str] = {}
    for scenario, days_ago in SHOWCASE:
        start = bisect_right(dates, today - timedelta(days=days_ago))
        found = False
        for distance in range(len(dates) + 1):
            for index in (start - 1 - distance, start + distance):
                if not 0 <= index < len(dates) or index in chosen:
                    continue
                if kinds[index] is ContactKind.COMPLAINT:
                    chosen[index] = scenario
                    found = True
                    break
            if found or (start - 1 - distance < 0 and start + distance >= len(dates)):
                break
    return chosen


def received_dates(recipe: DemoRecipe, today: date, calendar: WorkingCalendar) -> list[date]:
    """When each contact came in: spread over the recipe's years, mostly on working days."""
    rng = _Random(f"{recipe.seed}:received")
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
                select(m.Setting.value).where(m.Setting.key == LANDLORD_PROFILE_KEY)
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
            # A load into a new database that nobody else uses: no fsyncs, and no foreign key
            # lookups (the recipe's ids are consistent; the tests run foreign_key_check). The
            # connection is discarded at the end, so these never outlive the build.
            connection.exec_driver_sql("PRAGMA synchronous = OFF")
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            connection.exec_driver_sql("PRAGMA cache_size = -262144")
            connection.exec_driver_sql("PRAGMA temp_store = MEMORY")
            connection.commit()
        try:
            _load(connection, recipe, profile, summary, progress, batch_cases)
        finally:
            if sqlite:
                connection.invalidate()
    summary.seconds = time.perf_counter() - started
    return summary


def _load(
    connection: Connection,
    recipe: DemoRecipe,
    profile: PolicyProfile,
    summary: DemoSummary,
    progress: ProgressFn,
    batch_cases: int,
) -> None:
    """The build proper, on one connection."""
    sqlite = connection.dialect.name == "sqlite"
    calendar = calendar_for_profile(profile)
    lists = load_lists()
    today = summary.today
    tables = {name: m.Base.metadata.tables[name] for name in LOADED_TABLES}
    ids = {name: _max_id(connection, tables[name]) for name in ID_TABLES}
    writer = BulkWriter(connection)
    connection.commit()
    with connection.begin():
        indexes = drop_secondary_indexes(connection, LOADED_TABLES)
        area_ids = {
            str(name): (int(area_id), default)
            for area_id, name, default in connection.execute(
                select(m.ServiceArea.id, m.ServiceArea.name, m.ServiceArea.default_manager_id)
            )
        }
        category_ids = {
            str(n): int(i) for i, n in connection.execute(select(m.Category.id, m.Category.name))
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
    for people, terms, restrictions, events in builder.residents(ids["residents"]):
        with connection.begin():
            writer.insert(tables["residents"], people)
            writer.insert(tables["resident_search_terms"], terms)
            writer.insert(tables["resident_restrictions"], restrictions)
            writer.insert(tables["events"], events)
        done += len(people)
        for name, rows in (
            ("residents", people),
            ("resident_search_terms", terms),
            ("resident_restrictions", restrictions),
            ("events", events),
        ):
            summary.rows[name] = summary.rows.get(name, 0) + len(rows)
        progress("residents", done, recipe.residents)
    builder.resident_ids = [ids["residents"] + n for n in range(1, recipe.residents + 1)]
    progress("cases", 0, recipe.cases)
    maker = _CaseMaker(builder, dict(ids))
    kind_rng = _Random(f"{recipe.seed}:kinds")
    dates = received_dates(recipe, today, calendar)
    kinds = [KIND_MIX(kind_rng) for _ in dates]
    scenarios = showcase(dates, kinds, today)
    for start in range(0, len(dates), batch_cases):
        batch = CaseBatch()
        for index in range(start, min(start + batch_cases, len(dates))):
            maker.make(batch, dates[index], kinds[index], scenarios.get(index))
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
            connection.execute(settings.delete().where(settings.c.key == LANDLORD_PROFILE_KEY))
            connection.execute(insert(settings).values(key=LANDLORD_PROFILE_KEY, value=profile.id))
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
