"""An export imports into a fresh database and exports again byte for byte, in CSV and JSON, for
cases made through the services under three profiles; and the services read every imported case
exactly as they read the original (status, stage, deadlines, next due, queues, flags)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from complaints_tui import services as s
from complaints_tui.services.demo import DemoRecipe, build_demo
from complaints_tui.services.io.exports import ExportFormat, export_cases, export_residents
from complaints_tui.services.io.imports import import_cases, import_residents
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import START, Staff
from tests.io.casebook import BOOKS

TODAY = date(2026, 3, 25)


def export(store: Store, what: str, fmt: ExportFormat) -> str:
    out = io.StringIO()
    (export_cases if what == "cases" else export_residents)(store, out, fmt)
    return out.getvalue()


def resident_refs(store: Store) -> dict[int, str]:
    with store.reading() as session:
        return dict(session.execute(select(m.Resident.id, m.Resident.reference)).all())


def case_ids(store: Store) -> list[tuple[int, str]]:
    with store.reading() as session:
        return list(session.execute(select(m.Case.id, m.Case.reference).order_by(m.Case.id)))


def case_facts(store: Store) -> dict[str, tuple[Any, ...]]:
    """What the services show of every case, minus what the columns do not carry (handlers,
    descriptions, letters, findings)."""
    refs = resident_refs(store)
    facts: dict[str, tuple[Any, ...]] = {}
    for case_id, reference in case_ids(store):
        d = s.get_case(store, case_id, today=TODAY)
        facts[reference] = (
            d.profile_id,
            d.summary.kind,
            d.summary.channel,
            d.status,
            d.stage,
            d.summary.received_on,
            refs.get(d.summary.resident_id) if d.summary.resident_id else None,
            d.summary.next_due_on,
            d.summary.next_due_kind,
            d.service_area,
            d.category,
            d.accepted,
            d.exclusion_code,
            d.exclusion_reason,
            d.outcome,
            d.withdrawn_on,
            d.closed_on,
            [(x.stage, x.received_on, x.acknowledged_on, x.responded_on) for x in d.stages],
            [
                (
                    x.stage,
                    x.kind,
                    x.clock_start,
                    x.clock_started_on,
                    x.projected,
                    x.length,
                    x.unit,
                    x.due_on,
                    x.original_due_on,
                    x.met_on,
                    x.state,
                    x.extended,
                )
                for x in d.deadlines
            ],
            (d.quick_fix.resolved_on, d.quick_fix.escalate_by) if d.quick_fix else None,
            d.escalate_by,
            d.is_last_stage,
        )
    return facts


def resident_facts(store: Store) -> dict[str, tuple[Any, ...]]:
    facts: dict[str, tuple[Any, ...]] = {}
    for resident_id, reference in resident_refs(store).items():
        flags = s.resident_flags(store, resident_id, contacts=50)
        info = flags.resident
        facts[reference] = (
            (info.name, info.address, info.postcode, info.phone, info.email, info.tenure),
            [
                (c.reference, c.kind, c.stage, c.status, c.next_due_on, c.next_due_kind)
                for c in flags.open_cases
            ],
            [
                (c.reference, c.kind, c.channel, c.received_on, c.status)
                for c in flags.last_contacts
            ],
        )
    return facts


def work_facts(store: Store) -> tuple[Any, ...]:
    every = s.QueueFilter(statuses=tuple(s.CaseStatus))
    rows = s.queue(store, every, limit=1000, today=TODAY).rows
    open_rows = s.queue(store, limit=1000, today=TODAY).rows
    overdue: dict[int, int] = {}
    for row in s.overdue_counts(store, today=TODAY):
        overdue[row.stage] = overdue.get(row.stage, 0) + row.count
    return (
        [(r.reference, r.status, r.stage, r.next_due_on, r.due_state) for r in rows],
        [r.reference for r in open_rows],
        overdue,
    )


def anonymise_one(store: Store) -> None:
    """No service anonymises yet; the export must still carry an anonymised resident."""
    with store.transaction() as session:
        resident = session.scalars(select(m.Resident).where(m.Resident.reference == "R-BOB")).one()
        resident.anonymised_on = date(2026, 3, 20)


@pytest.mark.parametrize("fmt", list(ExportFormat))
@pytest.mark.parametrize("profile", list(BOOKS))
def test_an_export_imports_and_exports_again_unchanged(
    store: Store, other_store: Store, staff: Staff, tmp_path: Path, profile: str, fmt: ExportFormat
) -> None:
    book = BOOKS[profile](store, staff)
    anonymise_one(store)
    residents = export(store, "residents", fmt)
    cases = export(store, "cases", fmt)
    admin = s.create_first_admin(other_store, "Ida Importer", now=START)
    s.set_landlord_profile(other_store, admin, profile, now=START)
    suffix = fmt.value
    (tmp_path / f"residents.{suffix}").write_text(residents, encoding="utf-8")
    (tmp_path / f"cases.{suffix}").write_text(cases, encoding="utf-8")
    import_residents(other_store, tmp_path / f"residents.{suffix}", actor_id=admin.id)
    result = import_cases(other_store, tmp_path / f"cases.{suffix}", today=TODAY, actor_id=admin.id)
    assert result.rows == len(book.made)

    assert export(other_store, "residents", fmt) == residents
    assert export(other_store, "cases", fmt) == cases
    assert case_facts(other_store) == case_facts(store)
    assert resident_facts(other_store) == resident_facts(store)
    assert work_facts(other_store) == work_facts(store)
    # The anonymised resident is kept, and still not found by a search.
    assert [r.reference for r in s.search_residents(other_store, "bob").rows] == []
    assert "R-BOB" in resident_facts(other_store)
    # Every case made is in the export once.
    assert sorted(case_facts(other_store)) == sorted(book.made.values())


@pytest.mark.parametrize("profile", list(BOOKS))
def test_the_book_covers_every_state(store: Store, staff: Staff, profile: str) -> None:
    """Guard the round trip's coverage: the cases made reach the states they are named for."""
    book = BOOKS[profile](store, staff)
    facts = case_facts(store)
    statuses = {facts[ref][3] for ref in book.made.values()}
    if profile == "hos-code":
        assert statuses == set(s.CaseStatus)
        outcomes = {facts[ref][14] for ref in book.made.values()}
        assert outcomes == {None, "upheld", "partly_upheld", "not_upheld", "withdrawn"}
        assert facts[book.made["stage 2 extended"]][4] == 2
        assert any(d[11] for d in facts[book.made["stage 2 extended"]][18] if d[0] == 2)
        assert facts[book.made["anonymous"]][6] is None
        assert facts[book.made["stage 0 open"]][3:5] == (s.CaseStatus.OPEN, 0)
    if profile == "derwent-living":
        assert facts[book.made["stage 3 closed"]][3:5] == (s.CaseStatus.CLOSED, 3)
        assert facts[book.made["quick fix"]][3:5] == (s.CaseStatus.RESPONDED, 0)
        went_formal = facts[book.made["quick fix then stage 1"]]
        assert went_formal[17][0][1] == date(2026, 3, 4)  # stage 1 from the request
    if profile == "derby-homes":
        anonymous = facts[book.made["anonymous, not accepted"]]
        assert (anonymous[3], anonymous[12]) == (s.CaseStatus.NOT_ACCEPTED, "anonymous")
        request = facts[book.made["service request"]]
        assert (request[3], request[12]) == (s.CaseStatus.LOGGED, "first_time_service_request")


