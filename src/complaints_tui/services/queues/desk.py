"""The manager's desk: a stage's open cases by next due date (mine, my team's, unassigned, all,
as the role allows), filtered and searched in SQL a page at a time, and a cheap number that
moves whenever anything is saved, so a screen knows when to read its page again."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.deadlines import DUE_SOON_DAYS, DeadlineKind, deadline_state
from complaints_tui.domain.kinds import CaseStatus
from complaints_tui.domain.roles import Role
from complaints_tui.services._core import (
    a_or_an,
    calendar_of,
    landlord_profile_id,
    profile_named,
    uk_date,
    utc_now,
)
from complaints_tui.services.cases.case_view import reference_match
from complaints_tui.services.errors import PermissionDenied, RuleViolation
from complaints_tui.services.people.resident_words import word_plan
from complaints_tui.services.people.types import Actor
from complaints_tui.services.queues.types import (
    DeadlineFilter,
    DeskPage,
    DeskQuery,
    DeskRow,
    QueueScope,
)
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from complaints_tui.store.search import query_words

_S = TypeVar("_S", bound=Select[*tuple[Any, ...]])

_EVERY_SCOPE = tuple(QueueScope)
_SCOPES: dict[Role, tuple[QueueScope, ...]] = {
    Role.CALL_HANDLER: (),
    Role.INVESTIGATING_MANAGER: (QueueScope.MINE, QueueScope.TEAM),
    Role.SERVICE_DIRECTOR: _EVERY_SCOPE,
    Role.TEAM_LEAD: _EVERY_SCOPE,
    Role.ADMIN: _EVERY_SCOPE,
}
_SCOPE_NAMES = {
    QueueScope.MINE: "your own queue",
    QueueScope.TEAM: "your team's queue",
    QueueScope.UNASSIGNED: "the unassigned queue",
    QueueScope.ALL: "everyone's queue",
}
# Change marks count the events among the last this many ids too: on PostgreSQL a transaction
# can commit after a later one, so its event id lands below the highest already seen.
_LATE_COMMIT_WINDOW = 1_000
# Up to this many cases with the reference typed are looked up by reference first; more (a short
# prefix) and the queue is read in due order, where they are dense.
_FEW_REFERENCES = 2_000


def desk_scopes(role: Role) -> tuple[QueueScope, ...]:
    """The queues a role may open, in the order a screen offers them."""
    return _SCOPES[Role(role)]


def desk_stages(store: Store) -> tuple[int, ...]:
    """The stages of the landlord's profile: (1, 2), or (1, 2, 3) where it has a final stage."""
    with store.reading() as session:
        profile = profile_named(landlord_profile_id(session))
    return tuple(rule.number for rule in profile.stages)


def change_mark(store: Store) -> int:
    """A number that moves whenever anything is saved (every change appends an audit event): the
    highest event id plus how many of the latest ids are taken, so an event committed late,
    below the highest id already seen, still moves it. Two index probes and a short range."""
    events = m.Event
    top = select(func.max(events.id)).scalar_subquery()
    recent = (
        select(func.count())
        .select_from(events)
        .where(events.id > top - _LATE_COMMIT_WINDOW)
        .scalar_subquery()
    )
    with store.reading() as session:
        return int(session.scalar(select(func.coalesce(top, 0) + recent)) or 0)


