"""Queues and workload counts: filters in, pages and counts out.

Plain frozen dataclasses: nothing here holds a Session or an ORM row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from complaints_tui.domain.deadlines import DeadlineState
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
