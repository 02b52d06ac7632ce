"""Shared by the case services: who may work a case, who may handle a stage, the stored
deadlines (recomputed from the stage dates whenever they change) and the case as DTOs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from complaints_tui.domain.calendar import WorkingCalendar
from complaints_tui.domain.deadlines import Deadline, DeadlineKind, StageEvents
from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind
from complaints_tui.domain.policy import HandlerRule, PolicyProfile
from complaints_tui.domain.roles import Role
from complaints_tui.domain.schedule import StageDates, case_deadlines, next_due
from complaints_tui.services._core import (
    CASE_WORKERS,
    SUPERVISORS,
    UK,
    calendar_of,
    profile_named,
    require_actor,
    user_name,
)
from complaints_tui.services.cases.types import CaseSummary
from complaints_tui.services.errors import PermissionDenied, RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m

# What a case's events snapshot of the case row before and after a change.
CASE_FIELDS = (
    "reference",
    "kind",
    "channel",
    "received_on",
    "status",
    "stage",
    "handler_id",
    "resident_id",
    "representative_id",
    "accepted",
    "exclusion_code",
    "out_of_time_reason",
    "next_due_on",
    "next_due_kind",
    "outcome",
)


def rules_for(case: m.Case) -> tuple[PolicyProfile, WorkingCalendar]:
    """The case's profile and its working calendar (with the office's closure days where the
    profile stops the clock for them, read in the session the case was loaded in)."""
    profile = profile_named(case.profile_id)
    session = object_session(case)
    if session is None:
        raise RuntimeError(f"case {case.reference} is not loaded in a session")
    return profile, calendar_of(profile, session)


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


# What counts as handling a stage: doing its work (acknowledging it, defining and deciding its
# parts, putting things right, moving its date, answering or declining it). Admin actions
# (assigning, allocating a reviewer, recording an escalation or withdrawal, closing) do not.
HANDLING_ACTIONS = frozenset(
    {
        "acknowledged",
        "component_added",
        "decision_recorded",
        "remedy_added",
        "redress_recorded",
        "extended",
        "response_sent",
        "review_declined",
    }
)


def _events_before_stage(session: Session, case: m.Case, stage: int) -> tuple[list[m.Event], bool]:
    """The case's events up to and including the resident's request for `stage`, oldest first,
    and whether that request is among them (its event is the last one when it is)."""
    cutoff: int | None = None
    for event in session.scalars(
        select(m.Event)
        .where(m.Event.case_id == case.id, m.Event.action == "escalation_requested")
        .order_by(m.Event.id)
    ):
        if (event.after or {}).get("stage") == stage:
            cutoff = event.id
            break
    query = select(m.Event).where(m.Event.case_id == case.id).order_by(m.Event.id)
    if cutoff is not None:
        query = query.where(m.Event.id <= cutoff)
    else:
        # Imported or generated cases reach a stage with no request event: go by its date.
        row = next((r for r in stages_of(session, case.id) if r.stage == stage), None)
        if row is not None:
            query = query.where(m.Event.at < datetime.combine(row.received_on, time(), UK))
    return list(session.scalars(query)), cutoff is not None


def _involved_before(session: Session, case: m.Case, stage: int, user_id: int) -> bool:
    """Did the user act on the case before the resident asked for `stage`?"""
    earlier, has_request = _events_before_stage(session, case, stage)
    if has_request:
        earlier = earlier[:-1]  # recording the request itself is not acting on the case
    return any(event.actor_id == user_id for event in earlier)


def handlers_before(session: Session, case: m.Case, stage: int) -> set[int]:
    """Everyone who handled a formal stage before `stage`: each handler it was ever assigned
    (not only the last, kept on the stage row) and whoever did a stage's work themselves.
    The point of call (before stage 1 opened) is not a formal stage."""
    handled = {
        row.handler_id
        for row in stages_of(session, case.id)
        if 1 <= row.stage < stage and row.handler_id is not None
    }
    earlier, _ = _events_before_stage(session, case, stage)
    opened = next((i for i, e in enumerate(earlier) if e.action == "stage_opened"), None)
    if opened is not None:
        earlier = earlier[opened:]
    for index, event in enumerate(earlier):
        ids: list[object] = [(event.after or {}).get("handler_id")]
        if not (index == 0 and event.action == "stage_opened"):
            ids.append((event.before or {}).get("handler_id"))
        if event.action in HANDLING_ACTIONS:
            ids.append(event.actor_id)
        handled.update(i for i in ids if isinstance(i, int))
    return handled


def handler_refusal(
    session: Session, case: m.Case, profile: PolicyProfile, stage: int, candidate: m.User
) -> str | None:
    """Why the profile's rule for `stage` does not let `candidate` handle it (SPEC §4), or None."""
    if not candidate.active:
        return f"{candidate.name} is not an active user."
    if Role(candidate.role) not in CASE_WORKERS:
        return (
            f"{candidate.name} is a {Role(candidate.role).label.lower()}; complaints are handled "
            "by investigating managers, service directors or team leads."
        )
    if stage < 2:
        return None
    rule = profile.stage(stage)
    if rule.handler is HandlerRule.ANY:
        return None
    who = f"the stage {stage} handler under {profile.name}"
    if candidate.id in handlers_before(session, case, stage):
        return (
            f"{candidate.name} handled an earlier stage of {case.reference}, so cannot be {who}: "
            f"{rule.handler_description or 'choose someone else.'}"
        )
    if rule.handler is HandlerRule.NOT_PREVIOUS_HANDLER:
        return None
    if rule.handler is HandlerRule.LINE_MANAGER_OF_PREVIOUS:
        earlier = [row for row in stages_of(session, case.id) if row.stage < stage]
        previous = next((row for row in reversed(earlier) if row.handler_id is not None), None)
        manager_id = None
        if previous is not None and previous.handler_id is not None:
            earlier_handler = session.get(m.User, previous.handler_id)
            manager_id = earlier_handler.line_manager_id if earlier_handler else None
        if manager_id is not None and candidate.id != manager_id:
            return (
                f"Under {profile.name} the review is done by the line manager of the "
                f"investigating manager, {user_name(session, manager_id)}; not {candidate.name}."
            )
        if manager_id is None and Role(candidate.role) is not Role.SERVICE_DIRECTOR:
            return (
                f"The investigating manager has no line manager recorded, so {who} must be a "
                f"service director; {candidate.name} is not."
            )
        return None
    # Senior not involved (Derwent stage 2) and the chief executive's panel (Derwent stage 3).
    if Role(candidate.role) is not Role.SERVICE_DIRECTOR:
        return (
            f"{who.capitalize()} must be a head of service or director; {candidate.name} is a "
            f"{Role(candidate.role).label.lower()}."
        )
    if _involved_before(session, case, stage, candidate.id):
        return (
            f"{candidate.name} has been involved in {case.reference} before, so cannot be {who}: "
            "it needs a head of service or director not previously involved."
        )
    return None


