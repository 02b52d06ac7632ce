"""The dashboard's trends: complaints received against cases closed per week, the share of
responses sent on time per month, and the most common categories and service areas lately.
Each series is one SELECT of conditional sums over a date range its index covers."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from complaints_tui.domain.deadlines import DeadlineKind
from complaints_tui.domain.kinds import ContactKind
from complaints_tui.services._core import uk_date, utc_now
from complaints_tui.services.queues.types import Trends
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

WEEKS = 12
MONTHS = 12
TOP = 5


def week_starts(today: date, weeks: int) -> list[date]:
    """The Mondays of the last `weeks` weeks, this week's last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]


def month_starts(today: date, months: int) -> list[date]:
    """The first days of the last `months` months, this month's last."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _ends(starts: list[date], last: date) -> list[date]:
    """Each period's last day: the day before the next starts; the final one ends `last`."""
    return [following - timedelta(days=1) for following in starts[1:]] + [last]


def _in(
    column: InstrumentedAttribute[date] | InstrumentedAttribute[date | None], start: date, end: date
) -> ColumnElement[int]:
    return func.sum(case((column.between(start, end), 1), else_=0))


def trends(
    store: Store, *, today: date | None = None, weeks: int = WEEKS, months: int = MONTHS
) -> Trends:
    day = today if today is not None else uk_date(utc_now())
    mondays = week_starts(day, weeks)
    firsts = month_starts(day, months)
    with store.reading() as session:
        received, closed = _weekly(session, mondays, day)
        answered, on_time = _monthly(session, firsts, day)
        categories = _top(session, m.Category, m.Case.category_id, mondays[0], day)
        areas = _top(session, m.ServiceArea, m.Case.service_area_id, mondays[0], day)
    return Trends(mondays, received, closed, firsts, answered, on_time, categories, areas)


def _weekly(session: Session, mondays: list[date], today: date) -> tuple[list[int], list[int]]:
    ends = _ends(mondays, today)
    stage = m.CaseStage
    received = session.execute(
        select(*(_in(stage.received_on, a, b) for a, b in zip(mondays, ends, strict=True))).where(
            stage.stage == 1, stage.received_on.between(mondays[0], today)
        )
    ).one()
    closed = session.execute(
        select(*(_in(m.Case.closed_on, a, b) for a, b in zip(mondays, ends, strict=True))).where(
            m.Case.closed_on.between(mondays[0], today)
        )
    ).one()
    return [int(n or 0) for n in received], [int(n or 0) for n in closed]


def _monthly(session: Session, firsts: list[date], today: date) -> tuple[list[int], list[int]]:
    ends = _ends(firsts, today)
    deadline = m.Deadline
    sent = deadline.met_on
    on_time = sent <= deadline.due_on
    columns = []
    for start, end in zip(firsts, ends, strict=True):
        columns.append(_in(sent, start, end))
        columns.append(func.sum(case((sent.between(start, end) & on_time, 1), else_=0)))
    found = session.execute(
        select(*columns).where(
            sent.between(firsts[0], today), deadline.kind == DeadlineKind.RESPOND.value
        )
    ).one()
    values = [int(n or 0) for n in found]
    return values[0::2], values[1::2]


def _top(
    session: Session,
    table: type[m.Category] | type[m.ServiceArea],
    column: InstrumentedAttribute[int | None],
    start: date,
    end: date,
) -> list[tuple[str, int]]:
    """The most common names among complaints received from `start` to `end`."""
    statement = (
        select(table.name, func.count())
        .select_from(m.Case)
        .join(table, table.id == column)
        .where(
            m.Case.received_on.between(start, end),
            m.Case.kind == ContactKind.COMPLAINT.value,
        )
        .group_by(table.name)
        .order_by(func.count().desc(), table.name)
        .limit(TOP)
    )
    return [(name, int(count)) for name, count in session.execute(statement)]
