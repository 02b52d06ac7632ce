"""Shared by the case services: who may work a case, who may handle a stage, the stored
deadlines (recomputed from the stage dates whenever they change) and the case as DTOs."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.deadlines import DeadlineKind, StageEvents, stage_deadlines
from complaints_tui.domain.kinds import Channel, ContactKind
from complaints_tui.domain.policy import HandlerRule, PolicyProfile
from complaints_tui.services._core import (
    CASE_WORKERS,
    SUPERVISORS,
    calendar_of,
    profile_named,
    require_actor,
    user_name,
)
from complaints_tui.services.dto import Actor, CaseStatus, CaseSummary, Role
from complaints_tui.services.errors import PermissionDenied, RuleViolation
from complaints_tui.store import models as m

LANDLORD_DUTIES = (DeadlineKind.ACKNOWLEDGE.value, DeadlineKind.RESPOND.value)


def rules_for(case: m.Case) -> tuple[PolicyProfile, WorkingCalendar]:
    profile = profile_named(case.profile_id)
    return profile, calendar_of(profile)


def stages_of(session: Session, case_id: int) -> list[m.CaseStage]:
    return list(
        session.scalars(
            select(m.CaseStage).where(m.CaseStage.case_id == case_id).order_by(m.CaseStage.stage)
        )
    )


def current_stage(session: Session, case: m.Case) -> m.CaseStage:
    for row in stages_of(session, case.id):
        if row.stage == case.stage:
            return row
    raise RuleViolation(f"Case {case.reference} has not reached a formal stage yet; open stage 1.")


def require_case_worker(session: Session, actor: Actor, case: m.Case, doing: str) -> m.User:
    """Investigating managers and directors work their own cases; team leads and admins any."""
    user = require_actor(session, actor, CASE_WORKERS, doing)
    if Role(user.role) in SUPERVISORS or case.handler_id == user.id:
        return user
    if case.handler_id is None:
        raise PermissionDenied(
            f"Case {case.reference} is not assigned to anyone yet; a team lead assigns it before "
            f"anyone can {doing}."
        )
    raise PermissionDenied(
        f"Case {case.reference} is handled by {user_name(session, case.handler_id)}; only its "
        f"handler or a team lead can {doing}."
    )


def require_status(case: m.Case, *allowed: CaseStatus, doing: str) -> None:
    if CaseStatus(case.status) not in allowed:
        raise RuleViolation(
            f"Case {case.reference} is {CaseStatus(case.status).value.replace('_', ' ')}, so you "
            f"cannot {doing}."
        )


def _involved_before(session: Session, case: m.Case, stage: int, user_id: int) -> bool:
    """Did the user act on the case before the resident asked for `stage`?"""
    cutoff: int | None = None
    for event in session.scalars(
        select(m.Event)
        .where(m.Event.case_id == case.id, m.Event.action == "escalation_requested")
        .order_by(m.Event.id)
    ):
        if (event.after or {}).get("stage") == stage:
            cutoff = event.id
            break
    query = select(m.Event.id).where(m.Event.case_id == case.id, m.Event.actor_id == user_id)
    if cutoff is not None:
        query = query.where(m.Event.id < cutoff)
    return session.scalar(query.limit(1)) is not None


def check_handler(
    session: Session, case: m.Case, profile: PolicyProfile, stage: int, candidate: m.User
) -> None:
    """Refuse a handler the profile's rule for `stage` does not allow (SPEC §4)."""
    if not candidate.active:
        raise RuleViolation(f"{candidate.name} is not an active user.")
    if Role(candidate.role) not in CASE_WORKERS:
        raise RuleViolation(
            f"{candidate.name} is a {Role(candidate.role).label.lower()}; complaints are handled "
            "by investigating managers, service directors or team leads."
        )
    if stage < 2:
        return
    rule = profile.stage(stage)
    earlier = [row for row in stages_of(session, case.id) if row.stage < stage]
    handled = {row.handler_id for row in earlier if row.handler_id is not None}
    previous = next((row for row in reversed(earlier) if row.handler_id is not None), None)
    who = f"the stage {stage} handler under {profile.name}"
    if rule.handler is HandlerRule.ANY:
        return
    if candidate.id in handled:
        raise RuleViolation(
            f"{candidate.name} handled an earlier stage of {case.reference}, so cannot be {who}: "
            f"{rule.handler_description or 'choose someone else.'}"
        )
    if rule.handler is HandlerRule.NOT_PREVIOUS_HANDLER:
        return
    if rule.handler is HandlerRule.LINE_MANAGER_OF_PREVIOUS:
        manager_id = None
        if previous is not None and previous.handler_id is not None:
            earlier_handler = session.get(m.User, previous.handler_id)
            manager_id = earlier_handler.line_manager_id if earlier_handler else None
        if manager_id is not None and candidate.id != manager_id:
            raise RuleViolation(
                f"Under {profile.name} the review is done by the line manager of the "
                f"investigating manager, {user_name(session, manager_id)}; not {candidate.name}."
            )
        if manager_id is None and Role(candidate.role) is not Role.SERVICE_DIRECTOR:
            raise RuleViolation(
                f"The investigating manager has no line manager recorded, so {who} must be a "
                f"service director; {candidate.name} is not."
            )
        return
    # Senior not involved (Derwent stage 2) and the chief executive's panel (Derwent stage 3).
    if Role(candidate.role) is not Role.SERVICE_DIRECTOR:
        raise RuleViolation(
            f"{who.capitalize()} must be a head of service or director; {candidate.name} is a "
            f"{Role(candidate.role).label.lower()}."
        )
    if _involved_before(session, case, stage, candidate.id):
        raise RuleViolation(
            f"{candidate.name} has been involved in {case.reference} before, so cannot be {who}: "
            "it needs a head of service or director not previously involved."
        )


