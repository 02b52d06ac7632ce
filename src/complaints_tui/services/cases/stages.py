"""Formal stages: open stage 1, acknowledge, (re)assign, extend, escalate, decline a review and
allocate the reviewer. Every date change recomputes the stored deadlines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints_tui.domain.deadlines import (
    Deadline,
    ExtensionRefused,
    check_extension,
    describe_date,
    escalate_by,
)
from complaints_tui.domain.kinds import CaseStatus, ContactKind
from complaints_tui.domain.policy import HandlerRule, PolicyProfile
from complaints_tui.domain.roles import Role
from complaints_tui.services._core import (
    EVERYONE,
    SUPERVISORS,
    need_text,
    require_actor,
    snapshot,
    user_name,
)
from complaints_tui.services.cases.casework import (
    CASE_FIELDS,
    check_handler,
    current_stage,
    handler_refusal,
    require_handler_named,
    require_stage_worker,
    require_status,
    respond_events,
    rules_for,
    stages_of,
    sync_deadlines,
)
from complaints_tui.services.cases.command import CaseCommand, case_command
from complaints_tui.services.cases.routing import MANAGERS, REVIEWERS, Turn, take_turn
from complaints_tui.services.cases.types import CaseDetail, ReviewerSuggestion
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.services.people.users import user_info
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

_STAGE_FIELDS = (
    "stage",
    "received_on",
    "acknowledged_on",
    "responded_on",
    "handler_id",
    "declined_reason",
    "late_reason",
)


def require_assigner(
    session: Session, actor: Actor, case: m.Case, doing: str = "assign cases"
) -> m.User:
    """SPEC §1, §9: a team lead re-assigns. Giving an unassigned case (or review) its first
    handler is also open to administrators, who keep the unassigned queue moving."""
    if case.handler_id is None:
        return require_actor(session, actor, SUPERVISORS, doing)
    return require_actor(
        session,
        actor,
        {Role.TEAM_LEAD},
        f"reassign case {case.reference}, which {user_name(session, case.handler_id)} handles",
    )


def open_stage1(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    *,
    requested_on: date | None = None,
    late_reason: str = "",
    now: datetime | None = None,
) -> CaseDetail:
    """Make an accepted complaint formal: stage 1 with its deadlines, routed to the service
    area's default investigating manager (else left for a team lead to assign). After a quick
    fix, `requested_on` is when the resident asked to go formal; later than the profile's window
    needs `late_reason`."""
    with case_command(
        store, actor, case_id, expected_version, "open stage 1", EVERYONE, now=now
    ) as cmd:
        stage1_opened(cmd, requested_on=requested_on, late_reason=late_reason)
        return cmd.finish()


def stage1_opened(
    cmd: CaseCommand, *, requested_on: date | None = None, late_reason: str = ""
) -> list[Deadline]:
    """`open_stage1` inside a command already open on the case: the deadlines it set."""
    session, case = cmd.session, cmd.case
    rules_for(case)  # refuse early if the case's profile cannot be loaded
    if case.kind != ContactKind.COMPLAINT.value or not case.accepted:
        raise RuleViolation(f"Case {case.reference} is not an accepted complaint.")
    if case.stage != 0 or case.status not in (
        CaseStatus.OPEN.value,
        CaseStatus.RESPONDED.value,
    ):
        raise RuleViolation(f"Case {case.reference} is already past the point of call.")
    if case.representative_id is not None:
        rep = session.get(m.Representative, case.representative_id)
        if rep is not None and rep.authority_confirmed_on is None:
            raise RuleViolation(
                f"Confirm {rep.name}'s authority to act for the resident first: the complaint "
                "is held until it is."
            )
    quick = session.get(m.QuickFix, case.id)
    received_on = case.received_on
    late = ""
    if quick is not None:
        received_on = cmd.on(requested_on, "request")
        if received_on < quick.resolved_on:
            raise RuleViolation("The request to go formal cannot be before the quick fix.")
        if quick.escalate_by is not None and received_on > quick.escalate_by:
            late = late_reason.strip()
            if not late:
                raise RuleViolation(
                    f"The window to go formal ended on {describe_date(quick.escalate_by)}; "
                    "record why the request is accepted late."
                )
    before = snapshot(case, CASE_FIELDS)
    handler_id, cmd.routing = _route_stage1(session, case)
    session.add(
        m.CaseStage(
            case_id=case.id,
            stage=1,
            received_on=received_on,
            handler_id=handler_id,
            late_reason=late,
        )
    )
    case.stage = 1
    case.status = CaseStatus.OPEN.value
    case.handler_id = handler_id
    session.flush()
    deadlines = sync_deadlines(session, case)
    cmd.audit(
        "stage_opened",
        before=before,
        after=snapshot(case, CASE_FIELDS) | {"stage_received_on": received_on, "late_reason": late},
    )
    return deadlines


def _route_stage1(session: Session, case: m.Case) -> tuple[int | None, str]:
    """The next investigating manager in turn in the case's service area (round robin), and
    the sentence saying who, or why nobody."""
    what = f"case {case.reference}"
    area = session.get(m.ServiceArea, case.service_area_id) if case.service_area_id else None
    if area is None:
        return (
            None,
            f"{what.capitalize()} has no service area, so it waits unassigned for a team lead.",
        )
    profile, _ = rules_for(case)
    turn = take_turn(
        session,
        area,
        MANAGERS,
        lambda user: handler_refusal(session, case, profile, 1, user),
        what=what,
    )
    return (turn.user.id if turn.user is not None else None), turn.sentence


def acknowledge(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    *,
    on: date | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    with case_command(
        store,
        actor,
        case_id,
        expected_version,
        "acknowledge the complaint",
        require_stage_worker,
        now=now,
    ) as cmd:
        session, case = cmd.session, cmd.case
        require_status(case, CaseStatus.OPEN, doing="acknowledge it")
        row = current_stage(session, case)
        if row.acknowledged_on is not None:
            raise RuleViolation(
                f"Stage {row.stage} was already acknowledged on "
                f"{describe_date(row.acknowledged_on)}."
            )
        day = cmd.on(on, "acknowledgement")
        if day < row.received_on:
            raise RuleViolation("A complaint cannot be acknowledged before it was received.")
        before = snapshot(case, CASE_FIELDS) | {"acknowledged_on": None}
        row.acknowledged_on = day
        sync_deadlines(session, case)
        cmd.audit(
            "acknowledged",
            before=before,
            after=snapshot(case, CASE_FIELDS) | {"acknowledged_on": day},
            context={"stage": row.stage},
        )
        return cmd.finish()


def assign(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    handler_id: int,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """Give the case (its current stage) to a handler, at a review stage only someone the profile
    allows. A team lead or administrator assigns an unassigned case; only a team lead reassigns
    one that has a handler."""
    with case_command(
        store, actor, case_id, expected_version, "assign cases", require_assigner, now=now
    ) as cmd:
        give_case(cmd, handler_id)
        return cmd.finish()


def give_case(cmd: CaseCommand, handler_id: int) -> None:
    """The case's current stage goes to the handler (checked against the profile); audited."""
    session, case = cmd.session, cmd.case
    require_status(case, CaseStatus.OPEN, CaseStatus.RESPONDED, doing="reassign it")
    candidate = session.get(m.User, handler_id)
    if candidate is None:
        raise NotFound(f"There is no user with id {handler_id}.")
    profile, _ = rules_for(case)
    check_handler(session, case, profile, case.stage, candidate)
    before = snapshot(case, CASE_FIELDS)
    case.handler_id = candidate.id
    if case.stage >= 1:
        current_stage(session, case).handler_id = candidate.id
    cmd.audit("assigned", before=before, after=snapshot(case, CASE_FIELDS))


