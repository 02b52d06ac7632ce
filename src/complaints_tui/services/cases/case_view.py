"""Reading a case: its full detail, its timeline from the audit events, and lookup by reference."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from complaints_tui.domain.calendar import SkippedDay, WorkingCalendar
from complaints_tui.domain.deadlines import DUE_SOON_DAYS, DeadlineKind, deadline_state
from complaints_tui.domain.kinds import CaseStatus, Channel, Decision
from complaints_tui.domain.letters import LetterChannel, LetterKind
from complaints_tui.domain.policy import ClockStart, DayUnit
from complaints_tui.services._core import uk_date, user_name, utc_now
from complaints_tui.services.cases.casework import rules_for, stages_of, summary_of_case
from complaints_tui.services.cases.types import (
    ActionInfo,
    CaseDetail,
    CaseHit,
    ComplimentInfo,
    ComponentInfo,
    DeadlineInfo,
    ExtensionInfo,
    NoteInfo,
    QuickFixInfo,
    RedressInfo,
    RedressPart,
    RemedyInfo,
    SatisfactionInfo,
    SentLetterInfo,
    StageInfo,
    TimelineEntry,
)
from complaints_tui.services.errors import NotFound
from complaints_tui.services.people.residents import representative_info
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from complaints_tui.store.search import prefix_upper_bound


def _area_and_category(session: Session, case: m.Case) -> tuple[str, str]:
    area = session.get(m.ServiceArea, case.service_area_id) if case.service_area_id else None
    category = session.get(m.Category, case.category_id) if case.category_id else None
    return (area.name if area else "", category.name if category else "")


def _skipped(
    row: m.Deadline, stage: m.CaseStage | None, calendar: WorkingCalendar
) -> tuple[SkippedDay, ...]:
    """The days a stored deadline's count skipped, from the day its clock's event happened (a
    receipt on a Saturday skips that Saturday too) to the date it counted to; as
    `domain.deadlines.Deadline.explain` says them when the dates are first read out."""
    if row.unit != DayUnit.WORKING.value or row.clock_started_on is None:
        return ()
    start = row.clock_started_on
    if stage is not None and not row.projected:
        events = {
            ClockStart.RECEIPT.value: stage.received_on,
            ClockStart.ACKNOWLEDGEMENT.value: stage.acknowledged_on,
            ClockStart.RESPONSE.value: stage.responded_on,
        }
        start = events.get(row.clock_start) or start
    return tuple(calendar.explain(start, row.original_due_on))


def _deadlines(
    session: Session, case: m.Case, today: date, stage_rows: list[m.CaseStage]
) -> list[DeadlineInfo]:
    _, calendar = rules_for(case)
    stages = {row.stage: row for row in stage_rows}
    names: dict[int, str] = {}
    rows = session.scalars(
        select(m.Deadline)
        .where(m.Deadline.case_id == case.id)
        .order_by(m.Deadline.stage, m.Deadline.id)
    ).all()
    extensions: dict[int, list[ExtensionInfo]] = {}
    for ext in session.scalars(
        select(m.Extension)
        .where(m.Extension.deadline_id.in_([row.id for row in rows]))
        .order_by(m.Extension.id)
    ):
        extensions.setdefault(ext.deadline_id, []).append(
            ExtensionInfo(
                ext.previous_due_on,
                ext.new_due_on,
                ext.reason,
                ext.how_told,
                ext.told_on,
                user_name(session, ext.by_id, names),
            )
        )
    order = {kind.value: index for index, kind in enumerate(DeadlineKind)}
    return [
        DeadlineInfo(
            stage=row.stage,
            kind=row.kind,
            clock_start=row.clock_start,
            clock_started_on=row.clock_started_on,
            projected=row.projected,
            length=row.length,
            unit=row.unit,
            due_on=row.due_on,
            original_due_on=row.original_due_on,
            met_on=row.met_on,
            state=deadline_state(
                row.due_on, row.met_on, today, calendar, DUE_SOON_DAYS, kind=row.kind
            ),
            extensions=tuple(extensions.get(row.id, ())),
            skipped=_skipped(row, stages.get(row.stage), calendar),
        )
        for row in sorted(rows, key=lambda r: (r.stage, order.get(r.kind, 9)))
    ]


def _components(session: Session, case_id: int) -> list[ComponentInfo]:
    rows = session.scalars(
        select(m.Component)
        .where(m.Component.case_id == case_id)
        .order_by(m.Component.stage, m.Component.id)
    ).all()
    by_id = {row.id: row for row in rows}
    result = []
    for row in rows:
        previous = by_id.get(row.previous_id) if row.previous_id is not None else None
        result.append(
            ComponentInfo(
                row.id,
                row.stage,
                row.summary,
                row.finding,
                Decision(row.decision) if row.decision else None,
                row.overturned,
                Decision(previous.decision) if previous is not None and previous.decision else None,
            )
        )
    return result


def _notes(session: Session, case_id: int, names: dict[int, str]) -> list[NoteInfo]:
    note = m.CaseNote
    rows = session.execute(  # columns, not ORM rows: a long-running case has hundreds
        select(note.id, note.kind, note.channel, note.text, note.by_id, note.at)
        .where(note.case_id == case_id)
        .order_by(note.id.desc())
    )
    return [
        NoteInfo(
            note_id,
            kind,
            Channel(channel) if channel else None,
            text,
            user_name(session, by_id, names),
            at,
        )
        for note_id, kind, channel, text, by_id, at in rows
    ]


def _inputs(parts: object) -> dict[str, Any] | None:
    """The calculator's inputs saved beside the parts (None for an amount typed in whole)."""
    inputs = parts.get("inputs") if isinstance(parts, dict) else None
    return inputs if isinstance(inputs, dict) else None


