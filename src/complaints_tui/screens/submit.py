"""Sending a finished capture to the services (run in a thread worker) and building the read-out.

`CaptureData` is gathered on the UI thread from the form; `submit_capture` makes the service
calls in order (a new representative first, then the contact, then the quick fix or stage 1)
and returns the `Readout` the handler reads to the caller. No Session is held here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.screens.readout import Readout
from complaints_tui.services.cases.types import CaseDetail, DeadlineInfo
from complaints_tui.services.intake.types import ContactCapture, ContactLogged
from complaints_tui.services.people.types import NewRepresentative, UserInfo
from complaints_tui.store.engine import Store
from complaints_tui.widgets.dates import show_day


class Finish(StrEnum):
    LOG = "log"
    QUICK_FIX = "quick_fix"
    STAGE1 = "stage1"


@dataclass(frozen=True)
class NewRep:
    name: str
    relation: str
    how: str
    confirmed: bool


@dataclass(frozen=True)
class CaptureData:
    channel: Channel
    answers: TriageAnswers
    description: str
    desired_outcome: str
    resident_id: int | None
    representative_id: int | None
    new_representative: NewRep | None
    service_area_id: int | None
    category_id: int | None
    complaint_offered: bool
    agreed_fix: str = ""
    follow_up: str = ""


def _representative_id(
    store: Store, user: UserInfo, data: CaptureData, today: date, now: datetime | None
) -> int | None:
    from complaints_tui.services.people.residents import add_representative

    rep = data.new_representative
    if rep is None or data.resident_id is None:
        return data.representative_id
    added = add_representative(
        store,
        user,
        NewRepresentative(
            data.resident_id,
            rep.name,
            rep.relation,
            authority_how=rep.how,
            authority_confirmed_on=today if rep.confirmed else None,
        ),
        now=now,
    )
    return added.id


@dataclass(frozen=True)
class AlreadyLogged:
    """A contact saved by an earlier attempt whose next step failed (kept in the draft as JSON)."""

    case_id: int
    reference: str
    accepted: bool
    say: str
    warnings: tuple[str, ...] = ()
    exclusion_label: str = ""

    @classmethod
    def of(cls, logged: ContactLogged) -> AlreadyLogged:
        return cls(
            logged.case.id,
            logged.case.reference,
            logged.accepted,
            logged.say,
            tuple(logged.warnings),
            logged.exclusion_label,
        )

    def to_json(self) -> dict[str, object]:
        return {
            "case_id": self.case_id,
            "reference": self.reference,
            "accepted": self.accepted,
            "say": self.say,
            "warnings": list(self.warnings),
            "exclusion_label": self.exclusion_label,
        }

    @classmethod
    def from_json(cls, raw: object) -> AlreadyLogged | None:
        if not isinstance(raw, dict):
            return None
        try:
            return cls(
                int(raw["case_id"]),
                str(raw["reference"]),
                bool(raw["accepted"]),
                str(raw.get("say", "")),
                tuple(str(w) for w in raw.get("warnings", ())),
                str(raw.get("exclusion_label", "")),
            )
        except (KeyError, TypeError, ValueError):
            return None


class PartlySaved(Exception):
    """The contact was logged but the step after it failed: a retry finishes that contact."""

    def __init__(self, logged: AlreadyLogged, error: BaseException) -> None:
        super().__init__(str(error))
        self.logged = logged
        self.error = error


def submit_capture(
    store: Store,
    user: UserInfo,
    data: CaptureData,
    finish: Finish,
    *,
    today: date,
    now: datetime | None,
    already: AlreadyLogged | None = None,
) -> Readout:
    """Log the contact (unless an earlier attempt did), then the quick fix or stage 1.

    Each service call is its own transaction, so a failure after the contact is logged raises
    `PartlySaved`: retrying with its `logged` finishes that contact instead of logging it twice.
    """
    from complaints_tui.services.cases.case_view import get_case

    if already is not None:
        logged = ContactLogged(
            get_case(store, already.case_id, today=today).summary,
            already.accepted,
            already.say,
            list(already.warnings),
            already.exclusion_label,
        )
    else:
        logged = _log(store, user, data, today, now)
    try:
        return _finish(store, user, data, finish, logged, today=today, now=now)
    except Exception as error:
        raise PartlySaved(AlreadyLogged.of(logged), error) from error


def _log(
    store: Store, user: UserInfo, data: CaptureData, today: date, now: datetime | None
) -> ContactLogged:
    from complaints_tui.services.intake.contacts import log_contact

    rep_id = _representative_id(store, user, data, today, now)
    return log_contact(
        store,
        user,
        ContactCapture(
            channel=data.channel,
            answers=data.answers,
            description=data.description,
            desired_outcome=data.desired_outcome,
            resident_id=data.resident_id,
            representative_id=rep_id,
            received_at=now,
            service_area_id=data.service_area_id,
            category_id=data.category_id,
            complaint_offered=data.complaint_offered,
        ),
        now=now,
    )


def _finish(
    store: Store,
    user: UserInfo,
    data: CaptureData,
    finish: Finish,
    logged: ContactLogged,
    *,
    today: date,
    now: datetime | None,
) -> Readout:
    from complaints_tui.services.cases.case_view import get_case
    from complaints_tui.services.intake.contacts import record_quick_fix

    case = logged.case
    if finish is Finish.QUICK_FIX and logged.accepted:
        detail = get_case(store, case.id, today=today)
        if detail.quick_fix is None:  # a retry may find it saved already
            record_quick_fix(
                store,
                user,
                case.id,
                detail.summary.version,
                data.agreed_fix,
                follow_up=data.follow_up,
                now=now,
            )
            detail = get_case(store, case.id, today=today)
        return quick_fix_readout(detail, logged)
    if finish is Finish.STAGE1 and logged.accepted:
        from complaints_tui.services.cases.stages import open_stage1

        detail = get_case(store, case.id, today=today)
        if detail.summary.stage < 1:
            detail = open_stage1(store, user, case.id, detail.summary.version, now=now)
        return stage1_readout(detail, logged)
    return logged_readout(logged)


def logged_readout(logged: ContactLogged) -> Readout:
    case = logged.case
    lines = [("Logged as", case.kind.label), ("Received", show_day(case.received_on))]
    if logged.exclusion_label:
        lines.append(("Not accepted", logged.exclusion_label))
    elif case.kind.value == "complaint" and logged.accepted:
        lines.append(("Status", "Accepted complaint, not yet formal"))
    for warning in logged.warnings:
        lines.append(("Note", warning))
    headline = (
        "Contact logged: not accepted as a complaint"
        if case.kind.value == "complaint" and not logged.accepted
        else f"Contact logged: {case.kind.label}"  # as labelled ("ASB report", not "asb")
    )
    return Readout(headline, case.reference, lines, say=logged.say)


def quick_fix_readout(case: CaseDetail, logged: ContactLogged) -> Readout:
    fix = case.quick_fix
    assert fix is not None, "record_quick_fix stores the fix"
    lines = [("Agreed", fix.agreed_fix)]
    if fix.follow_up:
        lines.append(("Follow-up", fix.follow_up))
    lines.append(("Resolved", show_day(fix.resolved_on)))
    say = "Your reference is " + case.reference + ". "
    if fix.escalate_by is not None:
        lines.append(("Formal complaint by", show_day(fix.escalate_by)))
        say += (
            "If you're not happy with the fix, you can ask us to take this as a formal "
            f"complaint until {show_day(fix.escalate_by)}."
        )
    else:
        lines.append(("Formal complaint by", "the policy sets no last date"))
        say += "If you're not happy with the fix, you can still make a formal complaint."
    lines.append(("Letter", "confirmation letter stored (F4 shows it)"))
    skipped = _skipped(case.profile_id, fix.resolved_on, fix.escalate_by)
    return Readout("Quick fix recorded", case.reference, lines, say, skipped, fix.letter_text)


def stage1_readout(case: CaseDetail, logged: ContactLogged) -> Readout:
    lines: list[tuple[str, str]] = [("Received", show_day(case.summary.received_on))]
    skipped: list[str] = []
    # A clock that runs from receipt is explained from the day the complaint arrived, so a
    # weekend or bank-holiday receipt shows why counting began on the next working day.
    received = next(
        (row.received_on for row in case.stages if row.stage == 1), case.summary.received_on
    )

    def start_of(deadline: DeadlineInfo) -> date | None:
        return received if deadline.clock_start == "receipt" else deadline.clock_started_on

    ack = respond = None
    for deadline in case.deadlines:
        if deadline.stage != 1:
            continue
        if deadline.kind == "acknowledge":
            ack = deadline
        elif deadline.kind == "respond":
            respond = deadline
    if ack is not None:
        lines.append(("Acknowledge by", show_day(ack.due_on)))
        skipped += _skipped(case.profile_id, start_of(ack), ack.due_on, "acknowledge")
    if respond is not None:
        note = " (projected from acknowledgement)" if respond.projected else ""
        lines.append(("Respond by", show_day(respond.due_on) + note))
        skipped += _skipped(case.profile_id, start_of(respond), respond.due_on, "respond")
    handler = case.summary.handler_name
    area = f" ({case.service_area})" if case.service_area else ""
    lines.append(("Handled by", handler + area if handler else "unassigned queue" + area))
    say = (
        f"Your complaint reference is {case.reference}. "
        + (f"We'll acknowledge it by {show_day(ack.due_on)}" if ack else "We'll acknowledge it")
        + (f" and respond in full by {show_day(respond.due_on)}." if respond else ".")
    )
    return Readout("Stage 1 complaint opened", case.reference, lines, say, skipped)


def _skipped(
    profile_id: str, start: date | None, due: date | None, what: str = "counting"
) -> list[str]:
    """Weekends, bank holidays and closures between the clock start and the date given."""
    from complaints_tui.domain.calendar import calendar_for_profile
    from complaints_tui.domain.policy import load_profile
    from complaints_tui.locations import policies_dir

    if start is None or due is None:
        return []
    calendar = calendar_for_profile(load_profile(profile_id, policies_dir()))
    return [f"{what}: {show_day(day.day)}: {day.reason}" for day in calendar.explain(start, due)]
