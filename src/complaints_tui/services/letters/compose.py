"""A case's letter composed from what is recorded: the template's words in the letter's frame.

`compose_letter` reads the case once, refuses a letter the case has not reached (a sentence),
fills the kind's template (services.letters.templates) with plain values and returns a
`domain.letters.Letter`; nothing is stored (services.letters.sent does that when it is sent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints_tui.domain.deadlines import DeadlineKind, describe_date
from complaints_tui.domain.kinds import ContactKind, Decision
from complaints_tui.domain.letters import (
    Letter,
    LetterFacts,
    LetterKind,
    paragraphs,
    reached,
    refusal,
)
from complaints_tui.domain.policy import DayUnit, ExclusionCode, PolicyProfile
from complaints_tui.services._core import profile_named, uk_date, utc_now
from complaints_tui.services.cases.case_view import build_detail
from complaints_tui.services.cases.types import CaseDetail
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.letters.landlord import LetterSettings, read_letter_settings
from complaints_tui.services.letters.templates import LetterTemplateError, render
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

DECISION_WORDS = {
    Decision.UPHELD: "upheld",
    Decision.PARTLY_UPHELD: "partly upheld",
    Decision.NOT_UPHELD: "not upheld",
}


@dataclass(frozen=True)
class LetterChoice:
    """A letter kind as a menu shows it: reached or not, and why not."""

    kind: LetterKind
    refusal: str | None

    @property
    def available(self) -> bool:
        return self.refusal is None


def facts_of(case: m.Case, detail: CaseDetail) -> LetterFacts:
    """What decides which letters the case has reached."""
    profile = profile_named(case.profile_id)
    stage = detail.stage
    row = next((s for s in detail.stages if s.stage == stage), None)
    rule = profile.stage(stage) if 1 <= stage <= profile.last_stage else None
    extended = any(
        d.stage == stage and d.kind == "respond" and d.extended for d in detail.deadlines
    )
    return LetterFacts(
        reference=detail.reference,
        is_complaint=detail.summary.kind is ContactKind.COMPLAINT,
        kind_label=detail.summary.kind.label,
        stage=stage,
        last_stage=profile.last_stage,
        stage_name=rule.name if rule is not None else "The point of call",
        acknowledges=rule is not None and rule.acknowledge is not None,
        extended=extended,
        quick_fix=detail.quick_fix is not None,
        declined=row is not None and bool(row.declined_reason.strip()),
        not_accepted=case.exclusion_code is not None and not case.accepted,
    )


def _window(days: int, unit: DayUnit) -> str:
    return f"{days} working days" if unit is DayUnit.WORKING else f"{days} days"


def _address_lines(resident: m.Resident | None) -> list[str]:
    if resident is None:
        return []
    lines = [part.strip() for part in resident.address.replace("\n", ",").split(",")]
    lines = [line for line in lines if line]
    if resident.postcode.strip():
        lines.append(resident.postcode.strip())
    return lines


def _person(session: Session, user_id: int | None) -> dict[str, str]:
    user = session.get(m.User, user_id) if user_id is not None else None
    if user is None:
        return {"name": "", "job_title": ""}
    return {"name": user.name, "job_title": user.job_title}


def _context(
    session: Session,
    case: m.Case,
    detail: CaseDetail,
    profile: PolicyProfile,
    settings: LetterSettings,
    today: date,
) -> dict[str, Any]:
    stage = detail.stage
    row = next((s for s in detail.stages if s.stage == stage), None)
    rule = profile.stage(stage) if 1 <= stage <= profile.last_stage else None
    resident = session.get(m.Resident, case.resident_id) if case.resident_id else None
    name = resident.name if resident is not None else (case.caller_name or "")
    handler = _person(session, row.handler_id if row is not None else case.handler_id)
    if not handler["name"]:  # turned away or fixed at the point of call: who logged it signs
        handler = _person(session, case.handler_id or case.logged_by_id)
    deadlines = {(d.stage, d.kind): d for d in detail.deadlines}
    respond = deadlines.get((stage, DeadlineKind.RESPOND.value))
    acknowledge = deadlines.get((stage, DeadlineKind.ACKNOWLEDGE.value))
    extension = respond.extensions[-1] if respond is not None and respond.extensions else None
    parts = [c for c in detail.components if c.stage == stage]
    at_fault = any(c.decision in (Decision.UPHELD, Decision.PARTLY_UPHELD) for c in parts)
    stored = (
        session.scalars(
            select(m.CaseStage.response_checklist).where(
                m.CaseStage.case_id == case.id, m.CaseStage.stage == stage
            )
        ).first()
        or {}
    )
    next_rule = (
        profile.stage(stage + 1) if rule is not None and stage < profile.last_stage else None
    )
    window = rule.escalation_window if rule is not None else None
    exclusion = (
        profile.exclusion(ExclusionCode(case.exclusion_code))
        if case.exclusion_code in {code.value for code in ExclusionCode}
        else None
    )
    quick = detail.quick_fix
    return {
        "today": today,
        "landlord": {"name": settings.landlord.name, "phone": settings.landlord.phone,
                     "email": settings.landlord.email},
        "profile": {"id": profile.id, "name": profile.name, "follows_code": profile.follows_code,
                    "time_limit_months": profile.time_limit.months},
        "case": {
            "reference": detail.reference,
            "received_on": detail.summary.received_on,
            "description": detail.description,
            "desired_outcome": detail.desired_outcome,
            "service_area": detail.service_area,
            "category": detail.category,
            "stage": stage,
            "stage_name": rule.name if rule is not None else "",
            "stage_label": f"stage {stage}" if stage >= 1 else "the point of call",
            "stage_received_on": row.received_on if row is not None else detail.summary.received_on,
            "last_stage": profile.last_stage,
            "is_last_stage": stage >= profile.last_stage,
        },
        "resident": {"name": name},
        "handler": handler,
        "stage_rule": {
            "acknowledge_how": rule.acknowledge_how if rule is not None else "",
            "acknowledgement_names": rule.acknowledgement_names if rule is not None else "",
            "handler_description": rule.handler_description if rule is not None else "",
            "respond_days": rule.respond.days if rule is not None else 0,
            "respond_unit": _window(rule.respond.days, rule.respond.unit) if rule else "",
        },
        "acknowledged_on": row.acknowledged_on if row is not None else None,
        "acknowledge_by": acknowledge.due_on if acknowledge is not None else None,
        "respond_by": respond.due_on if respond is not None else None,
        "extension": {
            "previous_due_on": extension.previous_due_on,
            "new_due_on": extension.new_due_on,
            "reason": extension.reason,
            "how_told": extension.how_told,
            "told_on": extension.told_on,
        }
        if extension is not None
        else None,
        "components": [
            {
                "number": number,
                "summary": c.summary,
                "finding": c.finding,
                "decision": DECISION_WORDS[c.decision] if c.decision else "not yet decided",
                "overturned": c.overturned,
            }
            for number, c in enumerate(parts, start=1)
        ],
        "at_fault": at_fault,
        "remedies": [
            {"description": r.description, "due_on": r.due_on}
            for r in detail.remedies
            if r.stage == stage
        ],
        "actions": [
            {"description": a.description, "owner": a.owner_name, "due_on": a.due_on}
            for a in detail.actions
            if a.done_on is None
        ],
        "redress": {  # the stage's own award: a review that awards nothing offers nothing new
            "total": detail.redress.total_pence,
            "parts": [{"label": p.label, "pence": p.pence} for p in detail.redress.parts],
            "lines": [line for line in detail.redress.breakdown.splitlines() if line.strip()],
        }
        if detail.redress is not None and detail.redress.stage == stage
        else None,
        "apology": bool(stored.get("apology", at_fault)),
        "improvements": str(stored.get("improvements", "") or detail.improvement),
        "nothing_to_put_right": str(stored.get("nothing_to_put_right", "")),
        "responded_on": row.responded_on if row is not None else None,
        "next_stage": {
            "number": next_rule.number,
            "name": next_rule.name,
            "label": f"stage {next_rule.number}",
            "who": next_rule.handler_description,
            "window": _window(window.days, window.unit) if window is not None else "",
            "by": detail.escalate_by,
        }
        if next_rule is not None
        else None,
        "ombudsman": [
            {"name": o.name, "when": o.when, "contact": settings.ombudsman_contact(o)}
            for o in profile.ombudsman
        ],
        "quick_fix": {
            "problem": detail.description,
            "agreed_fix": quick.agreed_fix,
            "follow_up": quick.follow_up,
            "resolved_on": quick.resolved_on,
            "escalate_by": quick.escalate_by,
        }
        if quick is not None
        else None,
        "declined_reason": row.declined_reason if row is not None else "",
        "exclusion": {
            "label": exclusion.label if exclusion is not None else "",
            "say": exclusion.say if exclusion is not None else "",
            "reason": case.exclusion_reason,
        },
    }  # fmt: skip


def _load(session: Session, case_id: int, today: date) -> tuple[m.Case, CaseDetail, PolicyProfile]:
    case = session.get(m.Case, case_id)
    if case is None:
        raise NotFound(f"There is no case with id {case_id}.")
    return case, build_detail(session, case, today), profile_named(case.profile_id)


def choices_in(session: Session, case_id: int, today: date) -> list[LetterChoice]:
    """Every letter kind, with why the case has not reached it (None when it has)."""
    case, detail, _ = _load(session, case_id, today)
    facts = facts_of(case, detail)
    return [LetterChoice(kind, refusal(kind, facts)) for kind in LetterKind]


def letter_choices(store: Store, case_id: int, *, today: date | None = None) -> list[LetterChoice]:
    """Every letter kind, with why the case has not reached it (None when it has)."""
    day = today if today is not None else uk_date(utc_now())
    with store.reading() as session:
        return choices_in(session, case_id, day)


def compose_in(
    session: Session,
    case_id: int,
    kind: LetterKind,
    today: date,
    *,
    body: tuple[str, ...] | None = None,
) -> Letter:
    """The letter, in an open session (the sending service composes inside its transaction).
    With `body`, those paragraphs are the letter's body (what the handler wrote from the
    template's draft); a template that fails then only costs the subject line."""
    case, detail, profile = _load(session, case_id, today)
    facts = facts_of(case, detail)
    refused = refusal(kind, facts)
    if refused is None and today < detail.summary.received_on:
        refused = (
            f"A letter about {detail.reference} cannot be dated {describe_date(today)}, before "
            f"it was received ({describe_date(detail.summary.received_on)})."
        )
    if refused is not None:
        reachable = ", ".join(k.value for k in reached(facts)) or "none yet"
        raise RuleViolation(f"{refused} Letters it has reached: {reachable}.")
    settings = read_letter_settings(session)
    context = _context(session, case, detail, profile, settings, today)
    try:
        found = paragraphs(render(kind, profile.id, settings.letters_folder, context))
    except LetterTemplateError:
        if body is None:
            raise
        found = ()
    subject = f"{kind.label}: {detail.reference}"
    if found and found[0].lower().startswith("subject:"):
        first, *rest = found[0].split("\n")
        subject = first.split(":", 1)[1].strip()
        found = (("\n".join(rest),) if rest else ()) + found[1:]
    if body is not None:
        found = body
    resident = session.get(m.Resident, case.resident_id) if case.resident_id else None
    name = context["resident"]["name"]
    handler = context["handler"]
    return Letter(
        kind=kind,
        reference=detail.reference,
        dated=today,
        landlord=settings.landlord,
        addressee=tuple([name or "The resident", *_address_lines(resident)]),
        salutation=f"Dear {name}," if name else "Dear resident,",
        subject=subject,
        body=found,
        signer=handler["name"],
        signer_role=handler["job_title"],
        stage=detail.stage,
    )


def compose_letter(
    store: Store, case_id: int, kind: LetterKind, *, today: date | None = None
) -> Letter:
    """The letter of this kind for the case as it stands; `RuleViolation` (a sentence) when the
    case has not reached it, `LetterTemplateError` when its template is broken."""
    day = today if today is not None else uk_date(utc_now())
    with store.reading() as session:
        return compose_in(session, case_id, kind, day)


def response_kind(detail: CaseDetail) -> LetterKind:
    """The answer of the case's stage: the final response at the profile's last stage."""
    return LetterKind.FINAL_RESPONSE if detail.is_last_stage else LetterKind.RESPONSE


def response_draft(store: Store, case_id: int, *, today: date | None = None) -> str:
    """The body of the stage's response as the template writes it, for the handler to edit."""
    day = today if today is not None else uk_date(utc_now())
    with store.reading() as session:
        _, detail, _ = _load(session, case_id, day)
        letter = compose_in(session, case_id, response_kind(detail), day)
        return "\n\n".join(letter.body)
