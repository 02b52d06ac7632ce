"""What every service shares: the unit of work, the actor check, the audit event, the clock,
profile lookup, loading a case at the version the user saw, and the text rule on every save."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, String, Text, event, inspect, select
from sqlalchemy.exc import DataError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from complaints_tui.domain.calendar import WorkingCalendar, calendar_for, calendar_for_profile
from complaints_tui.domain.kinds import CaseStatus, ContactKind
from complaints_tui.domain.policy import DEFAULT_PROFILE, PolicyError, PolicyProfile, load_profile
from complaints_tui.domain.roles import Role
from complaints_tui.domain.text import TextFault, text_fault
from complaints_tui.locations import policies_dir
from complaints_tui.services.errors import ConflictError, NotFound, PermissionDenied, RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import audit_chain
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

UK = ZoneInfo("Europe/London")
LANDLORD_PROFILE_KEY = "landlord_profile"
# A fresh token whenever the office's closure days change (close or reopen, any terminal): a
# terminal reads it with the case and reads the closure days again only when it moved.
CLOSURES_VERSION_KEY = "calendar.closures_version"

EVERYONE = frozenset(Role)
CASE_WORKERS = frozenset(
    {Role.INVESTIGATING_MANAGER, Role.SERVICE_DIRECTOR, Role.TEAM_LEAD, Role.ADMIN}
)
SUPERVISORS = frozenset({Role.TEAM_LEAD, Role.ADMIN})


def utc_now(now: datetime | None = None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("`now` must be timezone-aware")
    return now.astimezone(UTC)


def uk_date(moment: datetime) -> date:
    """The date in England of an aware timestamp (a call at 00:30 BST is that day's)."""
    return moment.astimezone(UK).date()


@contextmanager
def unit_of_work(store: Store) -> Iterator[Session]:
    """One transaction; a save that lost an optimistic-lock race becomes `ConflictError`.

    Every unit of work writes, so on SQLite it takes the write lock first (`write_lock`): a
    transaction that read and then found, on writing, that another terminal wrote in between
    would be refused at once with "database is locked" (SQLite's busy timeout cannot wait
    that out); taken up front, the lock is waited for instead, and asked for again past the
    busy timeout. PostgreSQL takes row locks as it goes (the reference counter, the case)."""
    try:
        with store.transaction(write_lock=True) as session:
            event.listen(session, "before_flush", _check_text_before_flush)
            yield session
    except StaleDataError as error:
        raise ConflictError(
            "Someone else saved this case at the same moment; nothing of yours was saved. "
            "Reload the case and try again."
        ) from error
    except DataError as error:
        if "NUL" not in str(error.orig):
            raise
        # Text looked up before it is saved (a reference) meets PostgreSQL before the text rule.
        raise RuleViolation(
            "Text cannot hold a NUL character (\\x00): take it out; nothing was saved."
        ) from error


def require_actor(session: Session, actor: Actor, allowed: Iterable[Role], doing: str) -> m.User:
    """The actor's current row, checked active and in one of the allowed roles."""
    user = session.get(m.User, actor.id)
    if user is None or not user.active:
        raise PermissionDenied(f"{actor.name} is not an active user, so cannot {doing}.")
    role = Role(user.role)
    allowed_roles = frozenset(allowed)
    if role not in allowed_roles:
        who = " or ".join(sorted(r.label.lower() for r in allowed_roles))
        raise PermissionDenied(
            f"Only {a_or_an(who)} can {doing}; you are signed in as {a_or_an(role.label.lower())}."
        )
    return user


@dataclass
class Command:
    """One user action in its transaction: the clock, the checked actor and the audit trail."""

    session: Session
    actor: Actor
    user: m.User  # the actor's row, checked active and allowed
    at: datetime

    @property
    def today(self) -> date:
        return uk_date(self.at)

    @property
    def case_id(self) -> int | None:
        """The case its events are about when none is named (a case command's own)."""
        return None

    def on(self, day: date | None, what: str | None = None) -> date:
        """The date given, or today in England; with `what`, a future date is refused."""
        chosen = day if day is not None else self.today
        if what is not None:
            not_in_future(chosen, self.at, what)
        return chosen

    def audit(
        self,
        action: str,
        *,
        case_id: int | None = None,
        resident_id: int | None = None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        context: Mapping[str, Any] | None = None,
    ) -> None:
        audit(
            self.session,
            self.actor.id,
            action,
            self.at,
            case_id=case_id if case_id is not None else self.case_id,
            resident_id=resident_id,
            before=before,
            after=after,
            context=context,
        )


@contextmanager
def command(
    store: Store, actor: Actor, allowed: Iterable[Role], doing: str, now: datetime | None = None
) -> Iterator[Command]:
    """Open a user action: its clock, one transaction, and the actor checked for `doing`."""
    at = utc_now(now)
    with unit_of_work(store) as session:
        yield Command(session, actor, require_actor(session, actor, allowed, doing), at)


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def a_or_an(noun: str) -> str:
    """'an administrator', 'a team lead'."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def jsonable(value: Any) -> Any:
    if type(value) in _JSON_SCALARS:
        return value  # most values, settled before the slower checks (an import makes millions)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def snapshot(row: Any, fields: Iterable[str]) -> dict[str, Any]:
    return {name: jsonable(getattr(row, name)) for name in fields}


def audit(
    session: Session,
    actor_id: int | None,
    action: str,
    at: datetime,
    *,
    case_id: int | None = None,
    resident_id: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> None:
    """Append the event; only the fields that changed are kept in before/after. `context` goes
    into `after` whether it changed or not: what the change was about (e.g. which stage)."""
    old = jsonable(dict(before or {}))
    new = jsonable(dict(after or {}))
    if old and new:
        changed = {key for key in set(old) | set(new) if old.get(key) != new.get(key)}
        old = {key: value for key, value in old.items() if key in changed}
        new = {key: value for key, value in new.items() if key in changed}
    new |= jsonable(dict(context or {}))
    row: dict[str, Any] = {
        "case_id": case_id,
        "resident_id": resident_id,
        "actor_id": actor_id,
        "at": at,
        "action": action,
        "before": old or None,
        "after": new or None,
    }
    # Chained after the last event (locked for this transaction): id, prev_hash and hashes.
    connection = session.connection()
    found = session.info.get(_CHAIN_KEY)
    # Read again whenever the innermost transaction changed: a savepoint rolled back takes its
    # events and its move of the head with it.
    transaction = session.get_nested_transaction() or session.get_transaction()
    if found is None or found[0] is not transaction:
        found = session.info[_CHAIN_KEY] = (transaction, audit_chain.lock_head(connection))
    head = found[1]
    head.link(row)
    session.add(m.Event(**row))
    audit_chain.save_head(connection, head)


_CHAIN_KEY = "audit_chain_head"


@cache
def profile_named(profile_id: str) -> PolicyProfile:
    try:
        return load_profile(profile_id, policies_dir())
    except PolicyError as error:
        raise RuleViolation(f"The policy profile cannot be used: {error}") from error


def calendar_of(profile: PolicyProfile, session: Session) -> WorkingCalendar:
    """The working calendar for a profile's deadlines. The office's closure days (the database's,
    beside any in the profile file) count only where the profile stops the clock for them; the
    statutory Code does not, and then the database is not even asked."""
    if not profile.closure_days_stop_clock:
        return calendar_for_profile(profile)
    return calendar_for({**profile.closure_dates(), **office_closures(session)})


# Closure days as read for a version token; tokens are never reused, so an entry never goes stale.
_CLOSURE_SETS: dict[str, Mapping[date, str]] = {}
_CLOSURE_SETS_KEPT = 8


def closures_version(session: Session) -> str | None:
    row = session.get(m.Setting, CLOSURES_VERSION_KEY)
    return row.value if row is not None else None


def office_closures(session: Session) -> Mapping[date, str]:
    """The office closure days recorded in the database, day -> reason. One primary-key read of
    the version token (once per session: the identity map keeps it); the days themselves are read
    only when the token is new to this process, so another terminal's change is seen at once."""
    version = closures_version(session)
    if version is None:
        return {}
    found = _CLOSURE_SETS.get(version)
    if found is None:
        # Read after the token: a change committed in between is kept under the older token,
        # which is never current again, and the next read sees the newer token.
        found = {row.day: row.reason for row in session.scalars(select(m.ClosureDay))}
        if len(_CLOSURE_SETS) >= _CLOSURE_SETS_KEPT:
            _CLOSURE_SETS.pop(next(iter(_CLOSURE_SETS)))
        _CLOSURE_SETS[version] = found
    return found


def landlord_profile_id(session: Session) -> str:
    setting = session.get(m.Setting, LANDLORD_PROFILE_KEY)
    return setting.value if setting is not None else DEFAULT_PROFILE


def load_case(session: Session, case_id: int, expected_version: int | None) -> m.Case:
    """The case, locked for update where the database can, at the version the user saw."""
    case = session.scalars(
        select(m.Case).where(m.Case.id == case_id).with_for_update()
    ).one_or_none()
    if case is None:
        raise NotFound(f"There is no case with id {case_id}.")
    if expected_version is not None and case.version != expected_version:
        raise ConflictError(
            f"Case {case.reference} was changed by someone else since you opened it; nothing "
            "of yours was saved. Reload the case to see their change, then try again."
        )
    return case


def touch(case: m.Case, at: datetime) -> None:
    """Move the case's version on (and its timestamp), even when only a child row changed."""
    case.updated_at = at
    case.version = case.version + 1


def user_name(session: Session, user_id: int | None, cache_: dict[int, str] | None = None) -> str:
    if user_id is None:
        return ""
    if cache_ is not None and user_id in cache_:
        return cache_[user_id]
    user = session.get(m.User, user_id)
    name = user.name if user is not None else f"user {user_id}"
    if cache_ is not None:
        cache_[user_id] = name
    return name


def parse_on(on: date | None, now: datetime) -> date:
    return on if on is not None else uk_date(now)


def not_in_future(day: date, now: datetime, what: str) -> None:
    if day > uk_date(now):
        raise RuleViolation(f"The {what} date {day:%d %B %Y} is in the future.")


def need_text(value: str, what: str) -> str:
    """The text typed, stripped: refused when empty, and at once (before a service looks it up:
    PostgreSQL cannot even be asked about a NUL) when it holds a character no field may hold."""
    text = value.strip()
    if not text:
        raise RuleViolation(f"Record {what}.")
    fault = text_fault(text, multiline=True)
    if fault is not None:
        raise RuleViolation(f"{what[0].upper()}{what[1:]} {fault}.")
    return text


def text_fault_in(column: ColumnElement[Any] | None, value: str) -> TextFault | None:
    """Why `value` cannot be stored in `column`: a character the text rule refuses (line breaks
    and tabs only where the column takes several lines, a `Text`), or more than it holds. With
    no column (a date or a choice on its way in), the one-line rule alone."""
    if column is None or not isinstance(column.type, String):
        return text_fault(value)
    multiline = isinstance(column.type, Text)
    return text_fault(value, limit=column.type.length, multiline=multiline)


def check_text(row: m.Base, labels: Mapping[str, str] | None = None) -> None:
    """Refuse, in a sentence naming the field, text that breaks the text rule or is longer than
    its column holds (PostgreSQL would otherwise fail the whole save with a bare DataError, and
    SQLite would keep it). `labels` names the fields the user typed, e.g. {"name": "the
    resident's name"}; others are named after the table ("the service area's name")."""
    _refuse_text(row, [column.key for column in row.__table__.columns], labels or {})


# The earlier name, which callers still use; it checks every text column now, not just lengths.
check_lengths = check_text


def _refuse_text(row: m.Base, keys: Iterable[str], labels: Mapping[str, str]) -> None:
    columns = row.__table__.columns
    for key in keys:
        value = getattr(row, key, None)
        if not isinstance(value, str) or key not in columns:
            continue
        fault = text_fault_in(columns[key], value)
        if fault is not None:
            what = labels.get(key) or f"the {_entity(row)}'s {key.replace('_', ' ')}"
            raise RuleViolation(f"{what[0].upper()}{what[1:]} {fault}.")


def _entity(row: m.Base) -> str:
    """`ServiceArea` -> "service area"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", type(row).__name__).lower()


def _check_text_before_flush(session: Session, _context: object, _instances: object) -> None:
    """Every row a service adds, and every text a service changes, keeps the text rule: the one
    check that every form (people, contacts, cases, service areas, users) goes through."""
    for row in session.new:
        check_text(row)
    for row in session.dirty:
        state = inspect(row)
        _refuse_text(row, [a.key for a in state.attrs if a.history.added], {})


def column_limits(model: type[m.Base], fields: Iterable[str]) -> dict[str, int]:
    """The length each named text column of a model holds, from the model itself."""
    columns = model.__table__.columns
    lengths = {name: getattr(columns[name].type, "length", None) for name in fields}
    return {name: length for name, length in lengths.items() if isinstance(length, int)}


def status_after_triage(kind: ContactKind, accepted: bool) -> CaseStatus:
    """A new contact's status: a non-complaint is only logged, a refused complaint is not
    accepted, an accepted one waits at stage 0."""
    if kind is not ContactKind.COMPLAINT:
        return CaseStatus.LOGGED
    return CaseStatus.OPEN if accepted else CaseStatus.NOT_ACCEPTED
