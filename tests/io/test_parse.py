"""Checking import files, without a database: every bad row is found, with its line number and
every reason; the optional columns say what the required ones cannot."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from complaints_tui.domain.kinds import CaseStatus, Channel, ContactKind, Outcome, Tenure
from complaints_tui.domain.policy import load_profile
from complaints_tui.domain.schedule import StageDates
from complaints_tui.locations import policies_dir
from complaints_tui.services.io.case_rows import parse_cases
from complaints_tui.services.io.columns import CASE_COLUMNS, CASE_EXPORT_COLUMNS
from complaints_tui.services.io.problems import ImportFailed, RowProblem
from complaints_tui.services.io.reading import FileFormat, read_text
from complaints_tui.services.io.resident_rows import parse_residents

TODAY = date(2026, 3, 2)
RES_HEADER = "reference,name,address,postcode,phone,email,tenure\n"
CASE_HEADER = ",".join(CASE_COLUMNS) + "\n"
FULL_HEADER = ",".join(CASE_EXPORT_COLUMNS) + "\n"


NOT_THE_CODES = (
    "exclusion anonymous is not one of the Housing Ombudsman Complaint Handling Code (2024) "
    "profile's ("
    + ", ".join(e.code.value for e in load_profile("hos-code", policies_dir()).exclusions)
    + ")"
)


def _case(columns: tuple[str, ...] = CASE_COLUMNS, **values: str) -> str:
    row = dict.fromkeys(columns, "")
    row.update(reference="C-1", received_on="2025-12-18", kind="complaint", channel="phone")
    row.update(values)
    return ",".join(row[column] for column in columns) + "\n"


def _full(**values: str) -> str:
    return _case(CASE_EXPORT_COLUMNS, **values)


def _problems(text: str, profile: str = "hos-code") -> dict[int, str]:
    _, problems = parse_cases(text, TODAY, load_profile(profile, policies_dir()))
    return {p.line: p.message for p in problems}


def test_good_residents_are_read_and_tidied() -> None:
    text = (
        RES_HEADER
        + 'R1,Bob [/],"1 Mill Lane,\nDerby",de1  2ab,01332 123456,bob@example.org,lcra\n'
        + "R2,Ann Lee,2 Mill Lane,SW1A1AA,,,LCHO\n"
    )
    rows, problems = parse_residents(text)
    assert problems == []
    assert [r.reference for r in rows] == ["R1", "R2"]
    assert rows[0].name == "Bob [/]"
    assert rows[0].address == "1 Mill Lane,\nDerby"
    assert rows[0].postcode == "DE1 2AB"
    assert rows[0].tenure is Tenure.LCRA
    assert rows[1].postcode == "SW1A 1AA"
    assert (rows[1].phone, rows[1].email) == ("", "")
    # The second record starts on line 4: the quoted address spans lines 2 and 3.
    assert rows[1].line == 4


def test_every_bad_resident_row_is_reported_with_its_line() -> None:
    text = (
        RES_HEADER
        + "R1,Ann,1 Road,DE1 2AB,,,LCRA\n"
        + "\n"  # blank line 3: ignored
        + "R1,Ann again,1 Road,DE1 2AB,,,LCRA\n"  # line 4: duplicate reference
        + ",,,,,,\n"  # line 5: blank row of commas: ignored
        + "R3,,1 Road,XYZ,12,not-an-email,council\n"  # line 6: no name, no such tenure
        + "R4,Too,few\n"  # line 7
        + f"R5,{'x' * 201},1 Road,,{'1' * 41},,LCRA\n"  # line 8: too long for the database
    )
    rows, problems = parse_residents(text)
    assert [r.reference for r in rows] == ["R1"]
    assert [p.line for p in problems] == [4, 6, 7, 8]
    assert "'R1' is already used on line 2" in problems[0].message
    # What create_resident takes (any postcode, phone or email text) is not a problem.
    assert problems[1].message == "name is empty; tenure is 'council'; it must be one of LCRA, LCHO"
    assert "3 field(s) but the header has 7" in problems[2].message
    assert problems[3].message == (
        "name is longer than 200 characters; phone is longer than 40 characters"
    )


def test_anonymised_residents_need_no_name() -> None:
    text = RES_HEADER.strip() + ",anonymised_on\nR1,,,,,,LCRA,2026-01-05\nR2,,,,,,LCRA,2027-01-01\n"
    rows, problems = parse_residents(text, today=TODAY)
    assert [(r.reference, r.anonymised_on) for r in rows] == [("R1", date(2026, 1, 5))]
    assert problems == [RowProblem(3, "anonymised_on (2027-01-01) is in the future")]


def test_header_problems() -> None:
    _, problems = parse_residents("reference,name,address,postcode,phone,email,tenure,shoe\n")
    assert problems == [
        RowProblem(
            1,
            "unknown column 'shoe' (expected: reference, name, address, postcode, phone, email, "
            "tenure, anonymised_on)",
        )
    ]
    _, problems = parse_residents("reference,name\n")
    assert "missing column(s): address, postcode, phone, email, tenure" in problems[0].message
    _, problems = parse_residents("")
    assert problems[0].message.startswith("the file is empty")
    _, problems = parse_cases(CASE_HEADER.strip() + ",status,status\n", TODAY)
    assert problems == [RowProblem(1, "the column 'status' appears twice")]


def test_columns_in_any_order_and_any_case() -> None:
    text = "Tenure,Email,Phone,Postcode,Address,Name,Reference\nLCHO,,,DE1 2AB,1 Road,Ann,R9\n"
    rows, problems = parse_residents(text)
    assert problems == []
    assert rows[0].reference == "R9" and rows[0].tenure is Tenure.LCHO


def test_good_case_row() -> None:
    text = CASE_HEADER + _case(
        resident_ref="R1",
        service_area="Repairs",
        category="Damp and mould",
        stage1_acknowledged_on="2025-12-29",
        stage1_extended_to="2026-02-02",
        stage1_responded_on="2026-01-30",
        escalated_on="2026-02-10",
        outcome="not_upheld",
        stage2_responded_on="2026-03-02",
    )
    rows, problems = parse_cases(text, TODAY)
    assert problems == []
    row = rows[0]
    assert row.kind is ContactKind.COMPLAINT and row.channel is Channel.PHONE
    assert (row.stage, row.status, row.closed_on) == (2, CaseStatus.CLOSED, date(2026, 3, 2))
    assert row.outcome is Outcome.NOT_UPHELD
    assert row.stages == (
        StageDates(1, date(2025, 12, 18), date(2025, 12, 29), date(2026, 2, 2), date(2026, 1, 30)),
        StageDates(2, date(2026, 2, 10), None, None, date(2026, 3, 2)),
    )


def test_without_the_optional_columns_the_status_follows_the_dates() -> None:
    text = (
        CASE_HEADER
        + _case(reference="A")  # formal from receipt, waiting: open at stage 1
        + _case(reference="B", stage1_responded_on="2026-01-05")
        + _case(reference="C", stage1_responded_on="2026-01-05", outcome="upheld")
        + _case(reference="D", withdrawn_on="2026-01-05", outcome="withdrawn")
        + _case(reference="E", kind="asb")
    )
    rows, problems = parse_cases(text, TODAY)
    assert problems == []
    assert [(r.reference, r.status, r.stage) for r in rows] == [
        ("A", CaseStatus.OPEN, 1),
        ("B", CaseStatus.RESPONDED, 1),
        ("C", CaseStatus.CLOSED, 1),
        ("D", CaseStatus.WITHDRAWN, 1),
        ("E", CaseStatus.LOGGED, 0),
    ]


def test_the_optional_columns() -> None:
    text = (
        FULL_HEADER
        # Not formal yet: stage1_received_on empty.
        + _full(reference="A")
        + _full(reference="B", status="not_accepted", exclusion="out_of_time")
        # Closed with no outcome (a declined review has no decisions), on its own date.
        + _full(
            reference="C",
            stage1_received_on="2025-12-18",
            stage1_responded_on="2026-01-05",
            status="closed",
            closed_on="2026-01-09",
        )
        + _full(reference="D", kind="service_request", status="logged", exclusion="out_of_time")
    )
    rows, problems = parse_cases(text, TODAY)
    assert problems == []
    got = [(r.reference, r.status, r.stage, r.exclusion, r.outcome, r.closed_on) for r in rows]
    assert got == [
        ("A", CaseStatus.OPEN, 0, None, None, None),
        ("B", CaseStatus.NOT_ACCEPTED, 0, "out_of_time", None, None),
        ("C", CaseStatus.CLOSED, 1, None, None, date(2026, 1, 9)),
        ("D", CaseStatus.LOGGED, 0, "out_of_time", None, None),
    ]


def test_every_bad_case_row_is_reported() -> None:
    text = (
        CASE_HEADER
        + _case(reference="C-1")  # line 2, fine
        + _case(reference="C-1")  # line 3: duplicate
        + _case(reference="C-3", received_on="18/12/2025")  # line 4: not ISO
        + _case(reference="C-4", kind="moan", channel="pigeon")  # line 5
        + _case(reference="C-5", kind="enquiry", stage1_responded_on="2026-01-02")  # line 6
        + _case(reference="C-6", stage1_acknowledged_on="2025-12-17")  # line 7: before receipt
        + _case(reference="C-7", received_on="2026-03-03")  # line 8: future
        + _case(reference="C-8", withdrawn_on="2026-01-05")  # line 9: outcome missing
        + _case(reference="C-9", outcome="upheld")  # line 10: no response
        + _case(reference="C-10", stage2_responded_on="2026-01-05")  # line 11: not escalated
        + _case(reference="C-11", stage1_responded_on="2026-01-10", escalated_on="2026-01-09")
        + _case(reference="C-12", outcome="withdrawn")  # line 13
        + _case(reference="C-13", category="Lifts")  # line 14: category without area
        + _case(reference="", received_on="")  # line 15
        + _case(reference="C-15", escalated_on="2026-01-09")  # line 16: stage 1 not answered
        + _case(reference="C-16", kind="compliment", withdrawn_on="2026-01-05", outcome="upheld")
    )
    by_line = _problems(text)
    assert sorted(by_line) == list(range(3, 18))
    assert "already used on line 2" in by_line[3]
    assert "received_on '18/12/2025' is not a date in the form YYYY-MM-DD" in by_line[4]
    assert "kind is 'moan'; it must be one of complaint, service_request" in by_line[5]
    assert "channel is 'pigeon'" in by_line[5]
    assert by_line[6] == (
        "kind enquiry is only logged (no stages, quick fix, withdrawal or closing), but "
        "stage1_responded_on is filled in"
    )
    assert by_line[7] == "stage1_acknowledged_on (2025-12-17) is before received_on (2025-12-18)"
    assert "received_on (2026-03-03) is in the future" in by_line[8]
    assert by_line[9] == "withdrawn_on is given, so outcome must be withdrawn"
    assert by_line[10] == "outcome upheld needs a response: stage1_responded_on is empty"
    assert by_line[11] == "stage2_responded_on given but escalated_on is empty"
    assert "escalated_on (2026-01-09) is before stage1_responded_on (2026-01-10)" in by_line[12]
    assert "outcome is withdrawn but withdrawn_on is empty" in by_line[13]
    assert "category is given without a service_area" in by_line[14]
    assert "reference is empty" in by_line[15] and "received_on is empty" in by_line[15]
    assert by_line[16] == (
        "escalated_on is given but stage1_responded_on is empty: a stage is escalated after its "
        "response"
    )
    assert by_line[17] == (
        "kind compliment is only logged (no stages, quick fix, withdrawal or closing), but "
        "withdrawn_on is filled in; kind compliment has no outcome (upheld given)"
    )


def test_the_optional_columns_must_agree_with_the_dates() -> None:
    text = (
        FULL_HEADER
        + _full(reference="A", status="not_accepted")  # line 2: no exclusion
        + _full(  # line 3: a refused complaint has no stages
            reference="B",
            status="not_accepted",
            exclusion="out_of_time",
            stage1_acknowledged_on="2025-12-19",
        )
        + _full(reference="C", status="logged")  # line 4
        + _full(reference="D", kind="enquiry", status="open")  # line 5
        + _full(reference="E", stage1_received_on="2025-12-18", status="responded")  # line 6
        + _full(  # line 7
            reference="F",
            stage1_received_on="2025-12-18",
            stage1_responded_on="2026-01-05",
            status="open",
        )
        + _full(reference="G", stage1_acknowledged_on="2025-12-19")  # line 8: not formal
        + _full(reference="H", exclusion="anonymous")  # line 9: not in the Code's list
        + _full(reference="I", exclusion="out_of_time")  # line 10: accepted, so no exclusion
        + _full(reference="J", quick_fix_on="2025-12-18")  # line 11: no quick fix in the Code
        + _full(  # line 12: the Code has two stages
            reference="K",
            stage1_received_on="2025-12-18",
            stage1_responded_on="2026-01-05",
            escalated_on="2026-01-06",
            stage2_responded_on="2026-01-20",
            stage3_received_on="2026-01-21",
        )
        + _full(reference="L", status="withdrawn", outcome="withdrawn")  # line 13
        + _full(reference="M", closed_on="2026-01-09")  # line 14
        + _full(  # line 15
            reference="N",
            stage1_received_on="2025-12-18",
            stage1_responded_on="2026-01-05",
            outcome="upheld",
            status="responded",
        )
    )
    by_line = _problems(text)
    assert by_line == {
        2: "status not_accepted needs the exclusion that applied",
        3: "a complaint that was not accepted has no stages, quick fix, withdrawal, closing or "
        "outcome, but stage1_acknowledged_on is filled in",
        4: "status logged is for contacts that are not complaints",
        5: "kind enquiry is logged, so status must be logged or empty",
        6: "status responded needs a response: stage1_responded_on is empty",
        7: "status open, but stage1_responded_on is given: the response was sent (status "
        "responded or closed)",
        8: "stage1_acknowledged_on given but stage1_received_on is empty",
        9: f"{NOT_THE_CODES}; exclusion is only for a complaint that was not accepted, or a "
        "contact that is not a complaint",
        10: "exclusion is only for a complaint that was not accepted, or a contact that is not a "
        "complaint",
        11: "quick_fix_on is given but the Housing Ombudsman Complaint Handling Code (2024) "
        "profile has no quick fix",
        12: "stage3_received_on is given but the Housing Ombudsman Complaint Handling Code (2024) "
        "profile has no stage 3",
        13: "status withdrawn needs withdrawn_on; outcome is withdrawn but withdrawn_on is empty",
        14: "closed_on is given, so status must be closed",
        15: "outcome upheld is given, so status must be closed",
    }


def test_derwent_quick_fixes_and_stage_3() -> None:
    text = (
        FULL_HEADER
        + _full(reference="Q", quick_fix_on="2025-12-18")
        + _full(reference="R", quick_fix_on="2025-12-18", stage1_received_on="2025-12-22")
        + _full(reference="S", quick_fix_on="2025-12-18", status="open")  # line 4
        + _full(reference="T", quick_fix_on="2025-12-19", stage1_received_on="2025-12-18")
        + _full(
            reference="U",
            stage1_received_on="2025-12-18",
            stage1_responded_on="2026-01-05",
            escalated_on="2026-01-06",
            stage2_responded_on="2026-01-20",
            stage3_received_on="2026-01-21",
        )
    )
    rows, problems = parse_cases(text, TODAY, load_profile("derwent-living", policies_dir()))
    assert [(r.reference, r.status, r.stage) for r in rows] == [
        ("Q", CaseStatus.RESPONDED, 0),
        ("R", CaseStatus.OPEN, 1),
        ("U", CaseStatus.OPEN, 3),
    ]
    assert problems == [
        RowProblem(
            4,
            "status open, but quick_fix_on is given: the response was sent (status responded "
            "or closed)",
        ),
        RowProblem(
            5,
            "stage1_received_on (2025-12-18) is before quick_fix_on (2025-12-19) (going formal "
            "follows the quick fix)",
        ),
    ]


def test_derby_wants_a_resident_or_a_refusal() -> None:
    text = (
        CASE_HEADER.strip()
        + ",status,exclusion\n"
        + _case((*CASE_COLUMNS, "status", "exclusion"), reference="A")
        + _case(
            (*CASE_COLUMNS, "status", "exclusion"),
            reference="B",
            status="not_accepted",
            exclusion="anonymous",
        )
        + _case((*CASE_COLUMNS, "status", "exclusion"), reference="C", resident_ref="R1")
    )
    assert _problems(text, "derby-homes") == {
        2: "Derby Homes does not accept anonymous complaints: give a resident_ref, or status "
        "not_accepted with exclusion anonymous"
    }
    assert _problems(text, "hos-code") == {3: NOT_THE_CODES}


def test_json_rows_carry_the_line_of_their_object() -> None:
    item = (
        '{"reference": "J-%d", "resident_ref": null, "received_on": "2025-12-18", '
        '"kind": "%s", "channel": "phone"' + "".join(f', "{c}": null' for c in CASE_COLUMNS[5:])
    )
    text = "[\n  " + (item % (1, "enquiry")) + "},\n\n  " + (item % (2, "moan")) + "}\n]\n"
    rows, problems = parse_cases(text, TODAY, fmt=FileFormat.JSON)
    assert [r.reference for r in rows] == ["J-1"]
    assert [p.line for p in problems] == [4]
    assert problems[0].message.startswith("kind is 'moan'")


def test_read_text_accepts_bom_and_refuses_other_encodings(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeff".encode() + RES_HEADER.encode())
    assert read_text(good) == RES_HEADER
    bad = tmp_path / "bad.csv"
    bad.write_bytes(RES_HEADER.encode() + "R1,Zo\xeb,1 Road,DE1 2AB,,,LCRA\n".encode("latin-1"))
    with pytest.raises(ImportFailed) as caught:
        read_text(bad)
    assert caught.value.problems[0].line == 2
    assert "not UTF-8" in str(caught.value)
