"""Queues and workload counts: filters in, pages and counts out.

Plain frozen dataclasses: nothing here holds a Session or an ORM row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from complaints_tui.domain.deadlines import DeadlineKind, DeadlineState
from complaints_tui.domain.kinds import CaseStatus, ContactKind


class DueFilter(StrEnum):
    ANY = "any"
    OVERDUE = "overdue"
    TODAY = "today"
    THIS_WEEK = "this_week"  # from today to Sunday


@dataclass(frozen=True)
class QueueFilter:
    handler_id: int | None = None  # None with unassigned=False: everyone's
    unassigned: bool = False
    stage: int | None = None
    statuses: tuple[CaseStatus, ...] = (CaseStatus.OPEN,)
    due: DueFilter = DueFilter.ANY
    service_area_id: int | None = None


@dataclass(frozen=True)
class QueueRow:
    id: int
    reference: str
    kind: ContactKind
    stage: int
    status: CaseStatus
    received_on: date
    resident_name: str
    handler_id: int | None
    handler_name: str
    next_due_on: date | None
    next_due_kind: str | None
    due_state: DeadlineState | None
    version: int
    summary: str


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    has_more: bool
    offset: int = 0


@dataclass(frozen=True)
class OverdueCount:
    stage: int
    handler_id: int | None
    handler_name: str
    team: str
    count: int


@dataclass(frozen=True)
class WorkloadRow:
    stage: int
    handler_id: int | None
    handler_name: str
    team: str
    overdue: int
    due_today: int
    due_this_week: int


class QueueScope(StrEnum):
    """Whose cases a desk queue shows (which a role may open: `desk.desk_scopes`)."""

    MINE = "mine"
    TEAM = "team"  # handled by someone in the actor's team (User.team)
    UNASSIGNED = "unassigned"
    ALL = "all"


class DeadlineFilter(StrEnum):
    """The desk's deadline filter, on the case's next due date (working days: landlord's)."""

    ANY = "any"
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"  # after today, within `soon_days` working days
    ON_TRACK = "on_track"  # later than that
    EXTENDED = "extended"  # the current stage's response date was moved


@dataclass(frozen=True)
class DeskQuery:
    stage: int  # 1, 2, 3 (the final stage where a profile has one)
    scope: QueueScope = QueueScope.MINE
    service_area_id: int | None = None
    category_id: int | None = None
    deadline: DeadlineFilter = DeadlineFilter.ANY
    vulnerable_only: bool = False  # the resident has a vulnerability recorded
    text: str = ""  # a reference (prefix, any case) or words of the resident's name
    # Narrowed further from a dashboard figure: the deadline in view (acknowledge or respond),
    # one handler, one team (their users' cases). Only with the "all" scope.
    due_kind: DeadlineKind | None = None
    handler_id: int | None = None
    team: str | None = None

    @property
    def narrowed(self) -> bool:
        return self.due_kind is not None or self.handler_id is not None or self.team is not None


@dataclass(frozen=True)
class DeskRow:
    id: int
    reference: str
    resident_name: str
    vulnerable: bool
    restricted: bool  # marked unreasonable, or contact restrictions set
    stage: int
    status: CaseStatus
    handler_id: int | None
    handler_name: str
    service_area: str
    category: str
    received_on: date
    next_due_on: date | None
    next_due_kind: str | None
    state: DeadlineState | None  # of the next due date (overdue, due today, due soon, upcoming)
    extended: bool  # the current stage's response date was extended
    version: int
    summary: str
    resident_id: int | None = None


@dataclass(frozen=True)
class DeskPage:
    rows: list[DeskRow]
    has_more: bool
    offset: int = 0


# -- the team lead's dashboard --------------------------------------------------------------


@dataclass(frozen=True)
class DueCounts:
    """Open deadlines by how near they are: before today, today, and due soon (after today, at
    most the due-soon number of working days after it)."""

    overdue: int = 0
    due_today: int = 0
    due_soon: int = 0

    def __add__(self, other: DueCounts) -> DueCounts:
        return DueCounts(
            self.overdue + other.overdue,
            self.due_today + other.due_today,
            self.due_soon + other.due_soon,
        )

    def of(self, wanted: DeadlineFilter) -> int:
        """The count a deadline filter drills into (overdue, due today or due soon)."""
        return {
            DeadlineFilter.OVERDUE: self.overdue,
            DeadlineFilter.DUE_TODAY: self.due_today,
            DeadlineFilter.DUE_SOON: self.due_soon,
        }[DeadlineFilter(wanted)]


@dataclass(frozen=True)
class BacklogRow:
    """One stage's deadline in view: its acknowledgement (until acknowledged), or its response."""

    stage: int
    deadline: DeadlineKind  # ACKNOWLEDGE or RESPOND
    counts: DueCounts


@dataclass(frozen=True)
class WorkerRow:
    """One handler's (or one team's) open cases at a stage, and their deadlines' counts.
    `handler_id` None with `team` "": the unassigned cases."""

    stage: int
    handler_id: int | None
    name: str  # the handler's name, or the team's
    team: str
    open_cases: int
    counts: DueCounts


@dataclass(frozen=True)
class Backlog:
    today: date
    soon_days: int
    soon_until: date  # the last day that counts as due soon (a weekend after the window too)
    soon_by: date  # the window's last working day, as people say it ("due soon: by Fri 6 Mar")
    stages: tuple[int, ...]
    rows: list[BacklogRow]  # every stage × (acknowledge, respond), zeros too
    handlers: list[WorkerRow]  # each handler with open cases, per stage: most overdue first
    teams: list[WorkerRow]  # the same per team (handler_id None)
    extended: dict[int, int]  # stage: open cases whose response date was extended
    oldest_overdue: list[DeskRow]  # the longest overdue first

    def soon_words(self) -> str:
        """What "due soon" means today, in a sentence's words."""
        if self.soon_days == 0:
            return "nothing counts as due soon (0 working days)"
        days = "working day" if self.soon_days == 1 else "working days"
        return f"due soon is after today and by {self.soon_by:%a %-d %b} ({self.soon_days} {days})"

    def row(self, stage: int, deadline: DeadlineKind) -> DueCounts:
        for row in self.rows:
            if row.stage == stage and row.deadline is deadline:
                return row.counts
        return DueCounts()

    def to_dict(self) -> dict[str, object]:
        """The JSON of `complaints report backlog --json`."""

        def counts(row: DueCounts) -> dict[str, int]:
            return {"overdue": row.overdue, "due_today": row.due_today, "due_soon": row.due_soon}

        def worker(row: WorkerRow, key: str) -> dict[str, object]:
            return {
                "stage": row.stage,
                key: row.name,
                **({"team": row.team} if key == "handler" else {}),
                "open": row.open_cases,
                **counts(row.counts),
            }

        return {
            "today": self.today.isoformat(),
            "soon_days": self.soon_days,
            "soon_until": self.soon_until.isoformat(),
            "soon_by": self.soon_by.isoformat(),
            "rows": [
                {"stage": row.stage, "deadline": row.deadline.value, **counts(row.counts)}
                for row in self.rows
            ],
            "handlers": [worker(row, "handler") for row in self.handlers],
            "teams": [worker(row, "team") for row in self.teams],
            "extended": [{"stage": s, "cases": n} for s, n in sorted(self.extended.items())],
            "oldest_overdue": [
                {
                    "reference": row.reference,
                    "stage": row.stage,
                    "deadline": row.next_due_kind,
                    "due_on": row.next_due_on.isoformat() if row.next_due_on else None,
                    "handler": row.handler_name,
                }
                for row in self.oldest_overdue
            ],
        }


@dataclass(frozen=True)
class Trends:
    """What the dashboard draws as sparklines: a value per week or month, oldest first."""

    weeks: list[date]  # each week's Monday
    received: list[int]  # complaints (stage 1) received each week
    closed: list[int]  # cases closed each week
    months: list[date]  # each month's first day
    answered: list[int]  # responses sent each month (every stage)
    on_time: list[int]  # of those, sent by the due date (its extended date where extended)
    top_categories: list[tuple[str, int]]  # the last weeks' most common, most first
    top_areas: list[tuple[str, int]]

    def on_time_share(self) -> list[float]:
        """Per month, the share answered on time (0.0 in a month with none answered)."""
        return [
            done / total if total else 0.0
            for done, total in zip(self.on_time, self.answered, strict=True)
        ]


@dataclass(frozen=True)
class Reassigned:
    """What a bulk re-assignment did: the cases moved, and those left with a reason each."""

    handler_name: str
    moved: list[str]  # references
    left: list[tuple[str, str]]  # (reference, the sentence why)