def extend(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    new_due_on: date,
    reason: str,
    how_told: str,
    *,
    told_on: date | None = None,
    good_reason_beyond_limit: str = "",
    now: datetime | None = None,
) -> CaseDetail:
    """Move the current stage's response date, with the reason and how the resident was told.
    Beyond the profile's cap (or where it makes no provision) it also needs a good reason."""
    with case_command(
        store,
        actor,
        case_id,
        expected_version,
        "extend the response date",
        require_stage_worker,
        now=now,
    ) as cmd:
        session, case = cmd.session, cmd.case
        user = cmd.user
        require_status(case, CaseStatus.OPEN, doing="extend it")
        row = current_stage(session, case)
        why = need_text(reason, "the reason for the extension")
        told = need_text(how_told, "how the resident was told of the new date")
        told_day = cmd.on(told_on, "told")
        profile, calendar = rules_for(case)
        respond, events = respond_events(session, row)
        if respond is None:
            raise RuleViolation(f"Stage {row.stage} of {case.reference} has no response date.")
        if new_due_on < told_day:
            raise RuleViolation(
                f"The new date, {describe_date(new_due_on)}, is before the resident was told of "
                f"it ({describe_date(told_day)}): an extension promises a date still to come."
            )
        try:
            check_extension(
                profile, row.stage, events, new_due_on, good_reason_beyond_limit or None, calendar
            )
        except ExtensionRefused as error:
            raise RuleViolation(str(error)) from error
        previous = respond.due_on
        session.add(
            m.Extension(
                deadline_id=respond.id,
                previous_due_on=previous,
                new_due_on=new_due_on,
                reason=why
                if not good_reason_beyond_limit.strip()
                else f"{why} (beyond the limit: {good_reason_beyond_limit.strip()})",
                how_told=told,
                told_on=told_day,
                by_id=user.id,
                at=cmd.at,
            )
        )
        session.flush()
        sync_deadlines(session, case)
        cmd.audit(
            "extended",
            before={"respond_by": previous},
            after={
                "respond_by": new_due_on,
                "reason": why,
                "how_told": told,
                "told_on": told_day,
                "stage": row.stage,
            },
        )
        return cmd.finish()


