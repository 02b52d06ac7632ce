"""A resident row of an import file, checked on its own by the rules `create_resident` applies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from complaints_tui.domain.kinds import Tenure
from complaints_tui.services._core import column_limits, uk_date, utc_now
from complaints_tui.services.io.checks import (
    check_each,
    check_length,
    check_not_future,
    check_text,
    choice_in,
    date_in,
)
from complaints_tui.services.io.columns import (
    RESIDENT_COLUMNS,
    RESIDENT_EXTRA_COLUMNS,
    RESIDENT_TEXT,
)
from complaints_tui.services.io.problems import Problems, RowProblem
from complaints_tui.services.io.reading import FileFormat, Record, read_records
from complaints_tui.store import models as m
from complaints_tui.store.search import normalise_postcode

_POSTCODE_LIMIT = column_limits(m.Resident, ["postcode"])["postcode"]


@dataclass(frozen=True)
class ResidentRow:
    line: int
    reference: str  # empty: the next RES-nnnnnn is given, as `create_resident` does
    name: str
    address: str
    postcode: str
    phone: str
    email: str
    tenure: Tenure
    anonymised_on: date | None = None


def check_resident(record: Record, today: date, errors: list[str]) -> ResidentRow | None:
    """The resident in `record`, checked by the rules `residents.create_resident` applies (a
    name; the postcode tidied the same way; a tenure), plus the database's column lengths."""
    values = record.values
    check_text(record, RESIDENT_TEXT, errors)
    anonymised_on = date_in(record, "anonymised_on", errors)
    check_not_future({"anonymised_on": anonymised_on}, today, errors)
    if not values["name"] and anonymised_on is None:
        errors.append("name is empty")
    tenure = choice_in(values["tenure"].upper(), "tenure", Tenure, errors, values["tenure"])
    postcode = normalise_postcode(values["postcode"])
    # Tidying may add a space, so the postcode as stored is measured too.
    check_length("postcode", postcode, _POSTCODE_LIMIT, errors)
    if errors or tenure is None:
        return None
    return ResidentRow(
        line=record.line,
        reference=values["reference"],
        name=values["name"],
        address=values["address"],
        postcode=postcode,
        phone=values["phone"],
        email=values["email"],
        tenure=tenure,
        anonymised_on=anonymised_on,
    )


def check_residents(
    records: Iterable[Record], today: date, problems: Problems
) -> list[tuple[Record, ResidentRow | None]]:
    """Every record with its resident (None where anything is wrong)."""
    return check_each(
        records, lambda record, errors: check_resident(record, today, errors), problems
    )


def parse_residents(
    text: str, *, today: date | None = None, fmt: FileFormat = FileFormat.CSV
) -> tuple[list[ResidentRow], list[RowProblem]]:
    """Check every resident row on its own; returns the good rows and every problem found."""
    problems = Problems()
    records = read_records(text, fmt, RESIDENT_COLUMNS, RESIDENT_EXTRA_COLUMNS, problems)
    checked = check_residents(records, today or uk_date(utc_now()), problems)
    return [row for _, row in checked if row is not None], problems.as_list()
