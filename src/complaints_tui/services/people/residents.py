"""Residents: find them fast, show their flags, add them and their representatives, and
(team lead / service director only) mark them unreasonable with contact restrictions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.orm import Session

from complaints_tui.domain.deadlines import DeadlineKind
from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind, Tenure
from complaints_tui.domain.restrictions import RestrictionKind
from complaints_tui.domain.roles import Role
from complaints_tui.services._core import (
    EVERYONE,
    Command,
    check_lengths,
    column_limits,
    command,
    need_text,
    snapshot,
    user_name,
)
from complaints_tui.services.errors import NotFound, RuleViolation
from complaints_tui.services.people.resident_words import word_plan
from complaints_tui.services.people.types import (
    Actor,
    ContactLine,
    NewRepresentative,
    NewResident,
    OpenCaseLine,
    RepresentativeInfo,
    ResidentFlags,
    ResidentInfo,
    ResidentPage,
    ResidentSummary,
    RestrictionInfo,
    RestrictionInput,
)
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from complaints_tui.store.search import (
    normalise_postcode,
    query_words,
    search_terms,
)

RESTRICTORS = frozenset({Role.TEAM_LEAD, Role.SERVICE_DIRECTOR})
RESIDENT_COUNTER_YEAR = 0  # case_counters row 0 numbers generated resident references
_RESIDENT_FIELDS = (
    "reference",
    "name",
    "address",
    "postcode",
    "phone",
    "email",
    "preferred_contact",
    "tenure",
    "support_needs",
    "adjustments",
    "vulnerability",
)
_UNREASONABLE_FIELDS = ("unreasonable", "unreasonable_reason", "unreasonable_review_on")
OPEN_STATUSES = (CaseStatus.OPEN.value, CaseStatus.RESPONDED.value)


def summary_of(resident: m.Resident, restricted: bool = False) -> ResidentSummary:
    return ResidentSummary(
        id=resident.id,
        reference=resident.reference,
        name=resident.name,
        address=resident.address,
        postcode=resident.postcode,
        phone=resident.phone,
        tenure=resident.tenure,
        restricted=restricted or resident.unreasonable,
    )


def info_of(resident: m.Resident) -> ResidentInfo:
    return ResidentInfo(
        id=resident.id,
        reference=resident.reference,
        name=resident.name,
        address=resident.address,
        postcode=resident.postcode,
        phone=resident.phone,
        email=resident.email,
        preferred_contact=resident.preferred_contact,
        tenure=resident.tenure,
        support_needs=resident.support_needs,
        adjustments=resident.adjustments,
        vulnerability=resident.vulnerability,
        unreasonable=resident.unreasonable,
        unreasonable_reason=resident.unreasonable_reason,
        unreasonable_review_on=resident.unreasonable_review_on,
    )


def representative_info(rep: m.Representative) -> RepresentativeInfo:
    return RepresentativeInfo(
        rep.id,
        rep.resident_id,
        rep.name,
        rep.relation,
        rep.authority_how,
        rep.authority_confirmed_on,
    )


def search_residents(store: Store, query: str, limit: int = 50, offset: int = 0) -> ResidentPage:
    """Residents whose name, address, postcode, phone or reference has a word starting with
    every word of `query` (case-insensitive), by name; a page of `limit` from `offset`.

    Typing searches on every key, so the first letters match most residents: how the words are
    looked up follows how many residents they match (`resident_words`)."""
    words = query_words(query)
    if not words or limit <= 0:
        return ResidentPage([], False, offset)
    with store.reading() as session:
        statement = (
            select(m.Resident)
            .where(m.Resident.anonymised_on.is_(None))
            .where(*word_plan(session, words).filters(m.Resident.id))
            .order_by(m.Resident.name, m.Resident.id)
            .offset(offset)
            .limit(limit + 1)
        )
        found = list(session.scalars(statement))
        return ResidentPage([summary_of(r) for r in found[:limit]], len(found) > limit, offset)


def get_resident(store: Store, resident_id: int) -> ResidentInfo:
    with store.reading() as session:
        return info_of(_resident(session, resident_id))


def _resident(session: Session, resident_id: int) -> m.Resident:
    resident = session.get(m.Resident, resident_id)
    if resident is None:
        raise NotFound(f"There is no resident with id {resident_id}.")
    return resident


def resident_flags(store: Store, resident_id: int, *, contacts: int = 5) -> ResidentFlags:
    """What the handler must see the moment the resident is found."""
    with store.reading() as session:
        resident = _resident(session, resident_id)
        restrictions = [
            RestrictionInfo(RestrictionKind(row.kind), row.detail, row.set_on)
            for row in session.scalars(
                select(m.Restriction)
                .where(m.Restriction.resident_id == resident_id)
                .order_by(m.Restriction.id)
            )
        ]
        reps = [
            representative_info(rep)
            for rep in session.scalars(
                select(m.Representative)
                .where(m.Representative.resident_id == resident_id)
                .order_by(m.Representative.id)
            )
        ]
        names: dict[int, str] = {}
        open_cases = [
            OpenCaseLine(
                case.id,
                case.reference,
                ContactKind(case.kind),
                case.stage,
                CaseStatus(case.status),
                case.next_due_on,
                case.next_due_kind,
                user_name(session, case.handler_id, names),
                _window(session, case),
            )
            for case in session.scalars(
                select(m.Case)
                .where(m.Case.resident_id == resident_id, m.Case.status.in_(OPEN_STATUSES))
                .order_by(m.Case.received_on.desc(), m.Case.id.desc())
            )
        ]
        last = [
            ContactLine(
                case.id,
                case.reference,
                ContactKind(case.kind),
                Channel(case.channel),
                case.received_on,
                CaseStatus(case.status),
                case.description[:120],
            )
            for case in session.scalars(
                select(m.Case)
                .where(m.Case.resident_id == resident_id)
                .order_by(m.Case.received_on.desc(), m.Case.id.desc())
                .limit(contacts)
            )
        ]
        return ResidentFlags(info_of(resident), restrictions, reps, open_cases, last)


def _window(session: Session, case: m.Case) -> date | None:
    """The last day the resident may take an answered case further: after a quick fix, the
    window to go formal; after a stage's response, its escalation window."""
    if case.status != CaseStatus.RESPONDED.value:
        return None
    if case.stage == 0:
        quick = session.get(m.QuickFix, case.id)
        return quick.escalate_by if quick is not None else None
    return session.scalar(
        select(m.Deadline.due_on).where(
            m.Deadline.case_id == case.id,
            m.Deadline.stage == case.stage,
            m.Deadline.kind == DeadlineKind.ESCALATE.value,
        )
    )


