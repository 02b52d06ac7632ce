"""The case timeline comes from the append-only audit events: who, when, what, before and after."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from complaints_tui import services as s
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, log_complaint, new_resident


def test_timeline_lists_each_change_with_actor_and_values(store: Store, staff: Staff) -> None:
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2, 9))
    case = s.open_stage1(
        store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2, 9, 5)
    )
    case = s.assign(
        store, staff.lead, case.id, case.version, staff.manager2.id, now=at(2026, 3, 2, 11)
    )
    case = s.acknowledge(
        store, staff.manager2, case.id, case.version, on=date(2026, 3, 3), now=at(2026, 3, 3)
    )
    timeline = s.case_timeline(store, case.id)
    assert [(e.label, e.actor_name) for e in timeline] == [
        ("Contact logged", "Cal Handler"),
        ("Stage opened", "Cal Handler"),
        ("Assigned", "Lee Lead"),
        ("Acknowledged", "Max Manager"),
    ]
    assert [e.at for e in timeline] == [
        at(2026, 3, 2, 9),
        at(2026, 3, 2, 9, 5),
        at(2026, 3, 2, 11),
        at(2026, 3, 3),
    ]
    assert all(e.at.tzinfo is not None for e in timeline)
    assigned = timeline[2]
    assert assigned.before == {"handler_id": staff.manager.id}
    assert assigned.after == {"handler_id": staff.manager2.id}
    assert assigned.summary == f"handler id: {staff.manager.id} → {staff.manager2.id}"
    assert "acknowledged on: None → 2026-03-03" in timeline[3].summary


def test_a_refused_action_leaves_no_event(store: Store, staff: Staff) -> None:
    logged = log_complaint(store, staff, new_resident(store, staff), at(2026, 3, 2))
    before = s.case_timeline(store, logged.case.id)
    with pytest.raises(s.PermissionDenied):
        s.assign(
            store,
            staff.handler,
            logged.case.id,
            logged.case.version,
            staff.manager.id,
            now=at(2026, 3, 2),
        )
    assert s.case_timeline(store, logged.case.id) == before


def test_timeline_of_a_missing_case(store: Store, staff: Staff) -> None:
    with pytest.raises(s.NotFound):
        s.case_timeline(store, 404)
    with pytest.raises(s.NotFound):
        s.get_case(store, 404)


def test_find_cases_by_reference_or_number(store: Store, staff: Staff) -> None:
    resident = new_resident(store, staff, "Bob [/] Smith")
    first = log_complaint(store, staff, resident, at(2026, 3, 2)).case
    log_complaint(store, staff, resident, at(2026, 3, 2))
    assert [h.reference for h in s.find_cases(store, "cmp-2026-00000")] == [
        "CMP-2026-000001",
        "CMP-2026-000002",
    ]
    hit = s.find_cases(store, "cmp-2026-000001")[0]
    assert (hit.id, hit.resident_name) == (first.id, "Bob [/] Smith")
    assert s.find_cases(store, "  ") == []
    assert s.case_by_reference(store, "cmp-2026-000002").reference == "CMP-2026-000002"
    with pytest.raises(s.NotFound):
        s.case_by_reference(store, "CMP-1999-000001")


def test_an_imported_reference_in_lower_case_is_found_as_given(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    from complaints_tui.services.io.imports import import_cases

    columns = (
        "reference,resident_ref,received_on,kind,channel,service_area,category,"
        "stage1_acknowledged_on,stage1_extended_to,stage1_responded_on,escalated_on,"
        "stage2_acknowledged_on,stage2_extended_to,stage2_responded_on,withdrawn_on,outcome\n"
    )
    file = tmp_path / "cases.csv"
    file.write_text(columns + "old-42,,2026-03-02,enquiry,phone,Repairs,Damp,,,,,,,,,\n")
    import_cases(store, file, today=date(2026, 3, 10))
    assert s.case_by_reference(store, " old-42 ").reference == "old-42"
    assert [h.reference for h in s.find_cases(store, "old-4")] == ["old-42"]
