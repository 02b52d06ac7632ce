"""Import into a real database, all or nothing, and export back unchanged."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from complaints_tui.cli import app
from complaints_tui.domain.calendar import calendar_for_profile
from complaints_tui.domain.deadlines import StageEvents, stage_deadlines
from complaints_tui.domain.policy import load_profile
from complaints_tui.locations import policies_dir
from complaints_tui.services import imports as imports_service
from complaints_tui.services.exports import ExportFormat, export_cases, export_residents
from complaints_tui.services.imports import (
    CASE_COLUMNS,
    ImportFailed,
    import_cases,
    import_residents,
)
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, open_store
from tests.pg_url import scratch_database

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
    # New today: acknowledge deadline pending.
    + "CMP-2026-000011,R1,2026-02-27,complaint,text_relay,Customer service,Staff attitude,"
    + ",,,,,,,,\n"
)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _count(store: Store, model: type[m.Base]) -> int:
    with store.reading() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar() or 0)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(f"sqlite:///{tmp_path / 'io.sqlite3'}")
    opened.upgrade()
    yield opened
    opened.close()


def _load(store: Store, tmp_path: Path) -> None:
    result = import_residents(store, _write(tmp_path, "residents.csv", RESIDENTS))
    assert result.rows == 3
    result = import_cases(store, _write(tmp_path, "cases.csv", CASES), today=TODAY)
    assert result.rows == 6
    assert "Garages" in result.created_service_areas
    assert "Garage door broken" in result.created_categories


def test_residents_import_with_search_terms(store: Store, tmp_path: Path) -> None:
    import_residents(store, _write(tmp_path, "r.csv", RESIDENTS))
    with store.reading() as session:
        bob = session.scalars(select(m.Resident).where(m.Resident.reference == "R1")).one()
        assert (bob.name, bob.postcode, bob.tenure) == ("Bob [/]", "DE1 2AB", "LCRA")
        terms = set(
            session.scalars(
                select(m.ResidentSearchTerm.term).where(m.ResidentSearchTerm.resident_id == bob.id)
            )
        )
        assert {"mill", "de1", "r1"} <= terms


def test_bad_resident_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    import_residents(
        store,
        _write(tmp_path, "first.csv", RESIDENTS.splitlines()[0] + "\nR1,A,1 Road,DE1 2AB,,,LCRA\n"),
    )
    text = RESIDENTS + "R4,Ann,1 Road,NOT A POSTCODE,,,LCRA\n"
    with pytest.raises(ImportFailed) as caught:
        import_residents(store, _write(tmp_path, "r.csv", text))
    lines = [(p.line, p.message) for p in caught.value.problems]
    assert lines[0] == (2, "reference 'R1' is already in the database")
    assert lines[1][0] == 5 and "postcode" in lines[1][1]
    assert _count(store, m.Resident) == 1


def test_cases_import_stores_profile_deadlines(store: Store, tmp_path: Path) -> None:
    _load(store, tmp_path)
    profile = load_profile("hos-code", policies_dir())
    calendar = calendar_for_profile(profile)
    with store.reading() as session:
        first = session.scalars(select(m.Case).where(m.Case.reference == "CMP-2025-000041")).one()
        assert (first.stage, first.status, first.outcome) == (1, "closed", "upheld")
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
        open_case = session.scalars(select(m.Case).where(m.Case.reference == "OLD/77")).one()
        assert (open_case.stage, open_case.status) == (2, "open")
        expected = stage_deadlines(
            profile, 2, StageEvents(date(2026, 1, 5), acknowledged_on=date(2026, 1, 7)), calendar
        )
        respond = next(d for d in expected if d.kind.value == "respond")
        assert (open_case.next_due_on, open_case.next_due_kind) == (respond.due_on, "respond")
        new = session.scalars(select(m.Case).where(m.Case.reference == "CMP-2026-000011")).one()
        # Received Fri 27 Feb 2026: acknowledge within 5 WD -> Fri 6 Mar.
        assert (new.status, new.next_due_on, new.next_due_kind) == (
            "new",
            date(2026, 3, 6),
            "acknowledge",
        )
        withdrawn = session.scalars(
            select(m.Case).where(m.Case.reference == "CMP-2026-000003")
        ).one()
        assert (withdrawn.status, withdrawn.next_due_on) == ("withdrawn", None)
        counters = {c.year: c.last_number for c in session.scalars(select(m.CaseCounter))}
        assert counters == {2025: 41, 2026: 11}
        events = session.execute(
            select(func.count()).select_from(m.Event).where(m.Event.action == "case_imported")
        ).scalar()
        assert events == 6


def test_bad_case_file_writes_nothing_and_names_every_line(store: Store, tmp_path: Path) -> None:
    import_residents(store, _write(tmp_path, "r.csv", RESIDENTS))
    import_cases(
        store,
        _write(tmp_path, "one.csv", HEADER + "\nA-1,R1,2026-01-05,enquiry,phone,,,,,,,,,,,\n"),
        today=TODAY,
    )
    text = (
        CASES
        + "A-1,R1,2026-01-05,enquiry,phone,,,,,,,,,,,\n"  # line 8: already in the database
        + "A-2,R99,2026-01-05,complaint,phone,New area,New category,,,,,,,,,\n"  # line 9
        + "A-3,R1,2026-01-05,complaint,phone,,,2026-01-02,,,,,,,,\n"  # line 10
    )
    before = {
        model: _count(store, model)
        for model in (m.Case, m.ServiceArea, m.Category, m.Deadline, m.Event)
    }
    with pytest.raises(ImportFailed) as caught:
        import_cases(store, _write(tmp_path, "c.csv", text), today=TODAY)
    by_line = {p.line: p.message for p in caught.value.problems}
    assert sorted(by_line) == [8, 9, 10]
    assert by_line[8] == "reference 'A-1' is already in the database"
    assert by_line[9] == "resident_ref 'R99' is not a resident in the database"
    assert "stage1_acknowledged_on (2026-01-02) is before received_on" in by_line[10]
    assert "line 9: resident_ref 'R99'" in str(caught.value)
    after = {model: _count(store, model) for model in before}
    assert after == before


def test_failure_while_writing_rolls_everything_back(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_residents(store, _write(tmp_path, "r.csv", RESIDENTS))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports_service, "_bump_counters", broken)
    with pytest.raises(RuntimeError):
        import_cases(store, _write(tmp_path, "c.csv", CASES), today=TODAY)
    assert _count(store, m.Case) == 0
    assert _count(store, m.ServiceArea) == 0
    assert _count(store, m.Deadline) == 0


def _export(store: Store, fmt: ExportFormat = ExportFormat.CSV) -> str:
    out = io.StringIO()
    export_cases(store, out, fmt)
    return out.getvalue()


def test_export_is_the_import(store: Store, tmp_path: Path) -> None:
    _load(store, tmp_path)
    assert _export(store) == CASES
    residents = io.StringIO()
    export_residents(store, residents)
    assert residents.getvalue() == RESIDENTS.replace("\r\n", "\n")


def test_export_imports_again_unchanged(store: Store, tmp_path: Path) -> None:
    _load(store, tmp_path)
    exported = _export(store)
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    other.upgrade()
    residents = io.StringIO()
    export_residents(store, residents)
    import_residents(other, _write(tmp_path, "r2.csv", residents.getvalue()))
    import_cases(other, _write(tmp_path, "c2.csv", exported), today=TODAY)
    assert _export(other) == exported
    other.close()


def test_json_export(store: Store, tmp_path: Path) -> None:
    _load(store, tmp_path)
    data = json.loads(_export(store, ExportFormat.JSON))
    assert [row["reference"] for row in data][:2] == ["CMP-2025-000041", "OLD/77"]
    assert list(data[0]) == list(CASE_COLUMNS)
    assert data[0]["stage1_extended_to"] == "2026-01-27"
    assert data[0]["escalated_on"] is None
    assert data[3]["service_area"] == "Garages"


def test_commands(store: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    db = ["--db", store.url]
    result = runner.invoke(
        app, [*db, "import", "residents", str(_write(tmp_path, "r.csv", RESIDENTS))]
    )
    assert result.exit_code == 0, result.output
    assert "Imported 3 residents." in result.output
    bad = _write(tmp_path, "bad.csv", HEADER + "\nX-1,R1,2026-13-01,complaint,phone,,,,,,,,,,,\n")
    result = runner.invoke(app, [*db, "import", "cases", str(bad)])
    assert result.exit_code == 1
    assert "nothing was imported" in result.output
    assert "line 2: received_on '2026-13-01' is not a date" in result.output
    output = tmp_path / "out.json"
    result = runner.invoke(
        app, [*db, "export", "cases", "--format", "json", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(output.read_text(encoding="utf-8")) == []
    result = runner.invoke(app, [*db, "export", "cases", "--format", "xml"])
    assert result.exit_code != 0


@pytest.mark.postgres
def test_round_trip_on_postgresql(tmp_path: Path) -> None:
    with scratch_database("io") as url:
        pg = open_store(url)
        pg.upgrade()
        _load(pg, tmp_path)
        assert _export(pg) == CASES
        with pytest.raises(ImportFailed):
            import_cases(pg, _write(tmp_path, "again.csv", CASES), today=TODAY)
        assert _count(pg, m.Case) == 6
        pg.close()
