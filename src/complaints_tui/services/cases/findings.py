"""Investigating: components with findings and decisions, remedies, redress and the actions
still to do after the response."""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from complaints_tui.domain.kinds import CaseStatus, Decision
from complaints_tui.services._core import (
    audit,
    load_case,
    need_text,
    parse_on,
    touch,
    unit_of_work,
    utc_now,
)
from complaints_tui.services.cases.case_view import build_detail
from complaints_tui.services.cases.casework import (
    require_case_worker,
    require_stage_worker,
    require_status,
)
from complaints_tui.services.cases.types import CaseDetail, RedressInput
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

T = TypeVar("T", m.Component, m.Remedy, m.OutstandingAction)


def _finish(session: Session, case: m.Case, at: datetime) -> CaseDetail:
    touch(case, at)
    session.flush()
    return build_detail(session, case, parse_on(None, at))


def _open_formal(session: Session, actor: Actor, case_id: int, version: int, doing: str) -> m.Case:
    """The case, open at a formal stage, for the stage's own work (its handler's rule applies)."""
    case = load_case(session, case_id, version)
    require_stage_worker(session, actor, case, doing)
    require_status(case, CaseStatus.OPEN, doing=doing)
    if case.stage < 1:
        raise RuleViolation(f"Case {case.reference} is not formal yet: open stage 1 first.")
    return case


def _child(session: Session, model: type[T], row_id: int, case: m.Case, what: str) -> T:
    row = session.get(model, row_id)
    if row is None or row.case_id != case.id:
        raise NotFound(f"Case {case.reference} has no {what} with id {row_id}.")
    return row


def add_component(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    summary: str,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """One separate thing complained about, at the current stage."""
    at = utc_now(now)
    with unit_of_work(store) as session:
        case = _open_formal(session, actor, case_id, expected_version, "add a component")
        text = need_text(summary, "what this part of the complaint is about")
        component = m.Component(case_id=case.id, stage=case.stage, summary=text)
        session.add(component)
        session.flush()
        audit(
            session,
            actor.id,
            "component_added",
            at,
            case_id=case.id,
            after={"component_id": component.id, "stage": case.stage, "summary": text},
        )
        return _finish(session, case, at)


def record_decision(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    component_id: int,
    finding: str,
    decision: Decision,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """The finding and decision for a component of the current stage. At a review, a decision
    that differs from the earlier stage's is marked overturned."""
    at = utc_now(now)
    with unit_of_work(store) as session:
        case = _open_formal(session, actor, case_id, expected_version, "record a decision")
        component = _child(session, m.Component, component_id, case, "component")
        if component.stage != case.stage:
            raise RuleViolation(
                f"That component belongs to stage {component.stage}; decisions are recorded "
                "at the current stage."
            )
        before = {
            "finding": component.finding,
            "decision": component.decision,
            "overturned": component.overturned,
        }
        component.finding = need_text(finding, "the finding for this component")
        component.decision = Decision(decision).value
        previous = (
            session.get(m.Component, component.previous_id)
            if component.previous_id is not None
            else None
        )
        component.overturned = (
            previous is not None
            and previous.decision is not None
            and previous.decision != component.decision
        )
        audit(
            session,
            actor.id,
            "decision_recorded",
            at,
            case_id=case.id,
            before=before,
            after={
                "component_id": component.id,
                "finding": component.finding,
                "decision": component.decision,
                "overturned": component.overturned,
            },
        )
        return _finish(session, case, at)


def add_remedy(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    description: str,
    due_on: date,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """What will be put right, and by when."""
    at = utc_now(now)
    with unit_of_work(store) as session:
        case = _open_formal(session, actor, case_id, expected_version, "add a remedy")
        text = need_text(description, "what will be put right")
        remedy = m.Remedy(case_id=case.id, stage=case.stage, description=text, due_on=due_on)
        session.add(remedy)
        session.flush()
        audit(
            session,
            actor.id,
            "remedy_added",
            at,
            case_id=case.id,
            after={
                "remedy_id": remedy.id,
                "stage": case.stage,
                "description": text,
                "due_on": due_on,
            },
        )
        return _finish(session, case, at)


def record_redress(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    redress: RedressInput,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """Save a redress calculation: the exact total in pence, its parts and the reasoning."""
    at = utc_now(now)
    with unit_of_work(store) as session:
        case = _open_formal(session, actor, case_id, expected_version, "record redress")
        if redress.total_pence < 0 or any(part.pence < 0 for part in redress.parts):
            raise RuleViolation("Redress cannot be a negative amount.")
        if redress.parts and sum(part.pence for part in redress.parts) != redress.total_pence:
            raise RuleViolation("The redress parts do not add up to the total.")
        parts = {"parts": [{"label": p.label, "pence": p.pence} for p in redress.parts]}
        session.add(
            m.Redress(
                case_id=case.id,
                stage=case.stage,
                total_pence=redress.total_pence,
                parts=parts,
                breakdown=redress.breakdown,
                recorded_by_id=actor.id,
                at=at,
            )
        )
        audit(
            session,
            actor.id,
            "redress_recorded",
            at,
            case_id=case.id,
            after={"stage": case.stage, "total_pence": redress.total_pence} | parts,
        )
        return _finish(session, case, at)


def add_outstanding_action(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    description: str,
    owner_id: int,
    due_on: date,
    *,
    now: datetime | None = None,
) -> CaseDetail:
    """Work still to do when the answer is known: tracked after the response with an owner and
    a date."""
    at = utc_now(now)
    with unit_of_work(store) as session:
        case = load_case(session, case_id, expected_version)
        require_case_worker(session, actor, case, "add an outstanding action")
        require_status(
            case, CaseStatus.OPEN, CaseStatus.RESPONDED, doing="add an outstanding action"
        )
        owner = session.get(m.User, owner_id)
        if owner is None or not owner.active:
            raise NotFound("Choose an active member of staff to own the action.")
        text = need_text(description, "what still has to be done")
        action = m.OutstandingAction(
            case_id=case.id, description=text, owner_id=owner.id, due_on=due_on
        )
        session.add(action)
        session.flush()
        audit(
            session,
            actor.id,
            "action_added",
            at,
            case_id=case.id,
            after={
                "action_id": action.id,
                "description": text,
                "owner_id": owner.id,
                "due_on": due_on,
            },
        )
        return _finish(session, case, at)


def mark_done(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    *,
    remedy_id: int | None = None,
    action_id: int | None = None,
    on: date | None = None,
    now: datetime | None = None,
) -> CaseDetail:
    """Record that a remedy or an outstanding action has been done."""
    at = utc_now(now)
    with unit_of_work(store) as session:
        case = load_case(session, case_id, expected_version)
        require_case_worker(session, actor, case, "mark work done")
        day = parse_on(on, at)
        row: m.Remedy | m.OutstandingAction
        if remedy_id is not None:
            row, action_name = _child(session, m.Remedy, remedy_id, case, "remedy"), "remedy_done"
        elif action_id is not None:
            row, action_name = (
                _child(session, m.OutstandingAction, action_id, case, "outstanding action"),
                "action_done",
            )
        else:
            raise RuleViolation("Say which remedy or action is done.")
        if row.done_on is not None:
            raise RuleViolation(f"That was already done on {row.done_on:%d %B %Y}.")
        row.done_on = day
        audit(
            session,
            actor.id,
            action_name,
            at,
            case_id=case.id,
            before={"done_on": None},
            after={"id": row.id, "done_on": day},
        )
        return _finish(session, case, at)