def next_resident_reference(session: Session) -> str:
    counter = session.get(m.CaseCounter, RESIDENT_COUNTER_YEAR)
    if counter is None:
        session.add(m.CaseCounter(year=RESIDENT_COUNTER_YEAR, last_number=0))
        session.flush()
    while True:
        number = session.scalar(
            update(m.CaseCounter)
            .where(m.CaseCounter.year == RESIDENT_COUNTER_YEAR)
            .values(last_number=m.CaseCounter.last_number + 1)
            .returning(m.CaseCounter.last_number)
        )
        reference = f"RES-{number:06d}"
        if not session.scalar(select(exists().where(m.Resident.reference == reference))):
            return reference


def write_search_terms(session: Session, resident: m.Resident) -> None:
    session.execute(
        delete(m.ResidentSearchTerm).where(m.ResidentSearchTerm.resident_id == resident.id)
    )
    terms = search_terms(
        resident.name, resident.address, resident.postcode, resident.phone, resident.reference
    )
    if terms:
        session.execute(
            insert(m.ResidentSearchTerm),
            [{"resident_id": resident.id, "term": term} for term in sorted(terms)],
        )


_RESIDENT_LABELS = {
    "reference": "the reference",
    "name": "the resident's name",
    "postcode": "the postcode",
    "phone": "the phone number",
    "email": "the email address",
    "preferred_contact": "the preferred contact",
}
_REPRESENTATIVE_LABELS = {
    "name": "the representative's name",
    "relation": "the representative's relation to the resident",
    "phone": "the representative's phone number",
    "email": "the representative's email address",
}


def create_resident(
    store: Store, actor: Actor, new: NewResident, *, now: datetime | None = None
) -> ResidentSummary:
    with command(store, actor, EVERYONE, "add residents", now) as cmd:
        session = cmd.session
        reference = new.reference.strip()
        if reference and session.scalar(select(exists().where(m.Resident.reference == reference))):
            raise RuleViolation(f"There is already a resident with reference {reference}.")
        resident = m.Resident(
            reference=reference or next_resident_reference(session),
            name=need_text(new.name, "the resident's name"),
            address=new.address.strip(),
            postcode=normalise_postcode(new.postcode),
            phone=new.phone.strip(),
            email=new.email.strip(),
            preferred_contact=new.preferred_contact.strip(),
            tenure=Tenure(new.tenure).value,
            support_needs=new.support_needs.strip(),
            adjustments=new.adjustments.strip(),
            vulnerability=new.vulnerability.strip(),
            unreasonable=False,
            unreasonable_reason="",
            created_at=cmd.at,
        )
        check_lengths(resident, _RESIDENT_LABELS)
        session.add(resident)
        session.flush()
        write_search_terms(session, resident)
        cmd.audit(
            "resident_created",
            resident_id=resident.id,
            after=snapshot(resident, _RESIDENT_FIELDS),
        )
        return summary_of(resident)


