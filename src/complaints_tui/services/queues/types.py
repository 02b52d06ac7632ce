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
