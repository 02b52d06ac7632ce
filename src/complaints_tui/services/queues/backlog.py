"""The team lead's backlog: for each stage and the deadline in view (the acknowledgement until
it is sent, then the response, at its extended date where extended), how many open cases are
overdue, due today and due soon; the same per handler and per team; extensions in use; the
longest overdue. Counted in SQL over each case's stored next due date (one grouped scan of the
open cases), so the figures are the desk queue's to the case: `drill_down` gives the query of
exactly the cases behind a number."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from complaints_tui.domain.deadlines import DeadlineKind
from complaints_tui.domain.kinds import CaseStatus
from complaints_tui.domain.roles import DASHBOARD_ROLES, Role
from complaints_tui.services._core import (
    a_or_an,
    calendar_of,
    landlord_profile_id,
    profile_named,
    require_actor,
    uk_date,
    utc_now,
)
from complaints_tui.services.people.types import Actor
from complaints_tui.services.queues.desk import (
    desk_columns,
    desk_row,
    extended_response,
    soon_until,
)
from complaints_tui.services.queues.types import (
    Backlog,
    BacklogRow,
    DeadlineFilter,
    DeskQuery,
    DeskRow,
    DueCounts,
    QueueScope,
    WorkerRow,
)
from complaints_tui.services.settings import read_due_soon_days
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

DEADLINES_IN_VIEW = (DeadlineKind.ACKNOWLEDGE, DeadlineKind.RESPOND)
OLDEST = 10
UNASSIGNED = "Unassigned"
NO_TEAM = "(no team)"


@dataclass(frozen=True)
class _Group:
    stage: int
    kind: str | None
    handler_id: int | None
    open_cases: int
    counts: DueCounts


def dashboard(
    store: Store,
    actor: Actor,
    *,
    today: date | None = None,
    soon_days: int | None = None,
    oldest: int = OLDEST,
) -> Backlog:
    """The backlog as the dashboard shows it: for a team lead, service director or
    administrator (`PermissionDenied` for anyone else)."""
    with store.reading() as session:
        require_actor(session, actor, DASHBOARD_ROLES, "open the team's dashboard")
    return backlog(store, today=today, soon_days=soon_days, oldest=oldest)


def backlog(
    store: Store,
    *,
    today: date | None = None,
    soon_days: int | None = None,
    oldest: int = OLDEST,
) -> Backlog:
    """The counts as of `today` (default: today in England), due soon meaning at most
    `soon_days` working days after it (default: the office's setting)."""
    day = today if today is not None else uk_date(utc_now())
    with store.reading() as session:
        profile = profile_named(landlord_profile_id(session))
        days = soon_days if soon_days is not None else read_due_soon_days(session)
        calendar = calendar_of(profile, session)
        last_soon = soon_until(day, days, calendar)
        soon_by = calendar.add_working_days(day, days) if days else day
        stages = tuple(rule.number for rule in profile.stages)
        groups = _groups(session, day, last_soon, stages)
        people = {user.id: (user.name, user.team) for user in session.scalars(select(m.User))}
        extended = _extended(session, stages, day)
        late = _oldest_overdue(session, day, stages, oldest, days)
    rows = [
        BacklogRow(
            stage,
            kind,
            sum(
                (g.counts for g in groups if g.stage == stage and g.kind == kind.value),
                DueCounts(),
            ),
        )
        for stage in stages
        for kind in DEADLINES_IN_VIEW
    ]
    return Backlog(
        today=day,
        soon_days=days,
        soon_until=last_soon,
        soon_by=soon_by,
        stages=stages,
        rows=rows,
        handlers=_workers(groups, people, by_team=False),
        teams=_workers(groups, people, by_team=True),
        extended=extended,
        oldest_overdue=late,
    )


def _groups(
    session: Session, today: date, last_soon: date, stages: tuple[int, ...]
) -> list[_Group]:
    """Open cases by stage, deadline in view and handler: how many, and how many of them are
    overdue, due today and due soon. One scan of the open cases."""
    due = m.Case.next_due_on
    statement = (
        select(
            m.Case.stage,
            m.Case.next_due_kind,
            m.Case.handler_id,
            func.count(),
            func.sum(case((due < today, 1), else_=0)),
            func.sum(case((due == today, 1), else_=0)),
            func.sum(case(((due > today) & (due <= last_soon), 1), else_=0)),
        )
        .where(
            m.Case.status == CaseStatus.OPEN.value,
            m.Case.stage.in_(stages),
            m.Case.received_on <= today,  # an earlier day's position: not cases yet to come
        )
        .group_by(m.Case.stage, m.Case.next_due_kind, m.Case.handler_id)
    )
    return [
        _Group(
            stage,
            kind,
            handler,
            int(total),
            DueCounts(int(late or 0), int(now or 0), int(soon or 0)),
        )
        for stage, kind, handler, total, late, now, soon in session.execute(statement)
    ]


def _workers(
    groups: list[_Group], people: dict[int, tuple[str, str]], *, by_team: bool
) -> list[WorkerRow]:
    """Per handler (or per team) and stage: open cases and their deadlines' counts; the
    unassigned cases first (a row of their own: handler None, team ""), then the most overdue."""
    totals: dict[tuple[int, int | None, str], tuple[int, DueCounts]] = defaultdict(
        lambda: (0, DueCounts())
    )
    for group in groups:
        key: tuple[int, int | None, str]
        name, team = people.get(group.handler_id, ("", "")) if group.handler_id else ("", "")
        if group.handler_id is None:
            key = (group.stage, None, UNASSIGNED)
        elif by_team:
            key = (group.stage, None, team or NO_TEAM)
        else:
            key = (group.stage, group.handler_id, name)
        count, counts = totals[key]
        totals[key] = (count + group.open_cases, counts + group.counts)
    rows = []
    for (stage, handler_id, name), (count, counts) in totals.items():
        team = ""
        if handler_id is not None:
            team = people.get(handler_id, ("", ""))[1]
        elif by_team and name != UNASSIGNED:
            team = "" if name == NO_TEAM else name
        rows.append(WorkerRow(stage, handler_id, name, team, count, counts))
    return sorted(
        rows,
        key=lambda r: (
            r.stage,
            not (r.name == UNASSIGNED and r.handler_id is None),  # unassigned first
            -r.counts.overdue,
            -r.counts.due_today,
            -r.counts.due_soon,
            -r.open_cases,
            r.name,
        ),
    )


def _extended(session: Session, stages: tuple[int, ...], today: date) -> dict[int, int]:
    """Open cases per stage whose response date was moved (the desk's "extended" filter)."""
    statement = (
        select(m.Case.stage, func.count())
        .where(
            m.Case.status == CaseStatus.OPEN.value,
            m.Case.stage.in_(stages),
            m.Case.received_on <= today,
            extended_response(),
        )
        .group_by(m.Case.stage)
    )
    found = {int(stage): int(count) for stage, count in session.execute(statement)}
    return {stage: found.get(stage, 0) for stage in stages}


def _oldest_overdue(
    session: Session, today: date, stages: tuple[int, ...], limit: int, soon_days: int
) -> list[DeskRow]:
    ids = list(
        session.scalars(
            select(m.Case.id)
            .where(
                m.Case.status == CaseStatus.OPEN.value,
                m.Case.next_due_on < today,
                m.Case.stage.in_(stages),
            )
            .order_by(m.Case.next_due_on, m.Case.id)
            .limit(limit)
        )
    )
    if not ids:
        return []
    shown = {row[0]: row for row in session.execute(desk_columns(ids))}
    return [desk_row(session, shown[case_id], today, soon_days) for case_id in ids]


def drill_down(
    stage: int,
    deadline: DeadlineFilter,
    *,
    due_kind: DeadlineKind | None = None,
    worker: WorkerRow | None = None,
) -> DeskQuery:
    """The desk query of exactly the cases behind a dashboard number: a stage's deadline row
    (`due_kind`), or a handler's or team's row (`worker`), in one deadline column (overdue, due
    today, due soon; or extended, for the extensions in use)."""
    if worker is not None and worker.handler_id is None and worker.name == UNASSIGNED:
        return DeskQuery(stage=stage, scope=QueueScope.UNASSIGNED, deadline=deadline)
    handler_id = worker.handler_id if worker is not None else None
    team = worker.team if worker is not None and worker.handler_id is None else None
    return DeskQuery(
        stage=stage,
        scope=QueueScope.ALL,
        deadline=deadline,
        due_kind=due_kind,
        handler_id=handler_id,
        team=team,
    )


def dashboard_refused(role: Role) -> str | None:
    """Why a role cannot open the dashboard, or None if it can (for a screen's hint)."""
    if Role(role) in DASHBOARD_ROLES:
        return None
    return (
        "The dashboard is for team leads, service directors and administrators; you are "
        f"signed in as {a_or_an(Role(role).label.lower())}."
    )
