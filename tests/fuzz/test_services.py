"""Services that take free text or dates, fuzzed: every value is stored exactly (stripped) and
read back equal, or refused with a ServiceError whose sentence is one line; never any other
exception. Text: markup, terminal escapes, control characters, NUL, emoji, right-to-left script,
formula starts, blank text and a 1 MB paste. Dates: 0001-01-01, far future, typed 29 February
of a year that has none."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TypeVar

from hypothesis import example, given
from hypothesis import strategies as st

from complaints_tui import services as s
from complaints_tui.domain.dates import date_problem, read_date
from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.text import refused_character
from complaints_tui.services.errors import ServiceError
from complaints_tui.store.engine import Store
from tests.conftest_store import START, Staff, complaint_answers, log_complaint, new_resident
from tests.fuzz.sizes import FUZZ
from tests.fuzz.texts import BIG_PASTE, FREE_TEXT

_T = TypeVar("_T")
TEXT = FREE_TEXT | BIG_PASTE
WHEN = START + timedelta(days=1)


def stored_or_refused(call: Callable[[], _T]) -> _T | None:
    """What the service returned, or None after checking its refusal is one plain line."""
    try:
        return call()
    except ServiceError as error:
        sentence = str(error)
        assert sentence and "\n" not in sentence and "Traceback" not in sentence
        assert refused_character(sentence) is None, repr(sentence)  # escapes shown, never raw
        return None


@FUZZ
@given(name=TEXT, address=TEXT, vulnerability=TEXT)
@example(name="\x1b[31mBob [bold]", address="12 Road\r\nDerby", vulnerability="")
@example(name="شادي 👩🏽‍🔧 [/]", address='=HYPERLINK("x")', vulnerability="\x00")
def test_a_residents_text(
    store: Store, staff: Staff, name: str, address: str, vulnerability: str
) -> None:
    new = s.NewResident(name=name, address=address, vulnerability=vulnerability)
    made = stored_or_refused(lambda: s.create_resident(store, staff.handler, new, now=START))
    if made is None:
        return
    got = s.get_resident(store, made.id)
    assert (got.name, got.address, got.vulnerability) == (
        name.strip(),
        address.strip(),
        vulnerability.strip(),
    )


@FUZZ
@given(description=TEXT, outcome=TEXT, caller=TEXT)
@example(description="[@click=app.quit]x[/]", outcome="\u202eevil", caller="  ")
def test_logging_a_contact(
    store: Store, staff: Staff, description: str, outcome: str, caller: str
) -> None:
    capture = s.ContactCapture(
        channel=Channel.PHONE,
        answers=complaint_answers(WHEN.date()),
        description=description,
        desired_outcome=outcome,
        caller_name=caller,
        service_area_id=staff.repairs.id,
    )
    logged = stored_or_refused(lambda: s.log_contact(store, staff.handler, capture, now=WHEN))
    if logged is None:
        return
    detail = s.get_case(store, logged.case.id)
    assert detail.description == description.strip()


@FUZZ
@given(note=TEXT, contact=TEXT, component=TEXT)
@example(note="\x1b]0;title\x07", contact="Bob [/]", component="\t")
def test_notes_contacts_and_findings_on_a_case(
    store: Store, staff: Staff, note: str, contact: str, component: str
) -> None:
    case_id = log_complaint(store, staff, new_resident(store, staff), WHEN).case.id
    admin = staff.admin

    def version() -> int:
        return s.get_case(store, case_id).version

    noted = stored_or_refused(lambda: s.add_note(store, admin, case_id, version(), note, now=WHEN))
    if noted is not None:
        assert noted.notes[0].text == note.strip()
    told = stored_or_refused(
        lambda: s.log_case_contact(
            store, admin, case_id, version(), Channel.EMAIL, contact, now=WHEN
        )
    )
    if told is not None:
        assert told.notes[0].text == contact.strip()
    stored_or_refused(
        lambda: s.add_component(store, admin, case_id, version(), component, now=WHEN)
    )


TYPED_DATES = st.sampled_from(
    ["0001-01-01", "9999-12-31", "2026-02-29", "2100-02-29", "2028-02-29", "0000-01-01"]
) | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True)


@FUZZ
@given(typed=TYPED_DATES)
@example(typed="2026-02-29")
def test_a_typed_date_is_read_or_told(typed: str) -> None:
    problem = date_problem(typed)
    try:
        day = read_date(typed)
    except ValueError as error:
        assert problem is not None and str(error) == f"{typed!r} {problem}"
        assert "\n" not in str(error)
        return
    assert problem is None and day.isoformat() == typed


@FUZZ
@given(day=st.sampled_from([date(1, 1, 1), date(9999, 12, 31)]) | st.dates())
@example(day=date(2026, 12, 25))
def test_dates_far_away_in_a_contact_and_an_acknowledgement(
    store: Store, staff: Staff, day: date
) -> None:
    capture = s.ContactCapture(
        channel=Channel.LETTER,
        answers=complaint_answers(day, issue_known_on=day),
        description="Damp in the bedroom",
        service_area_id=staff.repairs.id,
    )
    logged = stored_or_refused(lambda: s.log_contact(store, staff.handler, capture, now=WHEN))
    if logged is not None:
        assert logged.case.received_on <= WHEN.date()
    case_id = log_complaint(store, staff, None, WHEN).case.id
    admin = staff.admin
    opened = s.open_stage1(store, admin, case_id, s.get_case(store, case_id).version, now=WHEN)
    acknowledged = stored_or_refused(
        lambda: s.acknowledge(store, admin, case_id, opened.version, on=day, now=WHEN)
    )
    if acknowledged is not None:
        assert WHEN.date() - timedelta(days=400) <= day <= WHEN.date()
