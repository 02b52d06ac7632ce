"""A small year of complaints, made with the real services, whose every report figure was
counted by hand (below each case). The statutory Code (hos-code, the default profile) and the
financial year 1 April 2025 to 31 March 2026.

Working days counted on paper against England's bank holidays (Summer 2025: 25 Aug).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel, Decision
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, complaint_answers, new_resident

YEAR_FROM, YEAR_TO = date(2025, 4, 1), date(2026, 3, 31)
MARKUP = "Bob [/] *x*"  # a category, a tag and a comment: shown as written everywhere


@dataclass(frozen=True)
class Casebook:
    references: dict[str, str]


def _checklist(letter: str = "Dear resident, …") -> s.ResponseChecklist:
    return s.ResponseChecklist(
        letter_text=letter,
        thanks=True,
        apology=True,
        improvements="Surveys within 5 working days.",
        escalation_explained=True,
        nothing_to_put_right="Redress paid; no work outstanding.",
    )


def _stage1(
    store: Store,
    staff: Staff,
    received: date,
    *,
    category_id: int | None = None,
    area_id: int | None = None,
    channel: Channel = Channel.PHONE,
) -> s.CaseDetail:
    resident = new_resident(store, staff, reference=f"R-{received.isoformat()}")
    capture = s.ContactCapture(
        channel=channel,
        answers=complaint_answers(received),
        description="Mould not treated",
        resident_id=resident,
        service_area_id=area_id or staff.repairs.id,
        category_id=category_id,
    )
    when = at(received.year, received.month, received.day)
    logged = s.log_contact(store, staff.handler, capture, now=when)
    return s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=when)


def _ack(store: Store, who: s.UserInfo, case: s.CaseDetail, day: date) -> s.CaseDetail:
    return s.acknowledge(
        store, who, case.id, case.version, on=day, now=at(day.year, day.month, day.day)
    )


def _decide(
    store: Store, who: s.UserInfo, case: s.CaseDetail, day: date, *decisions: Decision
) -> s.CaseDetail:
    now = at(day.year, day.month, day.day)
    for number, decision in enumerate(decisions):
        if number >= len([c for c in case.components if c.stage == case.summary.stage]):
            case = s.add_component(store, who, case.id, case.version, f"Part {number}", now=now)
        part = [c for c in case.components if c.stage == case.summary.stage][number]
        case = s.record_decision(
            store, who, case.id, case.version, part.id, "Found so", decision, now=now
        )
    return case


def _respond(store: Store, who: s.UserInfo, case: s.CaseDetail, day: date) -> s.CaseDetail:
    return s.send_response(
        store, who, case.id, case.version, _checklist(), now=at(day.year, day.month, day.day)
    )


def _close(
    store: Store,
    who: s.UserInfo,
    case: s.CaseDetail,
    day: date,
    tags: tuple[str, ...],
    improvement: str,
    score: int | None,
    comment: str = "",
) -> s.CaseDetail:
    closing = s.CloseInput(tags, improvement, score, comment)
    return s.close(store, who, case.id, case.version, closing, now=at(day.year, day.month, day.day))


def build_casebook(store: Store, staff: Staff) -> Casebook:
    estates = s.create_service_area(
        store,
        staff.admin,
        "Estates",
        default_manager_id=staff.manager.id,
        categories=(MARKUP,),
        now=at(2025, 12, 1),
    )
    markup_category = estates.categories[0][0]
    refs: dict[str, str] = {}
    lead, manager = staff.lead, staff.manager

    # A: received Mon 2 Jun 2025, acknowledged Tue 3 Jun (due Mon 9 Jun), answered Tue 10 Jun
    # (due Tue 17 Jun): both on time. Upheld, a remedy done, redress £123.45. Closed Thu 12 Jun,
    # tags damp + communication, an improvement, satisfaction 4 with a comment.
    a = _stage1(store, staff, date(2025, 6, 2))
    a = _ack(store, manager, a, date(2025, 6, 3))
    a = _decide(store, manager, a, date(2025, 6, 9), Decision.UPHELD)
    a = s.add_remedy(
        store, manager, a.id, a.version, "Mould wash", date(2025, 6, 20), now=at(2025, 6, 9)
    )
    a = s.mark_done(store, manager, a.id, a.version, remedy_id=a.remedies[0].id, now=at(2025, 6, 9))
    parts = (s.RedressPart("Carpet", 12_345),)
    a = s.record_redress(
        store, manager, a.id, a.version, s.RedressInput(12_345, parts, "Carpet"), now=at(2025, 6, 9)
    )
    a = _respond(store, manager, a, date(2025, 6, 10))
    a = _close(
        store,
        manager,
        a,
        date(2025, 6, 12),
        ("Damp", "communication"),
        "Damp surveys within 5 days.",
        4,
        MARKUP,
    )
    refs["A"] = a.reference

    # B: received Tue 1 Jul 2025, acknowledged Wed 2 Jul (on time), withdrawn Thu 3 Jul.
    b = _stage1(store, staff, date(2025, 7, 1), channel=Channel.EMAIL)
    b = _ack(store, manager, b, date(2025, 7, 2))
    b = s.withdraw(store, staff.handler, b.id, b.version, "Resident", "Sorted", now=at(2025, 7, 3))
    refs["B"] = b.reference

    # C: received Mon 1 Sep 2025; acknowledge by Mon 8 Sep, acknowledged LATE Mon 15 Sep. The
    # Code's clock runs from 8 Sep: respond by Mon 22 Sep; answered Tue 16 Sep: on time. Not
    # upheld. Closed Wed 17 Sep, tags communication + MARKUP, no improvement, satisfaction 2.
    c = _stage1(store, staff, date(2025, 9, 1), category_id=markup_category, area_id=estates.id)
    c = _ack(store, lead, c, date(2025, 9, 15))
    c = _decide(store, lead, c, date(2025, 9, 16), Decision.NOT_UPHELD)
    c = _respond(store, lead, c, date(2025, 9, 16))
    c = s.close(
        store,
        lead,
        c.id,
        c.version,
        s.CloseInput(("communication", MARKUP), "", 2),
        now=at(2025, 9, 17),
    )
    refs["C"] = c.reference

    # D: received Wed 1 Oct 2025, acknowledged Thu 2 Oct; respond by Thu 16 Oct, EXTENDED (told
    # Tue 14 Oct) to Fri 24 Oct, within the Code's cap (Thu 30 Oct); answered Wed 22 Oct: on
    # time. One part upheld, one not: partly upheld. Redress £75.00.
    d = _stage1(store, staff, date(2025, 10, 1), channel=Channel.WEB)
    d = _ack(store, manager, d, date(2025, 10, 2))
    d = s.extend(
        store,
        manager,
        d.id,
        d.version,
        date(2025, 10, 24),
        "Surveyor",
        "letter",
        told_on=date(2025, 10, 14),
        now=at(2025, 10, 14),
    )
    d = _decide(store, manager, d, date(2025, 10, 20), Decision.UPHELD, Decision.NOT_UPHELD)
    parts = (s.RedressPart("Time and trouble", 7_500),)
    d = s.record_redress(
        store,
        manager,
        d.id,
        d.version,
        s.RedressInput(7_500, parts, "Band 1"),
        now=at(2025, 10, 20),
    )
    d = _respond(store, manager, d, date(2025, 10, 22))
    # ESCALATED Mon 3 Nov; reviewer Max; acknowledged Tue 4 Nov (due Mon 10 Nov); both parts not
    # upheld at review (the first OVERTURNED); answered Thu 20 Nov (due Tue 2 Dec): on time.
    # Closed Mon 24 Nov: tags damp + repairs delay, an improvement, satisfaction 5.
    d = s.request_escalation(
        store, staff.handler, d.id, d.version, requested_on=date(2025, 11, 3), now=at(2025, 11, 3)
    )
    d = s.open_next_stage(store, lead, d.id, d.version, staff.manager2.id, now=at(2025, 11, 3))
    d = _ack(store, staff.manager2, d, date(2025, 11, 4))
    d = _decide(
        store, staff.manager2, d, date(2025, 11, 20), Decision.NOT_UPHELD, Decision.NOT_UPHELD
    )
    d = _respond(store, staff.manager2, d, date(2025, 11, 20))
    d = s.close(
        store,
        staff.manager2,
        d.id,
        d.version,
        s.CloseInput(("damp", "repairs delay"), "Surveyors briefed.", 5),
        now=at(2025, 11, 24),
    )
    refs["D"] = d.reference

    # E: Mon 10 Nov 2025, already investigated: NOT ACCEPTED under the Code's exclusion.
    resident = new_resident(store, staff, reference="R-E")
    refused = s.log_contact(
        store,
        staff.handler,
        s.ContactCapture(
            Channel.PHONE,
            complaint_answers(date(2025, 11, 10), already_investigated=True),
            "Same as last year",
            resident_id=resident,
        ),
        now=at(2025, 11, 10),
    )
    refs["E"] = refused.case.reference

    # F: a first-time repair request, Tue 2 Dec 2025: a SERVICE REQUEST.
    request = TriageAnswers(
        contacted_on=date(2025, 12, 2), first_time_reported=True, wants_response_or_action=True
    )
    logged = s.log_contact(
        store,
        staff.handler,
        s.ContactCapture(Channel.PHONE, request, "Tap drips", resident_id=resident),
        now=at(2025, 12, 2),
    )
    refs["F"] = logged.case.reference

    # G: a COMPLIMENT, Wed 3 Dec 2025, passed to Mo Manager (team Complaints) for "Jo (repairs)".
    praise = TriageAnswers(contacted_on=date(2025, 12, 3), is_praise=True)
    logged = s.log_contact(
        store,
        staff.handler,
        s.ContactCapture(Channel.EMAIL, praise, "Jo was great", resident_id=resident),
        now=at(2025, 12, 3),
    )
    s.route_compliment(
        store,
        staff.handler,
        logged.case.id,
        logged.case.version,
        "Jo (repairs)",
        manager.id,
        now=at(2025, 12, 3),
    )
    refs["G"] = logged.case.reference

    # H: received Mon 5 Jan 2026, acknowledged Tue 6 Jan; respond by Tue 20 Jan; answered Thu
    # 22 Jan: LATE. Not upheld; left answered (not closed).
    h = _stage1(store, staff, date(2026, 1, 5))
    h = _ack(store, manager, h, date(2026, 1, 6))
    h = _decide(store, manager, h, date(2026, 1, 22), Decision.NOT_UPHELD)
    h = _respond(store, manager, h, date(2026, 1, 22))
    refs["H"] = h.reference

    # I: received Thu 2 Apr 2026, after the year: in no annual figure.
    _stage1(store, staff, date(2026, 4, 2))
    return Casebook(refs)
