"""Office closure days (a Christmas shut-down): recorded once in the database for every terminal,
by an administrator. They stop the clock only under a profile whose `closure_days_stop_clock` is
true (SPEC §5); the statutory Code counts them as working days, so there recording one moves
nothing and the administrator is told so. Where one does move deadlines, every open case whose
deadlines' counting runs over the day is worked out again, with an event each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from complaints_tui.domain.calendar import FIRST_YEAR, LAST_YEAR, calendar_for
from complaints_tui.domain.deadlines import describe_date
from complaints_tui.domain.kinds import CaseStatus
from complaints_tui.domain.policy import DEFAULT_PROFILE, PolicyProfile
from complaints_tui.domain.roles import Role
from complaints_tui.services._core import (
    CLOSURES_VERSION_KEY,
    Command,
    command,
    landlord_profile_id,
    need_text,
    profile_named,
    touch,
    user_name,
)
from complaints_tui.services.cases.casework import sync_deadlines
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

CODE_WARNING = (
    "The Housing Ombudsman's Code counts office closure days as working days: recording one "
    "does not move any deadline."
)
_ADMIN = frozenset({Role.ADMIN})
# A case whose deadlines may still move: waiting for the landlord, or answered and within the
# resident's window to escalate.
_LIVE = (CaseStatus.OPEN.value, CaseStatus.RESPONDED.value)


@dataclass(frozen=True)
class ClosureInfo:
    day: date
    reason: str
    closed_by: str
    closed_at: datetime


@dataclass(frozen=True)
class ClosureChange:
    """What closing or reopening a day did: how many open cases' deadlines moved (and which),
    and, where the landlord's profile counts closure days as working days, the warning."""

    day: date
    reason: str
    closed: bool  # True: recorded as closed; False: reopened
    recomputed: int
    references: tuple[str, ...]
    warning: str | None

    def sentences(self) -> list[str]:
        """What to tell the administrator, a sentence a line."""
        done = "recorded as an office closure day" if self.closed else "a working day again"
        lines = [f"{describe_date(self.day)} is {done} ({self.reason})."]
        if self.warning is not None:
            lines.append(self.warning)
        if self.recomputed or self.warning is None:
            cases = "case" if self.recomputed == 1 else "cases"
            under = " under a profile that stops the clock for it" if self.warning else ""
            lines.append(f"Deadlines recomputed on {self.recomputed} open {cases}{under}.")
        return lines


def closure_warning(profile: PolicyProfile) -> str | None:
    """The sentence an administrator sees before (and after) recording a closure day under this
    profile, or None where closure days stop the clock."""
    if profile.closure_days_stop_clock:
        return None
    if profile.id == DEFAULT_PROFILE:
        return CODE_WARNING
    return (
        f"The {profile.name} profile counts office closure days as working days: recording one "
        "does not move any deadline."
    )


def landlord_closure_warning(store: Store) -> str | None:
    """`closure_warning` for the landlord's profile (a screen shows it before asking)."""
    with store.reading() as session:
        return closure_warning(profile_named(landlord_profile_id(session)))


def list_closures(store: Store) -> list[ClosureInfo]:
    """The office closure days in the database, earliest first."""
    with store.reading() as session:
        names: dict[int, str] = {}
        return [
            ClosureInfo(
                row.day, row.reason, user_name(session, row.closed_by_id, names), row.closed_at
            )
            for row in session.scalars(select(m.ClosureDay).order_by(m.ClosureDay.day))
        ]


def _check_day(day: date) -> None:
    if not date(FIRST_YEAR, 1, 1) <= day <= date(LAST_YEAR, 12, 31):
        raise RuleViolation(
            f"{day.isoformat()} is outside {FIRST_YEAR} to {LAST_YEAR}, the years the working-day "
            "calendar is built for."
        )


