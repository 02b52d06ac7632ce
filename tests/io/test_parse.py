"""CSV checking for imports: every bad row is found, with its line number and reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from complaints_tui.domain.kinds import Channel, ContactKind, Outcome, Tenure
from complaints_tui.services.imports import (
    CASE_COLUMNS,
    ImportFailed,
    RowProblem,
    normalise_postcode,
    parse_cases,
    parse_residents,
    read_text,
)

TODAY = date(2026, 3, 2)
RES_HEADER = "reference,name,address,postcode,phone,email,tenure\n"
CASE_HEADER = ",".join(CASE_COLUMNS) + "\n"


def _case(**values: str) -> str:
    row = {column: "" for column in CASE_COLUMNS}
    row.update(reference="C-1", received_on="2025-12-18", kind="complaint", channel="phone")
    row.update(values)
    return ",".join(row[column] for column in CASE_COLUMNS) + "\n"


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
        + "R3,,1 Road,XYZ,12,not-an-email,council\n"  # line 6: five problems
        + "R4,Too,few\n"  # line 7
    )
    rows, problems = parse_residents(text)
    assert [r.reference for r in rows] == ["R1"]
    assert [p.line for p in problems] == [4, 6, 7]
    assert "'R1' is already used on line 2" in problems[0].message
    six = problems[1].message
    for fragment in ("name is empty", "'XYZ'", "phone '12'", "email 'not-an-email'", "tenure"):
        assert fragment in six
    assert "3 field(s) but the header has 7" in problems[2].message


def test_header_problems() -> None:
    _, problems = parse_residents("reference,name,address,postcode,phone,email,tenure,shoe\n")
    assert problems == [
        RowProblem(
            1,
            "unknown column 'shoe' (expected: reference, name, address, postcode, phone, email, "
            "tenure)",
        )
    ]
    _, problems = parse_residents("reference,name\n")
    assert "missing column(s): address, postcode, phone, email, tenure" in problems[0].message
    _, problems = parse_residents("")
    assert problems[0].message.startswith("the file is empty")


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
    assert row.stage == 2
    assert row.outcome is Outcome.NOT_UPHELD
    assert row.stage1_extended_to == date(2026, 2, 2)


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
    )
    rows, problems = parse_cases(text, TODAY)
    assert [r.reference for r in rows] == ["C-1"]
    by_line = {p.line: p.message for p in problems}
    assert sorted(by_line) == list(range(3, 16))
    assert "already used on line 2" in by_line[3]
    assert "received_on '18/12/2025' is not a date in the form YYYY-MM-DD" in by_line[4]
    assert "kind is 'moan'; it must be one of complaint, service_request" in by_line[5]
    assert "channel is 'pigeon'" in by_line[5]
    assert "a enquiry has no complaint stages, but stage1_responded_on is filled in" in by_line[6]
    assert "stage1_acknowledged_on (2025-12-17) is before received_on (2025-12-18)" in by_line[7]
    assert "received_on (2026-03-03) is in the future" in by_line[8]
    assert "withdrawn_on is given, so outcome must be withdrawn" in by_line[9]
    assert "outcome upheld needs a response: stage1_responded_on is empty" in by_line[10]
    assert "stage2_responded_on given but escalated_on is empty" in by_line[11]
    assert "escalated_on (2026-01-09) is before stage1_responded_on" in by_line[12]
    assert "outcome is withdrawn but withdrawn_on is empty" in by_line[13]
    assert "category is given without a service_area" in by_line[14]
    assert "reference is empty" in by_line[15] and "received_on is empty" in by_line[15]


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


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("de1 2ab", "DE1 2AB"),
        ("DE12AB", "DE1 2AB"),
        ("ec1a 1bb", "EC1A 1BB"),
        ("M1 1AE", "M1 1AE"),
        ("DE1", None),
        ("12345", None),
        ("", None),
    ],
)
def test_postcodes(raw: str, expected: str | None) -> None:
    assert normalise_postcode(raw) == expected