def sent_letter_info(session: Session, row: m.SentLetter, names: dict[int, str]) -> SentLetterInfo:
    return SentLetterInfo(
        row.id,
        row.case_id,
        LetterKind(row.kind),
        row.stage,
        LetterChannel(row.channel),
        row.recipient,
        user_name(session, row.by_id, names),
        row.at,
    )


def _letters(session: Session, case_id: int, names: dict[int, str]) -> list[SentLetterInfo]:
    rows = session.scalars(
        select(m.SentLetter).where(m.SentLetter.case_id == case_id).order_by(m.SentLetter.id.desc())
    )
    return [sent_letter_info(session, row, names) for row in rows]


def build_detail(session: Session, case: m.Case, today: date) -> CaseDetail:
    profile, _ = rules_for(case)
    names: dict[int, str] = {}
    stage_rows = stages_of(session, case.id)
    deadlines = _deadlines(session, case, today, stage_rows)
    quick = session.get(m.QuickFix, case.id)
    satisfaction = session.get(m.Satisfaction, case.id)
    redress = session.scalars(
        select(m.Redress).where(m.Redress.case_id == case.id).order_by(m.Redress.id.desc()).limit(1)
    ).first()
    rep = session.get(m.Representative, case.representative_id) if case.representative_id else None
    area, category = _area_and_category(session, case)
    escalate_by: date | None = None
    is_last = case.stage >= profile.last_stage
    if case.status == CaseStatus.RESPONDED.value and not is_last:
        if case.stage == 0:
            escalate_by = quick.escalate_by if quick is not None else None
        else:
            escalate_by = next(
                (
                    d.due_on
                    for d in deadlines
                    if d.stage == case.stage and d.kind == DeadlineKind.ESCALATE.value
                ),
                None,
            )
    return CaseDetail(
        summary=summary_of_case(session, case, names),
        description=case.description,
        desired_outcome=case.desired_outcome,
        received_at=case.received_at,
        issue_known_on=case.issue_known_on,
        profile_id=case.profile_id,
        service_area=area,
        category=category,
        caller_name=case.caller_name,
        representative=representative_info(rep) if rep is not None else None,
        accepted=case.accepted,
        exclusion_code=case.exclusion_code,
        exclusion_reason=case.exclusion_reason,
        out_of_time_reason=case.out_of_time_reason,
        complaint_offered=case.complaint_offered,
        outcome=case.outcome,
        improvement=case.improvement,
        withdrawn_by=case.withdrawn_by,
        withdrawn_reason=case.withdrawn_reason,
        withdrawn_on=case.withdrawn_on,
        closed_on=case.closed_on,
        stages=[
            StageInfo(
                row.stage,
                profile.stage(row.stage).name
                if 1 <= row.stage <= profile.last_stage
                else f"Stage {row.stage}",
                row.received_on,
                row.acknowledged_on,
                row.responded_on,
                row.handler_id,
                user_name(session, row.handler_id, names),
                row.declined_reason,
                row.late_reason,
                row.response_letter,
            )
            for row in stage_rows
        ],
        deadlines=deadlines,
        components=_components(session, case.id),
        remedies=[
            RemedyInfo(r.id, r.stage, r.description, r.due_on, r.done_on)
            for r in session.scalars(
                select(m.Remedy).where(m.Remedy.case_id == case.id).order_by(m.Remedy.id)
            )
        ],
        redress=RedressInfo(
            redress.stage,
            redress.total_pence,
            tuple(
                RedressPart(str(p["label"]), int(p["pence"]))
                for p in redress.parts.get("parts", [])
            ),
            redress.breakdown,
            redress.at,
            _inputs(redress.parts),
        )
        if redress is not None
        else None,
        actions=[
            ActionInfo(
                a.id,
                a.description,
                a.owner_id,
                user_name(session, a.owner_id, names),
                a.due_on,
                a.done_on,
            )
            for a in session.scalars(
                select(m.OutstandingAction)
                .where(m.OutstandingAction.case_id == case.id)
                .order_by(m.OutstandingAction.id)
            )
        ],
        learning_tags=list(
            session.scalars(
                select(m.LearningTag.tag)
                .where(m.LearningTag.case_id == case.id)
                .order_by(m.LearningTag.tag)
            )
        ),
        quick_fix=QuickFixInfo(
            quick.agreed_fix,
            quick.follow_up,
            quick.letter_text,
            quick.resolved_on,
            quick.escalate_by,
        )
        if quick is not None
        else None,
        compliments=[
            ComplimentInfo(
                c.person_or_team, c.manager_id, user_name(session, c.manager_id, names), c.routed_on
            )
            for c in session.scalars(
                select(m.Compliment)
                .where(m.Compliment.case_id == case.id)
                .order_by(m.Compliment.id)
            )
        ],
        satisfaction=SatisfactionInfo(
            satisfaction.score, satisfaction.comment, satisfaction.recorded_on
        )
        if satisfaction is not None
        else None,
        escalate_by=escalate_by,
        is_last_stage=is_last,
        notes=_notes(session, case.id, names),
        letters=_letters(session, case.id, names),
    )