def close_day(
    store: Store, actor: Actor, day: date, reason: str, *, now: datetime | None = None
) -> ClosureChange:
    """Record `day` as an office closure day (administrator); a weekend or bank holiday is
    refused, as is a day already closed. Returns how many open cases' deadlines moved."""
    _check_day(day)
    why = need_text(reason, "why the office is closed")
    with command(store, actor, _ADMIN, "record an office closure day", now) as cmd:
        session = cmd.session
        existing = session.get(m.ClosureDay, day)
        if existing is not None:
            raise RuleViolation(
                f"{describe_date(day)} is already recorded as an office closure day "
                f"({existing.reason})."
            )
        not_working = calendar_for().non_working_reason(day)
        if not_working is not None:
            raise RuleViolation(
                f"{describe_date(day)} is not a working day anyway ({not_working}), so there is "
                "nothing to close."
            )
        session.add(m.ClosureDay(day=day, reason=why, closed_by_id=actor.id, closed_at=cmd.at))
        return _changed(cmd, day, why, closed=True)


def reopen_day(
    store: Store, actor: Actor, day: date, *, now: datetime | None = None
) -> ClosureChange:
    """Take `day` off the office closure days (administrator): it is a working day again, and
    the deadlines it had moved move back."""
    with command(store, actor, _ADMIN, "reopen an office closure day", now) as cmd:
        session = cmd.session
        row = session.get(m.ClosureDay, day)
        if row is None:
            raise NotFound(f"{describe_date(day)} is not recorded as an office closure day.")
        why = row.reason
        session.delete(row)
        return _changed(cmd, day, why, closed=False)


def _changed(cmd: Command, day: date, reason: str, *, closed: bool) -> ClosureChange:
    """After the closure row is added or removed: a new version for every terminal, the audit
    event, and the deadlines that depend on the day worked out again."""
    session = cmd.session
    _bump_version(session)
    session.flush()
    moved = _recompute(cmd, day, reason, closed=closed)
    cmd.audit(
        "closure_day_added" if closed else "closure_day_removed",
        before=None if closed else {"day": day, "reason": reason},
        after={"day": day, "reason": reason} if closed else None,
        context={"cases_recomputed": len(moved)},
    )
    warning = closure_warning(profile_named(landlord_profile_id(session)))
    return ClosureChange(day, reason, closed, len(moved), tuple(moved), warning)


def _bump_version(session: Session) -> None:
    token = uuid.uuid4().hex
    row = session.get(m.Setting, CLOSURES_VERSION_KEY)
    if row is None:
        session.add(m.Setting(key=CLOSURES_VERSION_KEY, value=token))
    else:
        row.value = token


def _stops_clock(profile_id: str) -> bool:
    try:
        return profile_named(profile_id).closure_days_stop_clock
    except RuleViolation:
        return False  # a profile that cannot be loaded: its cases cannot be worked out at all


def _due_dates(session: Session, case: m.Case) -> dict[str, object]:
    found: dict[str, object] = {
        f"stage_{d.stage}_{d.kind}_due": d.due_on
        for d in session.scalars(select(m.Deadline).where(m.Deadline.case_id == case.id))
    }
    found["next_due_on"] = case.next_due_on
    return found


def _recompute(cmd: Command, day: date, reason: str, *, closed: bool) -> list[str]:
    """Work out again the deadlines of every live case, under a profile that stops the clock,
    whose counting could run over `day` (received by then, something due on or after it);
    returns the references of those whose dates moved, each with an event."""
    session = cmd.session
    profiles = session.scalars(
        select(m.Case.profile_id).where(m.Case.status.in_(_LIVE)).distinct()
    ).all()
    stopping = [profile_id for profile_id in profiles if _stops_clock(profile_id)]
    if not stopping:
        return []
    due_after = exists(
        select(m.Deadline.id).where(m.Deadline.case_id == m.Case.id, m.Deadline.due_on >= day)
    )
    cases = session.scalars(
        select(m.Case)
        .where(
            m.Case.status.in_(_LIVE),
            m.Case.profile_id.in_(stopping),
            m.Case.received_on <= day,
            or_(m.Case.next_due_on >= day, due_after),
        )
        .order_by(m.Case.id)
        .with_for_update()
    ).all()
    moved: list[str] = []
    for case in cases:
        before = _due_dates(session, case)
        sync_deadlines(session, case)
        session.flush()
        after = _due_dates(session, case)
        if before == after:
            continue
        touch(case, cmd.at)
        cmd.audit(
            "deadlines_recomputed",
            case_id=case.id,
            before=before,
            after=after,
            context={
                "closure_day": day,
                "closure": "closed" if closed else "reopened",
                "reason": reason,
            },
        )
        moved.append(case.reference)
    return moved
