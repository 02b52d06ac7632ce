"""The intake service saves a whole call in one transaction: a new representative, the contact,
and the quick fix or stage 1. A failure anywhere leaves nothing; a retry writes nothing twice;
the read-out's dates come with the days their count skipped."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from complaints_tui import services as s
from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind
from complaints_tui.services.errors import StoreUnavailable
from complaints_tui.services.intake import calls
from complaints_tui.services.intake.calls import record_call
from complaints_tui.services.intake.types import (
    CallCapture,
    CallOutcome,
    RepresentativeOnCall,
)
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import (
    Staff,
    at,
    complaint_answers,
    count,
    events,
    new_resident,
    use_profile,
)

LOCKED = "The database is locked by another program; try again in a moment."


def _call(staff: Staff, resident_id: int, when: date, **fields: Any) -> CallCapture:
    values: dict[str, Any] = {
        "channel": Channel.PHONE,
        "answers": complaint_answers(when),
        "description": "Damp in the back bedroom, reported twice",
        "resident_id": resident_id,
        "service_area_id": staff.repairs.id,
    }
    values.update(fields)
    return CallCapture(**values)


def _daughter(confirmed: bool = True) -> RepresentativeOnCall:
    return RepresentativeOnCall("Carol Smith", "daughter", "call to the resident", confirmed)


def _nothing_written(store: Store, before_events: int) -> None:
    assert count(store, m.Case) == 0
    assert count(store, m.Representative) == 0
    assert count(store, m.CaseStage) == 0
    assert count(store, m.Deadline) == 0
    assert len(events(store)) == before_events


def test_a_failure_after_the_contact_is_written_leaves_nothing(
    store: Store, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    resident = new_resident(store, staff)
    before = len(events(store))

    def locked(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable(LOCKED)  # stage 1 fails once the representative and contact exist

    monkeypatch.setattr(calls, "stage1_opened", locked)
    call = _call(staff, resident, date(2026, 3, 2), new_representative=_daughter())
    with pytest.raises(StoreUnavailable):
        record_call(store, staff.handler, call, CallOutcome.STAGE1, now=at(2026, 3, 2))
    _nothing_written(store, before)


def test_a_retry_after_a_failure_saves_one_representative_and_one_case(
    store: Store, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The defect: the screen's four transactions saved the new representative, failed to log
    the contact, and the retry added the representative again."""
    resident = new_resident(store, staff)
    real = calls.contact_logged
    attempts: list[int] = []

    def locked_once(*args: Any, **kwargs: Any) -> Any:
        attempts.append(1)
        if len(attempts) == 1:
            raise StoreUnavailable(LOCKED)
        return real(*args, **kwargs)

    monkeypatch.setattr(calls, "contact_logged", locked_once)
    call = _call(staff, resident, date(2026, 3, 2), new_representative=_daughter())
    with pytest.raises(StoreUnavailable):
        record_call(store, staff.handler, call, CallOutcome.STAGE1, now=at(2026, 3, 2))
    recorded = record_call(store, staff.handler, call, CallOutcome.STAGE1, now=at(2026, 3, 2))
    assert count(store, m.Representative) == 1
    assert count(store, m.Case) == 1
    assert recorded.case.representative is not None
    assert recorded.case.representative.name == "Carol Smith"
    assert recorded.case.representative.authority_confirmed_on == date(2026, 3, 2)
    actions = [event.action for event in events(store, resident_id=resident)]
    assert actions.count("representative_added") == 1


def test_stage_1_in_one_call_reads_out_its_dates_and_the_days_skipped(
    store: Store, staff: Staff
) -> None:
    """A Saturday call under the Code: counting starts on Monday; the read-out says why."""
    resident = new_resident(store, staff)
    saturday = date(2026, 3, 7)
    recorded = record_call(
        store, staff.handler, _call(staff, resident, saturday), CallOutcome.STAGE1,
        now=at(2026, 3, 7),
    )  # fmt: skip
    assert recorded.outcome is CallOutcome.STAGE1
    assert recorded.case.stage == 1 and recorded.case.status is CaseStatus.OPEN
    due = {d.kind: d for d in recorded.due_dates}
    assert set(due) == {"acknowledge", "respond"}
    assert due["acknowledge"].due_on == date(2026, 3, 16)  # 5 WD after Monday 9 March (day 0)
    assert due["respond"].projected  # from the acknowledgement deadline until acknowledged
    assert due["respond"].due_on == date(2026, 3, 30)
    skipped = [(day.day, day.reason) for day in due["acknowledge"].skipped]
    assert [day for day, _ in skipped] == [date(2026, 3, d) for d in (7, 8, 14, 15)]
    assert skipped[0] == (date(2026, 3, 7), "Saturday")
    # The stored deadlines are the ones read out: one computation, stored once.
    stored = {(d.kind, d.due_on) for d in recorded.case.deadlines}
    assert {(k, d.due_on) for k, d in due.items()} <= stored
    assert [e.action for e in events(store, recorded.case.id)] == [
        "contact_logged",
        "stage_opened",
    ]


def test_a_quick_fix_in_one_call_keeps_the_letter_and_the_window(
    store: Store, staff: Staff
) -> None:
    use_profile(store, staff, "derwent-living")
    resident = new_resident(store, staff)
    call = _call(staff, resident, date(2026, 3, 6), agreed_fix="Plumber Monday")
    recorded = record_call(store, staff.handler, call, CallOutcome.QUICK_FIX, now=at(2026, 3, 6))
    fix = recorded.case.quick_fix
    assert recorded.outcome is CallOutcome.QUICK_FIX and fix is not None
    assert fix.agreed_fix == "Plumber Monday" and "Plumber Monday" in fix.letter_text
    assert recorded.case.status is CaseStatus.RESPONDED
    (window,) = recorded.due_dates
    assert window.kind == "formal" and window.due_on == fix.escalate_by == date(2026, 3, 13)
    assert [(d.day, d.reason) for d in window.skipped] == [
        (date(2026, 3, 7), "Saturday"),
        (date(2026, 3, 8), "Sunday"),
    ]


def test_a_quick_fix_asked_for_a_refused_contact_is_only_logged(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    answers = complaint_answers(date(2026, 3, 2), already_investigated=True)
    use_profile(store, staff, "derby-homes")
    call = _call(staff, resident, date(2026, 3, 2), answers=answers, agreed_fix="x")
    recorded = record_call(store, staff.handler, call, CallOutcome.QUICK_FIX, now=at(2026, 3, 2))
    assert recorded.outcome is CallOutcome.LOG and not recorded.accepted
    assert recorded.case.status is CaseStatus.NOT_ACCEPTED and recorded.exclusion_label
    assert recorded.case.quick_fix is None and recorded.due_dates == ()


def test_a_contact_that_is_not_a_complaint_is_logged(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff)
    answers = complaint_answers(date(2026, 3, 2), dissatisfied=False, is_question=True)
    call = _call(staff, resident, date(2026, 3, 2), answers=answers)
    recorded = record_call(store, staff.handler, call, CallOutcome.LOG, now=at(2026, 3, 2))
    assert recorded.case.summary.kind is ContactKind.ENQUIRY
    assert recorded.case.status is CaseStatus.LOGGED
    assert s.get_case(store, recorded.case.id).version == recorded.case.version
