"""Cases of every kind, channel, stage, status and outcome, made through the services (never the
importer), under one landlord profile: what an export must carry into another database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel, Decision
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, complaint_answers, new_resident, use_profile

CHECKLIST = s.ResponseChecklist(
    letter_text="Dear resident, …",
    thanks=True,
    apology=True,
    improvements="Surveys now booked within five working days.",
    escalation_explained=True,
    nothing_to_put_right="Already put right.",
)


class Book:
    """Makes cases for one profile; `made` maps a label to the case's reference."""

    def __init__(self, store: Store, staff: Staff) -> None:
        self.store = store
        self.staff = staff
        self.made: dict[str, str] = {}
        self.residents = [
            new_resident(store, staff, "Bob [/]", reference="R-BOB"),
            new_resident(
                store, staff, "Siobhan O'Neill", postcode="le15ab", phone="+44 7700 900123"
            ),
            new_resident(store, staff, "[bold]x", address="", postcode="", phone=""),
        ]
        self._next = 0

    def _resident(self) -> int:
        self._next += 1
        return self.residents[self._next % len(self.residents)]

    def contact(
        self,
        label: str,
        when: datetime,
        answers: TriageAnswers,
        *,
        channel: Channel = Channel.PHONE,
        resident: bool = True,
        offered: bool = False,
    ) -> s.CaseSummary:
        capture = s.ContactCapture(
            channel=channel,
            answers=answers,
            description=f"{label}: the mould in the bathroom",
            resident_id=self._resident() if resident else None,
            caller_name="" if resident else "A caller",
            service_area_id=self.staff.repairs.id,
            category_id=self.staff.repairs.categories[0][0] if self._next % 2 else None,
            complaint_offered=offered,
        )
        logged = s.log_contact(self.store, self.staff.handler, capture, now=when)
        self.made[label] = logged.case.reference
        return logged.case

    def complaint(
        self, label: str, when: datetime, *, resident: bool = True, **answers: object
    ) -> s.CaseSummary:
        return self.contact(
            label, when, complaint_answers(when.date(), **answers), resident=resident
        )

    def stage1(self, label: str, when: datetime, *, resident: bool = True) -> s.CaseDetail:
        case = self.complaint(label, when, resident=resident)
        return s.open_stage1(self.store, self.staff.handler, case.id, case.version, now=when)

    def acknowledged(self, label: str, when: datetime) -> s.CaseDetail:
        case = self.stage1(label, when)
        return self.acknowledge(case, when + timedelta(days=1))

    def acknowledge(self, case: s.CaseDetail, when: datetime) -> s.CaseDetail:
        return s.acknowledge(
            self.store, self._handler(case), case.id, case.version, on=when.date(), now=when
        )

    def _handler(self, case: s.CaseDetail) -> s.UserInfo:
        staff = self.staff
        people = (staff.manager, staff.manager2, staff.director, staff.director2, staff.lead)
        return next(p for p in people if p.id == case.summary.handler_id)

    def respond(self, case: s.CaseDetail, when: datetime, *decisions: Decision) -> s.CaseDetail:
        actor = self._handler(case)
        while len([c for c in case.components if c.stage == case.stage]) < len(decisions):
            case = s.add_component(self.store, actor, case.id, case.version, "A part", now=when)
        parts = [c for c in case.components if c.stage == case.stage]
        for component, decision in zip(parts, decisions, strict=False):
            case = s.record_decision(
                self.store, actor, case.id, case.version, component.id, "Found", decision, now=when
            )
        return s.send_response(
            self.store, actor, case.id, case.version, CHECKLIST, on=when.date(), now=when
        )

    def extend(self, case: s.CaseDetail, to: date, when: datetime) -> s.CaseDetail:
        return s.extend(
            self.store,
            self._handler(case),
            case.id,
            case.version,
            to,
            "Waiting for a damp survey",
            "Phoned and wrote",
            told_on=when.date(),
            now=when,
        )

    def escalate(
        self, case: s.CaseDetail, when: datetime, reviewer: s.UserInfo | None
    ) -> s.CaseDetail:
        case = s.request_escalation(self.store, self.staff.handler, case.id, case.version, now=when)
        if reviewer is None:
            return case
        return s.open_next_stage(
            self.store, self.staff.lead, case.id, case.version, reviewer.id, now=when
        )

    def close(self, case: s.CaseDetail | s.CaseSummary, when: datetime) -> s.CaseDetail:
        return s.close(
            self.store,
            self.staff.lead,
            case.id,
            case.version,
            s.CloseInput(learning_tags=("repairs",), satisfaction_score=4),
            on=when.date(),
            now=when,
        )

    def withdraw(self, case: s.CaseDetail | s.CaseSummary, when: datetime) -> s.CaseDetail:
        return s.withdraw(
            self.store,
            self.staff.handler,
            case.id,
            case.version,
            "The resident",
            "Sorted it out with the contractor",
            on=when.date(),
            now=when,
        )

    def quick_fix(self, label: str, when: datetime) -> s.CaseSummary:
        case = self.complaint(label, when)
        return s.record_quick_fix(
            self.store, self.staff.handler, case.id, case.version, "Plumber sent", now=when
        )


