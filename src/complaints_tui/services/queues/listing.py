"""Work lists from SQL: a queue by due date (paged), and overdue / due counts by stage and
handler. Both read the case's denormalised next due date, which the indexes cover."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, case, func, select

from complaints_tui.domain.deadlines import deadline_state
from complaints_tui.domain.kinds import CaseStatus, ContactKind
from complaints_tui.services._core import calendar_of, profile_named, uk_date, utc_now
from complaints_tui.services.queues.types import (
    DueFilter,
    OverdueCount,
    QueueFilter,
    QueuePage,
    QueueRow,
    WorkloadRow,
)
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

_S = TypeVar("_S", bound=Select[*tuple[Any, ...]])


def _end_of_week(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


def _filtered(statement: _S, wanted: QueueFilter, today: date) -> _S:
    if wanted.unassigned:
        statement = statement.where(m.Case.handler_id.is_(None))
    elif wanted.handler_id is not None:
        statement = statement.where(m.Case.handler_id == wanted.handler_id)
    if wanted.stage is not None:
        statement = statement.where(m.Case.stage == wanted.stage)
    if wanted.statuses:
        statement = statement.where(
            m.Case.status.in_([CaseStatus(s).value for s in wanted.statuses])
        )
    if wanted.service_area_id is not None:
        statement = statement.where(m.Case.service_area_id == wanted.service_area_id)
    if wanted.due is DueFilter.OVERDUE:
        statement = statement.where(m.Case.next_due_on < today)
    elif wanted.due is DueFilter.TODAY:
        statement = statement.where(m.Case.next_due_on == today)
    elif wanted.due is DueFilter.THIS_WEEK:
        statement = statement.where(
            m.Case.next_due_on >= today, m.Case.next_due_on <= _end_of_week(today)
        )
    return statement


def queue(
    store: Store,
    wanted: QueueFilter | None = None,
    *,
    limit: int = 50,
    offset: int = 0,
    today: date | None = None,
) -> QueuePage:
    """Cases by next due date (soonest, and so most overdue, first), a page at a time."""
    wanted = wanted or QueueFilter()
    day = today if today is not None else uk_date(utc_now())
    statement = (
        select(m.Case, m.Resident.name, m.User.name)
        .outerjoin(m.Resident, m.Resident.id == m.Case.resident_id)
        .outerjoin(m.User, m.User.id == m.Case.handler_id)
    )
    statement = _filtered(statement, wanted, day)
    only_open = set(wanted.statuses) == {CaseStatus.OPEN}
    due = m.Case.next_due_on.asc() if only_open else m.Case.next_due_on.asc().nulls_last()
    statement = statement.order_by(due, m.Case.id).offset(offset).limit(limit + 1)
    with store.reading() as session:
        rows = session.execute(statement).all()
        result = []
        for case_row, resident_name, handler_name in rows[:limit]:
            state = None
            if case_row.next_due_on is not None:
                calendar = calendar_of(profile_named(case_row.profile_id), session)
                state = deadline_state(
                    case_row.next_due_on, None, day, calendar, kind=case_row.next_due_kind
                )
            result.append(
                QueueRow(
                    id=case_row.id,
                    reference=case_row.reference,
                    kind=ContactKind(case_row.kind),
                    stage=case_row.stage,
                    status=CaseStatus(case_row.status),
                    received_on=case_row.received_on,
                    resident_name=resident_name or case_row.caller_name,
                    handler_id=case_row.handler_id,
                    handler_name=handler_name or "",
                    next_due_on=case_row.next_due_on,
                    next_due_kind=case_row.next_due_kind,
                    due_state=state,
                    version=case_row.version,
                    summary=case_row.description[:120],
                )
            )
        return QueuePage(result, len(rows) > limit, offset)


def _people(store: Store) -> dict[int, tuple[str, str]]:
    with store.reading() as session:
        return {user.id: (user.name, user.team) for user in session.scalars(select(m.User))}


def overdue_counts(store: Store, *, today: date | None = None) -> list[OverdueCount]:
    """Open cases past their next due date, counted by stage and handler."""
    day = today if today is not None else uk_date(utc_now())
    statement = (
        select(m.Case.stage, m.Case.handler_id, func.count())
        .where(m.Case.next_due_on < day)
        .group_by(m.Case.stage, m.Case.handler_id)
    )
    with store.reading() as session:
        counts = session.execute(statement).all()
    people = _people(store)
    result = [
        OverdueCount(
            stage,
            handler,
            *people.get(handler, ("", "")) if handler is not None else ("", ""),
            count,
        )
        for stage, handler, count in counts
    ]
    return sorted(result, key=lambda row: (row.stage, -row.count, row.handler_name))


def workload(store: Store, *, today: date | None = None) -> list[WorkloadRow]:
    """Overdue, due today and due by Sunday, by stage and handler, in one scan of the index."""
    day = today if today is not None else uk_date(utc_now())
    due = m.Case.next_due_on
    statement = (
        select(
            m.Case.stage,
            m.Case.handler_id,
            func.sum(case((due < day, 1), else_=0)),
            func.sum(case((due == day, 1), else_=0)),
            func.sum(case((due > day, 1), else_=0)),
        )
        .where(due <= _end_of_week(day))
        .group_by(m.Case.stage, m.Case.handler_id)
    )
    with store.reading() as session:
        counts = session.execute(statement).all()
    people = _people(store)
    rows = []
    for stage, handler, overdue, due_today, later in counts:
        name, team = people.get(handler, ("", "")) if handler is not None else ("", "")
        rows.append(
            WorkloadRow(
                stage,
                handler,
                name,
                team,
                int(overdue or 0),
                int(due_today or 0),
                int(due_today or 0) + int(later or 0),
            )
        )
    return sorted(rows, key=lambda row: (row.stage, -row.overdue, row.handler_name))