def update_resident(
    store: Store,
    actor: Actor,
    resident_id: int,
    changes: NewResident,
    *,
    now: datetime | None = None,
) -> ResidentInfo:
    """Replace the resident's contact details and needs (the reference stays)."""
    with command(store, actor, EVERYONE, "change residents' details", now) as cmd:
        session = cmd.session
        resident = _resident(session, resident_id)
        before = snapshot(resident, _RESIDENT_FIELDS)
        resident.name = need_text(changes.name, "the resident's name")
        resident.address = changes.address.strip()
        resident.postcode = normalise_postcode(changes.postcode)
        resident.phone = changes.phone.strip()
        resident.email = changes.email.strip()
        resident.preferred_contact = changes.preferred_contact.strip()
        resident.tenure = Tenure(changes.tenure).value
        resident.support_needs = changes.support_needs.strip()
        resident.adjustments = changes.adjustments.strip()
        resident.vulnerability = changes.vulnerability.strip()
        check_lengths(resident, _RESIDENT_LABELS)
        session.flush()
        write_search_terms(session, resident)
        cmd.audit(
            "resident_changed",
            resident_id=resident.id,
            before=before,
            after=snapshot(resident, _RESIDENT_FIELDS),
        )
        return info_of(resident)


def add_representative(
    store: Store, actor: Actor, new: NewRepresentative, *, now: datetime | None = None
) -> RepresentativeInfo:
    """Someone acting for the resident; their authority may be confirmed now or later."""
    with command(store, actor, EVERYONE, "add representatives", now) as cmd:
        return representative_info(representative_added(cmd, new))


def representative_added(cmd: Command, new: NewRepresentative) -> m.Representative:
    """`add_representative` inside a command already open (a call saved in one transaction)."""
    _resident(cmd.session, new.resident_id)
    confirmed = new.authority_confirmed_on
    if confirmed is not None and not new.authority_how.strip():
        raise RuleViolation("Record how the representative's authority was confirmed.")
    rep = m.Representative(
        resident_id=new.resident_id,
        name=need_text(new.name, "the representative's name"),
        relation=new.relation.strip(),
        phone=new.phone.strip(),
        email=new.email.strip(),
        authority_how=new.authority_how.strip(),
        authority_confirmed_on=confirmed,
        created_at=cmd.at,
    )
    check_lengths(rep, _REPRESENTATIVE_LABELS)
    cmd.session.add(rep)
    cmd.session.flush()
    cmd.audit(
        "representative_added",
        resident_id=new.resident_id,
        after=snapshot(rep, ("id", "name", "relation", "authority_how", "authority_confirmed_on")),
    )
    return rep


def confirm_authority(
    store: Store,
    actor: Actor,
    representative_id: int,
    how: str,
    *,
    on: date | None = None,
    now: datetime | None = None,
) -> RepresentativeInfo:
    with command(store, actor, EVERYONE, "confirm a representative's authority", now) as cmd:
        session = cmd.session
        rep = session.get(m.Representative, representative_id)
        if rep is None:
            raise NotFound(f"There is no representative with id {representative_id}.")
        before = snapshot(rep, ("authority_how", "authority_confirmed_on"))
        rep.authority_how = need_text(how, "how the authority was confirmed")
        rep.authority_confirmed_on = cmd.on(on)
        cmd.audit(
            "authority_confirmed",
            resident_id=rep.resident_id,
            before=before,
            after=snapshot(rep, ("authority_how", "authority_confirmed_on")),
        )
        return representative_info(rep)


def _restriction_state(
    session: Session, resident: m.Resident, fields: tuple[str, ...]
) -> dict[str, object]:
    """What an unreasonable-behaviour event records before and after: fields and restrictions."""
    return snapshot(resident, fields) | {"restrictions": _restriction_rows(session, resident.id)}


def _restriction_rows(session: Session, resident_id: int) -> list[dict[str, str]]:
    return [
        {"kind": row.kind, "detail": row.detail}
        for row in session.scalars(
            select(m.Restriction)
            .where(m.Restriction.resident_id == resident_id)
            .order_by(m.Restriction.id)
        )
    ]