def check_handler(
    session: Session, case: m.Case, profile: PolicyProfile, stage: int, candidate: m.User
) -> None:
    """Refuse a handler the profile's rule for `stage` does not allow (SPEC §4)."""
    refusal = handler_refusal(session, case, profile, stage, candidate)
    if refusal is not None:
        raise RuleViolation(refusal)


def require_stage_worker(session: Session, actor: Actor, case: m.Case, doing: str) -> m.User:
    """`require_case_worker` for doing a stage's work (HANDLING_ACTIONS). At a review stage the
    actor, handler or supervisor alike, must also be someone the profile lets handle it: a team
    lead who handled stage 1 cannot answer stage 2 by acting as a supervisor."""
    user = require_case_worker(session, actor, case, doing)
    if case.stage >= 2:
        profile, _ = rules_for(case)
        refusal = handler_refusal(session, case, profile, case.stage, user)
        if refusal is not None:
            raise PermissionDenied(
                f"{refusal} Only someone who may handle stage {case.stage} can {doing}."
            )
    return user


def require_handler_named(case: m.Case, row: m.CaseStage, doing: str) -> None:
    """A stage is answered by its handler (the reviewer at a review stage), so one must be named."""
    if row.handler_id is None or case.handler_id is None:
        who = "the reviewer" if row.stage >= 2 else "a handler"
        raise RuleViolation(
            f"Stage {row.stage} of {case.reference} has no handler: a team lead assigns "
            f"{who} before you can {doing}."
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


def respond_events(session: Session, row: m.CaseStage) -> tuple[m.Deadline | None, StageEvents]:
    """A stage's stored respond deadline and the dates its extension rules read."""
    respond = session.scalars(
        select(m.Deadline).where(
            m.Deadline.case_id == row.case_id,
            m.Deadline.stage == row.stage,
            m.Deadline.kind == DeadlineKind.RESPOND.value,
        )
    ).one_or_none()
    events = StageEvents(
        received_on=row.received_on,
        acknowledged_on=row.acknowledged_on,
        extended_to=extended_to(session, respond),
    )
    return respond, events


def sync_deadlines(session: Session, case: m.Case) -> list[Deadline]:
    """Store what the deadline engine works out from the stage rows, then the next due; returns
    the deadlines as worked out (with the days each skipped, for a read-out)."""
    profile, calendar = rules_for(case)
    rows = [row for row in stages_of(session, case.id) if row.stage >= 1]
    stored = {
        (d.stage, d.kind): d
        for d in session.scalars(select(m.Deadline).where(m.Deadline.case_id == case.id))
    }
    dates = [
        StageDates(
            number=row.stage,
            received_on=row.received_on,
            acknowledged_on=row.acknowledged_on,
            extended_to=extended_to(session, stored.get((row.stage, DeadlineKind.RESPOND.value))),
            responded_on=row.responded_on,
        )
        for row in rows
    ]
    wanted = {(d.stage, d.kind.value): d for d in case_deadlines(profile, calendar, dates)}
    for key, computed in wanted.items():
        target = stored.get(key)
        if target is None:
            target = m.Deadline(case_id=case.id, stage=computed.stage, kind=computed.kind.value)
            session.add(target)
            stored[key] = target
        target.clock_start = computed.clock_start.value
        target.clock_started_on = computed.clock_started_on
        target.projected = computed.projected
        target.length = computed.length
        target.unit = computed.unit.value
        target.due_on = computed.due_on
        target.original_due_on = computed.original_due_on
        target.met_on = computed.met_on
    formal = {row.stage for row in rows}
    for key, target in list(stored.items()):
        if key[0] in formal and key not in wanted:
            session.delete(target)
            del stored[key]
    refresh_next_due(case, profile, calendar, stored.values())
    return list(wanted.values())


def refresh_next_due(
    case: m.Case,
    profile: PolicyProfile,
    calendar: WorkingCalendar,
    stored: Iterable[m.Deadline] = (),
) -> None:
    """The landlord's next unmet duty (the engine's `next_due`), kept on the case so queues sort
    and count in SQL."""
    due = next_due(
        profile,
        calendar,
        waiting=case.status == CaseStatus.OPEN.value,
        stage=case.stage,
        received_on=case.received_on,
        deadlines=stored,
    )
    case.next_due_on = due.due_on if due is not None else None
    case.next_due_kind = due.kind.value if due is not None else None


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