def desk_queue(
    store: Store,
    actor: Actor,
    query: DeskQuery,
    *,
    limit: int = 25,
    offset: int = 0,
    today: date | None = None,
    soon_days: int = DUE_SOON_DAYS,
) -> DeskPage:
    """The stage's open cases in `query.scope`, soonest due (so most overdue) first, then by id;
    a page of `limit` from `offset`, read from SQL. A scope the actor's role may not open is
    refused with `PermissionDenied`."""
    if query.stage not in (1, 2, 3):
        raise RuleViolation(f"There is no stage {query.stage}: queues are for stages 1 to 3.")
    if limit <= 0:
        return DeskPage([], False, offset)
    day = today if today is not None else uk_date(utc_now())
    with store.reading() as session:
        user = _desk_user(session, actor, query.scope)
        if query.narrowed and query.scope is not QueueScope.ALL:
            raise RuleViolation("A queue narrowed to a handler or a team is of everyone's cases.")
        landlord = calendar_of(profile_named(landlord_profile_id(session)), session)
        wanted = select(m.Case.id).where(
            m.Case.status == CaseStatus.OPEN.value, m.Case.stage == query.stage
        )
        wanted = _scoped(session, wanted, query.scope, user)
        wanted = _filtered(wanted, query, day, landlord, soon_days)
        wanted = _searched(session, wanted, query.text, day)
        # The page's ids first, then their columns: the planner picks its index for the filters
        # alone, not swayed by the per-row lookups of what is shown.
        ids = list(
            session.scalars(
                wanted.order_by(m.Case.next_due_on, m.Case.id).offset(offset).limit(limit + 1)
            )
        )
        shown = {row[0]: row for row in session.execute(desk_columns(ids[:limit]))}
        rows = [desk_row(session, shown[case_id], day, soon_days) for case_id in ids[:limit]]
        return DeskPage(rows, len(ids) > limit, offset)


def _desk_user(session: Session, actor: Actor, scope: QueueScope) -> m.User:
    """The actor's row, active, in a role that may open `scope`."""
    user = session.get(m.User, actor.id)
    if user is None or not user.active:
        raise PermissionDenied(f"{actor.name} is not an active user, so cannot open a queue.")
    role = Role(user.role)
    if QueueScope(scope) not in desk_scopes(role):
        who = sorted(r.label.lower() for r, scopes in _SCOPES.items() if scope in scopes)
        raise PermissionDenied(
            f"Only {a_or_an(' or '.join(who))} can open {_SCOPE_NAMES[scope]}; you are signed in "
            f"as {a_or_an(role.label.lower())}."
        )
    return user


def _scoped(session: Session, statement: _S, scope: QueueScope, user: m.User) -> _S:
    if scope is QueueScope.MINE:
        return statement.where(m.Case.handler_id == user.id)
    if scope is QueueScope.UNASSIGNED:
        return statement.where(m.Case.handler_id.is_(None))
    if scope is QueueScope.TEAM:
        if not user.team.strip():
            raise RuleViolation(
                f"{user.name} has no team recorded, so there is no team queue; an administrator "
                "records the team."
            )
        team = list(session.scalars(select(m.User.id).where(m.User.team == user.team)))
        return statement.where(m.Case.handler_id.in_(team))
    return statement


def soon_until(today: date, soon_days: int, calendar: WorkingCalendar) -> date:
    """The last day that is 'due soon': the day before the working day after the window, so a
    weekend at its end counts as `deadline_state` counts it."""
    return calendar.add_working_days(today, soon_days + 1) - timedelta(days=1)


def _filtered(
    statement: _S, query: DeskQuery, today: date, calendar: WorkingCalendar, soon_days: int
) -> _S:
    if query.service_area_id is not None:
        statement = statement.where(m.Case.service_area_id == query.service_area_id)
    if query.category_id is not None:
        statement = statement.where(m.Case.category_id == query.category_id)
    if query.vulnerable_only:
        # EXISTS, not a join: SQLite would build a Bloom filter over every resident first.
        statement = statement.where(
            exists().where(m.Resident.id == m.Case.resident_id, m.Resident.vulnerability != "")
        )
    due = m.Case.next_due_on
    wanted = DeadlineFilter(query.deadline)
    if wanted is DeadlineFilter.OVERDUE:
        statement = statement.where(due < today)
    elif wanted is DeadlineFilter.DUE_TODAY:
        statement = statement.where(due == today)
    elif wanted is DeadlineFilter.DUE_SOON:
        statement = statement.where(due > today, due <= soon_until(today, soon_days, calendar))
    elif wanted is DeadlineFilter.ON_TRACK:
        statement = statement.where(due > soon_until(today, soon_days, calendar))
    elif wanted is DeadlineFilter.EXTENDED:
        statement = statement.where(extended_response())
    if query.due_kind is not None:
        statement = statement.where(m.Case.next_due_kind == query.due_kind.value)
    if query.handler_id is not None:
        statement = statement.where(m.Case.handler_id == query.handler_id)
    if query.team is not None:
        team = select(m.User.id).where(m.User.team == query.team)
        statement = statement.where(m.Case.handler_id.in_(team))
    return statement


