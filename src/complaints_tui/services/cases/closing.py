"""Ending a case: withdrawn (who, why), closed (satisfaction, learning, improvement), reopened."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from complaints_tui.domain.kinds import CaseStatus, Decision, Outcome
from complaints_tui.services._core import (
    EVERYONE,
    SUPERVISORS,
    need_text,
    snapshot,
)
from complaints_tui.services.cases.casework import (
    CASE_FIELDS,
    require_case_worker,
    require_status,
    stages_of,
    sync_deadlines,
)
from complaints_tui.services.cases.command import case_command
from complaints_tui.services.cases.types import CaseDetail, CloseInput
from complaints_tui.services.errors import RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

_CLOSE_FIELDS = (
    *CASE_FIELDS,
    "closed_on",
    "improvement",
    "withdrawn_by",
    "withdrawn_reason",
    "withdrawn_on",
)


def overall_outcome(decisions: list[str | None]) -> Outcome | None:
    """All upheld: upheld; none upheld: not upheld; otherwise partly upheld."""
    known = [d for d in decisions if d is not None]
    if not known:
        return None
    if all(d == Decision.UPHELD.value for d in known):
        return Outcome.UPHELD
    if all(d == Decision.NOT_UPHELD.value for d in known):
        return Outcome.NOT_UPHELD
    return Outcome.PARTLY_UPHELD


def withdraw(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    withdrawn_by: str,
    reason: str,
    *,
    on: date | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """The resident (or their representative) withdraws; the case is kept, with who and why."""
    with case_command(
        store, actor, case_id, expected_version, "record a withdrawal", EVERYONE, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        require_status(case, CaseStatus.OPEN, CaseStatus.RESPONDED, doing="withdraw it")
        day = cmd.on(on, "withdrawal")
        if day < case.received_on:
            raise RuleViolation("A complaint cannot be withdrawn before it was made.")
        before = snapshot(case, _CLOSE_FIELDS)
        case.withdrawn_by = need_text(withdrawn_by, "who withdrew the complaint")
        case.withdrawn_reason = need_text(reason, "why the complaint was withdrawn")
        case.withdrawn_on = day
        case.status = CaseStatus.WITHDRAWN.value
        case.outcome = Outcome.WITHDRAWN.value
        sync_deadlines(session, case)
        cmd.audit(
            "withdrawn",
            before=before,
            after=snapshot(case, _CLOSE_FIELDS),
        )
        return cmd.finish()


def close(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    closing: CloseInput,
    *,
    on: date | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """Close a responded complaint with its learning tags, the improvement made and the
    resident's satisfaction with how it was handled (1-5, if they gave one)."""
    with case_command(
        store, actor, case_id, expected_version, "close the complaint", require_case_worker, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        require_status(case, CaseStatus.RESPONDED, doing="close it before the response is sent")
        tags = sorted({tag.strip().lower() for tag in closing.learning_tags if tag.strip()})
        if not tags:
            raise RuleViolation("Add at least one root-cause or learning tag before closing.")
        score = closing.satisfaction_score
        if score is not None and not 1 <= score <= 5:
            raise RuleViolation("Satisfaction is a score from 1 to 5.")
        day = cmd.on(on, "closing")
        before = snapshot(case, _CLOSE_FIELDS) | {"learning_tags": _tags(session, case.id)}
        decisions = list(
            session.scalars(
                select(m.Component.decision).where(
                    m.Component.case_id == case.id, m.Component.stage == case.stage
                )
            )
        )
        outcome = overall_outcome(decisions)
        case.outcome = outcome.value if outcome is not None else None
        case.status = CaseStatus.CLOSED.value
        case.closed_on = day
        case.improvement = closing.improvement.strip()
        session.execute(delete(m.LearningTag).where(m.LearningTag.case_id == case.id))
        session.add_all(m.LearningTag(case_id=case.id, tag=tag[:80]) for tag in tags)
        existing = session.get(m.Satisfaction, case.id)
        if existing is not None:
            session.delete(existing)
            session.flush()
        if score is not None:
            session.add(
                m.Satisfaction(
                    case_id=case.id,
                    score=score,
                    comment=closing.satisfaction_comment.strip(),
                    recorded_on=day,
                )
            )
        sync_deadlines(session, case)
        after = snapshot(case, _CLOSE_FIELDS) | {"learning_tags": tags, "satisfaction": score}
        cmd.audit("closed", before=before, after=after)
        return cmd.finish()


def _tags(session: Session, case_id: int) -> list[str]:
    return list(
        session.scalars(
            select(m.LearningTag.tag)
            .where(m.LearningTag.case_id == case_id)
            .order_by(m.LearningTag.tag)
        )
    )


def reopen(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    reason: str,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """Reopen a closed or withdrawn case (team lead / administrator), with the reason: it goes
    back to where it stood (responded, or open at its stage)."""
    with case_command(
        store, actor, case_id, expected_version, "reopen a case", SUPERVISORS, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        require_status(case, CaseStatus.CLOSED, CaseStatus.WITHDRAWN, doing="reopen it")
        why = need_text(reason, "why the case is reopened")
        before = snapshot(case, _CLOSE_FIELDS)
        rows = [row for row in stages_of(session, case.id) if row.stage == case.stage]
        responded = bool(rows and rows[0].responded_on) or (
            case.stage == 0 and session.get(m.QuickFix, case.id) is not None
        )
        case.status = (CaseStatus.RESPONDED if responded else CaseStatus.OPEN).value
        case.closed_on = None
        case.outcome = None
        case.withdrawn_on = None
        case.withdrawn_by = ""
        case.withdrawn_reason = ""
        sync_deadlines(session, case)
        cmd.audit(
            "reopened",
            before=before,
            after=snapshot(case, _CLOSE_FIELDS) | {"reason": why},
        )
        return cmd.finish()
