"""Import residents and cases from CSV or JSON files, for landlords moving off spreadsheets.

All or nothing: the whole file is read and checked first, every bad row is reported with its line
number and every reason (its own values, and clashes with the database), and only a file with no
problems is written, in one transaction. A failure while writing rolls the whole import back, so
nothing is ever half-written.

Residents are streamed, a batch of rows at a time: checked rows wait in a temporary file until
the whole file has been checked, and the references seen so far in a temporary table
(`ledger`), so a million rows need no more memory than a thousand. The transaction takes
SQLite's write lock from its start, and an import that loses a race with another process (a
service area two files create at once, a lock held too long) is tried again from the start, a
few times at most.

A file ending in `.json` is read as the JSON `complaints export` writes (a list of objects keyed
by column, `null` for empty); anything else as CSV with a header row naming the columns (any
order, any case). The columns, with the extra optional ones `complaints export` always writes so
that an export imports again unchanged, are described in the README's "Import and export".

The steps live beside this module: `reading` (files into records), `resident_rows` and
`case_rows` (each row on its own), `lookups` and `ledger` (against the database),
`resident_writing` and `case_writing` (stored exactly as the services store what they make).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO, TypeVar

from complaints_tui.services._core import (
    calendar_of,
    landlord_profile_id,
    profile_named,
    uk_date,
    utc_now,
)
from complaints_tui.services.io.case_rows import check_cases
from complaints_tui.services.io.case_writing import write_cases
from complaints_tui.services.io.checks import check_each
from complaints_tui.services.io.columns import (
    CASE_COLUMNS,
    CASE_EXTRA_COLUMNS,
    RESIDENT_COLUMNS,
    RESIDENT_EXTRA_COLUMNS,
)
from complaints_tui.services.io.ledger import ReferenceLedger
from complaints_tui.services.io.lookups import check_cases_against_database, references_taken
from complaints_tui.services.io.problems import ImportFailed, Problems, RowProblem
from complaints_tui.services.io.reading import Record, read_file, stream_file
from complaints_tui.services.io.resident_rows import ResidentRow, check_resident
from complaints_tui.services.io.resident_writing import ResidentWriter
from complaints_tui.services.io.writing import ImportResult, Origin
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store, retrying

# Rows checked and written together: big enough for fast statements, small enough for memory.
BATCH = 2000

# Told how far an import has got: the step ("checking" or "writing") and the share done, 0 to 1.
Progress = Callable[[str, float], None]

_T = TypeVar("_T")


def _batches(items: Iterable[_T], size: int = BATCH) -> Iterator[list[_T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _step(progress: Progress | None, step: str) -> Callable[[float], None] | None:
    if progress is None:
        return None
    return lambda share: progress(step, share)


def import_residents(
    store: Store,
    path: Path,
    *,
    today: date | None = None,
    actor_id: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Add every resident in the file, or none (raises ImportFailed with every problem)."""
    day = today or uk_date(utc_now())
    return retrying(lambda: _import_residents(store, path, day, actor_id, progress))


def _import_residents(
    store: Store, path: Path, today: date, actor_id: int | None, progress: Progress | None
) -> ImportResult:
    columns = (RESIDENT_COLUMNS, RESIDENT_EXTRA_COLUMNS)

    def check(record: Record, errors: list[str]) -> ResidentRow | None:
        return check_resident(record, today, errors)

    with store.transaction(write_lock=True) as session, _Spool() as spool:
        ledger = ReferenceLedger(session.connection())
        problems = Problems()
        for batch in _batches(stream_file(path, *columns, problems, _step(progress, "checking"))):
            # Where each reference was first used: earlier in the file, or in this batch.
            first_lines = ledger.first_lines(r.values["reference"] for r in batch)
            fresh = {r.values["reference"]: r.line for r in reversed(batch)}
            ledger.add([(ref, line) for ref, line in fresh.items() if ref])
            taken = references_taken(session, m.Resident, batch)
            checked = check_each(batch, check, problems, first_lines, taken)
            if not problems:
                spool.keep([row for _, row in checked if row is not None])
        _all_or_nothing(path, problems, spool.rows, "resident")
        writer = ResidentWriter(session, ledger, Origin(path, actor_id, utc_now()))
        writer.defer_indexes(spool.rows)
        written = 0
        for rows in spool.batches():
            writer.write(rows)
            written += len(rows)
            if progress is not None:
                progress("writing", written / spool.rows)
        writer.finish()
        ledger.close()
    return ImportResult("residents", spool.rows)


class _Spool:
    """The checked rows, kept on disk between checking the file and writing it, so that what
    is written is exactly what was checked, in bounded memory."""

    def __init__(self) -> None:
        self.rows = 0
        # Closed by __exit__: the spool lives as long as the import's transaction.
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="complaints-import-")  # noqa: SIM115

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._file.close()

    def keep(self, rows: list[ResidentRow]) -> None:
        if rows:
            pickle.dump(rows, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self.rows += len(rows)

    def batches(self) -> Iterator[list[ResidentRow]]:
        self._file.seek(0)
        while True:
            try:
                rows: list[ResidentRow] = pickle.load(self._file)
            except EOFError:
                return
            yield rows


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
    day = today or uk_date(utc_now())
    return retrying(lambda: _import_cases(store, path, day, actor_id))


def _import_cases(store: Store, path: Path, today: date, actor_id: int | None) -> ImportResult:
    problems = Problems()
    records = read_file(path, CASE_COLUMNS, CASE_EXTRA_COLUMNS, problems)
    with store.transaction(write_lock=True) as session:
        profile = profile_named(landlord_profile_id(session))
        taken = references_taken(session, m.Case, records)
        calendar = calendar_of(profile, session)
        checked = check_cases(records, profile, today, problems, taken, calendar)
        lookups = check_cases_against_database(session, records, problems)
        good = [c for _, c in checked if c is not None]
        _all_or_nothing(path, problems, len(good), "case")
        origin = Origin(path, actor_id, utc_now())
        result = write_cases(session, good, profile, lookups, today, origin, calendar)
    return result


def _all_or_nothing(path: Path, problems: Problems, rows: int, what: str) -> None:
    """Any problem at all, or no rows, and nothing is written."""
    if problems:
        raise problems.failure(str(path))
    if not rows:
        raise ImportFailed(str(path), [RowProblem(0, f"has no {what} rows")])
