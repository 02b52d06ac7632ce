"""The call handler's actions: log a contact (triaged under the landlord's profile), record a
quick fix with its letter, and route a compliment to the person's manager."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, datetime

from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind
from complaints_tui.domain.triage import Representative as TriageRepresentative
from complaints_tui.domain.triage import TriageResult, triage
from complaints_tui.services._core import (
    EVERYONE,
    Command,
    command,
    landlord_profile_id,
    need_text,
    profile_named,
    snapshot,
    status_after_triage,
    uk_date,
    utc_now,
)
from complaints_tui.services.cases.casework import (
    CASE_FIELDS,
    refresh_next_due,
    rules_for,
    summary_of_case,
)
from complaints_tui.services.cases.command import CaseCommand, case_command
from complaints_tui.services.cases.types import CaseSummary
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.intake.types import ContactCapture, ContactLogged
from complaints_tui.services.letters.quick_fix import quick_fix_letter
from complaints_tui.services.people.types import Actor
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from complaints_tui.store.references import next_case_reference


def log_contact(
    store: Store, actor: Actor, capture: ContactCapture, *, now: datetime | None = None
) -> ContactLogged:
    """Log any contact. Triage runs here on the handler's answers: the kind, whether a complaint
    is accepted (or the exclusion and the sentence to say), and any out-of-time override are
    stored. A resident's contact restrictions never stop a complaint being logged."""
    with command(store, actor, EVERYONE, "log a contact", now) as cmd:
        case, result = contact_logged(cmd, capture)
        return ContactLogged(
            case=summary_of_case(cmd.session, case),
            accepted=result.accepted,
            say=result.say,
            warnings=list(result.warnings),
            exclusion_label=result.exclusion.label if result.exclusion is not None else "",
            offer_complaint=result.offer_complaint,
        )


def contact_logged(cmd: Command, capture: ContactCapture) -> tuple[m.Case, TriageResult]:
    """`log_contact` inside a command already open: the new case row and its triage."""
    session, at = cmd.session, cmd.at
    received_at = utc_now(capture.received_at) if capture.received_at is not None else at
    received_on = uk_date(received_at)
    if received_on > cmd.today:
        raise RuleViolation("A contact cannot be received in the future.")
    known_on = capture.answers.issue_known_on
    if known_on is not None and known_on > received_on:
        # (and 9999-12-31 would overflow the time limit's month arithmetic in triage)
        raise RuleViolation(
            f"The resident cannot have known of the issue on {known_on:%d %B %Y}, "
            f"after the contact on {received_on:%d %B %Y}."
        )
    profile = profile_named(landlord_profile_id(session))
    description = need_text(capture.description, "what the contact is about")
    resident = (
        session.get(m.Resident, capture.resident_id) if capture.resident_id is not None else None
    )
    if capture.resident_id is not None and resident is None:
        raise NotFound(f"There is no resident with id {capture.resident_id}.")
    rep = (
        session.get(m.Representative, capture.representative_id)
        if capture.representative_id
        else None
    )
    if capture.representative_id is not None and (
        rep is None or resident is None or rep.resident_id != resident.id
    ):
        raise RuleViolation("The representative must be one recorded for this resident.")
    if (
        capture.service_area_id is not None
        and session.get(m.ServiceArea, capture.service_area_id) is None
    ):
        raise NotFound(f"There is no service area with id {capture.service_area_id}.")
    category = session.get(m.Category, capture.category_id) if capture.category_id else None
    if capture.category_id is not None and category is None:
        raise NotFound(f"There is no category with id {capture.category_id}.")
    if category is not None and category.retired:
        raise RuleViolation(f"The category {category.name!r} was retired: choose another.")
    answers = replace(
        capture.answers,
        contacted_on=received_on,
        anonymous=capture.answers.anonymous or resident is None,
        representative=TriageRepresentative(
            rep.name, rep.relation, rep.authority_confirmed_on is not None, rep.authority_how
        )
        if rep is not None
        else None,
    )
    result = triage(profile, answers)
    if result.offer_complaint and not capture.complaint_offered:
        raise RuleViolation(
            "The resident is unhappy: offer them the choice of making a complaint, and record "
            "that you offered it."
        )
    status = status_after_triage(result.kind, result.accepted)
    case = m.Case(
        reference=next_case_reference(session, received_on.year),
        kind=result.kind.value,
        channel=Channel(capture.channel).value,
        received_at=received_at,
        received_on=received_on,
        issue_known_on=answers.issue_known_on,
        service_area_id=capture.service_area_id,
        category_id=capture.category_id,
        description=description,
        desired_outcome=capture.desired_outcome.strip(),
        profile_id=profile.id,
        stage=0,
        status=status.value,
        handler_id=None,
        resident_id=resident.id if resident is not None else None,
        representative_id=rep.id if rep is not None else None,
        caller_name=capture.caller_name.strip(),
        complaint_offered=capture.complaint_offered,
        accepted=result.accepted,
        exclusion_code=result.exclusion.code.value if result.exclusion is not None else None,
        exclusion_reason=result.exclusion.say if result.exclusion is not None else "",
        out_of_time_reason=(answers.exceptional_circumstances or "").strip()
        if result.override_applied
        else "",
        logged_by_id=cmd.actor.id,
        created_at=at,
        updated_at=at,
        version=1,
    )
    session.add(case)
    session.flush()
    if status is CaseStatus.OPEN:
        _, calendar = rules_for(case)
        refresh_next_due(case, profile, calendar)
    cmd.audit(
        "contact_logged",
        case_id=case.id,
        resident_id=case.resident_id,
        after=snapshot(case, CASE_FIELDS) | {"triage": asdict(answers), "say": result.say},
    )
    return case, result


