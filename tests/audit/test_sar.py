"""Issue 12, subject access: `complaints sar RESIDENT_REF` exports every row about a resident as
JSON and as a readable PDF; a markup-like name appears literally in both."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from complaints_tui import services as s
from complaints_tui.cli import app
from complaints_tui.services.sar import layout_data, sar_pdf, subject_access
from complaints_tui.store.engine import Store
from tests.conftest_store import Staff, at, events, log_complaint, new_resident

NAME = "Bob [/] #set {{x}}"


def _resident_with_a_case(store: Store, staff: Staff) -> tuple[str, int]:
    resident_id = new_resident(store, staff, NAME, reference="RES-777001")
    logged = log_complaint(store, staff, resident_id, at(2026, 3, 2), description="Damp #x [b]")
    s.open_stage1(store, staff.handler, logged.case.id, logged.case.version, now=at(2026, 3, 2))
    new_resident(store, staff, "Someone Else", reference="RES-777002")
    return "RES-777001", logged.case.id


def test_every_row_about_the_resident_and_no_other(store: Store, staff: Staff) -> None:
    reference, case_id = _resident_with_a_case(store, staff)
    export = subject_access(store, staff.lead, reference.lower(), now=at(2026, 3, 4))
    assert export["resident"]["name"] == NAME
    assert [c["id"] for c in export["cases"]] == [case_id]
    assert export["cases"][0]["description"] == "Damp #x [b]"
    assert [st["stage"] for st in export["case_stages"]] == [1]
    assert export["deadlines"]
    actions = [e["action"] for e in export["events"]]
    assert "contact_logged" in actions and "stage_opened" in actions
    assert all("Someone Else" not in json.dumps(e) for e in export["events"])
    assert events(store)[-1].action == "sar_exported"  # the export is on the record
    json.dumps(export)  # all of it is plain JSON


def test_unknown_reference_and_permission(store: Store, staff: Staff) -> None:
    with pytest.raises(s.NotFound, match="no resident with the reference 'RES-1'"):
        subject_access(store, staff.lead, "RES-1")
    with pytest.raises(s.PermissionDenied):
        subject_access(store, staff.handler, "RES-1")


def test_the_pdf_prints_the_name_as_written(store: Store, staff: Staff) -> None:
    pypdf = pytest.importorskip("pypdf")
    reference, _ = _resident_with_a_case(store, staff)
    export = subject_access(store, staff.lead, reference, now=at(2026, 3, 4))
    data = layout_data(export)
    assert ["name", NAME] in data["sections"][0][1][0]
    pdf = sar_pdf(export)
    assert pdf.startswith(b"%PDF")
    from io import BytesIO

    text = "".join(page.extract_text() for page in pypdf.PdfReader(BytesIO(pdf)).pages)
    assert NAME in text and "Damp #x [b]" in text


def test_the_command(store: Store, staff: Staff, tmp_path: Path) -> None:
    reference, _ = _resident_with_a_case(store, staff)
    runner = CliRunner()
    shown = runner.invoke(app, ["--db", store.url, "sar", reference])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["resident"]["name"] == NAME
    target = tmp_path / "out.pdf"
    made = runner.invoke(
        app, ["--db", store.url, "sar", reference, "--format", "pdf", "-o", str(target)]
    )
    assert made.exit_code == 0, made.output
    assert target.read_bytes().startswith(b"%PDF")
    missing = runner.invoke(app, ["--db", store.url, "sar", "RES-404"])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