@pytest.mark.parametrize("fmt", list(ExportFormat))
@pytest.mark.parametrize("profile", ["hos-code", "derwent-living"])
def test_a_demo_database_makes_the_same_trip(
    store: Store, other_store: Store, tmp_path: Path, profile: str, fmt: ExportFormat
) -> None:
    """The demo builder's bulk-loaded cases survive the trip too, as the services read them."""
    recipe = DemoRecipe(residents=40, cases=200, seed=5, profile=profile, today=TODAY)
    build_demo(store, recipe)
    residents = export(store, "residents", fmt)
    cases = export(store, "cases", fmt)
    admin = s.create_first_admin(other_store, "Ida Importer", now=START)
    s.set_landlord_profile(other_store, admin, profile, now=START)
    (tmp_path / f"residents.{fmt.value}").write_text(residents, encoding="utf-8")
    (tmp_path / f"cases.{fmt.value}").write_text(cases, encoding="utf-8")
    import_residents(other_store, tmp_path / f"residents.{fmt.value}")
    assert import_cases(other_store, tmp_path / f"cases.{fmt.value}", today=TODAY).rows == 200
    assert export(other_store, "residents", fmt) == residents
    assert export(other_store, "cases", fmt) == cases
    assert case_facts(other_store) == case_facts(store)
    assert work_facts(other_store) == work_facts(store)