def record_quick_fix(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    agreed_fix: str,
    *,
    follow_up: str = "",
    resolved_on: date | None = None,
    now: datetime | None = None,
) -> CaseSummary:
    """Resolve a complaint at the point of call, where the profile has a quick-fix stage: keep the
    agreed fix, a confirmation letter naming the problem and the fix, and the last day the
    resident may still go formal. Under the statutory Code there is no quick fix."""
    with case_command(
        store, actor, case_id, expected_version, "record a quick fix", EVERYONE, now=now
    ) as cmd:
        quick_fix_recorded(cmd, agreed_fix, follow_up=follow_up, resolved_on=resolved_on)
        return cmd.finish_summary()


def quick_fix_recorded(
    cmd: CaseCommand, agreed_fix: str, *, follow_up: str = "", resolved_on: date | None = None
) -> m.QuickFix:
    """`record_quick_fix` inside a command already open on the case."""
    session, case, user = cmd.session, cmd.case, cmd.user
    profile, calendar = rules_for(case)
    if not profile.quick_fix.enabled:
        raise RuleViolation(
            f"{profile.name} has no quick-fix stage. A first-time issue fixed at once is a "
            "service request resolved at first contact; log it as one. Any other "
            "dissatisfaction goes to stage 1."
        )
    if (
        case.kind != ContactKind.COMPLAINT.value
        or case.status != CaseStatus.OPEN.value
        or case.stage != 0
    ):
        raise RuleViolation(
            f"Case {case.reference} is not a complaint waiting at the point of call."
        )
    day = cmd.on(resolved_on)
    if day < case.received_on or day > cmd.today:
        raise RuleViolation("The fix must be resolved between the day of the contact and today.")
    within = profile.quick_fix.resolve_within
    if within is not None:
        last_day = calendar.due_date(case.received_on, within.days, within.unit)
        if day > last_day:
            raise RuleViolation(
                f"A quick fix under {profile.name} must be resolved within {within.days} "
                f"working day(s), by {last_day:%d %B %Y}; open stage 1 instead."
            )
    window = profile.quick_fix.escalate_within
    escalate_by = calendar.due_date(day, window.days, window.unit) if window is not None else None
    resident = session.get(m.Resident, case.resident_id) if case.resident_id else None
    fix = need_text(agreed_fix, "the fix agreed with the resident")
    letter = quick_fix_letter(
        profile=profile,
        reference=case.reference,
        resident_name=resident.name if resident is not None else case.caller_name,
        received_on=case.received_on,
        problem=case.description,
        agreed_fix=fix,
        follow_up=follow_up,
        escalate_by=escalate_by,
        handler_name=user.name,
    )
    before = snapshot(case, CASE_FIELDS)
    quick_fix = m.QuickFix(
        case_id=case.id,
        agreed_fix=fix,
        follow_up=follow_up.strip(),
        letter_text=letter,
        resolved_on=day,
        escalate_by=escalate_by,
    )
    session.add(quick_fix)
    case.status = CaseStatus.RESPONDED.value
    case.handler_id = user.id
    refresh_next_due(case, profile, calendar)
    cmd.audit(
        "quick_fix_recorded",
        before=before,
        after=snapshot(case, CASE_FIELDS)
        | {
            "agreed_fix": fix,
            "follow_up": follow_up.strip(),
            "resolved_on": day,
            "escalate_by": escalate_by,
        },
    )
    return quick_fix


def route_compliment(
    store: Store,
    actor: Actor,
    case_id: int,
    expected_version: int,
    person_or_team: str,
    manager_id: int,
    *,
    routed_on: date | None = None,
    now: datetime | None = None,
) -> CaseSummary:
    """Pass a compliment to the named person or team through their manager."""
    with case_command(
        store, actor, case_id, expected_version, "route a compliment", EVERYONE, now=now
    ) as cmd:
        session, case = cmd.session, cmd.case
        if case.kind != ContactKind.COMPLIMENT.value:
            raise RuleViolation(f"Case {case.reference} is not a compliment.")
        manager = session.get(m.User, manager_id)
        if manager is None or not manager.active:
            raise NotFound("Choose an active manager to pass the compliment to.")
        day = cmd.on(routed_on)
        who = need_text(person_or_team, "who the compliment is for")
        session.add(
            m.Compliment(case_id=case.id, person_or_team=who, manager_id=manager.id, routed_on=day)
        )
        cmd.audit(
            "compliment_routed",
            after={"person_or_team": who, "manager_id": manager.id, "routed_on": day},
        )
        return cmd.finish_summary()