def request_escalation(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    *,
    requested_on: date | None = None,
    late_reason: str = "",
    now: datetime | None = None,
) -> CaseDetail:
    """The resident asks for the next stage. No reasons are needed; a request after the
    profile's window needs `late_reason`. The next stage starts at once, clock from the request,
    waiting for a team lead to allocate the reviewer (`open_next_stage`)."""
    with case_command(
        store, actor, case_id, expected_version, "record an escalation request", EVERYONE, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        profile, calendar = rules_for(case)
        if case.stage == 0:
            raise RuleViolation(f"Case {case.reference} is not formal yet: open stage 1 instead.")
        require_status(
            case, CaseStatus.RESPONDED, doing="escalate it until the stage's response is sent"
        )
        if case.stage >= profile.last_stage:
            names = ", ".join(o.name for o in profile.ombudsman) or "the ombudsman"
            raise RuleViolation(
                f"Stage {case.stage} is the last stage under {profile.name}; "
                f"signpost the resident to {names}."
            )
        row = current_stage(session, case)
        assert row.responded_on is not None
        day = cmd.on(requested_on, "request")
        if day < row.responded_on:
            raise RuleViolation("An escalation cannot be asked for before the response was sent.")
        last_day = escalate_by(profile, row.stage, row.responded_on, calendar)
        late = ""
        if last_day is not None and day > last_day:
            late = late_reason.strip()
            if not late:
                raise RuleViolation(
                    f"The window to ask for stage {row.stage + 1} ended on "
                    f"{describe_date(last_day)}; "
                    "record why the late request is accepted."
                )
        before = snapshot(case, CASE_FIELDS)
        next_stage = row.stage + 1
        session.add(
            m.CaseStage(
                case_id=case.id,
                stage=next_stage,
                received_on=day,
                handler_id=None,
                late_reason=late,
            )
        )
        for component in session.scalars(
            select(m.Component)
            .where(m.Component.case_id == case.id, m.Component.stage == row.stage)
            .order_by(m.Component.id)
        ):
            session.add(
                m.Component(
                    case_id=case.id,
                    stage=next_stage,
                    summary=component.summary,
                    previous_id=component.id,
                )
            )
        case.stage = next_stage
        case.status = CaseStatus.OPEN.value
        case.handler_id = None
        case.closed_on = None
        case.outcome = None
        session.flush()
        sync_deadlines(session, case)
        cmd.audit(
            "escalation_requested",
            before=before,
            after=snapshot(case, CASE_FIELDS)
            | {"stage": next_stage, "requested_on": day, "late_reason": late},
        )
        return cmd.finish()


def open_next_stage(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    handler_id: int | None = None,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """Allocate the reviewer of an escalated case (team lead / administrator; replacing one already
    allocated is a reassignment, team lead only). The profile's rule
    is checked: not the stage 1 handler; Dérive: the investigator's line manager (the default
    when no one is named); Derwent: a head of service or director not previously involved."""
    with case_command(
        store, actor, case_id, expected_version, "allocate the reviewer", require_assigner, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        require_status(case, CaseStatus.OPEN, doing="allocate a reviewer")
        if case.stage < 2:
            raise RuleViolation(
                f"Case {case.reference} has not been escalated; use assign for stage 1."
            )
        profile, _ = rules_for(case)
        row = current_stage(session, case)
        if (
            handler_id is None
            and profile.stage(case.stage).handler is HandlerRule.LINE_MANAGER_OF_PREVIOUS
        ):
            earlier = [
                r
                for r in stages_of(session, case.id)
                if r.stage < case.stage and r.handler_id is not None
            ]
            previous = session.get(m.User, earlier[-1].handler_id) if earlier else None
            handler_id = previous.line_manager_id if previous is not None else None
        if handler_id is None:
            turn = reviewer_turn(session, case, profile, move_pointer=True)
            choose = (
                f"Choose who reviews stage {case.stage}: "
                f"{profile.stage(case.stage).handler_description}"
            )
            if turn is None:
                raise RuleViolation(choose)
            if turn.user is None:
                raise RuleViolation(f"{turn.sentence} {choose}")
            handler_id, cmd.routing = turn.user.id, turn.sentence
        candidate = session.get(m.User, handler_id)
        if candidate is None:
            raise NotFound(f"There is no user with id {handler_id}.")
        check_handler(session, case, profile, case.stage, candidate)
        before = snapshot(case, CASE_FIELDS)
        row.handler_id = candidate.id
        case.handler_id = candidate.id
        cmd.audit(
            "reviewer_allocated",
            before=before,
            after=snapshot(case, CASE_FIELDS) | {"reviewer": user_name(session, candidate.id)},
        )
        return cmd.finish()


def reviewer_turn(
    session: Session, case: m.Case, profile: PolicyProfile, *, move_pointer: bool
) -> Turn | None:
    """The next in the case's area's stage 2 reviewer pool whom the profile lets review it
    (never an earlier stage's handler); None where no pool applies (not stage 2, no area)."""
    area = session.get(m.ServiceArea, case.service_area_id) if case.service_area_id else None
    if case.stage != 2 or area is None:
        return None
    return take_turn(
        session,
        area,
        REVIEWERS,
        lambda user: handler_refusal(session, case, profile, case.stage, user),
        what=f"the stage 2 review of {case.reference}",
        move_pointer=move_pointer,
    )


def suggest_reviewer(store: Store, case_id: int) -> ReviewerSuggestion:
    """Who would review an escalated case if allocated now (round robin in its area's reviewer
    pool, the profile's rule kept), without taking the turn: the allocation screen's default."""
    with store.reading() as session:
        case = session.get(m.Case, case_id)
        if case is None:
            raise NotFound(f"There is no case with id {case_id}.")
        if case.stage < 2:
            raise RuleViolation(f"Case {case.reference} has not been escalated.")
        profile, _ = rules_for(case)
        turn = reviewer_turn(session, case, profile, move_pointer=False)
        if turn is None:
            return ReviewerSuggestion(
                None,
                f"Case {case.reference} has no reviewer pool to take from: choose who reviews "
                f"stage {case.stage}.",
            )
        return ReviewerSuggestion(
            user_info(turn.user) if turn.user is not None else None, turn.sentence
        )


def decline_review(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    reason: str,
    *,
    on: date | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """Decline the review, in writing with the reason, where the profile lets this stage do so
    (Derwent: not a service failure, or the outcome asked for cannot be met)."""
    with case_command(
        store, actor, case_id, expected_version, "decline a review", require_stage_worker, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        require_status(case, CaseStatus.OPEN, doing="decline the review")
        profile, _ = rules_for(case)
        if case.stage < 2 or not profile.stage(case.stage).may_decline:
            raise RuleViolation(
                f"Under {profile.name} stage {case.stage} cannot be declined; it must be answered."
            )
        row = current_stage(session, case)
        require_handler_named(case, row, "decline the review")
        day = cmd.on(on, "decline")
        if day < row.received_on:
            raise RuleViolation("A review cannot be declined before it was asked for.")
        why = need_text(reason, "the written reason for declining the review")
        before = snapshot(case, CASE_FIELDS) | {"declined_reason": ""}
        row.declined_reason = why
        row.responded_on = day
        case.status = CaseStatus.RESPONDED.value
        sync_deadlines(session, case)
        cmd.audit(
            "review_declined",
            before=before,
            after=snapshot(case, CASE_FIELDS) | {"declined_reason": why, "declined_on": day},
            context={"stage": row.stage},
        )
        return cmd.finish()