def _searched(session: Session, statement: _S, text: str, today: date) -> _S:
    """A reference (or its prefix, or number) when some case has it; else the resident's words."""
    by_reference = reference_match(text, today)
    if by_reference is None:
        return statement
    named = select(m.Case.id).where(by_reference).limit(_FEW_REFERENCES + 1)
    found = session.scalar(select(func.count()).select_from(named.subquery())) or 0
    if found > _FEW_REFERENCES:
        return statement.where(by_reference)  # a short prefix: matches are dense in due order
    if found:
        return statement.where(m.Case.id.in_(select(m.Case.id).where(by_reference)))
    words = query_words(text)
    if not words:
        return statement.where(m.Case.id.is_(None))  # nothing a search could find
    plan = word_plan(session, words)
    if plan.narrowest is None:
        return statement.where(*plan.filters(m.Case.resident_id))
    # Few residents have every word: find them first, then their cases.
    residents = select(m.Resident.id).where(*plan.filters(m.Resident.id))
    return statement.where(m.Case.resident_id.in_(residents))


def extended_response() -> ColumnElement[bool]:
    """The current stage's response date was moved: a new due date, or an extension row."""
    deadline = aliased(m.Deadline)
    return exists().where(
        deadline.case_id == m.Case.id,
        deadline.stage == m.Case.stage,
        deadline.kind == DeadlineKind.RESPOND.value,
        or_(
            deadline.due_on != deadline.original_due_on,
            exists().where(m.Extension.deadline_id == deadline.id),
        ),
    )


def desk_columns(ids: list[int]) -> Select[*tuple[Any, ...]]:
    """What a row shows, for the cases of one page."""
    restricted = or_(
        m.Resident.unreasonable,
        exists().where(m.Restriction.resident_id == m.Case.resident_id),
    )
    return (
        select(
            m.Case.id,
            m.Case.reference,
            m.Case.resident_id,
            func.coalesce(func.nullif(m.Resident.name, ""), m.Case.caller_name),
            and_(m.Resident.vulnerability.is_not(None), m.Resident.vulnerability != ""),
            and_(m.Case.resident_id.is_not(None), restricted),
            m.Case.stage,
            m.Case.status,
            m.Case.handler_id,
            m.User.name,
            m.ServiceArea.name,
            m.Category.name,
            m.Case.received_on,
            m.Case.next_due_on,
            m.Case.next_due_kind,
            extended_response(),
            m.Case.version,
            func.substr(m.Case.description, 1, 120),
            m.Case.profile_id,
        )
        .outerjoin(m.Resident, m.Resident.id == m.Case.resident_id)
        .outerjoin(m.User, m.User.id == m.Case.handler_id)
        .outerjoin(m.ServiceArea, m.ServiceArea.id == m.Case.service_area_id)
        .outerjoin(m.Category, m.Category.id == m.Case.category_id)
        .where(m.Case.id.in_(ids))
    )


def desk_row(session: Session, found: Any, today: date, soon_days: int) -> DeskRow:
    (case_id, reference, resident_id, resident_name, vulnerable, restricted, stage, status,
     handler_id, handler_name, area, category, received_on, due_on, due_kind, extended, version,
     summary, profile_id) = found  # fmt: skip
    state = None
    if due_on is not None:
        calendar = calendar_of(profile_named(profile_id), session)
        state = deadline_state(due_on, None, today, calendar, soon_days, kind=due_kind)
    return DeskRow(
        id=case_id,
        reference=reference,
        resident_name=resident_name or "",
        vulnerable=bool(vulnerable),
        restricted=bool(restricted),
        stage=stage,
        status=CaseStatus(status),
        handler_id=handler_id,
        handler_name=handler_name or "",
        service_area=area or "",
        category=category or "",
        received_on=received_on,
        next_due_on=due_on,
        next_due_kind=due_kind,
        state=state,
        extended=bool(extended),
        version=version,
        summary=summary or "",
        resident_id=resident_id,
    )