def _replace_restrictions(
    session: Session,
    resident_id: int,
    restrictions: tuple[RestrictionInput, ...],
    actor: Actor,
    on: date,
) -> None:
    kinds = [RestrictionKind(item.kind) for item in restrictions]
    if len(kinds) != len(set(kinds)):
        raise RuleViolation("A restriction is listed twice.")
    for item in restrictions:
        needs_detail = item.kind in (
            RestrictionKind.SINGLE_POINT_OF_CONTACT,
            RestrictionKind.SET_CALL_TIMES,
        )
        if needs_detail and not item.detail.strip():
            what = (
                "who the contact is"
                if item.kind is RestrictionKind.SINGLE_POINT_OF_CONTACT
                else "the agreed call times"
            )
            raise RuleViolation(f"Record {what} for the restriction '{item.kind.label}'.")
    session.execute(delete(m.Restriction).where(m.Restriction.resident_id == resident_id))
    for item in restrictions:
        session.add(
            m.Restriction(
                resident_id=resident_id,
                kind=RestrictionKind(item.kind).value,
                detail=item.detail.strip(),
                set_on=on,
                set_by_id=actor.id,
            )
        )


def mark_unreasonable(
    store: Store,
    actor: Actor,
    resident_id: int,
    reason: str,
    review_on: date,
    restrictions: tuple[RestrictionInput, ...] = (),
    *,
    now: datetime | None = None,
) -> ResidentFlags:
    """Mark the resident's behaviour unreasonable, with why, when to review and the restrictions.
    Restrictions govern how we talk to the resident; they never stop a complaint being logged."""
    with command(store, actor, RESTRICTORS, "mark a resident as unreasonable", now) as cmd:
        session, today = cmd.session, cmd.today
        resident = _resident(session, resident_id)
        if review_on <= today:
            raise RuleViolation("The review date must be in the future.")
        before = _restriction_state(session, resident, _UNREASONABLE_FIELDS)
        resident.unreasonable = True
        resident.unreasonable_reason = need_text(
            reason, "why the resident is being marked unreasonable"
        )
        resident.unreasonable_review_on = review_on
        resident.unreasonable_marked_by_id = actor.id
        _replace_restrictions(session, resident_id, restrictions, actor, today)
        session.flush()
        after = _restriction_state(session, resident, _UNREASONABLE_FIELDS)
        cmd.audit(
            "marked_unreasonable",
            resident_id=resident_id,
            before=before,
            after=after,
        )
    return resident_flags(store, resident_id)


def set_restrictions(
    store: Store,
    actor: Actor,
    resident_id: int,
    restrictions: tuple[RestrictionInput, ...],
    *,
    review_on: date | None = None,
    now: datetime | None = None,
) -> ResidentFlags:
    """Replace the restrictions of a resident already marked unreasonable."""
    with command(store, actor, RESTRICTORS, "set contact restrictions", now) as cmd:
        session, today = cmd.session, cmd.today
        resident = _resident(session, resident_id)
        if not resident.unreasonable:
            raise RuleViolation(
                "Restrictions are set when a resident is marked unreasonable: record the reason "
                "and a review date first."
            )
        before = _restriction_state(session, resident, ("unreasonable_review_on",))
        if review_on is not None:
            if review_on <= today:
                raise RuleViolation("The review date must be in the future.")
            resident.unreasonable_review_on = review_on
        _replace_restrictions(session, resident_id, restrictions, actor, today)
        session.flush()
        after = _restriction_state(session, resident, ("unreasonable_review_on",))
        cmd.audit(
            "restrictions_set",
            resident_id=resident_id,
            before=before,
            after=after,
        )
    return resident_flags(store, resident_id)


def lift_unreasonable(
    store: Store, actor: Actor, resident_id: int, reason: str, *, now: datetime | None = None
) -> ResidentFlags:
    """End the marking (at or before its review) and remove every restriction."""
    with command(store, actor, RESTRICTORS, "lift a resident's restrictions", now) as cmd:
        session = cmd.session
        resident = _resident(session, resident_id)
        before = _restriction_state(session, resident, _UNREASONABLE_FIELDS)
        why = need_text(reason, "why the restrictions are lifted")
        resident.unreasonable = False
        resident.unreasonable_reason = ""
        resident.unreasonable_review_on = None
        session.execute(delete(m.Restriction).where(m.Restriction.resident_id == resident_id))
        after = snapshot(resident, _UNREASONABLE_FIELDS) | {"restrictions": [], "reason": why}
        cmd.audit(
            "unreasonable_lifted",
            resident_id=resident_id,
            before=before,
            after=after,
        )
    return resident_flags(store, resident_id)


def resident_field_limits() -> dict[str, int]:
    """How many characters each of a resident's text fields holds (for the forms to check)."""
    return column_limits(m.Resident, _RESIDENT_LABELS)


def representative_field_limits() -> dict[str, int]:
    """How many characters each of a representative's text fields holds."""
    return column_limits(m.Representative, _REPRESENTATIVE_LABELS)
