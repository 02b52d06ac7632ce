"""Open cases left with someone who has been deactivated: a team lead gives them to someone
else (`reassign_cases`), soonest due first."""

from __future__ import annotations

from sqlalchemy import select

from complaints_tui.domain.kinds import CaseStatus
from complaints_tui.services._core import SUPERVISORS, require_actor
from complaints_tui.services.people.types import Actor, ReassignLine
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

# A case still needs its handler while a stage waits for an answer, and once answered (closing
# it, or its outstanding actions).
_STILL_HANDLED = (CaseStatus.OPEN.value, CaseStatus.RESPONDED.value)


def cases_to_reassign(store: Store, actor: Actor) -> list[ReassignLine]:
    """Team lead or administrator: each open or answered case whose handler is inactive, with
    its stage, the handler's name and what is next due (no date last)."""
    with store.reading() as session:
        require_actor(session, actor, SUPERVISORS, "see the cases to re-assign")
        rows = session.execute(
            select(m.Case, m.User.name)
            .join(m.User, m.User.id == m.Case.handler_id)
            .where(m.User.active.is_(False), m.Case.status.in_(_STILL_HANDLED))
            .order_by(m.Case.next_due_on.is_(None), m.Case.next_due_on, m.Case.reference)
        )
        return [
            ReassignLine(
                case_id=case.id,
                reference=case.reference,
                stage=case.stage,
                status=CaseStatus(case.status),
                handler_id=case.handler_id or 0,
                handler_name=name,
                next_due_on=case.next_due_on,
                next_due_kind=case.next_due_kind,
                version=case.version,
            )
            for case, name in rows
        ]
