"""Export cases and residents in the import's columns, so an export imports again unchanged.

The export writes the required columns and then the optional ones (status, exclusion, quick fix,
stage 1's start, stage 3, closing date; a resident's anonymisation date), so that everything the
services can make survives the trip. Every resident is exported, anonymised ones too: cases
refer to them. Rows are streamed from the database in the order they were made, so a million
cases never sit in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date
from typing import Any, TextIO

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from complaints_tui.domain.deadlines import DeadlineKind
from complaints_tui.domain.text import json_escaped, visible
from complaints_tui.services.io.columns import (
    CASE_EXPORT_COLUMNS,
    RESIDENT_EXPORT_COLUMNS,
    STAGE_COLUMNS,
)
from complaints_tui.services.io.formulas import neutralised
from complaints_tui.services.io.reading import FileFormat
from complaints_tui.store import models as m
from complaints_tui.store.engine import Store

ExportFormat = FileFormat

Row = dict[str, date | str | None]


def _case_statement() -> Any:
    """One SELECT of every case with its stages, extended response dates and quick fix."""
    columns: dict[str, Any] = {
        "reference": m.Case.reference,
        "resident_ref": m.Resident.reference,
        "received_on": m.Case.received_on,
        "kind": m.Case.kind,
        "channel": m.Case.channel,
        "service_area": m.ServiceArea.name,
        "category": m.Category.name,
        "withdrawn_on": m.Case.withdrawn_on,
        "outcome": m.Case.outcome,
        "status": m.Case.status,
        "exclusion": m.Case.exclusion_code,
        "quick_fix_on": m.QuickFix.resolved_on,
        "closed_on": m.Case.closed_on,
    }
    statement = (
        select(m.Case.id)
        .outerjoin(m.Resident, m.Resident.id == m.Case.resident_id)
        .outerjoin(m.ServiceArea, m.ServiceArea.id == m.Case.service_area_id)
        .outerjoin(m.Category, m.Category.id == m.Case.category_id)
        .outerjoin(m.QuickFix, m.QuickFix.case_id == m.Case.id)
    )
    for number, (began, acknowledged, extended, responded) in STAGE_COLUMNS.items():
        stage = aliased(m.CaseStage, name=f"stage{number}")
        respond = aliased(m.Deadline, name=f"respond{number}")
        statement = statement.outerjoin(
            stage, and_(stage.case_id == m.Case.id, stage.stage == number)
        ).outerjoin(
            respond,
            and_(
                respond.case_id == m.Case.id,
                respond.stage == number,
                respond.kind == DeadlineKind.RESPOND.value,
            ),
        )
        columns[began] = stage.received_on
        columns[acknowledged] = stage.acknowledged_on
        # As `casework.extended_to` reads it: the latest extension's date, else a response
        # date that differs from the profile's own.
        latest = (
            select(m.Extension.new_due_on)
            .where(m.Extension.deadline_id == respond.id)
            .order_by(m.Extension.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        columns[extended] = func.coalesce(
            latest,
            case((respond.due_on != respond.original_due_on, respond.due_on), else_=None),
        )
        columns[responded] = stage.responded_on
    return (
        statement.with_only_columns(*(columns[name].label(name) for name in CASE_EXPORT_COLUMNS))
        .order_by(m.Case.id)
        .execution_options(yield_per=5000)
    )


def case_rows(store: Store) -> Iterator[Row]:
    """Every case as a dict keyed by CASE_EXPORT_COLUMNS (dates as `date`, empty as None)."""
    with store.reading() as session:
        for row in session.execute(_case_statement()):
            yield dict(zip(CASE_EXPORT_COLUMNS, row, strict=True))


def resident_rows(store: Store) -> Iterator[Row]:
    """Every resident, anonymised ones included (cases refer to them)."""
    statement = (
        select(*(getattr(m.Resident, column) for column in RESIDENT_EXPORT_COLUMNS))
        .order_by(m.Resident.id)
        .execution_options(yield_per=5000)
    )
    with store.reading() as session:
        for row in session.execute(statement):
            yield dict(zip(RESIDENT_EXPORT_COLUMNS, row, strict=True))


def _cell(value: date | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# Text kept from before the text rule may hold control characters. Exported, they are written so
# that the file is safe to print: CSV shows them as escapes (`\x1b`), JSON as JSON's own escapes
# (`\u001b`, which read back as the same character). A CSV cell a spreadsheet would run as a
# formula (`=`, `+`, `-`, `@`, tab, CR first) gets a `'` in front (formulas.py); JSON is no
# spreadsheet's, so it is written as stored.


def write_rows(rows: Iterator[Row], columns: tuple[str, ...], out: TextIO, fmt: FileFormat) -> int:
    """Write rows as CSV (header first) or as a JSON list of objects, one a line, with null for
    every empty value; returns how many."""
    count = 0
    if fmt is FileFormat.CSV:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([neutralised(visible(_cell(row[c]))) for c in columns])
            count += 1
        return count
    out.write("[")
    for row in rows:
        item = {c: _cell(row[c]) or None for c in columns}
        text = json_escaped(json.dumps(item, ensure_ascii=False))
        out.write(("\n  " if count == 0 else ",\n  ") + text)
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def export_cases(store: Store, out: TextIO, fmt: FileFormat = FileFormat.CSV) -> int:
    return write_rows(case_rows(store), CASE_EXPORT_COLUMNS, out, fmt)


def export_residents(store: Store, out: TextIO, fmt: FileFormat = FileFormat.CSV) -> int:
    return write_rows(resident_rows(store), RESIDENT_EXPORT_COLUMNS, out, fmt)
