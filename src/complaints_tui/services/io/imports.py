"""Import residents and cases from CSV or JSON files, for landlords moving off spreadsheets.

All or nothing: the whole file is read and checked first, every bad row is reported with its line
number and every reason (its own values, and clashes with the database), and only a file with no
problems is written, in one transaction. A failure while writing rolls the whole import back, so
nothing is ever half-written.

A file ending in `.json` is read as the JSON `complaints export` writes (a list of objects keyed
by column, `null` for empty); anything else as CSV with a header row naming the columns (any
order, any case). The columns, with the extra optional ones `complaints export` always writes so
that an export imports again unchanged, are described in the README's "Import and export".

The steps live beside this module: `reading` (files into records), `resident_rows` and
`case_rows` (each row on its own), `lookups` (against the database), `resident_writing` and
`case_writing` (stored exactly as the services store what they make).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TypeVar

from complaints_tui.services._core import landlord_profile_id, profile_named, uk_date, utc_now
from complaints_tui.services.io.case_rows import check_cases
from complaints_tui.services.io.case_writing import write_cases
from complaints_tui.services.io.columns import (
    CASE_COLUMNS,
    CASE_EXTRA_COLUMNS,
    RESIDENT_COLUMNS,
    RESIDENT_EXTRA_COLUMNS,
)
from complaints_tui.services.io.lookups import check_cases_against_database, check_references_free
from complaints_tui.services.io.problems import ImportFailed, Problems, RowProblem
from complaints_tui.services.io.reading import read_file
from complaints_tui.services.io.resident_rows import check_residents
from complaints_tui.services.io.resident_writing import write_residents
from complaints_tui.services.io.writing import ImportResult, Origin
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

_Row = TypeVar("_Row")


def import_residents(
    store: Store, path: Path, *, today: date | None = None, actor_id: int | None = None
) -> ImportResult:
    """Add every resident in the file, or none (raises ImportFailed with every problem)."""
    problems = Problems()
    records = read_file(path, RESIDENT_COLUMNS, RESIDENT_EXTRA_COLUMNS, problems)
    checked = check_residents(records, today or uk_date(utc_now()), problems)
    with store.transaction() as session:
        check_references_free(session, m.Resident, records, problems)
        rows = _all_or_nothing(
            path, problems, [row for _, row in checked if row is not None], "resident"
        )
        result = write_residents(session, rows, Origin(path, actor_id, utc_now()))
    return result


def import_cases(
    store: Store,
    path: Path,
    *,
    today: date | None = None,
    actor_id: int | None = None,
) -> ImportResult:
    """Add every case in the file, or none (raises ImportFailed with every problem).

    Cases follow the landlord's policy profile; their deadlines are stored as for a case worked
    by hand.
    """
    today = today or uk_date(utc_now())
    problems = Problems()
    records = read_file(path, CASE_COLUMNS, CASE_EXTRA_COLUMNS, problems)
    with store.transaction() as session:
        profile = profile_named(landlord_profile_id(session))
        checked = check_cases(records, profile, today, problems)
        lookups = check_cases_against_database(session, records, problems)
        good = _all_or_nothing(path, problems, [c for _, c in checked if c is not None], "case")
        origin = Origin(path, actor_id, utc_now())
        result = write_cases(session, good, profile, lookups, today, origin)
    return result


def _all_or_nothing(path: Path, problems: Problems, rows: list[_Row], what: str) -> list[_Row]:
    """The rows to write; any problem at all, or no rows, and nothing is written."""
    if problems:
        raise ImportFailed(str(path), problems.as_list())
    if not rows:
        raise ImportFailed(str(path), [RowProblem(0, f"has no {what} rows")])
    return rows