def get_case(store: Store, case_id: int, *, today: date | None = None) -> CaseDetail:
    day = today if today is not None else uk_date(utc_now())
    with store.reading() as session:
        case = session.get(m.Case, case_id)
        if case is None:
            raise NotFound(f"There is no case with id {case_id}.")
        return build_detail(session, case, day)


def case_by_reference(store: Store, reference: str, *, today: date | None = None) -> CaseDetail:
    day = today if today is not None else uk_date(utc_now())
    with store.reading() as session:
        case = session.scalars(
            # Our references are upper case; an imported one is kept exactly as it was given.
            select(m.Case).where(
                m.Case.reference.in_({reference.strip(), reference.strip().upper()})
            )
        ).first()
        if case is None:
            raise NotFound(f"There is no case with reference {reference.strip()}.")
        return build_detail(session, case, day)


def reference_match(text: str, today: date | None = None) -> ColumnElement[bool] | None:
    """The cases `text` names by reference: `CMP-2026-000123`, a prefix of it (any case), or
    just the number `123` (this year's or one of the five before); None for blank text."""
    typed = text.strip()
    query = typed.upper()
    if not query:
        return None
    if query.isdigit():
        this_year = (today or uk_date(utc_now())).year
        wanted = [f"CMP-{year}-{int(query):06d}" for year in range(this_year, this_year - 6, -1)]
        return m.Case.reference.in_(wanted)
    # A prefix of our (upper-case) references, or of an imported one kept as typed.
    return or_(
        *(
            and_(m.Case.reference >= start, m.Case.reference < prefix_upper_bound(start))
            for start in dict.fromkeys((query, typed))
        )
    )


