"""The dashboard's trends: complaints received against cases closed per week, the share of
responses sent on time per month, and the most common categories and service areas lately.
Each series is one SELECT over a date range an index covers, counted per day (or per id) in SQL
and summed into weeks, months (or named) here."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, func, select
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


def _per_period(days: dict[date, int], starts: list[date], ends: list[date]) -> list[int]:
    """Counts per day summed into the periods starting `starts` and ending `ends`."""
    totals = [0] * len(starts)
    for day, number in days.items():
        for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
            if start <= day <= end:
                totals[index] += number
                break
    return totals


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
    """Per day in SQL (a range of an index: stage 1 by received_on; cases by closed_on), summed
    into weeks here: SQLite evaluated 12 CASE sums on every row for longer than it read them."""
    ends = _ends(mondays, today)
    stage = m.CaseStage
    received = session.execute(
        select(stage.received_on, func.count())
        .where(stage.stage == 1, stage.received_on.between(mondays[0], today))
        .group_by(stage.received_on)
    )
    closed = session.execute(
        select(m.Case.closed_on, func.count())
        .where(m.Case.closed_on.between(mondays[0], today))
        .group_by(m.Case.closed_on)
    )
    return (
        _per_period({day: int(n) for day, n in received}, mondays, ends),
        _per_period({day: int(n) for day, n in closed if day is not None}, mondays, ends),
    )


def _monthly(session: Session, firsts: list[date], today: date) -> tuple[list[int], list[int]]:
    """Respond deadlines met per day, and of those by their due date, from
    ix_deadlines_kind_met_due alone; summed into months here."""
    ends = _ends(firsts, today)
    deadline = m.Deadline
    sent = deadline.met_on
    rows = session.execute(
        select(sent, func.count(), func.sum(case((sent <= deadline.due_on, 1), else_=0)))
        .where(deadline.kind == DeadlineKind.RESPOND.value, sent.between(firsts[0], today))
        .group_by(sent)
    ).all()
    answered = _per_period({day: int(n) for day, n, _ in rows if day is not None}, firsts, ends)
    on_time = _per_period({day: int(k or 0) for day, _, k in rows if day is not None}, firsts, ends)
    return answered, on_time


def _top(
    session: Session,
    table: type[m.Category] | type[m.ServiceArea],
    column: InstrumentedAttribute[int | None],
    start: date,
    end: date,
) -> list[tuple[str, int]]:
    """The most common names among complaints received from `start` to `end`.

    Counted by the id on the case first (ix_cases_received_kind_category_area covers it), then
    the few ids named and ordered: grouping by the name joined in made SQLite walk the names and
    look up each one's cases."""
    counted = (
        select(column.label("id"), func.count().label("n"))
        .where(
            m.Case.received_on.between(start, end),
            m.Case.kind == ContactKind.COMPLAINT.value,
        )
        .group_by(column)
        .subquery()
    )
    statement = (
        select(table.name, counted.c.n)
        .join(counted, counted.c.id == table.id)
        .order_by(counted.c.n.desc(), table.name)
        .limit(TOP)
    )
    return [(name, int(count)) for name, count in session.execute(statement)]
