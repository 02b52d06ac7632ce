"""Investigating: components with findings and decisions, remedies, redress and the actions
still to do after the response."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from complaints_tui.domain.kinds import CaseStatus, Decision
from complaints_tui.domain.policy import PolicyProfile
from complaints_tui.domain.redress import format_pence
from complaints_tui.domain.redress_inputs import CalculatorInputs, calculate_inputs
from complaints_tui.services._core import need_text, profile_named
from complaints_tui.services.cases.casework import (
    require_case_worker,
    require_stage_worker,
    require_status,
)
from complaints_tui.services.cases.command import case_command
from complaints_tui.services.cases.types import CaseDetail, RedressInput
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

T = TypeVar("T", m.Component, m.Remedy, m.OutstandingAction)


def formal_stage_work(session: Session, actor: Actor, case: m.Case, doing: str) -> m.User:
    """A case open at a formal stage, worked by someone its handler rule allows."""
    user = require_stage_worker(session, actor, case, doing)
    require_status(case, CaseStatus.OPEN, doing=doing)
    if case.stage < 1:
        raise RuleViolation(f"Case {case.reference} is not formal yet: open stage 1 first.")
    return user


def _open_after_response(session: Session, actor: Actor, case: m.Case, doing: str) -> m.User:
    user = require_case_worker(session, actor, case, doing)
    require_status(case, CaseStatus.OPEN, CaseStatus.RESPONDED, doing=doing)
    return user


# Complaint redress above this is not a complaint matter (SPEC §6: £1,000+ already suggests a
# legal or insurance route); a typing slip of extra zeros is refused rather than recorded.
REDRESS_CEILING_PENCE = 10_000_000  # £100,000


def _not_before_the_complaint(case: m.Case, due_on: date | None, what: str) -> None:
    if due_on is not None and due_on < case.received_on:
        raise RuleViolation(
            f"The date to have it {what} by, {due_on:%d %B %Y}, is before the complaint was "
            f"received ({case.received_on:%d %B %Y})."
        )


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
    with case_command(
        store, actor, case_id, expected_version, "add a component", formal_stage_work, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        text = need_text(summary, "what this part of the complaint is about")
        component = m.Component(case_id=case.id, stage=case.stage, summary=text)
        session.add(component)
        session.flush()
        cmd.audit(
            "component_added",
            after={"component_id": component.id, "stage": case.stage, "summary": text},
        )
        return cmd.finish()


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
    with case_command(
        store, actor, case_id, expected_version, "record a decision", formal_stage_work, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
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
        cmd.audit(
            "decision_recorded",
            before=before,
            after={
                "component_id": component.id,
                "finding": component.finding,
                "decision": component.decision,
                "overturned": component.overturned,
            },
        )
        return cmd.finish()


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
    with case_command(
        store, actor, case_id, expected_version, "add a remedy", formal_stage_work, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        text = need_text(description, "what will be put right")
        _not_before_the_complaint(case, due_on, "put right")
        remedy = m.Remedy(case_id=case.id, stage=case.stage, description=text, due_on=due_on)
        session.add(remedy)
        session.flush()
        cmd.audit(
            "remedy_added",
            after={
                "remedy_id": remedy.id,
                "stage": case.stage,
                "description": text,
                "due_on": due_on,
            },
        )
        return cmd.finish()


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
    with case_command(
        store, actor, case_id, expected_version, "record redress", formal_stage_work, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        if redress.total_pence > REDRESS_CEILING_PENCE:
            raise RuleViolation(
                f"{format_pence(redress.total_pence)} is more than "
                f"{format_pence(REDRESS_CEILING_PENCE)}: check the amount (a sum this large "
                "goes through a legal or insurance route, not complaint redress)."
            )
        if redress.total_pence < 0 or any(part.pence < 0 for part in redress.parts):
            raise RuleViolation("Redress cannot be a negative amount.")
        if redress.parts and sum(part.pence for part in redress.parts) != redress.total_pence:
            raise RuleViolation("The redress parts do not add up to the total.")
        parts = {"parts": [{"label": p.label, "pence": p.pence} for p in redress.parts]}
        stored: dict[str, Any] = dict(parts)
        if redress.inputs is not None:
            stored["inputs"] = _checked_inputs(case, redress)
        session.add(
            m.Redress(
                case_id=case.id,
                stage=case.stage,
                total_pence=redress.total_pence,
                parts=stored,
                breakdown=redress.breakdown,
                recorded_by_id=actor.id,
                at=cmd.at,
            )
        )
        cmd.audit(
            "redress_recorded",
            after={"stage": case.stage, "total_pence": redress.total_pence} | parts,
        )
        return cmd.finish()


def case_profile(profile_id: str) -> PolicyProfile:
    """The policy profile a case was opened under (its redress rules): a case keeps its
    profile when the landlord's setting changes later."""
    return profile_named(profile_id)


def _checked_inputs(case: m.Case, redress: RedressInput) -> dict[str, Any]:
    """The calculator's inputs, worked out again under the case's profile: the total and its
    parts saved must be the ones those inputs give (a figure cannot drift from its reasons)."""
    try:
        inputs = CalculatorInputs.from_json(redress.inputs)
        calculation = calculate_inputs(profile_named(case.profile_id), inputs)
    except ValueError as error:  # RedressError is one: a sentence
        raise RuleViolation(str(error)) from error
    parts = tuple((part.heading, part.amount_pence) for part in calculation.parts)
    if calculation.total_pence != redress.total_pence or parts != tuple(
        (part.label, part.pence) for part in redress.parts
    ):
        raise RuleViolation(
            f"The calculator's inputs give {format_pence(calculation.total_pence)}, not "
            f"{format_pence(redress.total_pence)}: work the redress out again."
        )
    return inputs.to_json()


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
    with case_command(
        store,
        actor,
        case_id,
        expected_version,
        "add an outstanding action",
        _open_after_response,
        now=now,
    ) as cmd:
        session, case = cmd.session, cmd.case
        _not_before_the_complaint(case, due_on, "done")
        owner = session.get(m.User, owner_id)
        if owner is None or not owner.active:
            raise NotFound("Choose an active member of staff to own the action.")
        text = need_text(description, "what still has to be done")
        action = m.OutstandingAction(
            case_id=case.id, description=text, owner_id=owner.id, due_on=due_on
        )
        session.add(action)
        session.flush()
        cmd.audit(
            "action_added",
            after={
                "action_id": action.id,
                "description": text,
                "owner_id": owner.id,
                "due_on": due_on,
            },
        )
        return cmd.finish()


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
    with case_command(
        store, actor, case_id, expected_version, "mark work done", require_case_worker, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        day = cmd.on(on, "done")
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
        cmd.audit(
            action_name,
            before={"done_on": None},
            after={"id": row.id, "done_on": day},
        )
        return cmd.finish()
