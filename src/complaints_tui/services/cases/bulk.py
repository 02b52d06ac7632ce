"""Re-assigning many cases in one action (the dashboard's queue, cases marked with Space): one
transaction, one audit event per case, each case at the version the team lead saw. A case that
moved meanwhile, or that the profile will not let that handler take, is left as it is and said
why; the others still move."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from complaints_tui.services._core import SUPERVISORS, require_actor, unit_of_work, utc_now
from complaints_tui.services.cases.command import begin_case_command
from complaints_tui.services.cases.stages import give_case, require_assigner
from complaints_tui.services.errors import ConflictError, NotFound, RuleViolation, ServiceError
from complaints_tui.services.people.types import Actor
from complaints_tui.services.queues.types import Reassigned
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store


def reassign_cases(
    store: Store,
    actor: Actor,
    cases: Sequence[tuple[int, int]],
    handler_id: int,
    *,
    now: datetime | None = None,
) -> Reassigned:
    """Give each case (id, the version the user saw) to the handler. A team lead re-assigns;
    an administrator may only give unassigned cases their first handler."""
    if not cases:
        raise RuleViolation("Mark the cases to re-assign first (Space), or highlight one.")
    at = utc_now(now)
    moved: list[str] = []
    left: list[tuple[str, str]] = []
    with unit_of_work(store) as session:
        require_actor(session, actor, SUPERVISORS, "re-assign cases")
        handler = session.get(m.User, handler_id)
        if handler is None:
            raise NotFound(f"There is no user with id {handler_id}.")
        for case_id, version in cases:
            row = session.get(m.Case, case_id)
            name = row.reference if row is not None else f"case {case_id}"
            if row is not None and row.handler_id == handler_id:
                left.append((name, f"{handler.name} handles it already."))
                continue
            try:
                with session.begin_nested():
                    cmd = begin_case_command(
                        session, actor, case_id, version, at, "assign cases", require_assigner
                    )
                    give_case(cmd, handler_id)
                    cmd.saved()
            except ConflictError:
                left.append((name, "someone changed it since the list was read; look again."))
            except ServiceError as error:
                left.append((name, error.user_sentence))
            else:
                moved.append(name)
        return Reassigned(handler.name, moved, left)
