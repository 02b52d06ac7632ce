"""Shared settings that are numbers the whole office works to (kept in the database, so every
terminal counts the same): how many working days ahead "due soon" looks."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from complaints_tui.domain.deadlines import DUE_SOON_DAYS
from complaints_tui.domain.roles import Role
from complaints_tui.services._core import SUPERVISORS, command
from complaints_tui.services.errors import RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

DUE_SOON_KEY = "deadlines.due_soon_days"
DUE_SOON_RANGE = range(0, 21)  # 0: nothing is "soon"; 20 working days is four weeks
_SETTERS: frozenset[Role] = SUPERVISORS


def read_number(session: Session, key: str, default: int, allowed: range) -> int:
    """A whole-number setting: the stored value, or `default` when there is none or it was
    hand-edited into nonsense (a default, never a crash)."""
    row = session.get(m.Setting, key)
    if row is None:
        return default
    try:
        value = int(row.value)
    except ValueError:
        return default
    return value if value in allowed else default


def store_number(session: Session, key: str, value: int) -> None:
    """Keep a whole-number setting (the caller checked it, and audits the change)."""
    row = session.get(m.Setting, key)
    if row is None:
        session.add(m.Setting(key=key, value=str(value)))
    else:
        row.value = str(value)


def read_due_soon_days(session: Session) -> int:
    return read_number(session, DUE_SOON_KEY, DUE_SOON_DAYS, DUE_SOON_RANGE)


def due_soon_days(store: Store) -> int:
    """How many working days after today still count as "due soon" (default 3)."""
    with store.reading() as session:
        return read_due_soon_days(session)


def set_due_soon_days(store: Store, actor: Actor, days: int, *, now: datetime | None = None) -> int:
    """Change the due-soon window for every terminal (team lead or administrator); audited."""
    if days not in DUE_SOON_RANGE:
        raise RuleViolation(
            f"Due soon must be {DUE_SOON_RANGE.start} to {DUE_SOON_RANGE.stop - 1} working "
            f"days, not {days}."
        )
    with command(store, actor, _SETTERS, "change when a deadline counts as due soon", now) as cmd:
        before = read_due_soon_days(cmd.session)
        store_number(cmd.session, DUE_SOON_KEY, days)
        cmd.audit(
            "setting_changed",
            before={DUE_SOON_KEY: before},
            after={DUE_SOON_KEY: days},
        )
    return days