def extended_to(session: Session, deadline: m.Deadline | None) -> date | None:
    if deadline is None:
        return None
    latest = session.scalar(
        select(m.Extension.new_due_on)
        .where(m.Extension.deadline_id == deadline.id)
        .order_by(m.Extension.id.desc())
        .limit(1)
    )
    if latest is not None:
        return latest
    return deadline.due_on if deadline.due_on != deadline.original_due_on else None


def sync_deadlines(session: Session, case: m.Case) -> None:
    """Recompute every stage's stored deadlines from its dates, then the case's next due."""
    profile, calendar = rules_for(case)
    rows = stages_of(session, case.id)
    stored = {
        (d.stage, d.kind): d
        for d in session.scalars(select(m.Deadline).where(m.Deadline.case_id == case.id))
    }
    for index, row in enumerate(rows):
        if row.stage < 1:
            continue
        following = rows[index + 1] if index + 1 < len(rows) else None
        events = StageEvents(
            received_on=row.received_on,
            acknowledged_on=row.acknowledged_on,
            extended_to=extended_to(session, stored.get((row.stage, DeadlineKind.RESPOND.value))),
            responded_on=row.responded_on,
            escalated_on=following.received_on if following is not None else None,
        )
        wanted = {d.kind.value: d for d in stage_deadlines(profile, row.stage, events, calendar)}
        for kind, computed in wanted.items():
            target = stored.get((row.stage, kind))
            if target is None:
                target = m.Deadline(case_id=case.id, stage=row.stage, kind=kind)
                session.add(target)
                stored[(row.stage, kind)] = target
            target.clock_start = computed.clock_start.value
            target.clock_started_on = computed.clock_started_on
            target.projected = computed.projected
            target.length = computed.length
            target.unit = computed.unit.value
            target.due_on = computed.due_on
            target.original_due_on = computed.original_due_on
            target.met_on = computed.met_on
        for (stage, kind), target in list(stored.items()):
            if stage == row.stage and kind not in wanted:
                session.delete(target)
                del stored[(stage, kind)]
    refresh_next_due(case, profile, calendar, stored)


def refresh_next_due(
    case: m.Case,
    profile: PolicyProfile,
    calendar: WorkingCalendar,
    stored: dict[tuple[int, str], m.Deadline],
) -> None:
    """The landlord's next unmet duty, kept on the case so queues sort and count in SQL."""
    case.next_due_on, case.next_due_kind = None, None
    if case.status != CaseStatus.OPEN.value:
        return
    if case.stage == 0:
        # Not formal yet: the clock runs from receipt, so show when stage 1 would be due.
        first = stage_deadlines(profile, 1, StageEvents(received_on=case.received_on), calendar)[0]
        case.next_due_on, case.next_due_kind = first.due_on, first.kind.value
        return
    pending = [
        d
        for (stage, kind), d in stored.items()
        if stage == case.stage and kind in LANDLORD_DUTIES and d.met_on is None
    ]
    if pending:
        first_due = min(pending, key=lambda d: (d.due_on, d.kind))
        case.next_due_on, case.next_due_kind = first_due.due_on, first_due.kind


def summary_of_case(
    session: Session, case: m.Case, names: dict[int, str] | None = None
) -> CaseSummary:
    resident_name = ""
    if case.resident_id is not None:
        resident = session.get(m.Resident, case.resident_id)
        resident_name = resident.name if resident is not None else ""
    return CaseSummary(
        id=case.id,
        reference=case.reference,
        kind=ContactKind(case.kind),
        channel=Channel(case.channel),
        status=CaseStatus(case.status),
        stage=case.stage,
        received_on=case.received_on,
        resident_id=case.resident_id,
        resident_name=resident_name or case.caller_name,
        handler_id=case.handler_id,
        handler_name=user_name(session, case.handler_id, names),
        next_due_on=case.next_due_on,
        next_due_kind=case.next_due_kind,
        version=case.version,
        summary=case.description[:120],
    )
