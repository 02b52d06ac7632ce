"""Import into a real database (SQLite, and PostgreSQL when configured), all or nothing, stored as
the services store what they make, and export back."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from complaints_tui import services as s
from complaints_tui.cli import app
from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.deadlines import StageEvents, stage_deadlines
from complaints_tui.domain.kinds import Channel
from complaints_tui.domain.policy import load_profile
from complaints_tui.domain.triage import TriageAnswers
from complaints_tui.locations import policies_dir
from complaints_tui.services.cases.casework import sync_deadlines
from complaints_tui.services.io import case_writing as imports_service
from complaints_tui.services.io.columns import (
    CASE_COLUMNS,
    CASE_EXPORT_COLUMNS,
    RESIDENT_EXPORT_COLUMNS,
)
from complaints_tui.services.io.exports import ExportFormat, export_cases, export_residents
from complaints_tui.services.io.imports import import_cases, import_residents
from complaints_tui.services.io.problems import ImportFailed
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, count, new_resident, use_profile

TODAY = date(2026, 3, 2)

RESIDENTS = """reference,name,address,postcode,phone,email,tenure
R1,Bob [/],"Flat 2, 10 Mill Lane, Derby",DE1 2AB,01332 496000,bob@example.org,LCRA
R2,[bold]x,4 Station Road,NG1 1AA,,,LCHO
R3,Siobhan O'Neill,7 Church Street,LE1 5AB,07700 900123,,LCRA
"""

HEADER = ",".join(CASE_COLUMNS)
CASES = (
    HEADER
    + "\n"
    # Over Christmas: acknowledged 29 Dec, answered within an extension.
    + "CMP-2025-000041,R1,2025-12-18,complaint,phone,Repairs and maintenance,Damp and mould,"
    + "2025-12-29,2026-01-27,2026-01-20,,,,,,upheld\n"
    # Escalated, stage 2 acknowledged, still open.
    + "OLD/77,R2,2025-12-01,complaint,email,Estate services,Lifts,"
    + "2025-12-03,,2025-12-15,2026-01-05,2026-01-07,,,,\n"
    # Withdrawn before the response.
    + "CMP-2026-000003,R3,2026-01-05,complaint,letter,Rents and income,Service charges,"
    + "2026-01-06,,,,,,,2026-01-09,withdrawn\n"
    # Not a complaint; a brand-new service area and category.
    + "SR-9,R3,2026-02-27,service_request,web,Garages,Garage door broken,,,,,,,,,\n"
    # A compliment from someone who is not a resident.
    + "CMP-2026-000010,,2026-02-02,compliment,social_media,,,,,,,,,,,\n"
    # New: the acknowledgement is due.
    + "CMP-2026-000011,R1,2026-02-27,complaint,text_relay,Customer service,Staff attitude,"
    + ",,,,,,,,\n"
    # Anonymous, at stage 1 (the Code allows anonymous complaints).
    + "CMP-2026-000012,,2026-02-16,complaint,in_person,,,2026-02-17,,,,,,,,\n"
    # Answered at stage 1; the resident may still escalate.
    + "CMP-2026-000013,R2,2026-01-05,complaint,fax,,,2026-01-06,,2026-01-14,,,,,,\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(store: Store, tmp_path: Path) -> None:
    result = import_residents(store, write(tmp_path, "residents.csv", RESIDENTS))
    assert result.rows == 3
    result = import_cases(store, write(tmp_path, "cases.csv", CASES), today=TODAY)
    assert result.rows == 8
    assert "Garages" in result.created_service_areas
    assert "Garage door broken" in result.created_categories


def case_named(store: Store, reference: str) -> m.Case:
    with store.reading() as session:
        case = session.scalars(select(m.Case).where(m.Case.reference == reference)).one()
        session.expunge(case)
        return case


def export(store: Store, fmt: ExportFormat = ExportFormat.CSV, what: str = "cases") -> str:
    out = io.StringIO()
    (export_cases if what == "cases" else export_residents)(store, out, fmt)
    return out.getvalue()


def test_residents_import_with_the_services_search_terms(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    import_residents(store, write(tmp_path, "r.csv", RESIDENTS))
    made = new_resident(
        store,
        staff,
        "Siobhan O'Neill",
        address="7 Church Street",
        postcode="LE1 5AB",
        phone="07700 900123",
        reference="R4",
    )
    with store.reading() as session:

        def terms(reference: str) -> set[str]:
            resident = session.scalars(
                select(m.Resident).where(m.Resident.reference == reference)
            ).one()
            return set(
                session.scalars(
                    select(m.ResidentSearchTerm.term).where(
                        m.ResidentSearchTerm.resident_id == resident.id
                    )
                )
            )

        bob = session.scalars(select(m.Resident).where(m.Resident.reference == "R1")).one()
        assert (bob.name, bob.postcode, bob.tenure) == ("Bob [/]", "DE1 2AB", "LCRA")
        assert bob.preferred_contact == ""  # as create_resident leaves it
        # The very terms create_resident writes (apart from the reference).
        assert terms("R3") - {"r3"} == terms("R4") - {"r4"}
        assert {"oneill", "o", "neill", "07700900123"} <= terms("R3")
    found = s.search_residents(store, "o'neill")
    assert sorted(r.reference for r in found.rows) == ["R3", "R4"]
    assert s.get_resident(store, made).name == "Siobhan O'Neill"


def test_residents_are_checked_as_create_resident_checks_them(store: Store, tmp_path: Path) -> None:
    """No address, a postcode that is not a UK one, any phone or email text: create_resident
    takes them, so the import does too; an empty reference gets the next RES-nnnnnn."""
    text = (
        RESIDENTS.splitlines()[0]
        + "\nR5,Ann Lee,,bfpo 801,ask at the office,not given,lcho\n"
        + ",No Reference,1 Road,de12ab,,,LCRA\n"
        + ",Another,2 Road,,,,LCRA\n"
    )
    import_residents(store, write(tmp_path, "r.csv", text))
    with store.reading() as session:
        rows = {
            r.name: (r.reference, r.address, r.postcode, r.phone, r.email, r.tenure)
            for r in session.scalars(select(m.Resident))
        }
    assert rows == {
        "Ann Lee": ("R5", "", "BFPO 801", "ask at the office", "not given", "LCHO"),
        "No Reference": ("RES-000001", "1 Road", "DE1 2AB", "", "", "LCRA"),
        "Another": ("RES-000002", "2 Road", "", "", "", "LCRA"),
    }


def test_bad_resident_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    import_residents(
        store,
        write(tmp_path, "first.csv", RESIDENTS.splitlines()[0] + "\nR1,A,1 Road,DE1 2AB,,,LCRA\n"),
    )
    text = RESIDENTS + "R4,,1 Road,DE1 2AB,,,council\n" + "R1,,2 Road,,,,LCRA\n"
    with pytest.raises(ImportFailed) as caught:
        import_residents(store, write(tmp_path, "r.csv", text))
    problems = {p.line: p.message for p in caught.value.problems}
    assert problems == {
        2: "reference 'R1' is already in the database",
        5: "name is empty; tenure is 'council'; it must be one of LCRA, LCHO",
        # Its own problems and the database's, together.
        6: "reference 'R1' is already used on line 2; name is empty; "
        "reference 'R1' is already in the database",
    }
    assert count(store, m.Resident) == 1
    assert count(store, m.ResidentSearchTerm) > 0
    assert count(store, m.Event) == 1


def test_cases_are_stored_as_the_services_store_them(store: Store, tmp_path: Path) -> None:
    load(store, tmp_path)
    profile = load_profile("hos-code", policies_dir())
    calendar = calendar_for_profile(profile)
    statuses = {
        c.reference: (c.status, c.stage, c.accepted)
        for c in (case_named(store, ref) for ref in _references(store))
    }
    assert statuses == {
        "CMP-2025-000041": ("closed", 1, True),
        "OLD/77": ("open", 2, True),
        "CMP-2026-000003": ("withdrawn", 1, True),
        "SR-9": ("logged", 0, False),  # as log_contact stores a contact that is not a complaint
        "CMP-2026-000010": ("logged", 0, False),
        "CMP-2026-000011": ("open", 1, True),  # not "new": open, waiting for the acknowledgement
        "CMP-2026-000012": ("open", 1, True),
        "CMP-2026-000013": ("responded", 1, True),
    }
    assert {status for status, _, _ in statuses.values()} <= set(s.CaseStatus)
    first = case_named(store, "CMP-2025-000041")
    assert (first.outcome, first.closed_on) == ("upheld", date(2026, 1, 20))
    with store.reading() as session:
        deadlines = {
            d.kind: d
            for d in session.scalars(select(m.Deadline).where(m.Deadline.case_id == first.id))
        }
        # Acknowledge by Mon 29 Dec 2025 (25, 26 Dec bank holidays); respond 10 WD after the
        # acknowledgement -> Tue 13 Jan 2026, extended to 27 Jan.
        assert deadlines["acknowledge"].due_on == date(2025, 12, 29)
        assert deadlines["respond"].original_due_on == date(2026, 1, 13)
        assert deadlines["respond"].due_on == date(2026, 1, 27)
        assert deadlines["respond"].met_on == date(2026, 1, 20)
        extension = session.scalars(
            select(m.Extension).where(m.Extension.deadline_id == deadlines["respond"].id)
        ).one()
        assert extension.new_due_on == date(2026, 1, 27)
    open_case = case_named(store, "OLD/77")
    expected = stage_deadlines(
        profile, 2, StageEvents(date(2026, 1, 5), acknowledged_on=date(2026, 1, 7)), calendar
    )
    respond = next(d for d in expected if d.kind.value == "respond")
    assert (open_case.next_due_on, open_case.next_due_kind) == (respond.due_on, "respond")
    new = case_named(store, "CMP-2026-000011")
    # Received Fri 27 Feb 2026: acknowledge within 5 WD -> Fri 6 Mar.
    assert (new.next_due_on, new.next_due_kind) == (date(2026, 3, 6), "acknowledge")
    withdrawn = case_named(store, "CMP-2026-000003")
    assert (withdrawn.next_due_on, withdrawn.closed_on, withdrawn.outcome) == (
        None,
        None,  # as closing.withdraw leaves it
        "withdrawn",
    )
    assert case_named(store, "CMP-2026-000012").resident_id is None
    with store.reading() as session:
        counters = {c.year: c.last_number for c in session.scalars(select(m.CaseCounter))}
    assert counters == {2025: 41, 2026: 13}
    assert count(store, m.Event) == 3 + 8


def _references(store: Store) -> list[str]:
    with store.reading() as session:
        return list(session.scalars(select(m.Case.reference).order_by(m.Case.id)))


def test_the_services_read_and_work_every_imported_case(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    load(store, tmp_path)
    with store.reading() as session:
        ids = dict(session.execute(select(m.Case.reference, m.Case.id)).all())
        resident_ids = list(session.scalars(select(m.Resident.id)))
    for reference, case_id in ids.items():
        detail = s.get_case(store, case_id, today=TODAY)
        assert detail.reference == reference
        assert s.case_by_reference(store, reference, today=TODAY).id == case_id
        timeline = s.case_timeline(store, case_id)
        assert [(e.action, e.label, e.actor_name) for e in timeline] == [
            ("case_imported", "Case imported", "system")
        ]
        assert timeline[0].after["reference"] == reference
        assert timeline[0].after["status"] == detail.status.value
        assert timeline[0].after["line"] >= 2
    for resident_id in resident_ids:
        flags = s.resident_flags(store, resident_id)
        assert all(
            line.status in (s.CaseStatus.OPEN, s.CaseStatus.RESPONDED) for line in flags.open_cases
        )
    bob = s.resident_flags(store, resident_ids[0])
    assert [c.reference for c in bob.open_cases] == ["CMP-2026-000011"]
    queue = s.queue(store, limit=100, today=TODAY).rows
    assert [r.reference for r in queue] == ["OLD/77", "CMP-2026-000012", "CMP-2026-000011"]
    unassigned = s.queue(store, s.QueueFilter(unassigned=True), today=TODAY).rows
    assert [r.reference for r in unassigned] == [r.reference for r in queue]
    overdue = sum(row.count for row in s.overdue_counts(store, today=date(2026, 3, 4)))
    assert overdue == 2  # OLD/77 (respond by 4 Feb) and CMP-2026-000012 (by 3 Mar)
    # The stored deadlines are the ones the services would store: syncing changes nothing.
    for case_id in ids.values():
        before = _deadline_rows(store, case_id)
        with store.transaction() as session:
            case = session.get(m.Case, case_id)
            assert case is not None
            sync_deadlines(session, case)
        assert _deadline_rows(store, case_id) == before
    # And the services go on working them.
    new = s.get_case(store, ids["CMP-2026-000011"], today=TODAY)
    new = s.assign(store, staff.lead, new.id, new.version, staff.manager.id, now=at(2026, 3, 2))
    new = s.acknowledge(store, staff.manager, new.id, new.version, now=at(2026, 3, 2))
    assert new.status is s.CaseStatus.OPEN and new.summary.next_due_kind == "respond"
    answered = s.get_case(store, ids["CMP-2026-000013"], today=TODAY)
    answered = s.request_escalation(
        store, staff.handler, answered.id, answered.version, now=at(2026, 3, 2)
    )
    assert (answered.stage, answered.status) == (2, s.CaseStatus.OPEN)
    closed = s.get_case(store, ids["CMP-2025-000041"], today=TODAY)
    closed = s.reopen(
        store, staff.lead, closed.id, closed.version, "Asked again", now=at(2026, 3, 2)
    )
    assert closed.status is s.CaseStatus.RESPONDED


def _deadline_rows(store: Store, case_id: int) -> list[tuple[object, ...]]:
    with store.reading() as session:
        case = session.get(m.Case, case_id)
        assert case is not None
        rows = session.execute(
            select(
                m.Deadline.stage,
                m.Deadline.kind,
                m.Deadline.clock_start,
                m.Deadline.clock_started_on,
                m.Deadline.projected,
                m.Deadline.length,
                m.Deadline.unit,
                m.Deadline.due_on,
                m.Deadline.original_due_on,
                m.Deadline.met_on,
            )
            .where(m.Deadline.case_id == case_id)
            .order_by(m.Deadline.stage, m.Deadline.kind)
        ).all()
        return [(case.next_due_on, case.next_due_kind), *(tuple(r) for r in rows)]


def test_imported_cases_follow_the_landlords_profile(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    use_profile(store, staff, "derwent-living")
    import_residents(store, write(tmp_path, "r.csv", RESIDENTS))
    import_cases(
        store,
        write(tmp_path, "c.csv", HEADER + "\nD-1,R1,2026-02-27,complaint,phone,,,,,,,,,,,\n"),
        today=TODAY,
    )
    case = case_named(store, "D-1")
    # Derwent: acknowledge within 2 working days (the Code: 5), so Tue 3 Mar.
    assert (case.profile_id, case.next_due_on) == ("derwent-living", date(2026, 3, 3))


def test_not_accepted_and_quick_fix_rows(store: Store, staff: Staff, tmp_path: Path) -> None:
    use_profile(store, staff, "derwent-living")
    import_residents(store, write(tmp_path, "r.csv", RESIDENTS))
    header = HEADER + ",status,exclusion,quick_fix_on,stage1_received_on\n"
    text = (
        header
        + "N-1,R1,2026-02-02,complaint,phone,,,,,,,,,,,,not_accepted,out_of_time,,\n"
        + "Q-1,R2,2026-02-02,complaint,phone,,,,,,,,,,,,,,2026-02-02,\n"
        + "Q-2,R2,2026-02-02,complaint,phone,,,,,,,,,,,,,,2026-02-02,2026-02-05\n"
        + "S-0,R3,2026-02-02,complaint,phone,,,,,,,,,,,,,,,\n"
    )
    import_cases(store, write(tmp_path, "c.csv", text), today=TODAY)
    refused = case_named(store, "N-1")
    profile = load_profile("derwent-living", policies_dir())
    say = next(e.say for e in profile.exclusions if e.code.value == "out_of_time")
    assert (refused.status, refused.stage, refused.accepted, refused.next_due_on) == (
        "not_accepted",
        0,
        False,
        None,
    )
    assert (refused.exclusion_code, refused.exclusion_reason) == ("out_of_time", say)
    fixed = s.get_case(store, case_named(store, "Q-1").id, today=TODAY)
    assert (fixed.status, fixed.stage) == (s.CaseStatus.RESPONDED, 0)
    assert fixed.quick_fix is not None and fixed.quick_fix.escalate_by == date(2026, 2, 9)
    assert fixed.escalate_by == date(2026, 2, 9)
    formal = s.get_case(store, case_named(store, "Q-2").id, today=TODAY)
    assert (formal.stage, formal.stages[0].received_on) == (1, date(2026, 2, 5))
    waiting = s.get_case(store, case_named(store, "S-0").id, today=TODAY)
    assert (waiting.status, waiting.stage, waiting.stages) == (s.CaseStatus.OPEN, 0, [])
    # Stage 1 can still be opened on it, as on a complaint logged by hand.
    waiting = s.open_stage1(store, staff.handler, waiting.id, waiting.version, now=at(2026, 3, 2))
    assert waiting.stage == 1
    rows = list(csv.DictReader(io.StringIO(export(store))))
    assert {r["reference"]: (r["status"], r["exclusion"], r["quick_fix_on"]) for r in rows} == {
        "N-1": ("not_accepted", "out_of_time", ""),
        "Q-1": ("responded", "", "2026-02-02"),
        "Q-2": ("open", "", "2026-02-02"),
        "S-0": ("open", "", ""),
    }


def test_anonymous_complaints_follow_the_profile(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    use_profile(store, staff, "derby-homes")
    import_residents(store, write(tmp_path, "r.csv", RESIDENTS))
    text = (
        HEADER
        + ",status,exclusion\n"
        + "A-1,,2026-02-02,complaint,phone,,,,,,,,,,,,,\n"
        + "A-2,,2026-02-02,complaint,phone,,,,,,,,,,,,not_accepted,anonymous\n"
    )
    with pytest.raises(ImportFailed) as caught:
        import_cases(store, write(tmp_path, "c.csv", text), today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "line 2: Derby Homes does not accept anonymous complaints: give a resident_ref, or status "
        "not_accepted with exclusion anonymous"
    ]
    import_cases(store, write(tmp_path, "c.csv", text.replace("A-1,,", "A-1,R1,")), today=TODAY)


def test_bad_case_file_writes_nothing_and_names_every_line(store: Store, tmp_path: Path) -> None:
    import_residents(store, write(tmp_path, "r.csv", RESIDENTS))
    import_cases(
        store,
        write(tmp_path, "one.csv", HEADER + "\nA-1,R1,2026-01-05,enquiry,phone,,,,,,,,,,,\n"),
        today=TODAY,
    )
    text = (
        CASES
        + "A-1,R1,2026-01-05,enquiry,phone,,,,,,,,,,,\n"  # line 10: already in the database
        + "A-2,R99,2026-01-05,complaint,phone,New area,New category,,,,,,,,,\n"  # line 11
        + "A-3,R1,2026-01-05,complaint,phone,,,2026-01-02,,,,,,,,\n"  # line 12
        # Line 13: a bad date, an unknown resident and a reference taken, all reported.
        + "A-1,R98,2026-13-01,complaint,phone,,,,,,,,,,,\n"
    )
    before = {
        model: count(store, model)
        for model in (m.Case, m.ServiceArea, m.Category, m.Deadline, m.Event, m.CaseStage)
    }
    with pytest.raises(ImportFailed) as caught:
        import_cases(store, write(tmp_path, "c.csv", text), today=TODAY)
    by_line = {p.line: p.message for p in caught.value.problems}
    assert sorted(by_line) == [10, 11, 12, 13]
    assert by_line[10] == "reference 'A-1' is already in the database"
    assert by_line[11] == "resident_ref 'R99' is not a resident in the database"
    assert "stage1_acknowledged_on (2026-01-02) is before received_on" in by_line[12]
    assert by_line[13] == (
        "reference 'A-1' is already used on line 10; "
        "received_on '2026-13-01' is not a real date: there is no month 13; "
        "reference 'A-1' is already in the database; "
        "resident_ref 'R98' is not a resident in the database"
    )
    assert "line 11: resident_ref 'R99'" in str(caught.value)
    assert {model: count(store, model) for model in before} == before


def test_failure_while_writing_rolls_everything_back(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_residents(store, write(tmp_path, "r.csv", RESIDENTS))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports_service, "_bump_counters", broken)
    with pytest.raises(RuntimeError):
        import_cases(store, write(tmp_path, "c.csv", CASES), today=TODAY)
    for model in (m.Case, m.ServiceArea, m.Deadline, m.CaseStage, m.Extension):
        assert count(store, model) == 0
    assert count(store, m.Event) == 3  # the residents' only


def test_export_carries_the_import(store: Store, tmp_path: Path) -> None:
    load(store, tmp_path)
    rows = list(csv.DictReader(io.StringIO(export(store))))
    given = list(csv.DictReader(io.StringIO(CASES)))
    assert [{c: r[c] for c in CASE_COLUMNS} for r in rows] == given
    assert list(rows[0]) == list(CASE_EXPORT_COLUMNS)
    assert [(r["status"], r["stage1_received_on"], r["closed_on"]) for r in rows[:4]] == [
        ("closed", "2025-12-18", "2026-01-20"),
        ("open", "2025-12-01", ""),
        ("withdrawn", "2026-01-05", ""),
        ("logged", "", ""),
    ]
    residents = list(csv.DictReader(io.StringIO(export(store, what="residents"))))
    assert list(residents[0]) == list(RESIDENT_EXPORT_COLUMNS)
    assert [r["reference"] for r in residents] == ["R1", "R2", "R3"]


def test_anonymised_residents_are_exported(store: Store, tmp_path: Path) -> None:
    load(store, tmp_path)
    with store.transaction() as session:
        bob = session.scalars(select(m.Resident).where(m.Resident.reference == "R1")).one()
        bob.anonymised_on = date(2026, 3, 1)
    rows = list(csv.DictReader(io.StringIO(export(store, what="residents"))))
    assert [(r["reference"], r["anonymised_on"]) for r in rows] == [
        ("R1", "2026-03-01"),
        ("R2", ""),
        ("R3", ""),
    ]


def test_json_export_imports_too(store: Store, other_store: Store, tmp_path: Path) -> None:
    load(store, tmp_path)
    data = json.loads(export(store, ExportFormat.JSON))
    assert [row["reference"] for row in data][:2] == ["CMP-2025-000041", "OLD/77"]
    assert list(data[0]) == list(CASE_EXPORT_COLUMNS)
    assert data[0]["stage1_extended_to"] == "2026-01-27"
    assert data[0]["escalated_on"] is None
    assert data[3]["service_area"] == "Garages"
    assert data[4]["resident_ref"] is None  # empty is null, never ""
    residents = write(tmp_path, "r.json", export(store, ExportFormat.JSON, "residents"))
    cases = write(tmp_path, "c.json", export(store, ExportFormat.JSON))
    import_residents(other_store, residents)
    import_cases(other_store, cases, today=TODAY)
    assert export(other_store) == export(store)


def test_bad_json_rows_are_named_by_line(store: Store, tmp_path: Path) -> None:
    import_residents(store, write(tmp_path, "r.csv", RESIDENTS))
    good = {c: None for c in CASE_COLUMNS} | {
        "reference": "J-1",
        "resident_ref": "R1",
        "received_on": "2026-01-05",
        "kind": "enquiry",
        "channel": "phone",
    }
    items = [
        good,
        good | {"reference": "J-2", "kind": "moan", "shoe": "x"},
        good | {"reference": "J-3", "received_on": 20260105},
        {k: v for k, v in good.items() if k != "channel"} | {"reference": "J-4"},
        good | {"reference": "J-5", "resident_ref": "R77"},
    ]
    text = "[\n" + ",\n".join("  " + json.dumps(item) for item in items) + "\n]\n"
    with pytest.raises(ImportFailed) as caught:
        import_cases(store, write(tmp_path, "c.json", text), today=TODAY)
    by_line = {p.line: p.message for p in caught.value.problems}
    assert sorted(by_line) == [3, 4, 5, 6]
    assert "unknown column 'shoe'" in by_line[3] and "kind is 'moan'" in by_line[3]
    assert by_line[4].startswith("received_on must be text or null, not 20260105")
    assert by_line[5].startswith("missing column(s): channel")
    assert by_line[6] == "resident_ref 'R77' is not a resident in the database"
    with pytest.raises(ImportFailed) as caught:
        import_cases(store, write(tmp_path, "d.json", '{"reference": "x"}'), today=TODAY)
    assert "must be a list of objects" in str(caught.value)
    with pytest.raises(ImportFailed) as caught:
        import_cases(store, write(tmp_path, "e.json", "[\n{,\n]"), today=TODAY)
    assert caught.value.problems[0].line == 2
    assert count(store, m.Case) == 0


def test_commands(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", store.url]
    result = runner.invoke(
        app, [*db, "import", "residents", str(write(tmp_path, "r.csv", RESIDENTS))]
    )
    assert result.exit_code == 0, result.output
    assert "Imported 3 residents." in result.output
    bad = write(tmp_path, "bad.csv", HEADER + "\nX-1,R1,2026-13-01,complaint,phone,,,,,,,,,,,\n")
    result = runner.invoke(app, [*db, "import", "cases", str(bad)])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    assert "line 2: received_on '2026-13-01' is not a real date" in result.output
    output = tmp_path / "out.json"
    result = runner.invoke(
        app, [*db, "export", "cases", "--format", "json", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text(encoding="utf-8")) == []
    result = runner.invoke(app, [*db, "export", "cases", "--format", "xml"])
    assert result.exit_code != 0
    cases = write(
        tmp_path,
        "cases.json",
        "[\n"
        + json.dumps(
            dict.fromkeys(CASE_COLUMNS, "")
            | {
                "reference": "J-1",
                "resident_ref": "R1",
                "received_on": "2026-01-05",
                "kind": "enquiry",
                "channel": "phone",
            }
        )
        + "\n]\n",
    )
    result = runner.invoke(app, [*db, "import", "cases", str(cases)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 case." in result.output
    result = runner.invoke(app, [*db, "export", "residents", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["reference"] for r in json.loads(result.output)] == ["R1", "R2", "R3"]


def test_import_refuses_what_is_already_there(store: Store, tmp_path: Path) -> None:
    load(store, tmp_path)
    with pytest.raises(ImportFailed):
        import_cases(store, write(tmp_path, "again.csv", CASES), today=TODAY)
    assert count(store, m.Case) == 8
    with store.reading() as session:
        imported = session.scalar(
            select(func.count()).select_from(m.Event).where(m.Event.action == "case_imported")
        )
    assert imported == 8


def test_an_actor_is_recorded_when_given(store: Store, staff: Staff, tmp_path: Path) -> None:
    import_residents(store, write(tmp_path, "r.csv", RESIDENTS), actor_id=staff.admin.id)
    import_cases(store, write(tmp_path, "c.csv", CASES), today=TODAY, actor_id=staff.admin.id)
    case = case_named(store, "OLD/77")
    assert case.logged_by_id == staff.admin.id
    timeline = s.case_timeline(store, case.id)
    assert timeline[0].actor_name == "Ada Admin"


def test_contacts_that_are_not_complaints_carry_the_exclusion_triage_gives(
    store: Store, staff: Staff, tmp_path: Path
) -> None:
    use_profile(store, staff, "derby-homes")
    import_residents(store, write(tmp_path, "r.csv", RESIDENTS))
    rows = "".join(
        f"K-{kind},R1,2026-02-02,{kind},phone,,,,,,,,,,,\n"
        for kind in ("service_request", "comment", "enquiry", "compliment", "mp_enquiry", "asb")
    )
    import_cases(store, write(tmp_path, "c.csv", HEADER + "\n" + rows), today=TODAY)
    answers = {
        "service_request": TriageAnswers(TODAY, dissatisfied=True, first_time_reported=True),
        "comment": TriageAnswers(TODAY, is_suggestion=True),
        "enquiry": TriageAnswers(TODAY, is_question=True),
        "compliment": TriageAnswers(TODAY, is_praise=True),
        "mp_enquiry": TriageAnswers(TODAY, from_mp_or_councillor=True),
        "asb": TriageAnswers(TODAY, about_neighbour_behaviour=True),
    }
    for kind, given in answers.items():
        capture = s.ContactCapture(
            Channel.PHONE, given, "About the bins", resident_id=None, complaint_offered=True
        )
        logged = s.log_contact(store, staff.handler, capture, now=at(2026, 3, 2))
        by_hand = s.get_case(store, logged.case.id, today=TODAY)
        imported = s.get_case(store, case_named(store, f"K-{kind}").id, today=TODAY)
        assert (imported.status, imported.accepted, imported.stage) == (
            by_hand.status,
            by_hand.accepted,
            by_hand.stage,
        )
        assert (imported.exclusion_code, imported.exclusion_reason) == (
            by_hand.exclusion_code,
            by_hand.exclusion_reason,
        ), kind
    assert case_named(store, "K-service_request").exclusion_code == "first_time_service_request"
