"""Opening a command on one case: the clock, the case at the version the user saw, the
permission check, the audit event and the case handed back, so each case service is the rule
it applies and little else."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.roles import Role
from complaints_tui.services._core import (
    Command,
    load_case,
    require_actor,
    touch,
    unit_of_work,
    utc_now,
)
from complaints_tui.services.cases.case_view import build_detail
from complaints_tui.services.cases.casework import rules_for, summary_of_case
from complaints_tui.services.cases.types import CaseDetail, CaseSummary
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

# Who may act on this case (checked once the case is loaded): returns the actor's row.
CaseGuard = Callable[[Session, Actor, m.Case, str], m.User]


@dataclass
class CaseCommand(Command):
    case: m.Case
    routing: str = ""  # what routing did, said on the CaseDetail the command hands back

    def rules(self) -> tuple[PolicyProfile, WorkingCalendar]:
        return rules_for(self.case)

    @property
    def case_id(self) -> int | None:
        return self.case.id  # its events are about this case unless another is named

    def saved(self) -> None:
        """The case's version moves on (someone else's older copy now conflicts)."""
        touch(self.case, self.at)
        self.session.flush()

    def finish(self) -> CaseDetail:
        self.saved()
        detail = build_detail(self.session, self.case, self.today)
        return replace(detail, routing=self.routing) if self.routing else detail

    def finish_summary(self) -> CaseSummary:
        self.saved()
        return summary_of_case(self.session, self.case)


def begin_case_command(
    session: Session,
    actor: Actor,
    case_id: int,
    expected_version: int | None,
    at: datetime,
    doing: str,
    who: CaseGuard | Iterable[Role],
) -> CaseCommand:
    """A case command inside a transaction already open. `who` is either the roles that may
    do it (checked before the case is read) or a guard that needs the case (its handler, its
    stage) and returns the actor's row."""
    if callable(who):
        case = load_case(session, case_id, expected_version)
        return CaseCommand(session, actor, who(session, actor, case, doing), at, case)
    user = require_actor(session, actor, who, doing)
    return CaseCommand(session, actor, user, at, load_case(session, case_id, expected_version))


@contextmanager
def case_command(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int | None,
    doing: str,
    who: CaseGuard | Iterable[Role],
    *,
    now: datetime | None = None,
) -> Iterator[CaseCommand]:
    """One transaction on one case, at the version the user saw (`ConflictError` if it moved)."""
    at = utc_now(now)
    with unit_of_work(store) as session:
        yield begin_case_command(session, actor, case_id, expected_version, at, doing, who)
