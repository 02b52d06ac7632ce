"""Notes and contacts on a case: who may add them, their events and the version, the text rule,
and the workspace's list (newest first) and timeline."""

from __future__ import annotations

import pytest

from complaints_tui import services as s
from complaints_tui.domain.kinds import Channel
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, count, events, log_complaint, new_resident

MORNING = at(2026, 1, 6, 9)
AFTERNOON = at(2026, 1, 6, 15)


def opened(store: Store, staff: Staff) -> s.CaseDetail:
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 1, 5))
    case = logged.case
    return s.open_stage1(store, staff.handler, case.id, case.version, now=at(2026, 1, 5))


def test_a_note_and_a_contact_are_listed_newest_first(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    noted = s.add_note(
        store,
        staff.manager,
        case.id,
        case.version,
        "  Surveyor booked.\nKey safe: 1234  ",
        now=MORNING,
    )
    assert noted.version == case.version + 1
    contacted = s.log_case_contact(
        store,
        staff.handler,
        case.id,
        noted.version,
        Channel.EMAIL,
        "Asked when the surveyor is coming",
        now=AFTERNOON,
    )
    assert contacted.version == noted.version + 1
    latest, first = contacted.notes
    assert (latest.kind, latest.channel, latest.text, latest.by_name, latest.at) == (
        "contact",
        Channel.EMAIL,
        "Asked when the surveyor is coming",
        "Cal Handler",
        AFTERNOON,
    )
    assert (first.kind, first.channel, first.text, first.by_name) == (
        "note",
        None,
        "Surveyor booked.\nKey safe: 1234",
        "Mo Manager",
    )
    assert s.get_case(store, case.id).notes == contacted.notes


def test_each_is_an_event_on_the_timeline(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    case = s.add_note(store, staff.manager, case.id, case.version, "Called back", now=MORNING)
    case = s.log_case_contact(
        store, staff.lead, case.id, case.version, Channel.PHONE, "Rang for news", now=AFTERNOON
    )
    note_event, contact_event = events(store, case.id)[-2:]
    assert (note_event.action, note_event.actor_id, note_event.at) == (
        "note_added",
        staff.manager.id,
        MORNING,
    )
    assert note_event.after == {"note_id": case.notes[1].id, "text": "Called back"}
    assert contact_event.action == "case_contact_logged"
    assert contact_event.after == {
        "note_id": case.notes[0].id,
        "channel": "phone",
        "summary": "Rang for news",
    }
    timeline = s.case_timeline(store, case.id)
    assert [(e.label, e.actor_name) for e in timeline[-2:]] == [
        ("Note added", "Mo Manager"),
        ("Contact about the case", "Lee Lead"),
    ]
    assert "Rang for news" in timeline[-1].summary


def test_only_the_cases_workers_add_notes_but_anyone_logs_a_contact(
    store: Store, staff: Staff
) -> None:
    case = opened(store, staff)
    for outsider in (staff.handler, staff.manager2):
        with pytest.raises(s.PermissionDenied, match="add a note"):
            s.add_note(store, outsider, case.id, case.version, "Hello", now=MORNING)
    case = s.add_note(store, staff.lead, case.id, case.version, "Lead's note", now=MORNING)
    case = s.add_note(store, staff.admin, case.id, case.version, "Admin's note", now=MORNING)
    for anyone in (staff.handler, staff.manager2, staff.director):
        case = s.log_case_contact(
            store, anyone, case.id, case.version, Channel.LETTER, "Wrote in", now=MORNING
        )
    assert [n.kind for n in case.notes] == ["contact"] * 3 + ["note"] * 2


def test_a_closed_case_still_takes_notes_and_contacts(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    case = s.withdraw(
        store, staff.handler, case.id, case.version, "the resident", "Sorted", now=MORNING
    )
    case = s.log_case_contact(
        store,
        staff.handler,
        case.id,
        case.version,
        Channel.PHONE,
        "Rang to say thanks",
        now=MORNING,
    )
    case = s.add_note(store, staff.manager, case.id, case.version, "Noted", now=AFTERNOON)
    assert case.status is s.CaseStatus.WITHDRAWN and len(case.notes) == 2


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("   ", "Record the note."),
        ("\x1b[2JWiped", r"The note contains an escape character \(\\x1b\) at character 1"),
        ("Bell\x07", "The note contains a bell character"),
        ("a\u202eb", "The note contains a text-direction control"),
        ("x" * 4001, "The note is too long: 4,001 characters, and at most 4,000 fit."),
    ],
)
def test_text_the_rule_refuses_saves_nothing(
    store: Store, staff: Staff, text: str, sentence: str
) -> None:
    case = opened(store, staff)
    seen = len(events(store, case.id))
    with pytest.raises(s.RuleViolation, match=sentence):
        s.add_note(store, staff.manager, case.id, case.version, text, now=MORNING)
    with pytest.raises(s.RuleViolation, match=r"(?i)what the contact was about"):
        s.log_case_contact(
            store, staff.handler, case.id, case.version, Channel.PHONE, text, now=MORNING
        )
    assert count(store, m.CaseNote) == 0 and len(events(store, case.id)) == seen
    assert s.get_case(store, case.id).version == case.version


def test_tabs_and_text_in_any_script_are_kept(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    text = "Ayşe \u200fشادي\u200f rang:\tno answer 👩🏽‍🔧\r\n[bold]x [@click=app.quit]y[/]"
    case = s.add_note(store, staff.manager, case.id, case.version, text, now=MORNING)
    assert case.notes[0].text == text


def test_a_stale_version_is_refused(store: Store, staff: Staff) -> None:
    case = opened(store, staff)
    s.add_note(store, staff.manager, case.id, case.version, "First", now=MORNING)
    with pytest.raises(s.ConflictError):
        s.add_note(store, staff.manager, case.id, case.version, "Second", now=MORNING)
    with pytest.raises(s.ConflictError):
        s.log_case_contact(
            store, staff.handler, case.id, case.version, Channel.PHONE, "Rang", now=MORNING
        )
    assert [n.text for n in s.get_case(store, case.id).notes] == ["First"]
