"""Case references: CMP-YYYY-nnnnnn, one counter per year, unique and never reused."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from complaints_tui.store.references import format_reference, next_case_reference
from tests.conftest_store import START, Staff, log_complaint


def _case(reference: str) -> m.Case:
    return m.Case(
        reference=reference,
        kind="complaint",
        channel="phone",
        received_at=START,
        received_on=START.date(),
        profile_id="hos-code",
        stage=0,
        status="open",
        created_at=START,
        updated_at=START,
    )


def test_format() -> None:
    assert format_reference(2026, 123) == "CMP-2026-000123"
    assert format_reference(2026, 1_234_567) == "CMP-2026-1234567"


def test_numbers_run_per_year(store: Store) -> None:
    with store.transaction() as session:
        got = [next_case_reference(session, 2026) for _ in range(3)] + [
            next_case_reference(session, 2027)
        ]
    assert got == ["CMP-2026-000001", "CMP-2026-000002", "CMP-2026-000003", "CMP-2027-000001"]
    with store.transaction() as session:
        assert next_case_reference(session, 2026) == "CMP-2026-000004"


def test_a_reference_already_taken_by_an_import_is_skipped(store: Store) -> None:
    with store.transaction() as session:
        session.add(_case("CMP-2026-000001"))
        session.add(_case("CMP-2026-000002"))
    with store.transaction() as session:
        assert next_case_reference(session, 2026) == "CMP-2026-000003"


def test_the_database_refuses_a_duplicate_reference(store: Store) -> None:
    with store.transaction() as session:
        session.add(_case("CMP-2026-000009"))
    with pytest.raises(IntegrityError), store.transaction() as session:
        session.add(_case("CMP-2026-000009"))


def test_a_closed_case_keeps_its_number_for_good(store: Store, staff: Staff) -> None:
    first = log_complaint(store, staff, None, START).case
    with store.transaction() as session:
        counter = session.get(m.CaseCounter, START.year)
        assert counter is not None and counter.last_number == 1
    second = log_complaint(store, staff, None, START).case
    assert (first.reference, second.reference) == ("CMP-2025-000001", "CMP-2025-000002")