def find_cases(store: Store, text: str, limit: int = 10) -> list[CaseHit]:
    """Cases by reference: `CMP-2026-000123`, a prefix of it, or just the number `123`."""
    matching = reference_match(text)
    if matching is None:
        return []
    newest_first = text.strip().isdigit()
    order = m.Case.reference.desc() if newest_first else m.Case.reference
    statement = select(m.Case).where(matching).order_by(order)
    with store.reading() as session:
        hits = []
        for case in session.scalars(statement.limit(limit)):
            resident = session.get(m.Resident, case.resident_id) if case.resident_id else None
            hits.append(
                CaseHit(
                    case.id,
                    case.reference,
                    case.description[:80],
                    CaseStatus(case.status),
                    resident.name if resident is not None else case.caller_name,
                )
            )
        return hits


_ACTION_LABELS = {
    "contact_logged": "Contact logged",
    "quick_fix_recorded": "Quick fix recorded",
    "stage_opened": "Stage opened",
    "acknowledged": "Acknowledged",
    "assigned": "Assigned",
    "extended": "Response date extended",
    "component_added": "Component added",
    "decision_recorded": "Decision recorded",
    "remedy_added": "Remedy added",
    "remedy_done": "Remedy done",
    "redress_recorded": "Redress recorded",
    "action_added": "Outstanding action added",
    "action_done": "Outstanding action done",
    "response_sent": "Response sent",
    "escalation_requested": "Escalation requested",
    "review_declined": "Review declined",
    "reviewer_allocated": "Reviewer allocated",
    "withdrawn": "Withdrawn",
    "closed": "Closed",
    "reopened": "Reopened",
    "compliment_routed": "Compliment routed",
    "note_added": "Note added",
    "case_contact_logged": "Contact about the case",
    "letter_sent": "Letter sent",
    "deadlines_recomputed": "Deadlines recomputed for an office closure day",
}


def _describe(before: dict[str, object], after: dict[str, object]) -> str:
    parts = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if isinstance(new, dict | list) or isinstance(old, dict | list):
            continue
        label = key.replace("_", " ")
        if key in before and key in after:
            parts.append(f"{label}: {old} → {new}")
        elif new not in (None, ""):
            parts.append(f"{label}: {new}")
    return "; ".join(parts)


def case_timeline(store: Store, case_id: int) -> list[TimelineEntry]:
    """Everything that happened to the case, oldest first, built from the audit events."""
    with store.reading() as session:
        if session.get(m.Case, case_id) is None:
            raise NotFound(f"There is no case with id {case_id}.")
        names: dict[int, str] = {}
        entries = []
        event = m.Event
        rows = session.execute(  # columns, not ORM rows: a long-running case has hundreds
            select(event.at, event.actor_id, event.action, event.before, event.after)
            .where(event.case_id == case_id)
            .order_by(event.id)
        )
        for at, actor_id, action, old, new in rows:
            before = dict(old or {})
            after = dict(new or {})
            entries.append(
                TimelineEntry(
                    at=at,
                    actor_name=user_name(session, actor_id, names) or "system",
                    action=action,
                    label=_ACTION_LABELS.get(action, action.replace("_", " ").capitalize()),
                    summary=_describe(before, after),
                    before=before,
                    after=after,
                )
            )
        return entries
