"""Sending a stage's response: the SPEC §4 checklist must be complete first."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints_tui.domain.kinds import CaseStatus, Decision
from complaints_tui.domain.letters import LetterChannel, paragraphs
from complaints_tui.services._core import (
    snapshot,
)
from complaints_tui.services.cases.case_view import build_detail
from complaints_tui.services.cases.casework import (
    CASE_FIELDS,
    current_stage,
    require_handler_named,
    require_stage_worker,
    require_status,
    rules_for,
    sync_deadlines,
)
from complaints_tui.services.cases.command import CaseCommand, case_command
from complaints_tui.services.cases.types import CaseDetail, ResponseChecklist
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

AT_FAULT = (Decision.UPHELD.value, Decision.PARTLY_UPHELD.value)


def _short(text: str, limit: int = 40) -> str:
    """A part's summary cut at a word, with an ellipsis where it was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip() + "…"


def _gaps(session: Session, case: m.Case, checklist: ResponseChecklist) -> list[str]:
    profile, _ = rules_for(case)
    gaps: list[str] = []
    components = session.scalars(
        select(m.Component)
        .where(m.Component.case_id == case.id, m.Component.stage == case.stage)
        .order_by(m.Component.id)
    ).all()
    if not components:
        gaps.append("Record the parts of the complaint (at least one component).")
    for number, component in enumerate(components, start=1):
        label = f"Part {number} ({_short(component.summary)})"
        if not component.finding.strip():
            gaps.append(f"{label} has no finding.")
        if component.decision is None:
            gaps.append(f"{label} has no decision (upheld, partly upheld or not upheld).")
    at_fault = any(c.decision in AT_FAULT for c in components)
    remedies = session.scalars(
        select(m.Remedy).where(m.Remedy.case_id == case.id, m.Remedy.stage == case.stage)
    ).all()
    if at_fault:
        if not checklist.apology:
            gaps.append("Apologise: we were at fault.")
        if not remedies and not checklist.nothing_to_put_right.strip():
            gaps.append(
                "Say what will be put right and by when (or why nothing needs putting right)."
            )
        if not checklist.improvements.strip():
            gaps.append("Describe the improvements and safeguards made.")
    for remedy in remedies:
        if remedy.due_on is None:
            gaps.append(f"Give a date for the remedy '{remedy.description[:40]}'.")
    if not checklist.thanks:
        gaps.append("Thank the resident for raising the complaint.")
    if not checklist.escalation_explained:
        if case.stage >= profile.last_stage:
            gaps.append("Tell the resident which ombudsman they can go to, and when.")
        else:
            gaps.append(
                f"Explain how to ask for stage {case.stage + 1}: the window and who to write to."
            )
    if not checklist.letter_text.strip():
        gaps.append("Write the response letter.")
    return gaps


def _keep_letter(
    cmd: CaseCommand, case: m.Case, checklist: ResponseChecklist, day: date, channel: LetterChannel
) -> dict[str, object]:
    """The response as sent: the handler's words in the letter's frame (letterhead, addressee,
    signature), kept among the case's sent letters like any other. What the response's own
    event says of it (one action, one event)."""
    from complaints_tui.services.letters.compose import compose_in, response_kind

    detail = build_detail(cmd.session, case, day)
    kind = response_kind(detail)
    letter = compose_in(cmd.session, case.id, kind, day, body=paragraphs(checklist.letter_text))
    row = m.SentLetter(
        case_id=case.id,
        stage=case.stage,
        kind=kind.value,
        channel=channel.value,
        recipient=", ".join(letter.addressee),
        content=letter.to_dict(),
        by_id=cmd.user.id,
        at=cmd.at,
    )
    cmd.session.add(row)
    cmd.session.flush()
    return {"letter_id": row.id, "sent_by": channel.value}


def response_gaps(store: Store, case_id: int, checklist: ResponseChecklist) -> list[str]:
    """What still stops the response being sent (empty when it may go)."""
    with store.reading() as session:
        case = session.get(m.Case, case_id)
        if case is None:
            raise NotFound(f"There is no case with id {case_id}.")
        return _gaps(session, case, checklist)


def send_response(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    checklist: ResponseChecklist,
    *,
    on: date | None = None,
    now: datetime | None = None,
    channel: LetterChannel = LetterChannel.POST,
) -> CaseDetail:
    """Send the current stage's response once the checklist is complete; keeps the letter (also
    among the letters sent, in the letter's frame) and the ticks, meets the respond deadline and
    starts the escalation window."""
    with case_command(
        store, actor, case_id, expected_version, "send the response", require_stage_worker, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        require_status(case, CaseStatus.OPEN, doing="send a response")
        row = current_stage(session, case)
        require_handler_named(case, row, "send the response")
        profile, _ = rules_for(case)
        if profile.stage(row.stage).acknowledge is not None and row.acknowledged_on is None:
            raise RuleViolation("Acknowledge the complaint before sending the response.")
        day = cmd.on(on, "response")
        if day < (row.acknowledged_on or row.received_on):
            raise RuleViolation(
                "The response cannot be sent before the complaint was received and acknowledged."
            )
        gaps = _gaps(session, case, checklist)
        if gaps:
            raise RuleViolation("The response is not ready: " + " ".join(gaps))
        before = snapshot(case, CASE_FIELDS)
        row.responded_on = day
        row.response_letter = checklist.letter_text
        row.response_checklist = {
            "thanks": checklist.thanks,
            "apology": checklist.apology,
            "improvements": checklist.improvements,
            "escalation_explained": checklist.escalation_explained,
            "nothing_to_put_right": checklist.nothing_to_put_right,
        }
        case.status = CaseStatus.RESPONDED.value
        sync_deadlines(session, case)
        sent = _keep_letter(cmd, case, checklist, day, channel)
        cmd.audit(
            "response_sent",
            before=before,
            after=snapshot(case, CASE_FIELDS)
            | {"responded_on": day}
            | row.response_checklist
            | sent,
            context={"stage": row.stage},
        )
        return cmd.finish()