def every_kind(book: Book) -> None:
    """Every kind of contact that is not a complaint, over every channel left over."""
    when = at(2026, 1, 5, 9)
    kinds: list[tuple[str, TriageAnswers, Channel]] = [
        (
            "service request",
            TriageAnswers(when.date(), dissatisfied=True, first_time_reported=True),
            Channel.EMAIL,
        ),
        ("comment", TriageAnswers(when.date(), is_suggestion=True), Channel.LETTER),
        ("enquiry", TriageAnswers(when.date(), is_question=True), Channel.WEB),
        ("mp enquiry", TriageAnswers(when.date(), from_mp_or_councillor=True), Channel.FAX),
        ("asb", TriageAnswers(when.date(), about_neighbour_behaviour=True), Channel.IN_PERSON),
    ]
    for label, answers, channel in kinds:
        book.contact(label, when, answers, channel=channel, offered=True)
    book.contact(
        "compliment",
        when,
        TriageAnswers(when.date(), is_praise=True),
        channel=Channel.SOCIAL_MEDIA,
        resident=False,
    )
    book.contact(
        "enquiry by text relay",
        when,
        TriageAnswers(when.date(), is_question=True),
        channel=Channel.TEXT_RELAY,
    )


def the_code(store: Store, staff: Staff) -> Book:
    """hos-code: stage 0, not accepted, anonymous, every stage 1 and 2 state and outcome."""
    book = Book(store, staff)
    every_kind(book)
    book.complaint("stage 0 open", at(2026, 2, 2))
    book.complaint("not accepted", at(2026, 1, 6), issue_known_on=date(2024, 10, 1))
    book.stage1("anonymous", at(2026, 2, 3), resident=False)
    book.stage1("stage 1 open", at(2026, 2, 9))
    case = book.acknowledged("stage 1 extended", at(2026, 1, 12))
    book.extend(case, date(2026, 2, 3), at(2026, 1, 20))
    book.respond(book.acknowledged("stage 1 responded", at(2026, 1, 5)), at(2026, 1, 14), U)
    # Extended before the acknowledgement, which came late: the response date the Code gives
    # from the acknowledgement (2 Feb) is now the extended date itself.
    case = book.extend(
        book.stage1("extended, then late", at(2026, 1, 5)), date(2026, 2, 2), at(2026, 1, 7)
    )
    book.acknowledge(case, at(2026, 1, 19))
    case = book.respond(book.acknowledged("upheld", at(2026, 1, 5)), at(2026, 1, 14), U)
    book.close(case, at(2026, 1, 20))
    case = book.respond(book.acknowledged("partly upheld", at(2026, 1, 5)), at(2026, 1, 14), U, N)
    book.close(case, at(2026, 1, 21))
    book.withdraw(book.complaint("withdrawn at stage 0", at(2026, 1, 7)), at(2026, 1, 8))
    book.withdraw(book.acknowledged("withdrawn at stage 1", at(2026, 1, 7)), at(2026, 1, 15))
    reviewer = staff.manager2
    case = book.respond(book.acknowledged("stage 2 extended", at(2026, 1, 5)), at(2026, 1, 14), N)
    case = book.acknowledge(book.escalate(case, at(2026, 1, 16), reviewer), at(2026, 1, 19))
    book.extend(case, date(2026, 2, 23), at(2026, 2, 2))
    case = book.respond(book.acknowledged("stage 2 closed", at(2026, 1, 5)), at(2026, 1, 14), N)
    case = book.acknowledge(book.escalate(case, at(2026, 1, 16), reviewer), at(2026, 1, 19))
    book.close(book.respond(case, at(2026, 2, 2), N), at(2026, 2, 4))
    case = book.respond(
        book.acknowledged("stage 2 unallocated", at(2026, 1, 5)), at(2026, 1, 14), N
    )
    book.escalate(case, at(2026, 1, 16), None)
    return book


def derwent(store: Store, staff: Staff) -> Book:
    """Derwent Living: quick fixes (left, gone formal, closed, withdrawn), a declined review
    and its final third stage."""
    use_profile(store, staff, "derwent-living")
    book = Book(store, staff)
    every_kind(book)
    book.quick_fix("quick fix", at(2026, 3, 2))
    case = book.quick_fix("quick fix then stage 1", at(2026, 3, 2))
    s.open_stage1(
        store,
        staff.handler,
        case.id,
        case.version,
        requested_on=date(2026, 3, 4),
        now=at(2026, 3, 4),
    )
    book.close(book.quick_fix("quick fix closed", at(2026, 3, 2)), at(2026, 3, 3))
    book.withdraw(book.quick_fix("quick fix withdrawn", at(2026, 3, 2)), at(2026, 3, 3))
    for label in ("stage 3 open", "stage 3 closed"):
        case = book.respond(book.acknowledged(label, at(2026, 3, 2)), at(2026, 3, 10), N)
        case = book.escalate(case, at(2026, 3, 12), staff.director)
        case = s.decline_review(
            store,
            staff.director,
            case.id,
            case.version,
            "Not a service failure",
            now=at(2026, 3, 13),
        )
        case = book.escalate(case, at(2026, 3, 16), staff.director2)
        if label == "stage 3 closed":
            book.close(book.respond(case, at(2026, 3, 20), U), at(2026, 3, 23))
    case = book.acknowledged("stage 1 extended", at(2026, 3, 2))
    book.extend(case, date(2026, 3, 24), at(2026, 3, 9))
    return book


def derby(store: Store, staff: Staff) -> Book:
    """Derby Homes: anonymous complaints are not accepted; service requests carry the exclusion."""
    use_profile(store, staff, "derby-homes")
    book = Book(store, staff)
    every_kind(book)
    book.complaint("anonymous, not accepted", at(2026, 2, 2), resident=False)
    case = book.respond(book.acknowledged("not upheld", at(2026, 2, 2)), at(2026, 2, 10), N)
    book.close(case, at(2026, 2, 11))
    return book


U, N = Decision.UPHELD, Decision.NOT_UPHELD
BOOKS: dict[str, Callable[[Store, Staff], Book]] = {
    "hos-code": the_code,
    "derwent-living": derwent,
    "derby-homes": derby,
}
