"""Who may read the learning and statutory reports, and the clock-free helpers they share."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from complaints_tui.domain.roles import Role
from complaints_tui.services._core import a_or_an
from complaints_tui.services.errors import PermissionDenied
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m

Progress = Callable[[str, int, int], None]  # (what is being counted, steps done, steps in all)

REPORT_ROLES = frozenset({Role.TEAM_LEAD, Role.SERVICE_DIRECTOR, Role.ADMIN})
_UK = ZoneInfo("Europe/London")


def require_report_reader(session: Session, actor: Actor | None) -> None:
    """A team lead, service director or administrator, active. `None` is the command line, run
    by whoever holds the database (as `report tsm` and `export` are)."""
    if actor is None:
        return
    user = session.get(m.User, actor.id)
    if user is None or not user.active:
        raise PermissionDenied(f"{actor.name} is not an active user, so cannot read reports.")
    role = Role(user.role)
    if role not in REPORT_ROLES:
        raise PermissionDenied(
            "Only a complaints team lead, a service director or an administrator can read the "
            f"complaints reports; you are signed in as {a_or_an(role.label.lower())}."
        )


def uk_day_bounds(period_from: date, period_to: date) -> tuple[datetime, datetime]:
    """The period's first moment and the moment after its last, in England, as aware times."""
    start = datetime.combine(period_from, time(), tzinfo=_UK)
    end = datetime.combine(period_to + timedelta(days=1), time(), tzinfo=_UK)
    return start, end


class Steps:
    """Calls `progress` as each named step of a report starts, and once at the end."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._total = total
        self._done = 0
        self._lock = threading.Lock()  # sections may be read by several workers at once

    def __call__(self, what: str) -> None:
        with self._lock:
            done = self._done
            self._done += 1
        if self._progress is not None:
            self._progress(what, done, self._total)

    def finish(self) -> None:
        if self._progress is not None:
            self._progress("done", self._total, self._total)
